"""Contact curves on the grid, open hours, levers and CSV import."""

import numpy as np
import pytest

from planner.demand import (
    CsvImportError,
    channel_demand,
    curve_shape,
    hour_of_week_shape,
    interval_labels,
    open_mask,
    read_contacts_csv,
    resample,
)
from planner.scenario import Channel, Curve, Deflection, Span, week_hours


@pytest.mark.parametrize("interval_min", [15, 30, 60])
def test_each_example_keeps_its_volume(example_path, interval_min):
    from planner.scenario import load_scenario

    scenario = load_scenario(example_path).model_copy(update={"interval_min": interval_min})
    for channel in scenario.channels:
        demand = channel_demand(channel, scenario)
        assert len(demand.forecast) == 7 * 24 * 60 // interval_min
        assert demand.forecast.sum() == pytest.approx(channel.volume_per_week, rel=1e-12)
        assert demand.offered.sum() + demand.missed_closed.sum() == pytest.approx(channel.volume_per_week)


def test_web_shop_profile_matches_its_source():
    week = hour_of_week_shape(Curve(profile="web_shop_evening")).reshape(7, 24)
    office = week[:5, 8:17].sum()
    assert 1 - office == pytest.approx(0.30)
    assert week[:5, 17:22].sum() == pytest.approx(0.18)
    assert week[5:].sum() == pytest.approx(0.12)
    assert week[0].sum() == pytest.approx(1.2 * week[1].sum())  # Monday +20 %
    assert week[6].sum() > week[5].sum()  # Sunday busiest weekend day
    weekday = week[1]
    assert weekday[10] == weekday[8:17].max() and weekday[20] == weekday[17:22].max()


def test_office_hours_profile_is_weekdays_only():
    week = hour_of_week_shape(Curve(profile="office_hours")).reshape(7, 24)
    assert week[5:].sum() == 0
    assert week[:5, 8:17].sum() == pytest.approx(1.0)


def test_round_the_clock_has_night_contacts():
    week = hour_of_week_shape(Curve(profile="round_the_clock")).reshape(7, 24)
    assert (week > 0).all()


def test_typed_shares_override_the_profile():
    shares = (1, 0, 0, 0, 0, 0, 1)
    week = hour_of_week_shape(Curve(profile="round_the_clock", weekday_shares=shares)).reshape(7, 24)
    assert week[0].sum() == pytest.approx(0.5) and week[1:6].sum() == 0


def test_table_curve_is_resampled_keeping_shape():
    table = np.zeros(168)
    table[24 + 9] = 3.0  # Tuesday 09-10
    shape = curve_shape(Curve(table=tuple(table)), 15)
    assert shape.sum() == pytest.approx(1)
    assert np.flatnonzero(shape).tolist() == [(24 + 9) * 4 + k for k in range(4)]
    assert resample(np.arange(672.0), 168)[0] == 0 + 1 + 2 + 3


def test_open_mask_handles_midnight_and_week_wrap():
    hours = (None,) * 6 + (Span(start="22:00", end="02:00"),)  # Sunday 22:00 to Monday 02:00
    mask = open_mask(hours, 60)
    assert np.flatnonzero(mask).tolist() == [0, 1, 166, 167]


def test_open_mask_whole_days():
    mask = open_mask(week_hours("00:00", "24:00"), 30)
    assert mask.all()
    assert open_mask(week_hours("08:00", "16:00", "1111100"), 60).sum() == 5 * 8


def test_contacts_outside_open_hours_are_missed_not_dropped(web_shop):
    phone = web_shop.channel("phone")
    demand = channel_demand(phone, web_shop)
    assert demand.missed_closed.sum() > 0
    assert (demand.offered[~demand.open] == 0).all()


def test_levers_move_the_volume(web_shop):
    chat = web_shop.channel("chat")
    deflected = chat.model_copy(update={"deflection": Deflection(share=0.2, cost_per_month=300)})
    demand = channel_demand(deflected, web_shop)
    assert demand.forecast.sum() == pytest.approx(0.8 * chat.volume_per_week)
    assert demand.deflected_per_week == pytest.approx(0.2 * chat.volume_per_week)
    season = web_shop.model_copy(update={"demand_factor": 1.6})
    assert channel_demand(chat, season).forecast.sum() == pytest.approx(1.6 * chat.volume_per_week)
    repeat = chat.model_copy(update={"first_contact_resolution": 0.8})
    assert channel_demand(repeat, web_shop).forecast.sum() == pytest.approx(chat.volume_per_week / 0.8)


def test_interval_labels():
    labels = interval_labels(30)
    assert labels[0] == "Mon 00:00" and labels[1] == "Mon 00:30" and labels[-1] == "Sun 23:30"
    assert len(labels) == 336


def test_csv_of_timestamps_is_averaged_over_weeks():
    # Two full weeks, Mon 2026-11-02 .. Sun 2026-11-15: 4 contacts on each Monday 09:xx
    rows = ["timestamp"] + [f"2026-11-0{d} 09:{m:02d}" for d in (2, 9) for m in (0, 10, 20, 40)]
    rows += ["2026-11-15 23:59"]
    history = read_contacts_csv("\n".join(rows).encode(), 60)
    assert history.weeks == pytest.approx(2.0)
    assert history.per_interval[9] == pytest.approx(4.0)
    assert history.per_interval[6 * 24 + 23] == pytest.approx(0.5)
    assert history.volume_per_week == pytest.approx(4.5)
    assert history.rows == 9


def test_csv_of_counts_finnish_format():
    text = "aika;määrä\n2.11.2026 9.00;10\n2.11.2026 9.30;6\n8.11.2026 12.00;2,5\n"
    history = read_contacts_csv(text.encode("utf-8"), 30)
    assert history.weeks == pytest.approx(1.0)
    assert history.per_interval[18] == 10 and history.per_interval[19] == 6
    assert history.volume_per_week == pytest.approx(18.5)


@pytest.mark.parametrize(
    "text, message",
    [
        ("timestamp\nyesterday\n", "row 2: 'yesterday' is not a date and time"),
        ("time,count\n2026-11-02 10:00,lots\n", "row 2: count 'lots' is not a number"),
        ("time,count\n2026-11-02 10:00,-3\n", "row 2: count must be 0 or more"),
        ("", "is empty"),
    ],
)
def test_bad_csv_names_row_and_fix(text, message):
    with pytest.raises(CsvImportError, match=message.replace("(", r"\(")):
        read_contacts_csv(text.encode(), 60)


@pytest.mark.parametrize(
    "text, finnish",
    [
        ("timestamp\nyesterday\n", "rivi 2: 'yesterday' ei ole päivämäärä ja kellonaika"),
        ("time,count\n2026-11-02 10:00,lots\n", "rivi 2: määrä 'lots' ei ole luku"),
        ("", "tiedosto: on tyhjä"),
        ("\x81\x8d binary", "tiedosto: ei ole tekstiä (tavu 0)"),
    ],
)
def test_bad_csv_is_said_in_finnish_too(text, finnish):
    with pytest.raises(CsvImportError) as caught:
        read_contacts_csv(text.encode("latin-1"), 60)
    assert caught.value.problem.text("fi").startswith(finnish)
    assert caught.value.problem.text("en") == str(caught.value)


def test_csv_in_windows_1252_is_read():
    history = read_contacts_csv("aika;määrä\n2.11.2026 9.00;3\n".encode("cp1252"), 60)
    assert history.volume_per_week == 3 and history.per_interval[9] == 3


def test_csv_that_is_not_text_names_the_byte():
    with pytest.raises(CsvImportError, match=r"file: is not text \(byte 4\)"):
        read_contacts_csv(b"time\x81\n", 60)


def test_csv_size_limit():
    with pytest.raises(CsvImportError, match="20 MB"):
        read_contacts_csv(b"x" * (20 * 1024 * 1024 + 1), 60)


def test_callback_channel_demand_uses_its_open_hours(web_shop):
    callback = web_shop.channel("callback")
    demand = channel_demand(callback, web_shop)
    assert demand.open.sum() == 5 * 28 + 2 * 20
    assert isinstance(callback, Channel)
