"""Hand-computed cost cases: premiums by band, side costs, offers and minimums."""

import numpy as np
import pytest

from planner.costs import (
    MONTH_WEEKS,
    OutsourcedLoad,
    agent_cost_per_interval,
    band_shares,
    in_house_cost,
    loaded_pay_factor,
    outsourced_cost,
    paid_minutes_mask,
)
from planner.scenario import InHouse, Offer, Premiums, parse_scenario

SAT = 5 * 1440


def _scenario(**in_house):
    return parse_scenario(
        {
            "schema_version": 1,
            "name": "costs",
            "interval_min": 60,
            "channels": [{"id": "phone", "kind": "phone", "volume_per_week": 100, "aht_s": 300}],
            "in_house": in_house,
        }
    )


def _lines(summary):
    return {line.item: line.per_month for line in summary.lines}


def test_premiums_apply_only_inside_their_band():
    scenario = _scenario(wage_per_h=20.0, premiums={"evening": 0.15, "saturday": 0.25, "sunday": 1.0, "night": 0.3})
    paid = paid_minutes_mask(SAT + 16 * 60, SAT + 22 * 60, ())  # Saturday 16:00-22:00, evening from 18:00
    lines = _lines(in_house_cost(scenario, paid, headcount=0))
    assert lines["Wages"] == pytest.approx(round(6 * 20.0 * MONTH_WEEKS, 2))
    assert lines["Saturday premium"] == pytest.approx(round(6 * 20.0 * 0.25 * MONTH_WEEKS, 2))
    assert lines["Evening premium"] == pytest.approx(round(4 * 20.0 * 0.15 * MONTH_WEEKS, 2))
    assert "Sunday premium" not in lines and "Night premium" not in lines


def test_night_band_runs_past_midnight_into_next_day():
    scenario = _scenario(wage_per_h=10.0, premiums={"night": 0.5, "sunday": 0.0})
    paid = paid_minutes_mask(6 * 1440 + 20 * 60, 6 * 1440 + 30 * 60, ())  # Sun 20:00 - Mon 06:00, wraps the week
    lines = _lines(in_house_cost(scenario, paid, headcount=0))
    assert lines["Night premium"] == pytest.approx(round(8 * 10.0 * 0.5 * MONTH_WEEKS, 2))  # 22-06


def test_unpaid_break_is_not_paid():
    paid = paid_minutes_mask(8 * 60, 16 * 60, ((12 * 60, 12 * 60 + 30),))
    assert paid.sum() == 7.5 * 60


def test_side_costs_and_holiday_bonus():
    in_house = InHouse(wage_per_h=10.0, premiums=Premiums(night=0, sunday=0, public_holiday=0), holiday_bonus_rate=0.05,
                       pension_rate=0.2, health_insurance_rate=0.01, unemployment_insurance_rate=0.0,
                       accident_insurance_rate=0.0, group_life_rate=0.0)
    scenario = _scenario(**in_house.model_dump())
    paid = paid_minutes_mask(8 * 60, 16 * 60, ())  # 8 h on Monday
    lines = _lines(in_house_cost(scenario, paid, headcount=0))
    pay = 8 * 10.0 * MONTH_WEEKS
    assert lines["Holiday bonus"] == pytest.approx(round(pay * 0.05, 2))
    assert lines["Pension (TyEL)"] == pytest.approx(round(pay * 1.05 * 0.2, 2))
    assert lines["Health insurance"] == pytest.approx(round(pay * 1.05 * 0.01, 2))
    assert loaded_pay_factor(in_house) == pytest.approx(1.05 * 1.21)


def test_per_seat_costs_count_people():
    scenario = _scenario(agents_per_lead=10, lead_cost_per_month=4000, licence_per_seat_per_month=55,
                         telephony_per_seat_per_month=30, workstation_per_seat_per_month=0,
                         hiring_cost_per_agent=2400, turnover_per_year=0.5)
    lines = _lines(in_house_cost(scenario, np.zeros(10080), headcount=3))
    assert lines["Team lead share"] == pytest.approx(1200.0)
    assert lines["Licences"] == pytest.approx(165.0)
    assert lines["Telephony"] == pytest.approx(90.0)
    assert lines["Hiring and onboarding"] == pytest.approx(3 * 0.5 / 12 * 2400)
    assert "Workstations" not in lines


def test_lines_add_up_to_the_total_to_the_cent():
    scenario = _scenario(wage_per_h=16.37)
    paid = paid_minutes_mask(SAT + 7 * 60 + 13, SAT + 19 * 60 + 47, ((SAT + 12 * 60, SAT + 12 * 60 + 30),))
    summary = in_house_cost(scenario, paid * 3, headcount=4)
    assert summary.per_month == round(sum(line.per_month for line in summary.lines), 2)
    assert all(round(line.per_month, 2) == line.per_month for line in summary.lines)


def test_agent_cost_per_interval_prices_the_bands():
    scenario = _scenario(wage_per_h=10.0, premiums={"night": 0.0, "sunday": 1.0, "public_holiday": 0.0})
    cost = agent_cost_per_interval(scenario)
    factor = loaded_pay_factor(scenario.in_house)
    assert len(cost) == 168
    assert cost[10] == pytest.approx(10.0 * factor)
    assert cost[6 * 24 + 10] == pytest.approx(20.0 * factor)


def _load(contacts_per_h: float, hours=range(8, 16), kind="chat", aht_s=600.0):
    contacts = np.zeros(168)
    contacts[list(hours)] = contacts_per_h
    return OutsourcedLoad("chat" if kind == "chat" else "phone", kind, contacts, (contacts > 0) * 1.0, aht_s)


def test_per_contact_offer_is_contacts_times_price_plus_fees():
    scenario = _scenario()
    offer = Offer(name="per chat", price_per_contact={"chat": 4.0}, monthly_fee=100, setup_fee=1200,
                  contract_months=12, abandon_rate=0.0)
    summary = outsourced_cost(scenario, offer, [_load(10)])
    handled_per_month = 10 * 8 * MONTH_WEEKS
    assert summary.per_month == pytest.approx(round(handled_per_month * 4.0, 2) + 100 + 100)


def test_monthly_minimum_binds_at_low_volume():
    scenario = _scenario()
    offer = Offer(name="min", price_per_contact={"chat": 4.0}, monthly_minimum=1000, abandon_rate=0.0)
    low = outsourced_cost(scenario, offer, [_load(1)])
    assert low.per_month == pytest.approx(1000.0)
    assert any(line.item == "Top-up to the monthly minimum" for line in low.lines)
    high = outsourced_cost(scenario, offer, [_load(20)])
    assert high.per_month == pytest.approx(round(20 * 8 * MONTH_WEEKS * 4.0, 2))


def test_included_contacts_are_not_billed():
    scenario = _scenario()
    offer = Offer(name="bundle", price_per_contact={"chat": 2.0}, monthly_fee=300,
                  included_contacts_per_month=100, abandon_rate=0.0)
    summary = outsourced_cost(scenario, offer, [_load(10)])
    handled = 10 * 8 * MONTH_WEEKS
    assert summary.per_month == pytest.approx(round((handled - 100) * 2.0, 2) + 300, abs=0.01)


def test_per_minute_and_surcharges_by_band():
    scenario = _scenario()
    offer = Offer(name="minutes", price_per_phone_min=1.0, evening_surcharge=0.5, abandon_rate=0.0)
    day = outsourced_cost(scenario, offer, [_load(6, hours=[10], kind="phone", aht_s=300)])
    evening = outsourced_cost(scenario, offer, [_load(6, hours=[19], kind="phone", aht_s=300)])
    assert day.per_month == pytest.approx(round(6 * 5 * MONTH_WEEKS, 2))
    assert evening.per_month == pytest.approx(round(6 * 5 * 1.5 * MONTH_WEEKS, 2))


def test_staffed_hours_with_surcharges():
    scenario = _scenario()
    offer = Offer(name="hours", price_per_staffed_h=40.0, sunday_surcharge=1.0, holiday_surcharge=0.0)
    staffed = np.zeros(168)
    staffed[6 * 24 + 10] = 2.0  # two agents Sunday 10-11
    staffed[10] = 1.0  # one agent Monday 10-11
    load = OutsourcedLoad("phone", "phone", np.zeros(168), staffed, 300.0)
    assert outsourced_cost(scenario, offer, [load]).per_month == pytest.approx(round((40 + 2 * 80) * MONTH_WEEKS, 2))


def test_band_shares_on_half_hours():
    scenario = _scenario().model_copy(update={"interval_min": 30})
    shares = band_shares(scenario)
    assert shares["evening"][36] == 1.0 and shares["evening"][35] == 0.0  # Mon 18:00 and 17:30
    assert shares["sunday"][6 * 48:].min() == 1.0


def test_seat_cost_matches_the_per_seat_lines():
    from planner.costs import seat_cost_per_month

    scenario = _scenario()
    lines = in_house_cost(scenario, np.zeros(10080), headcount=1).lines
    per_seat = sum(line.per_month for line in lines if line.inputs.get("headcount") == 1)
    assert seat_cost_per_month(scenario.in_house) == pytest.approx(per_seat, abs=0.01)
