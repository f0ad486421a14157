"""Contact curves on the grid, open hours, levers and CSV import."""

import numpy as np
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from planner.demand import (
    MAX_CSV_BYTES,
    CsvImportError,
    CurveSource,
    channel_demand,
    curve_shape,
    curve_source,
    grid_reading,
    hour_of_week_shape,
    interval_labels,
    open_mask,
    read_contacts_csv,
    resample,
)
from planner.scenario import MAX_FILE_BYTES, Channel, Curve, Deflection, Span, clock_to_min, week_hours
from planner.ui import scenario_io


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


def test_callback_channel_demand_uses_its_open_hours(web_shop):
    callback = web_shop.channel("callback")
    demand = channel_demand(callback, web_shop)
    assert demand.open.sum() == 5 * 28 + 2 * 20
    assert isinstance(callback, Channel)


def test_curve_source_names_the_profile_the_parts_of_its_own_or_the_table():
    hourly = {"weekday": (0.0,) * 8 + (1.0,) * 9 + (0.0,) * 7}
    assert curve_source(Curve(profile="round_the_clock")) == CurveSource("profile", "round_the_clock")
    assert curve_source(Curve(profile="office_hours", hourly=hourly)) == \
        CurveSource("adjusted", "office_hours", ("hourly",))
    assert curve_source(Curve(profile="web_shop_evening", hourly=hourly, weekday_shares=(1, 1, 1, 1, 1, 1, 1))) == \
        CurveSource("adjusted", "web_shop_evening", ("weekday_shares", "hourly"))
    assert curve_source(Curve(profile="office_hours", hourly={})) == CurveSource("profile", "office_hours"), \
        "no hourly weights of its own: the profile's"
    imported = _read("aika;määrä\n2.11.2026 9.00;3\n8.11.2026 12.00;1\n", 30)
    table = Curve(profile="office_hours", table=tuple(imported.per_interval))
    assert curve_source(table) == CurveSource("table", None), "a table replaces the profile"


# --- CSV import: reading the file -------------------------------------------------------------


def _read(text: str, interval_min: int = 60, names=()):
    return read_contacts_csv(text.encode("utf-8"), interval_min, names)


def _refusal(text: str | bytes, interval_min: int = 60, names=()) -> CsvImportError:
    with pytest.raises(CsvImportError) as caught:
        read_contacts_csv(text.encode("utf-8") if isinstance(text, str) else text, interval_min, names)
    return caught.value


def test_csv_of_timestamps_is_averaged_over_the_time_it_covers():
    # Mon 2026-11-02 09:00 .. Sun 2026-11-15 23:59: 4 contacts on each Monday 09:xx
    rows = ["timestamp"] + [f"2026-11-0{d} 09:{m:02d}" for d in (2, 9) for m in (0, 10, 20, 40)]
    rows += ["2026-11-15 23:59"]
    history = read_contacts_csv("\n".join(rows).encode(), 60)
    assert history.weeks == pytest.approx(2.0)  # Mon 2 Nov to Sun 15 Nov: two calendar weeks
    assert history.per_interval[9] == pytest.approx(4.0)
    assert history.per_interval[6 * 24 + 23] == pytest.approx(0.5)
    assert history.volume_per_week == pytest.approx(4.5)
    assert history.rows == 9 and history.count_column is None and history.missing_days == ()


def test_csv_of_counts_finnish_format():
    text = "aika;määrä\n2.11.2026 9.00;10\n2.11.2026 9.30;6\n8.11.2026 12.00;2,5\n"
    history = read_contacts_csv(text.encode("utf-8"), 30)
    assert history.weeks == pytest.approx(1.0)  # Mon 2 Nov to Sun 8 Nov (its rows span Mon 09:00 to Sun 12:30)
    assert history.per_interval[18] == 10 and history.per_interval[19] == 6
    assert history.volume_per_week == pytest.approx(18.5)
    assert history.count_column == "määrä" and history.spread_min is None


def test_excel_s_separator_line_names_the_separator_and_is_no_row():
    """Excel's CSV may start with "sep=;": read as the header, it gave "has no column with the
    time of the contacts (columns: sep=)". Row numbers still count it."""
    text = "sep=;\r\naika;määrä\r\n2.11.2026 9.00;10\r\n8.11.2026 12.00;2,5\r\n"
    history = read_contacts_csv(text.encode("utf-8"), 30)
    assert history.count_column == "määrä" and history.volume_per_week == pytest.approx(12.5)
    assert str(_refusal("sep=,\ntime,count\n2026-11-02 10:00,-3\n")).startswith("row 3: count must be 0 or more")


@pytest.mark.parametrize(
    "text, message",
    [
        ("timestamp\nyesterday\n", "row 2: “yesterday” is not a date and time"),
        ("time,count\n2026-11-02 10:00,lots\n", "row 2: count “lots” is not a number"),
        ("time,count\n2026-11-02 10:00,-3\n", "row 2: count must be 0 or more"),
        ("", "is empty"),
        ("aika;määrä\n", "file: is empty"),  # a header and no rows
        ("aika;määrä\n2.11.2026;5\n3.11.2026;4\n", "file: has dates without a time of day"),
    ],
)
def test_bad_csv_names_row_and_fix(text, message):
    with pytest.raises(CsvImportError, match=message.replace("(", r"\(")):
        read_contacts_csv(text.encode(), 60)


@pytest.mark.parametrize(
    "text, finnish",
    [
        ("timestamp\nyesterday\n", "rivi 2: ”yesterday” ei ole päivämäärä ja kellonaika"),
        ("time,count\n2026-11-02 10:00,lots\n", "rivi 2: määrä ”lots” ei ole luku"),
        ("aika;määrä\n2.11.2026 10:00;1\xa0234 kpl\n", "rivi 2: määrä ”1\xa0234 kpl” ei ole luku"),
        ("", "tiedosto: on tyhjä"),
        ("\x81\x8d binary", "tiedosto: ei ole tekstiä (tavu 0)"),
    ],
)
def test_bad_csv_is_said_in_finnish_too(text, finnish):
    with pytest.raises(CsvImportError) as caught:
        read_contacts_csv(text.encode("latin-1"), 60)
    assert caught.value.problem.text("fi").startswith(finnish)
    assert caught.value.problem.text("en") == str(caught.value)
    assert "'" not in caught.value.problem.text("fi") and "\\x" not in caught.value.problem.text("fi")


def test_csv_in_windows_1252_is_read():
    history = read_contacts_csv("aika;määrä\n2.11.2026 9.00;3\n".encode("cp1252"), 60)
    assert history.volume_per_week == 3 and history.per_interval[9] == 3


def test_csv_that_is_not_text_names_the_byte():
    with pytest.raises(CsvImportError, match=r"file: is not text \(byte 4\)"):
        read_contacts_csv(b"time\x81\n", 60)
    assert "byte 21" in str(_refusal(b"aika\n2.11.2026 10:00\n\x00\n"))


def test_csv_size_limit(tmp_path):
    with pytest.raises(CsvImportError, match="5 MB"):
        read_contacts_csv(b"x" * (MAX_CSV_BYTES + 1), 60)
    rows = b"aika\n2.11.2026 10:00\n"
    filler = (b" " * 1023 + b"\n") * ((MAX_CSV_BYTES - len(rows)) // 1024)
    exactly = rows + filler + b"\n" * (MAX_CSV_BYTES - len(rows) - len(filler))
    assert len(exactly) == MAX_CSV_BYTES == 5_000_000
    assert read_contacts_csv(exactly, 60).rows == 1  # a file of exactly 5 MB is read
    big = tmp_path / "big.csv"
    big.write_bytes(exactly + b"\n" * 1024)
    with pytest.raises(CsvImportError, match="5 MB"):
        read_contacts_csv(big, 60)


# Item 2: Excel's "Unicode text", tabs, old Mac line ends, a file the csv reader cannot read


UNICODE_TEXT = "Aika\tMäärä\r\n02.11.2026 09:00\t4\r\n02.11.2026 10:00\t6\r\n"


@pytest.mark.parametrize("data", [UNICODE_TEXT.encode("utf-16"), UNICODE_TEXT.encode("utf-16-le"),
                                  UNICODE_TEXT.encode("utf-16-be"), UNICODE_TEXT.encode("utf-8"),
                                  UNICODE_TEXT.replace("\r\n", "\r").encode("cp1252")])
def test_csv_in_utf16_tabs_or_cr_line_ends_is_read(data):
    history = read_contacts_csv(data, 60)
    assert history.per_interval[9] == 4 and history.per_interval[10] == 6
    assert history.volume_per_week == 10 and history.count_column == "Määrä"


def test_a_csv_the_reader_cannot_parse_says_save_as_csv_utf8():
    problem = _refusal("aika;määrä\n2.11.2026 10:00;5\n2.11.2026 11:00;" + "x" * 200_000 + "\n").problem
    assert problem.key == "csv_unreadable" and problem.path == "row 3"
    assert "CSV UTF-8" in problem.text("en") and "CSV UTF-8" in problem.text("fi")
    assert problem.text("fi").startswith("rivi 3: ei ole luettavissa CSV-tiedostona")


# Item 3: the count column


@pytest.mark.parametrize("name", ["Puhelut", "yhteydenotot", "maara", "määrä", "Määrä", "lkm", "kpl", "contacts",
                                  "calls", "chats", "count", "volume", "Calls offered", "Yhteydenottojen määrä",
                                  "Lukumäärä"])
def test_count_column_names_in_finnish_and_english(name):
    history = _read(f"aika;{name}\n2.11.2026 10:00;3\n2.11.2026 14:00;4\n")
    assert history.count_column == name and history.volume_per_week == 7
    assert history.per_interval[10] == 3 and history.per_interval[14] == 4


def test_the_one_numeric_column_is_the_count_and_other_measures_are_not():
    assert _read("aika;foo\n2.11.2026 10:00;3\n2.11.2026 14:00;4\n").count_column == "foo"
    two = _read("aika;foo;bar\n2.11.2026 10:00;3;1\n2.11.2026 14:00;4;1\n")
    assert two.count_column is None and two.volume_per_week == 2  # which one? each row is one contact
    durations = _read("Start time,Channel,Duration\n2026-11-02 09:15:00,Phone,120\n2026-11-02 10:15:00,Phone,60\n")
    assert durations.count_column is None and durations.volume_per_week == 2  # a duration is not a count


def test_the_message_says_whether_rows_were_contacts_or_counts():
    counts = scenario_io.csv_curve(b"Aika;Puhelut\n2.11.2026 10:00;3\n", 60)[2]
    assert "column “Puhelut”" in scenario_io.csv_summary(counts, "Phone", "en")[0]
    assert "sarakkeesta ”Puhelut”" in scenario_io.csv_summary(counts, "Puhelin", "fi")[0]
    headerless = scenario_io.csv_curve(b"2026-11-02 10:00;3\n", 60)[2]
    assert "read from column 2" in scenario_io.csv_summary(headerless, "Phone", "en")[0]
    single = scenario_io.csv_curve(b"aika;kesto\n2.11.2026 10:00;300\n", 60)[2]
    assert "Each row was read as one contact" in scenario_io.csv_summary(single, "Phone", "en")[0]
    assert "Kukin rivi luettiin yhdeksi yhteydenotoksi" in scenario_io.csv_summary(single, "Puhelin", "fi")[0]


# Item 4: counts at a step coarser than the grid are spread over it


def test_hourly_counts_are_spread_evenly_over_the_grid():
    text = "aika;määrä\n2.11.2026 9:00;5\n2.11.2026 10:00;3\n"
    half = _read(text, 30)
    assert half.per_interval[18:22].tolist() == [2.5, 2.5, 1.5, 1.5] and half.spread_min == 60
    quarter = _read(text, 15)
    assert quarter.per_interval[36:44].tolist() == [1.25] * 4 + [0.75] * 4
    hourly = _read(text, 60)
    assert hourly.per_interval[9:11].tolist() == [5, 3] and hourly.spread_min is None
    assert half.volume_per_week == quarter.volume_per_week == hourly.volume_per_week == 8
    facts = scenario_io.csv_curve(text.encode(), 30)[2]
    assert "spread evenly over its 60 minutes" in scenario_io.csv_summary(facts, "Phone", "en")[0]


def test_finer_or_irregular_rows_are_not_spread():
    halves = _read("aika;määrä\n2.11.2026 9:00;2\n2.11.2026 9:30;3\n", 60)
    assert halves.per_interval[9] == 5 and halves.spread_min is None
    odd = _read("aika;määrä\n2.11.2026 9:15;2\n2.11.2026 10:15;3\n", 30)  # not on the hour
    assert odd.per_interval[18] == 2 and odd.per_interval[19] == 0 and odd.per_interval[20] == 3


def test_hourly_counts_with_hours_left_out_are_spread_over_their_hours():
    """An export that leaves out the hours without contacts: rows at 10, 12, 14 and 16 put
    all of each count in its first half hour (8, then 0), which doubled its staff."""
    rows = "".join(f"{d}.11.2026;{h}:00;8\n" for d in range(2, 9) for h in (10, 12, 14, 16))
    history = _read("pvm;klo;määrä\n" + rows, 30)
    assert history.spread_min == 60 and history.volume_per_week == pytest.approx(224)
    assert history.per_interval[20:26].tolist() == [4, 4, 0, 0, 4, 4]  # Monday 10-13
    hours = _read("date,hour,count\n2026-11-02,12,6\n2026-11-02,18,2\n", 30)  # a column of whole hours
    assert hours.per_interval[24:26].tolist() == [3, 3] and hours.per_interval[36:38].tolist() == [1, 1]


# Item 5: the date and the time in two columns


@pytest.mark.parametrize("text", ["Date;Time;Calls\n02.11.2026;08:00;5\n03.11.2026;09:30;7\n",
                                  "Pvm;Klo;Puhelut\n2.11.2026;8.00;5\n3.11.2026;9.30;7\n",
                                  "02.11.2026;08:00;5\n03.11.2026;09:30;7\n",
                                  "date,time,count\n2026-11-02,08:00,5\n2026-11-03,09:30,7\n"])
def test_a_date_and_a_time_column_are_combined(text):
    history = _read(text, 30)
    assert history.per_interval[16] == 5 and history.per_interval[48 + 19] == 7
    assert history.volume_per_week == 12


# Item 6: times with a UTC offset are moved to Finnish time


@pytest.mark.parametrize("stamp, slot", [
    ("2026-11-02T07:30:00Z", 9),  # winter: UTC+2
    ("2026-07-06T07:30:00Z", 10),  # summer: UTC+3
    ("2026-11-02T09:30:00+02:00", 9),
    ("2026-11-02T02:30:00-05:00", 9),
    ("2026-11-02 07:30:00 UTC", 9),
    ("2026-11-02 09:30", 9),  # no offset: local time as written
])
def test_a_utc_time_lands_at_the_helsinki_hour(stamp, slot):
    history = _read(f"timestamp\n{stamp}\n")
    assert np.flatnonzero(history.per_interval).tolist() == [slot]


# Item 7: the time the data covers


def test_one_saturday_warns_and_names_the_weekdays_without_data():
    text = "aika;määrä\n" + "".join(f"28.11.2026 {h:02d}:00;10\n" for h in range(8, 20))
    history = _read(text)
    assert history.missing_days == (0, 1, 2, 3, 4, 6) and history.weeks == pytest.approx(1 / 7)
    assert history.per_interval[5 * 24 + 8: 5 * 24 + 20].tolist() == [10.0] * 12 and history.volume_per_week == 120
    facts = scenario_io.csv_curve(text.encode(), 60)[2]
    assert scenario_io.csv_summary(facts, "Puhelin", "fi")[1] == [(
        "Tiedosto kattaa vain yhden päivän, alle viikon, eikä siinä ole tietoja näiltä päiviltä: maanantai, tiistai, "
        "keskiviikko, torstai, perjantai, sunnuntai. Käyrässä ei ole niille yhteydenottoja. Tuo vähintään yksi "
        "kokonainen viikko.")]
    warning = scenario_io.csv_summary(facts, "Phone", "en")[1][0]
    assert "only 1 day," in warning and "Monday, Tuesday, Wednesday, Thursday, Friday, Sunday" in warning


def test_partial_first_and_last_days_count_only_the_hours_covered():
    # Mon 2.11 14:00 to Mon 16.11 09:00, hourly: 10 contacts an hour 08-20, so 120 every day
    rows = []
    for hour in range(14, 14 * 24 + 10):
        day, clock = divmod(hour, 24)
        rows.append(f"{2 + day:02d}.11.2026 {clock:02d}:00;{10 if 8 <= clock < 20 else 0}")
    history = _read("aika;määrä\n" + "\n".join(rows), 30)
    assert history.per_interval.reshape(7, -1).sum(axis=1) == pytest.approx([120.0] * 7)
    assert history.volume_per_week == pytest.approx(840) and history.weeks == pytest.approx(15 / 7)
    assert scenario_io.csv_summary(scenario_io.csv_curve(("aika;määrä\n" + "\n".join(rows)).encode(), 30)[2], "P", "en")[1] == []


def test_a_week_of_opening_hours_is_a_week():
    """A week's export of a business open 10-16 spans Monday to Sunday, though its rows span only
    Mon 10:00 to Sun 16:00 (6.25 days): no warning of a short file."""
    text = "aika;määrä\n" + "".join(f"{d}.11.2026 {h}:00;3\n" for d in range(2, 9) for h in range(10, 16))
    facts = scenario_io.csv_curve(text.encode(), 60)[2]
    assert facts["missing_days"] == [] and facts["weeks"] == pytest.approx(1.0)
    assert scenario_io.csv_summary(facts, "P", "en")[1] == []



def test_the_summary_adds_up_when_some_weekdays_are_in_the_data_more_often():
    """13 days, Monday 2 Nov to Saturday 14 Nov, one contact a day at 10:00: Monday to Saturday
    are in the data twice, Sunday once, so the average week is 6 x 1 + 1 = 7 contacts, not 13
    contacts over 1.9 weeks (6.8). The summary says the contacts, the days, and why."""
    text = "aika\n" + "".join(f"{d}.11.2026 10:00\n" for d in range(2, 15))
    facts = scenario_io.csv_curve(text.encode(), 60)[2]
    assert facts["contacts"] == 13 and facts["weekday_times"] == [1, 2]
    assert facts["volume_per_week"] == pytest.approx(7.0)
    done = scenario_io.csv_summary(facts, "Phone", "en")[0]
    assert done.startswith("Phone: imported 13 rows, 13 contacts over 13 days (1.9 weeks); an average week has 7 contacts.")
    assert "some days of the week 2 times and others only 1" in done
    assert "13 yhteydenottoa 13 päivältä (1,9 viikkoa); keskimääräisessä viikossa on 7 yhteydenottoa" in (
        scenario_io.csv_summary(facts, "Puhelin", "fi")[0])
    two_weeks = "aika;määrä\n" + "".join(f"{d}.11.2026 10:00;2\n" for d in range(2, 16))
    facts = scenario_io.csv_curve(two_weeks.encode(), 60)[2]
    done = scenario_io.csv_summary(facts, "Phone", "en")[0]
    assert "14 rows, 28 contacts over 14 days (2.0 weeks); an average week has 14 contacts." in done
    assert "averaged over its own days" not in done

# Item 8: the timestamps Finnish spreadsheets write


@pytest.mark.parametrize("stamp", ["28.11.2026 14:05:00", "28.11.2026 14.05.00", "28.11.26 14:05",
                                   "2026-11-28 12:05:00 UTC", "28/11/2026 14:05", "28.11.2026 klo 14.05",
                                   "2026-11-28T14:05:00.250", "28.11.2026 14.05"])
def test_finnish_spreadsheet_timestamps(stamp):
    history = _read(f"aika\n{stamp}\n")
    assert np.flatnonzero(history.per_interval).tolist() == [5 * 24 + 14]  # Saturday 14:00-15:00


def test_slashes_are_day_first():
    assert np.flatnonzero(_read("aika\n03/11/2026 10:00\n").per_interval).tolist() == [24 + 10]  # Tue 3 Nov
    # a date that reads only month first (US) is refused as such, in one column or with a clock column
    us = _refusal("aika\n11/28/2026 10:00\n").problem
    assert us == ("row 2: “11/28/2026 10:00” has the month first (as in the US); write the day first, "
                  "e.g. 28.11.2026 10:00, or the year first, 2026-11-28 10:00")
    assert us.text("fi").startswith("rivi 2: ”11/28/2026 10:00”: kuukausi on ensin")
    assert _refusal("Date,Time\n11/28/2026,10:00\n").problem.key == "csv_month_first"
    assert _refusal("aika\n31/11/2026 10:00\n").problem.key == "csv_time"  # no 31 November either way
    # a US export's 12-hour clock: the example is the row itself, written as it should be
    assert _refusal("Date\n11/28/2026 10:05 PM\n").problem.text("fi") == (
        "rivi 2: ”11/28/2026 10:05 PM”: kuukausi on ensin (kuten Yhdysvalloissa); kirjoita päivä ensin, "
        "esim. 28.11.2026 22:05, tai vuosi ensin, 2026-11-28 22:05")


@pytest.mark.parametrize(("clock", "hour"), [("10:00 PM", 22), ("10.00 pm", 22), ("12:30 AM", 0), ("12:05 p.m.", 12),
                                             ("9:15am", 9)])
def test_a_12_hour_clock_is_read(clock, hour):
    assert np.flatnonzero(_read(f"aika\n2026-11-28 {clock}\n").per_interval).tolist() == [5 * 24 + hour]
    assert np.flatnonzero(_read(f"pvm;klo\n28.11.2026;{clock}\n").per_interval).tolist() == [5 * 24 + hour]


@pytest.mark.parametrize("clock", ["13:00 PM", "0:30 AM", "25:00"])
def test_a_clock_past_its_hours_is_refused(clock):
    assert _refusal(f"aika\n2026-11-28 {clock}\n").problem.key == "csv_time"


@pytest.mark.parametrize("clock", ["25.00", "klo kymmenen"])
def test_a_bad_clock_beside_a_day_first_date_is_not_blamed_on_the_date(clock):
    """"3.11.2026;25.00" was refused as a US date, with the advice to write 11.3.2026: followed, it
    turns 3 November into 11 March."""
    refused = _refusal(f"Pvm;Klo;Puhelut\n2.11.2026;8.00;2\n3.11.2026;{clock};2\n").problem
    assert refused == (f"row 3: “3.11.2026 {clock}” is not a date and time; write e.g. 2.11.2026 18:30, "
                       "2.11.2026 18.30.00 or 2026-11-02 18:30 (day first)")


def test_a_us_week_whose_days_are_all_12_or_less_is_refused_not_read_over_half_a_year():
    """11/2/2026 to 11/8/2026 read day first is 11 February to 11 August: it was imported as
    "98 rows over 26.0 weeks, 16.4 contacts a week" and set the chat's volume to 16.4."""
    us = "time,count\n" + "".join(f"11/{d}/2026 {h:02d}:00,3\n" for d in range(2, 9) for h in range(8, 22))
    refused = _refusal(us).problem
    assert refused.key == "csv_dates_month_first" and refused == (
        "file: has dates that read as US dates, month first: “11/2/2026 08:00” to “11/8/2026 21:00” span 7 days "
        "month first but 182 days day first; write the day first, e.g. 2.11.2026 08:00, or the year first, "
        "2026-11-02 08:00")
    # day first with slashes stays day first: the same week, and the first twelve days of November
    assert _read(us.replace("11/", "#").replace("/2026", "/11/2026").replace("#", "")).weeks == pytest.approx(1.0)
    assert _read("aika\n" + "".join(f"{d}/11/2026 10:00\n" for d in range(1, 13))).rows == 12
    assert _read("aika\n11/12/2026 10:00\n").rows == 1  # one date: nothing tells the order
    # a long stamp: its example from the whole of it, the stamp itself cut short in the message
    long = "time,count\n" + "".join(f"11/{d}/2026 {h:02d}:00:00 +02:00,3\n" for d in range(2, 9) for h in (8, 20))
    assert _refusal(long).problem.values["day_first"] == "2.11.2026 08:00"




def test_a_us_file_refused_for_its_later_rows_says_its_earlier_rows_are_month_first_too():
    """11/2/2026 to 11/15/2026: only the rows from 11/13 on were listed as month first; a user
    who corrected those got the rest read as 11 February to 11 December (304 days)."""
    text = "time,count\n" + "".join(f"11/{d}/2026 10:00,3\n" for d in range(2, 16))
    refused = _refusal(text)
    assert [p.key for p in refused.problems] == ["csv_month_first"] * 3 + ["csv_other_month_first"]
    assert refused.problems[-1] == (
        "file: the other dates with slashes have the month first too, though they also read day first: "
        "“11/2/2026 10:00” was read as 11.2.2026, not 2.11.2026; write every date in the file day first or year first")
    assert "”11/2/2026 10:00” luettiin 11.2.2026, ei 2.11.2026" in refused.problems[-1].text("fi")
    # dots are day first in Finland: a row mistyped month first says nothing of the others
    dots = _refusal("aika\n2.11.2026 10:00\n11.28.2026 10:00\n")
    assert [p.key for p in dots.problems] == ["csv_month_first"]
    # day first with a day over 12: nothing else to say
    assert [p.key for p in _refusal("aika\n2/11/2026 10:00\n13/11/2026 10:00\nhuomenna\n").problems] == ["csv_time"]

def test_dates_that_read_both_ways_are_read_day_first_and_the_user_is_told_how():
    """One day of a US file, 11/12/2026 (12 November, a Thursday), read day first is Friday
    11 December: the contacts went to Friday without a word. Now the summary says so."""
    text = "time,count\n" + "".join(f"11/12/2026 {h:02d}:00,3\n" for h in range(8, 20))
    assert _read(text).day_first_guess == ("11/12/2026 08:00", "2026-12-11", "2026-11-12")
    facts = scenario_io.csv_curve(text.encode(), 60)[2]
    assert ("A date such as 11/12/2026 08:00 reads two ways: it was read day first (Friday 11 December 2026); "
            "month first (US) it would be Thursday 12 November 2026.") in scenario_io.csv_summary(facts, "P", "en")[1][0]
    assert "se luettiin päivä ensin (perjantai 11.12.2026); kuukausi ensin (USA) se olisi torstai 12.11.2026" in (
        scenario_io.csv_summary(facts, "P", "fi")[1][0])
    # no doubt: a day over 12, the same day and month, dots, or the year first
    for stamp in ("13/11/2026 10:00", "11/11/2026 10:00", "11.12.2026 10:00", "2026-11-12 10:00"):
        assert _read(f"aika\n{stamp}\n").day_first_guess is None, stamp
    assert _read("aika\n11/12/2026 10:00\n13/12/2026 10:00\n").day_first_guess is None


def test_a_week_without_rows_in_the_middle_of_the_file_is_pointed_out():
    """2-8 Nov and 16-22 Nov with 40 contacts a day, the week between missing: the average week
    was 186.7 where each week in the file has 280, without a word."""
    text = "aika;määrä\n" + "".join(f"{d}.11.2026 10:00;40\n" for d in [*range(2, 9), *range(16, 23)])
    facts = scenario_io.csv_curve(text.encode(), 60)[2]
    assert facts["volume_per_week"] == pytest.approx(560 / 3) and facts["longest_gap"] == ["2026-11-09", "2026-11-15", 7]
    assert scenario_io.csv_summary(facts, "P", "en")[1] == [
        ("The file has no rows from Monday 9 November 2026 to Sunday 15 November 2026 (7 days): they count as days "
        "without contacts, which lowers the average week. If data is missing there, import only the weeks the file has.")]
    assert scenario_io.csv_summary(facts, "P", "fi")[1][0].startswith(
        "Tiedostossa ei ole rivejä väliltä maanantai 9.11.2026 – sunnuntai 15.11.2026 (7 päivää)")
    # a weekend without rows, or six quiet days, is no gap
    weekdays = "aika;määrä\n" + "".join(f"{d}.11.2026 10:00;40\n" for d in range(2, 30) if (d - 2) % 7 < 5)
    assert scenario_io.csv_curve(weekdays.encode(), 60)[2]["longest_gap"] is None
    assert _read("aika\n2.11.2026 10:00\n9.11.2026 10:00\n").longest_gap is None


def test_a_text_column_with_a_few_values_is_pointed_out_as_maybe_channels():
    """A column 'Jono' (queue) with 'Asiakaspalvelu' and 'Myynti' was not known as a channel
    column: both queues were added up as the phone channel (560 a week) without a word."""
    text = "Pvm;Klo;Jono;Määrä\n" + "".join(f"{d}.11.2026;{h}.00;Asiakaspalvelu;4\n{d}.11.2026;{h}.00;Myynti;6\n"
                                            for d in range(2, 9) for h in range(9, 17))
    facts = scenario_io.csv_curve(text.encode(), 60)[2]
    assert facts["volume_per_week"] == 560 and facts["mixed_column"] == ["Jono", ["Asiakaspalvelu", "Myynti"]]
    assert scenario_io.csv_summary(facts, "Puhelin", "fi")[1] == [
        ("Sarakkeessa ”Jono” on 2 eri arvoa (Asiakaspalvelu, Myynti): niiden kaikkien rivit tuotiin kanavalle Puhelin. "
        "Jos ne ovat eri kanavia, tuo kunkin kanavan rivit erikseen tai anna sarakkeelle nimi ”kanava”.")]
    # one value, many values (names of people), an agent column or numbers: nothing to say
    for column, values in (("Jono", ["Myynti"]), ("Nimi", [f"N{i}" for i in range(8)]), ("Agentti", ["A", "B"]),
                           ("Kesto", ["120", "60"]), ("Viikonpäivä", ["ma", "ti", "ke"]), ("Day", ["Monday", "Tue"])):
        rows = "".join(f"2.11.2026 {9 + i % 8}:00;{values[i % len(values)]}\n" for i in range(16))
        assert _read(f"aika;{column}\n{rows}").mixed_column is None, column

def test_a_refused_file_lists_the_first_rows_it_cannot_read_and_counts_the_rest():
    """Only the first bad row was named: fixed and imported again, the file failed on the next."""
    rows = "".join(f"{d}.11.2026 10:00;{'lots' if d % 2 else 3}\n" for d in range(2, 30))  # 14 rows of "lots"
    refused = _refusal("aika;määrä\n" + rows)
    assert [p.path for p in refused.problems] == ["row 3", "row 5", "row 7", "row 9", "row 11", "file"]
    assert refused.problems[0] == refused.problem == "row 3: count “lots” is not a number; write e.g. 12"
    assert refused.problems[-1] == "file: 9 more rows cannot be read either; correct them the same way"
    assert refused.problems[-1].text("fi") == "tiedosto: 9 muuta riviä ei myöskään voi lukea; korjaa ne samalla tavalla"
    assert [p.path for p in _refusal("aika;määrä\n2.11.2026 10:00;x\n3.11.2026 10:00;3\n").problems] == ["row 2"]


# Item 9: nothing but a Problem reaches the UI


def test_csv_curve_never_passes_on_an_exceptions_text(monkeypatch):
    values, (problem,), _ = scenario_io.csv_curve(b"aika;maara\n", 60)
    assert values is None and problem.key == "csv_empty" and problem.text("fi").startswith("tiedosto: on tyhjä")

    def broken(*args):
        raise ValueError("min() arg is an empty sequence")

    monkeypatch.setattr(scenario_io, "read_contacts_csv", broken)
    (problem,) = scenario_io.csv_curve(b"aika\n2.11.2026 10:00\n", 60)[1]
    assert problem.key == "csv_unreadable" and "min()" not in problem.text("fi") + problem.text("en")


# Item 12: a channel column


MULTI = "aika;kanava\n2.11.2026 08:15;chat\n2.11.2026 08:40;puhelin\n2.11.2026 09:10;Puhelin\n2.11.2026 09:20;chat\n"


def test_a_channel_column_imports_only_this_channels_rows():
    phone = Channel(id="phone", kind="phone", name="Puhelin · Phone", volume_per_week=1, aht_s=60)
    history = _read(MULTI, names=scenario_io.channel_names(phone))
    assert history.rows == 2 and history.rows_in_file == 4 and history.channel == "puhelin"
    assert history.per_interval[8] == 1 and history.per_interval[9] == 1
    facts = scenario_io.csv_curve(MULTI.encode(), 60, ("chat",))[2]
    assert "Only the rows with “chat” in the column “kanava” were imported (2 of 4)." in (
        scenario_io.csv_summary(facts, "Chat", "en")[0])


def test_a_channel_column_without_this_channel_is_refused():
    problem = _refusal(MULTI, names=("email", "Sähköposti")).problem
    assert problem.key == "csv_channels"
    assert "(chat, puhelin)" in problem.text("en") and "split the file" in problem.text("en")
    assert problem.text("fi").startswith("tiedosto: sisältää usean kanavan yhteydenottoja sarakkeessa ”kanava”")
    one = "aika;kanava\n2.11.2026 08:15;Puhelin\n2.11.2026 09:15;Puhelin\n"
    history = _read(one, names=("email",))
    assert history.rows == 2 and history.channel is None  # one channel: the whole file...
    assert history.other_channel == "Puhelin"  # ...with a warning that it names another channel
    facts = scenario_io.csv_curve(one.encode(), 60, ("email",))[2]
    assert scenario_io.csv_summary(facts, "Sähköposti", "fi")[1][0].startswith(
        "Tiedoston kaikki rivit ovat kanavan ”Puhelin” rivejä (sarake ”kanava”), eikä se ole kanavan Sähköposti nimi")
    assert _read(one, names=("puhelin",)).other_channel is None


# Minor: line numbers, an unknown header, a headerless Finnish file, grouped counts


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_rows_are_named_by_their_line_in_the_file(newline):
    text = newline.join(["aika;määrä", "", "2.11.2026 10:00;5", ";;", "", "yesterday;3", ""])
    assert str(_refusal(text)).startswith("row 6: “yesterday”")


def test_an_unknown_header_names_the_accepted_columns():
    problem = _refusal("Asiakas;Aihe;Tila\nMatti;Palautus;Suljettu\n").problem
    assert "(columns: Asiakas, Aihe, Tila)" in problem.text("en")
    assert "aika, pvm, timestamp or date" in problem.text("en") and "määrä, lkm, kpl, puhelut" in problem.text("en")
    assert "(sarakkeet: Asiakas, Aihe, Tila)" in problem.text("fi")


def test_a_headerless_semicolon_file_with_decimal_commas():
    history = _read("2026-11-02 09:00;1,5\n2026-11-02 10:00;1,5\n")
    assert history.per_interval[9:11].tolist() == [1.5, 1.5] and history.volume_per_week == 3


@pytest.mark.parametrize("count", ["1\xa0234", "1 234", "1\u202f234", "1234"])
def test_a_count_with_grouped_thousands(count):
    assert _read(f"aika;määrä\n2.11.2026 10:00;{count}\n").volume_per_week == 1234


# A mistyped huge count: no row of a history holds more than a channel may have in a whole week


def _hourly_fortnight(typo: str | None = None) -> str:
    """Two weeks of hourly counts, 8-22 every day (196 rows), 5 contacts an hour; ``typo`` on
    Tue 3 Nov 12:00, the file's line 20."""
    rows = [f"{d:02d}.11.2026 {h:02d}:00;{typo if typo is not None and (d, h) == (3, 12) else 5}"
            for d in range(2, 16) for h in range(8, 22)]
    return "aika;määrä\n" + "\n".join(rows) + "\n"


def test_a_mistyped_huge_count_is_refused_naming_its_row_and_value():
    from planner.demand import MAX_CONTACTS_PER_WEEK
    from planner.export import fmt
    from planner.scenario import Channel

    assert MAX_CONTACTS_PER_WEEK == Channel.model_fields["volume_per_week"].metadata[-1].le == 10_000_000
    problem = _refusal(_hourly_fortnight("99999999999")).problem
    assert problem.key == "csv_count_too_large" and problem.path == "row 20"
    assert problem.text("en") == str(problem) == (
        "row 20: count “99999999999” is more than 10,000,000, the most contacts a channel can have in a whole "
        "week; correct the mistyped count")
    assert problem.text("fi") == (
        "rivi 20: määrä ”99999999999” on yli 10\xa0000\xa0000, enemmän kuin kanavalla voi olla yhteydenottoja "
        "koko viikossa; korjaa virheellinen määrä")
    for lang in ("en", "fi"):  # the limit in the words is the scenario's
        assert fmt.number(MAX_CONTACTS_PER_WEEK, lang) in problem.text(lang)
    values, refused, _ = scenario_io.csv_curve(_hourly_fortnight("99999999999").encode(), 60)
    assert values is None and refused == (problem,)


@pytest.mark.parametrize("count, key", [("1e308", "csv_count_too_large"), ("1E400", "csv_count_too_large"),
                                        ("inf", "csv_count_too_large"), ("Infinity", "csv_count_too_large"),
                                        ("-inf", "csv_count_negative"), ("nan", "csv_count_not_number")])
def test_counts_that_are_not_finite_or_overflow_are_refused(count, key):
    problem = _refusal(_hourly_fortnight(count)).problem
    assert problem.path == "row 20" and problem.key == key
    assert count in problem.text("en") and count in problem.text("fi")


def test_a_very_long_count_is_named_shortened():
    problem = _refusal(_hourly_fortnight("1" + "0" * 300)).problem
    assert problem.key == "csv_count_too_large" and "count “1000000000000000000…” is more than" in str(problem)


@pytest.mark.parametrize("count", ["9999999", "9 999 999", "10000000"])
def test_a_count_up_to_the_limit_is_still_read_and_one_more_is_not(count):
    history = _read(_hourly_fortnight(count))
    assert history.rows == 196 and history.volume_per_week == (float(count.replace(" ", "")) + 195 * 5) / 2
    assert _refusal(_hourly_fortnight("10000001")).problem.key == "csv_count_too_large"


def _average_over_limit() -> str:
    """One week of hourly counts of 100,000 (168 rows, each under the row limit): 16,800,000 a week."""
    return "aika;määrä\n" + "".join(f"{d}.11.2026 {h:02d}:00;100000\n" for d in range(2, 9) for h in range(24))


def test_a_history_averaging_over_the_weekly_limit_says_its_average_and_the_limit():
    problem = _refusal(_average_over_limit()).problem
    assert problem.key == "history_over_limit" and problem.path == "file"
    assert problem.text("en") == str(problem) == (
        "file: averages 16,800,000 contacts a week, more than the 10,000,000 a week a channel can have; correct "
        "the mistyped counts, and check that the count column holds each row's own contacts, not running totals")
    assert problem.text("fi").startswith(
        "tiedosto: sisältää keskimäärin 16\xa0800\xa0000 yhteydenottoa viikossa, enemmän kuin kanavan enimmäismäärä "
        "10\xa0000\xa0000 viikossa; korjaa virheelliset määrät")
    values, refused, _ = scenario_io.csv_curve(_average_over_limit().encode(), 60)
    assert values is None and refused == (problem,)
    at_limit = "aika;määrä\n" + "".join(f"{d}.11.2026 {h:02d}:00;{10_000_000 / 168!r}\n"
                                         for d in range(2, 9) for h in range(24))
    assert _read(at_limit).volume_per_week == pytest.approx(10_000_000)  # the limit itself is read


# --- CSV import in the app (items 1 and 13) ------------------------------------------------------


def _app(locale: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context["locale"] = locale
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_csv_uploader_takes_what_the_server_and_the_core_take():
    """The server refuses an upload over ``server.maxUploadSize`` whatever the widget says (HTTP 413),
    counting 2**20 bytes a megabyte; the browser refuses one over the widget's limit first, counting
    10**6 (Streamlit 1.67's uploader, 1024**2 on Windows): the core takes 5 * 10**6 bytes, as the CLI,
    so every file one reads the other does (a file of 5.1e6 bytes was read by the CLI only)."""
    import tomllib

    server_mb = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    at = _app("en-US")
    assert at.file_uploader(key="csv_0_1").proto.max_upload_size_mb == server_mb
    assert server_mb * 10**6 == MAX_CSV_BYTES == MAX_FILE_BYTES <= server_mb * 2**20


def test_a_refused_csv_is_said_under_its_uploader_and_goes_with_the_file():
    at = _app("fi-FI")
    uploader = at.file_uploader(key="csv_0_1")
    uploader.upload("wrong.csv", b"Asiakas;Aihe;Tila\nMatti;Palautus;Suljettu\n", "text/csv").run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("Tiedostoa ei tuotu; käyrä on ennallaan:")
    assert "(sarakkeet: Asiakas, Aihe, Tila)" in errors[0]
    assert at.session_state["problems"] == {} and not at.warning  # not an input's pending value
    at.file_uploader(key="csv_0_1").clear().run()
    assert not at.error, "removing the file removes its message"


def test_an_imported_csv_says_how_it_was_read_and_warns_of_a_short_file():
    at = _app("fi-FI")
    text = "aika;Puhelut\n" + "".join(f"28.11.2026 {h:02d}:00;10\n" for h in range(8, 20))
    at.file_uploader(key="csv_0_1").upload("lauantai.csv", text.encode(), "text/csv").run()
    assert not at.exception
    before = _app("fi-FI").session_state["scenario"].channels[1].volume_per_week
    phone = at.session_state["scenario"].channels[1]
    assert sum(phone.curve.table) == pytest.approx(120)
    assert phone.volume_per_week == before != 120, "a day's contacts are not a week's volume"
    success = " ".join(s.value for s in at.success)
    assert "tuotiin 12 riviä, jotka kattavat viikon 7 päivästä 1, yhteensä 120 yhteydenottoa" in success
    assert f"Viikon volyymi pidettiin ennallaan ({before:g})" in success
    assert "sarakkeesta ”Puhelut”" in success and "60 minuutin" in success
    assert any("maanantai, tiistai, keskiviikko, torstai, perjantai, sunnuntai" in w.value for w in at.warning)


def test_a_history_over_the_weekly_limit_is_said_as_the_files_average_not_a_field():
    at = _app("en-US")
    at.file_uploader(key="csv_0_1").upload("huge.csv", _average_over_limit().encode(), "text/csv").run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("The file was not imported; the curve is unchanged:")
    assert "file: averages 16,800,000 contacts a week, more than the 10,000,000 a week" in errors[0]
    assert "volume_per_week" not in errors[0] and at.session_state["problems"] == {}


def test_a_history_smaller_than_the_repeats_sent_to_it_sets_0_and_says_why():
    """Chat's 1 000 a week at 50 % first-contact resolution send 500 repeats to phone, whose history
    holds 300: the volume is 0, not negative, and the message says the repeats exceed the history."""
    from planner.scenario import parse_scenario

    scenario = parse_scenario({"schema_version": 1, "name": "x", "channels": [
        {"id": "chat", "kind": "chat", "volume_per_week": 1000, "aht_s": 600, "first_contact_resolution": 0.5,
         "repeat_channel": "phone"},
        {"id": "phone", "kind": "phone", "volume_per_week": 50, "aht_s": 300}]})
    rows = "aika;määrä\n" + "".join(f"{d}.11.2026 12:00;{300 / 7:.6f}\n" for d in range(2, 9))
    facts = scenario_io.csv_curve(rows.encode(), 60)[2]
    volume, repeats = scenario_io.csv_volume(scenario, 1, facts)
    assert (volume, repeats) == (0.0, pytest.approx(500.0))
    done, warnings = scenario_io.csv_summary({**facts, "volume_set": volume, "repeats": repeats}, "Phone", "en")
    assert "repeat contacts a week, which the scenario adds" not in done
    assert warnings == [("The repeat contacts the other channels send to this one (500.0 a week at their volumes and "
                        "first-contact resolution) are more than the history's 300.0 a week: the volume is set to 0, "
                        "and the forecast is still higher than the history. Check the other channels' volumes and "
                        "first-contact resolution.")]


@pytest.mark.parametrize("text", [
    "Date,Hour,Volume\n2026-11-02,9,5\n2026-11-02,10,7\n",
    "Pvm;Klo;Puhelut\n2.11.2026;9;5\n2.11.2026;10;7\n",
    "päivä;tunti;lkm\n2.11.2026;09;5\n2.11.2026;10;7\n",
])
def test_a_date_and_an_hour_column_are_read_as_hourly_counts(text):
    """Date, Hour (a whole number), Volume: a common export, refused as "dates without a time of day"."""
    history = read_contacts_csv(text.encode(), 30)
    assert history.volume_per_week == 12 and history.rows == 2
    assert history.per_interval[18:22].tolist() == [2.5, 2.5, 3.5, 3.5]  # Monday 9-11, each hour's count spread


def test_a_bare_number_beside_a_date_is_not_taken_for_an_hour():
    with pytest.raises(CsvImportError, match="dates without a time of day"):
        read_contacts_csv(b"2.11.2026;5\n3.11.2026;7\n", 30)


@pytest.mark.parametrize("interval_min", [15, 30, 60])
def test_hours_off_the_grid_are_read_as_the_times_grid_reading_says(interval_min):
    """An 08:30 opening at 60-min intervals opened the channel at 09:00, and a 21:15 closing kept
    it open to 22:00, without a word: the page now says so, from grid_reading. Its times, put in
    place of the ones written, open exactly the same intervals."""
    rng = np.random.default_rng(interval_min)
    for _ in range(200):
        spans = []
        for _day in range(7):
            start, end = rng.integers(0, 92) * 15, rng.integers(0, 96) * 15  # a start before 23:00 stays in its day
            spans.append(None if start == end or rng.random() < 0.2 else
                         Span(start=f"{start // 60:02d}:{start % 60:02d}", end=f"{end // 60:02d}:{end % 60:02d}"))
        read = {(day, written): as_read for day, written, as_read in grid_reading(tuple(spans), interval_min)}
        moved = [None if s is None else (read.get((d, s.start), s.start), read.get((d, s.end), s.end))
                 for d, s in enumerate(spans)]
        assert all(clock_to_min(t) % interval_min == 0 for times in moved if times for t in times)
        if any(times and times[0] == times[1] and clock_to_min(s.end) < clock_to_min(s.start)
               for times, s in zip(moved, spans)):
            continue  # read as a whole day from 09:00 to 09:00, which a Span does not write
        moved = tuple(None if not times or times[0] == times[1] else Span(start=times[0], end=times[1])
                      for times in moved)  # a span read as empty opens no interval
        assert (open_mask(moved, interval_min) == open_mask(tuple(spans), interval_min)).all()
    assert grid_reading(week_hours("08:00", "16:00", "1111100"), interval_min) == []
