"""Hand-computed cost cases: premiums by band, side costs, offers and minimums."""

import numpy as np
import pytest

from planner.costs import (
    MONTH_WEEKS,
    Calibration,
    OutsourcedLoad,
    agent_cost_per_interval,
    band_shares,
    estimate_staff,
    estimated_in_house_cost,
    holiday_weight_by_weekday,
    in_house_cost,
    loaded_pay_factor,
    lost_revenue_per_contact,
    month_weeks,
    outsourced_cost,
    paid_minutes_mask,
    public_holidays,
)
from planner.scenario import Calendar, InHouse, Offer, Premiums, Revenue, Workforce, parse_scenario

SAT = 5 * 1440


def _scenario(calendar=None, **in_house):
    return parse_scenario(
        {
            "schema_version": 1,
            "name": "costs",
            "interval_min": 60,
            "channels": [{"id": "phone", "kind": "phone", "volume_per_week": 100, "aht_s": 300}],
            "in_house": in_house,
            "calendar": calendar or {},
        }
    )


BARE = {"holiday_bonus_rate": 0.0, "pension_rate": 0.0, "health_insurance_rate": 0.0,
        "unemployment_insurance_rate": 0.0, "accident_insurance_rate": 0.0, "group_life_rate": 0.0}


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
    in_house = InHouse(wage_per_h=10.0, premiums=Premiums(night=0, sunday=0, public_holiday=0),
                       holiday_bonus_rate=0.05, pension_rate=0.2, health_insurance_rate=0.01,
                       unemployment_insurance_rate=0.0, accident_insurance_rate=0.0, group_life_rate=0.0)
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


# --- Public holidays ---------------------------------------------------------------

THU = 3 * 1440
SUN = 6 * 1440


def test_december_2026_has_its_finnish_holidays_and_31_days():
    december = Calendar(month="2026-12")
    names = {d.isoformat(): name for d, name in public_holidays(december)}
    assert list(names) == ["2026-12-06", "2026-12-24", "2026-12-25", "2026-12-26"]
    scenario = _scenario(calendar={"month": "2026-12"})
    assert month_weeks(scenario) == pytest.approx(31 / 7)
    assert month_weeks(_scenario()) == pytest.approx(52 / 12)
    weight = holiday_weight_by_weekday(scenario)
    # Christmas Eve is a Thursday, Christmas Day a Friday, Boxing Day a Saturday, Independence Day a Sunday
    assert weight.tolist() == pytest.approx([0, 0, 0, 7 / 31, 7 / 31, 7 / 31, 7 / 31])


def test_holiday_premium_on_a_thursday_in_december_is_christmas_eve_once():
    scenario = _scenario(calendar={"month": "2026-12"}, wage_per_h=20.0,
                         premiums={"night": 0, "sunday": 1.0, "public_holiday": 1.0}, **BARE)
    paid = paid_minutes_mask(THU + 8 * 60, THU + 16 * 60, ())  # every Thursday 08:00-16:00
    lines = _lines(in_house_cost(scenario, paid, headcount=0))
    assert lines["Wages"] == pytest.approx(round(8 * 20.0 * 31 / 7, 2))
    assert lines["Public holiday premium"] == pytest.approx(8 * 20.0 * 1.0)  # one Thursday is a holiday
    line = next(x for x in in_house_cost(scenario, paid, headcount=0).lines if x.item == "Public holiday premium")
    assert line.inputs["holiday_hours_per_month"] == pytest.approx(8.0)
    assert line.inputs["holidays_in_month"] == 4 and "holidays" not in line.inputs, "December's four, not a year's"


def test_a_sunday_holiday_earns_the_larger_premium_not_both():
    paid = paid_minutes_mask(SUN + 8 * 60, SUN + 16 * 60, ())
    same = _scenario(calendar={"month": "2026-12"}, wage_per_h=20.0,
                     premiums={"night": 0, "sunday": 1.0, "public_holiday": 1.0}, **BARE)
    assert "Public holiday premium" not in _lines(in_house_cost(same, paid, headcount=0))
    larger = _scenario(calendar={"month": "2026-12"}, wage_per_h=20.0,
                       premiums={"night": 0, "sunday": 1.0, "public_holiday": 1.5}, **BARE)
    lines = _lines(in_house_cost(larger, paid, headcount=0))
    assert lines["Sunday premium"] == pytest.approx(round(8 * 20.0 * 1.0 * 31 / 7, 2))
    assert lines["Public holiday premium"] == pytest.approx(8 * 20.0 * 0.5)  # Independence Day, Sunday 6 Dec
    line = next(x for x in in_house_cost(larger, paid, headcount=0).lines if x.item == "Public holiday premium")
    hours, rate = line.inputs["holiday_hours_per_month"], line.inputs["rate"]
    assert hours * line.inputs["wage_per_h"] * rate == pytest.approx(line.per_month, rel=2e-3), "redone (h to 0.01)"
    assert hours == pytest.approx(8 * 0.5 / 1.5, abs=0.005)  # 8 h that earn a third of the rate on top of Sunday's


def test_a_saturday_holiday_earns_the_larger_premium_not_both():
    paid = paid_minutes_mask(SAT + 8 * 60, SAT + 16 * 60, ())  # every Saturday 08:00-16:00
    scenario = _scenario(calendar={"month": "2026-12"}, wage_per_h=20.0,
                         premiums={"night": 0, "saturday": 0.25, "sunday": 1.0, "public_holiday": 1.0}, **BARE)
    lines = _lines(in_house_cost(scenario, paid, headcount=0))
    assert lines["Saturday premium"] == pytest.approx(round(8 * 20.0 * 0.25 * 31 / 7, 2))
    assert lines["Public holiday premium"] == pytest.approx(8 * 20.0 * 0.75)  # Boxing Day, Saturday 26 Dec


def test_average_month_has_a_twelfth_of_the_years_holidays():
    scenario = _scenario(wage_per_h=20.0, premiums={"night": 0, "sunday": 0, "public_holiday": 1.0}, **BARE)
    mondays = [d for d, _ in public_holidays(scenario.calendar) if d.weekday() == 0]
    assert len(mondays) == 1  # 2026: Easter Monday
    lines = _lines(in_house_cost(scenario, paid_minutes_mask(8 * 60, 16 * 60, ()), headcount=0))
    assert lines["Public holiday premium"] == pytest.approx(round(8 * 20.0 / 12, 2))


def test_holiday_pay_counts_once():
    paid = paid_minutes_mask(8 * 60, 16 * 60, ())
    premiums = {"night": 0, "sunday": 0, "public_holiday": 0}
    default = in_house_cost(_scenario(wage_per_h=10.0, premiums=premiums), paid, headcount=0)
    line = next(x for x in default.lines if x.item.startswith("Holiday pay"))
    assert line.per_month == 0 and line.inputs["in_shrinkage"] == 0.3  # shrinkage already pays the leave
    scenario = _scenario(wage_per_h=10.0, premiums=premiums, holiday_pay_rate=0.1, holiday_bonus_rate=0.05,
                         pension_rate=0.2, health_insurance_rate=0.0, unemployment_insurance_rate=0.0,
                         accident_insurance_rate=0.0, group_life_rate=0.0)
    lines = _lines(in_house_cost(scenario, paid, headcount=0))
    pay = 8 * 10.0 * MONTH_WEEKS
    assert lines["Holiday pay (annual leave)"] == pytest.approx(round(pay * 0.1, 2))
    assert lines["Pension (TyEL)"] == pytest.approx(round(pay * (1 + 0.05 + 0.1) * 0.2, 2))
    assert loaded_pay_factor(scenario.in_house) == pytest.approx(1.15 * 1.2)


def test_offer_holiday_surcharge_defaults_to_the_sunday_one():
    scenario = _scenario(calendar={"month": "2026-12"})
    contacts = np.zeros(168)
    contacts[3 * 24 + 10] = 10.0  # Thursdays 10-11
    load = OutsourcedLoad("chat", "chat", contacts, contacts * 0, 600.0)
    plain = Offer(name="p", price_per_contact={"chat": 4.0}, abandon_rate=0.0)
    sunday = Offer(name="s", price_per_contact={"chat": 4.0}, sunday_surcharge=1.0, abandon_rate=0.0)
    explicit = Offer(name="e", price_per_contact={"chat": 4.0}, sunday_surcharge=1.0, holiday_surcharge=0.5,
                     abandon_rate=0.0)
    base = 10 * 4.0 * 31 / 7
    assert outsourced_cost(scenario, plain, [load]).per_month == pytest.approx(round(base, 2))
    # one of the month's Thursdays is Christmas Eve: its ten chats cost double
    assert outsourced_cost(scenario, sunday, [load]).per_month == pytest.approx(round(base + 10 * 4.0, 2))
    assert outsourced_cost(scenario, explicit, [load]).per_month == pytest.approx(round(base + 10 * 4.0 * 0.5, 2))


def test_provider_loss_given_per_interval_is_what_is_billed():
    scenario = _scenario()
    contacts = np.zeros(168)
    contacts[10] = 10.0
    offer = Offer(name="p", price_per_contact={"chat": 4.0}, abandon_rate=0.5)
    handled = contacts * 0.8
    load = OutsourcedLoad("chat", "chat", contacts, contacts * 0, 600.0, handled=handled)
    assert outsourced_cost(scenario, offer, [load]).per_month == pytest.approx(round(8 * 4.0 * MONTH_WEEKS, 2))


def test_lost_revenue_per_contact():
    revenue = Revenue(conversion_rate=0.1, average_order_value=80.0, lost_for_good_share=0.2,
                      customer_value_per_year=50.0)
    assert lost_revenue_per_contact(revenue) == pytest.approx(0.1 * 80 + 0.2 * 50)


# --- The fast in-house estimate -------------------------------------------------------


def test_estimate_pads_a_short_need_to_the_shortest_shift():
    need = np.zeros(336)
    need[20:24] = 1  # Monday 10:00-12:00, one person
    estimate = estimate_staff(need, np.zeros(336), 30, Workforce(shift_lengths_h=(4.0, 8.0)))
    assert estimate.paid_h_per_week == pytest.approx(4.0)
    assert estimate.shifts_per_week == pytest.approx(1.0)
    assert estimate.paid_staff[20:24].tolist() == [1, 1, 1, 1]


def test_estimate_is_the_least_paid_time_and_pays_no_unpaid_break():
    need = np.zeros(336)
    need[16:32] = 2  # Monday 08:00-16:00, two people
    need[20:24] = 3  # and a third 10:00-12:00
    workforce = Workforce(shift_lengths_h=(4.0, 8.0), meal_break_min=30, meal_break_if_over_h=6.0)
    estimate = estimate_staff(need, np.zeros(336), 30, workforce)
    # two 8-hour shifts (7.5 h paid each) and one 4-hour shift
    assert estimate.paid_h_per_week == pytest.approx(2 * 7.5 + 4.0)
    assert estimate.shifts_per_week == pytest.approx(3.0)


def test_estimate_staffs_deferred_work_where_nobody_else_is():
    arrivals = np.zeros(336)
    arrivals[20:24] = 0.1  # a little callback work Monday 10:00-12:00
    spread = np.zeros(336)
    spread[20:28] = 0.05
    estimate = estimate_staff(np.zeros(336), spread, 30, Workforce(shift_lengths_h=(4.0,)), arrivals)
    assert estimate.paid_h_per_week == pytest.approx(4.0)  # one person for a four-hour shift, not 0.2 h
    without = estimate_staff(np.zeros(336), spread, 30, Workforce(shift_lengths_h=(4.0,)))
    assert without.paid_h_per_week < 1.0


def test_minimum_team_for_a_live_chat_every_day():
    need = np.tile(np.r_[np.zeros(16), np.ones(28), np.zeros(4)], 7)  # 08:00-22:00 daily, one person
    estimate = estimate_staff(need, np.zeros(336), 30, Workforce(shift_lengths_h=(4.0, 6.0, 8.0),
                                                                  meal_break_min=0))
    assert estimate.paid_h_per_week == pytest.approx(98.0)
    assert estimate.headcount == pytest.approx(max(98 / 40, estimate.shifts_per_week / 6))
    assert estimate.shifts_per_week >= 14 - 1e-6 and np.ceil(estimate.headcount - 1e-6) == 3


def test_calibrated_estimate_scales_pay_and_people():
    scenario = _scenario(wage_per_h=20.0, premiums={"night": 0, "sunday": 0, "public_holiday": 0}, **BARE)
    need = np.zeros(168)
    need[8:16] = 1  # Monday 08:00-16:00 on the hourly grid
    estimate = estimate_staff(need, np.zeros(168), 60, Workforce(shift_lengths_h=(8.0,), meal_break_min=0))
    plain = _lines(estimated_in_house_cost(scenario, estimate))
    scaled = estimated_in_house_cost(scenario, estimate, Calibration(1.5, 2.0, "roster"))
    assert plain["Wages"] == pytest.approx(round(8 * 20.0 * MONTH_WEEKS, 2))
    assert _lines(scaled)["Wages"] == pytest.approx(round(1.5 * 8 * 20.0 * MONTH_WEEKS, 2))
    assert next(x for x in scaled.lines if x.item == "Licences").inputs["headcount"] == 1.0  # ceil(0.2 x 2)
    assert next(x for x in scaled.lines if x.item == "Wages").inputs["basis"] == "estimate"
