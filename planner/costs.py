"""Monthly cost in-house, with each outsourcing offer, and hybrid; lost sales.

Every figure is a list of :class:`CostLine` whose ``per_month`` values are
rounded to the cent and add up exactly to the total. A month is 52/12 weeks,
or the days of ``scenario.calendar.month`` / 7 when a calendar month is asked
for (:func:`month_weeks`).

In-house pay is priced minute by minute from the roster's shifts: the hourly
wage for each paid minute, plus each premium whose time band the minute falls
in (bands add up: a Sunday evening minute earns the Sunday and the evening
premium). The holiday bonus is a share of pay; side costs are shares of all
pay including the bonus. Per-seat costs (team lead share, licence, telephony,
workstation, hiring amortised by turnover) count the people on the roster.

Public holidays come from the ``holidays`` package (Finland by default,
including the de facto days off Midsummer Eve and Christmas Eve). The roster is
one week, so a holiday is priced as a share of a weekday: in an average month
weekday d is a holiday ``holidays on d in the year / 52`` of the time; in a
calendar month, ``holidays on d in the month / the month's weeks``. Hours on
that share earn the public holiday premium; on a Saturday or Sunday only what
it adds to that day's premium (such a holiday earns the larger of the two, not
both).
The roster is priced as worked on holidays as on other days (a shop that
closes on holidays pays less).

Holiday pay (pay for annual leave) and shrinkage: the default shrinkage (30 %,
paid time off the queue) includes annual leave and sick days, and the roster
pays the shrinkage hours, so the leave is already paid and
``holiday_pay_rate`` is 0 (a zero line says so). Set it (about 0.116) only when
shrinkage counts no leave; the holiday bonus (lomaraha) is paid either way.

The fast in-house estimate (:func:`estimate_staff`) sizes paid staff from the
requirement without solving a roster, for the make-or-buy optimiser, the
break-even and the sensitivity table (see ``planner.options``); its figures are
estimates, calibrated by a solved roster where one exists.

Examples
--------
>>> round(MONTH_WEEKS, 4)
4.3333
"""

from __future__ import annotations

import calendar as _calendar
import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import ClassVar

import numpy as np

from planner.demand import MINUTES_PER_WEEK, open_mask
from planner.scenario import Calendar, InHouse, Offer, Revenue, Scenario, Span, Workforce

MONTH_WEEKS = 52 / 12
BANDS = ("evening", "night", "saturday", "sunday")
SATURDAY, SUNDAY = 5, 6


@dataclass(frozen=True)
class CostLine:
    """One traceable line: what it is, per month, and the inputs of its formula."""

    item: str
    per_month: float
    inputs: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"item": self.item, "per_month": self.per_month, "inputs": self.inputs}


@dataclass(frozen=True)
class CostSummary:
    """A total that is exactly the sum of its lines (to the cent)."""

    name: str
    lines: tuple[CostLine, ...]

    @property
    def per_month(self) -> float:
        return round(sum(line.per_month for line in self.lines), 2)

    def to_json(self) -> dict:
        return {"per_month": self.per_month, "lines": [line.to_json() for line in self.lines]}


def line(item: str, per_month: float, **inputs) -> CostLine:
    return CostLine(item=item, per_month=round(float(per_month), 2), inputs=inputs)


# --- The month and its public holidays ------------------------------------------


def month_weeks(scenario: Scenario) -> float:
    """Weeks in the month the figures describe: 52/12, or a calendar month's days / 7.

    >>> from planner.scenario import default_scenario
    >>> s = default_scenario()
    >>> round(month_weeks(s), 4), round(month_weeks(s.model_copy(update={"calendar": Calendar(month="2026-02")})), 4)
    (4.3333, 4.0)
    """
    month = scenario.calendar.month
    if month is None:
        return MONTH_WEEKS
    year, number = (int(part) for part in month.split("-"))
    return _calendar.monthrange(year, number)[1] / 7


@lru_cache(maxsize=64)
def _holiday_dates(country: str, year: int) -> tuple[tuple[date, str], ...]:
    import holidays  # imported here: only pricing needs the calendar

    return tuple(sorted(holidays.country_holidays(country, years=year).items()))


def public_holidays(cal: Calendar) -> tuple[tuple[date, str], ...]:
    """The public holidays of the calendar month, or of the year for an average month.

    >>> [d.isoformat() for d, _ in public_holidays(Calendar(month="2026-12"))]
    ['2026-12-06', '2026-12-24', '2026-12-25', '2026-12-26']
    """
    if cal.month is None:
        return _holiday_dates(cal.country, cal.year)
    year, number = (int(part) for part in cal.month.split("-"))
    return tuple((d, name) for d, name in _holiday_dates(cal.country, year) if d.month == number)


def holiday_weight_by_weekday(scenario: Scenario) -> np.ndarray:
    """(7,) Mon..Sun: the share of the month's weeks in which that weekday is a public holiday.

    An hour the weekly roster works on weekday d is worked on a holiday
    ``weight[d] * month_weeks`` times a month. Average month: holidays on d in
    ``calendar.year`` / 52; calendar month: holidays on d in it / its weeks.
    """
    weight = np.zeros(7)
    for day, _name in public_holidays(scenario.calendar):
        weight[day.weekday()] += 1.0
    weeks = 52.0 if scenario.calendar.month is None else month_weeks(scenario)
    return weight / weeks


def holiday_premium_per_min(scenario: Scenario) -> np.ndarray:
    """(10080,) the expected public holiday premium on each minute of the week [share of wage].

    A holiday on a Saturday or Sunday adds only what the holiday premium exceeds that day's by.
    """
    premiums = scenario.in_house.premiums
    extra = holiday_extra(premiums.public_holiday, premiums.saturday, premiums.sunday)
    return np.repeat(holiday_weight_by_weekday(scenario) * extra, 1440)


def holiday_extra(holiday: float, saturday: float, sunday: float) -> np.ndarray:
    """(7,) what a public holiday adds on each weekday [share]: the holiday rate, less the
    day's own rate on a Saturday or Sunday (the larger of the two applies, never both).

    >>> holiday_extra(1.0, 0.25, 1.0).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0, 0.75, 0.0]
    """
    extra = np.full(7, holiday)
    extra[SATURDAY] = max(0.0, holiday - saturday)
    extra[SUNDAY] = max(0.0, holiday - sunday)
    return extra


# --- Time bands ---------------------------------------------------------------


@lru_cache(maxsize=32)
def _daily_span_mask(span: Span) -> np.ndarray:
    """Minutes of the week inside ``span`` on every day (a one-minute grid of open_mask)."""
    mask = open_mask((span,) * 7, 1)
    mask.flags.writeable = False
    return mask


_DAY_OF_MINUTE = np.arange(MINUTES_PER_WEEK) // 1440


def _masks(evening: Span, night: Span) -> dict[str, np.ndarray]:
    return {
        "evening": _daily_span_mask(evening),
        "night": _daily_span_mask(night),
        "saturday": _DAY_OF_MINUTE == 5,
        "sunday": _DAY_OF_MINUTE == 6,
    }


def band_masks(scenario: Scenario) -> dict[str, np.ndarray]:
    """For each band, which minutes of the week (Monday 00:00 first) fall in it (read-only arrays)."""
    return _masks(scenario.bands.evening, scenario.bands.night)


@lru_cache(maxsize=32)
def _band_shares(evening: Span, night: Span, width: int) -> dict[str, np.ndarray]:
    return {band: mask.reshape(-1, width).mean(axis=1) for band, mask in _masks(evening, night).items()}


def band_shares(scenario: Scenario) -> dict[str, np.ndarray]:
    """For each band, the share of each grid interval inside it (0 to 1)."""
    return {band: share.copy() for band, share in
            _band_shares(scenario.bands.evening, scenario.bands.night, scenario.interval_min).items()}


def premium_factor_per_min(scenario: Scenario) -> np.ndarray:
    """1 + the premiums that apply, for each minute of the week (public holidays as expected shares)."""
    premiums = scenario.in_house.premiums
    factor = np.ones(MINUTES_PER_WEEK)
    for band, mask in band_masks(scenario).items():
        factor += mask * getattr(premiums, band)
    return factor + holiday_premium_per_min(scenario)


def side_cost_rate(in_house: InHouse) -> float:
    """Employer side costs as a share of gross pay: pension, health, unemployment, accident, group life."""
    return (
        in_house.pension_rate
        + in_house.health_insurance_rate
        + in_house.unemployment_insurance_rate
        + in_house.accident_insurance_rate
        + in_house.group_life_rate
    )


def loaded_pay_factor(in_house: InHouse) -> float:
    """Employer cost of one euro of pay: holiday bonus and holiday pay, then side costs on all pay."""
    return (1.0 + in_house.holiday_bonus_rate + in_house.holiday_pay_rate) * (1.0 + side_cost_rate(in_house))


def agent_cost_per_interval(scenario: Scenario) -> np.ndarray:
    """Employer cost of one agent working each interval of the grid [money], premiums included."""
    wage_per_min = scenario.in_house.wage_per_h / 60.0
    per_min = wage_per_min * premium_factor_per_min(scenario) * loaded_pay_factor(scenario.in_house)
    return per_min.reshape(-1, scenario.interval_min).sum(axis=1)


# --- In-house -----------------------------------------------------------------


def seat_cost_per_month(in_house: InHouse) -> float:
    """What each person on the roster costs besides paid time [money/month]: team
    lead share, licence, telephony, workstation, and hiring amortised by turnover."""
    lead = in_house.lead_cost_per_month / in_house.agents_per_lead if in_house.agents_per_lead else 0.0
    return (
        lead
        + in_house.licence_per_seat_per_month
        + in_house.telephony_per_seat_per_month
        + in_house.workstation_per_seat_per_month
        + in_house.turnover_per_year / 12 * in_house.hiring_cost_per_agent
    )


def paid_minutes_mask(start_min: int, end_min: int, unpaid_breaks: tuple[tuple[int, int], ...]) -> np.ndarray:
    """How many times each minute of the week is paid by one shift (0 or 1; wraps the week)."""
    paid = np.zeros(MINUTES_PER_WEEK)
    minutes = np.arange(start_min, end_min) % MINUTES_PER_WEEK
    paid[minutes] = 1.0
    for begin, end in unpaid_breaks:
        paid[np.arange(begin, end) % MINUTES_PER_WEEK] = 0.0
    return paid


def in_house_cost(
    scenario: Scenario, paid_min_per_week: np.ndarray, headcount: float, extra=(), *, basis: str = "roster"
) -> CostSummary:
    """In-house monthly cost from paid agent-minutes per minute of the week.

    Parameters
    ----------
    paid_min_per_week : (10080,) agents paid in each minute of the week [agents]
    headcount : people on the roster [people]
    extra : further lines (e.g. chatbot cost) added as they are
    basis : "roster" (from solved shifts) or "estimate" (from :func:`estimate_staff`); written
        into the Wages line's inputs

    Examples
    --------
    One person Monday 08:00-16:00 at 20 EUR/h, no side costs, no seats; in 2026 one Monday is
    a public holiday (Easter Monday), so 8 h x 20 EUR x 100 % once a year, 1/12 of it a month:

    >>> from planner.scenario import default_scenario
    >>> s = default_scenario()
    >>> bare = s.in_house.model_copy(update={"wage_per_h": 20.0, "holiday_bonus_rate": 0.0, "pension_rate": 0.0,
    ...     "health_insurance_rate": 0.0, "unemployment_insurance_rate": 0.0, "accident_insurance_rate": 0.0,
    ...     "group_life_rate": 0.0})
    >>> s = s.model_copy(update={"in_house": bare})
    >>> summary = in_house_cost(s, paid_minutes_mask(8 * 60, 16 * 60, ()), headcount=0)
    >>> [(x.item, x.per_month) for x in summary.lines if x.per_month][:2]
    [('Wages', 693.33), ('Public holiday premium', 13.33)]
    """
    cost = scenario.in_house
    weeks = month_weeks(scenario)
    paid_min_per_week = np.asarray(paid_min_per_week, float)
    paid_h = paid_min_per_week.sum() / 60.0
    base = paid_h * cost.wage_per_h * weeks
    lines = [line("Wages", base, paid_h_per_week=round(paid_h, 2), wage_per_h=cost.wage_per_h,
                  weeks_per_month=round(weeks, 4), basis=basis)]
    premium_total = 0.0
    for band, mask in band_masks(scenario).items():
        rate = getattr(cost.premiums, band)
        band_h = float((paid_min_per_week * mask).sum() / 60.0)
        if rate > 0 and band_h > 0:
            amount = band_h * cost.wage_per_h * rate * weeks
            premium_total += amount
            lines.append(line(f"{band.capitalize()} premium", amount, hours_per_week=round(band_h, 2),
                              wage_per_h=cost.wage_per_h, rate=rate, weeks_per_month=round(weeks, 4)))
    holiday = holiday_premium_per_min(scenario)
    holiday_wage_h = float((paid_min_per_week * holiday).sum() / 60.0)  # premium-weighted hours a week
    if holiday_wage_h > 0:
        amount = holiday_wage_h * cost.wage_per_h * weeks
        premium_total += amount
        # the hours that earn the premium (a holiday on a Saturday or Sunday earns only what it adds
        # to that day's premium), so that hours x wage x rate redoes the line
        hours = holiday_wage_h / cost.premiums.public_holiday if cost.premiums.public_holiday > 0 else 0.0
        lines.append(line("Public holiday premium", amount, holiday_hours_per_month=round(hours * weeks, 2),
                          wage_per_h=cost.wage_per_h, rate=cost.premiums.public_holiday,
                          **{"holidays_in_month" if scenario.calendar.month else "holidays":
                             len(public_holidays(scenario.calendar))},
                          month=scenario.calendar.month or f"average of {scenario.calendar.year}"))
    pay = base + premium_total
    bonus = pay * cost.holiday_bonus_rate
    lines.append(line("Holiday bonus", bonus, rate=cost.holiday_bonus_rate, pay=round(pay, 2)))
    holiday_pay = pay * cost.holiday_pay_rate
    if cost.holiday_pay_rate:
        lines.append(line("Holiday pay (annual leave)", holiday_pay, rate=cost.holiday_pay_rate, pay=round(pay, 2)))
    else:
        lines.append(line("Holiday pay (annual leave)", 0.0, rate=0.0,
                          in_shrinkage=scenario.workforce.shrinkage))
    for item, rate in (
        ("Pension (TyEL)", cost.pension_rate),
        ("Health insurance", cost.health_insurance_rate),
        ("Unemployment insurance", cost.unemployment_insurance_rate),
        ("Accident insurance", cost.accident_insurance_rate),
        ("Group life insurance", cost.group_life_rate),
    ):
        lines.append(line(item, (pay + bonus + holiday_pay) * rate, rate=rate, pay=round(pay + bonus + holiday_pay, 2)))
    if cost.agents_per_lead and headcount:
        lines.append(
            line("Team lead share", headcount / cost.agents_per_lead * cost.lead_cost_per_month,
                 headcount=headcount, agents_per_lead=cost.agents_per_lead,
                 lead_cost_per_month=cost.lead_cost_per_month)
        )
    for item, per_seat in (
        ("Licences", cost.licence_per_seat_per_month),
        ("Telephony", cost.telephony_per_seat_per_month),
        ("Workstations", cost.workstation_per_seat_per_month),
    ):
        if per_seat and headcount:
            lines.append(line(item, headcount * per_seat, headcount=headcount, per_seat_per_month=per_seat))
    if cost.hiring_cost_per_agent and cost.turnover_per_year and headcount:
        lines.append(
            line("Hiring and onboarding", headcount * cost.turnover_per_year / 12 * cost.hiring_cost_per_agent,
                 headcount=headcount, turnover_per_year=cost.turnover_per_year,
                 hiring_cost_per_agent=cost.hiring_cost_per_agent)
        )
    if cost.overhead_per_month:
        lines.append(line("Overhead", cost.overhead_per_month))
    return CostSummary("in_house", tuple(lines) + tuple(extra))


# --- The fast in-house estimate ---------------------------------------------------


@dataclass(frozen=True)
class StaffEstimate:
    """Paid staff an in-house roster needs, estimated without solving one [estimate].

    Attributes
    ----------
    paid_staff : (T,) people paid in each interval [people]
    shifts_per_week : shifts the week needs [shifts]
    headcount : people, as a fraction: the larger of paid hours / the longest
        contract week and shifts / the most days one person may work [people]
    """

    paid_staff: np.ndarray
    shifts_per_week: float
    headcount: float
    interval_min: int

    @property
    def paid_h_per_week(self) -> float:
        return float(self.paid_staff.sum()) * self.interval_min / 60.0


def cyclic_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, length) of each run of True on a cyclic array; a run may wrap the end."""
    n = len(mask)
    if mask.all():
        return [(0, n)]
    if not mask.any():
        return []
    shift = int(np.argmin(mask))  # a False position: runs do not wrap after rolling there
    rolled = np.roll(mask, -shift).astype(np.int8)
    edges = np.diff(np.concatenate([[0], rolled, [0]]))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    return [((int(a) + shift) % n, int(b - a)) for a, b in zip(starts, ends)]


@lru_cache(maxsize=16)
def _shift_columns(intervals: int, step: int, lengths: tuple[int, ...]):
    """The covering matrix (intervals x shifts) of every shift start (each ``step``
    intervals, wrapping the week) and length, with each column's length."""
    from scipy import sparse

    rows, cols, sizes = [], [], []
    for start in range(0, intervals, step):
        for length in lengths:
            rows.append((start + np.arange(length)) % intervals)
            cols.append(np.full(length, len(sizes)))
            sizes.append(length)
    matrix = sparse.csc_matrix((np.ones(sum(sizes)), (np.concatenate(rows), np.concatenate(cols))),
                               shape=(intervals, len(sizes)))
    return matrix, np.asarray(sizes)


def estimate_staff(
    live_staff: np.ndarray, deferred_staff: np.ndarray, interval_min: int, workforce: Workforce,
    deferred_arrivals: np.ndarray | None = None, cost_per_interval: np.ndarray | None = None,
) -> StaffEstimate:
    """Paid staff for a requirement without solving a roster [estimate].

    The least-cost set of shifts (the workforce's lengths, starting every
    ``start_step_min``, wrapping the week) whose people on duty cover the
    requirement in every interval: a linear programme (an interval matrix, so
    whole-number requirements give whole-number shifts). It leaves out what
    only the roster knows: rest rules, contract hours and consecutive days
    (they add cost; the calibration on a solved roster carries them). An unpaid
    meal break shortens the paid time of a shift that has one, not its cover.

    Deferred work (``deferred_staff``, people-equivalents spread over their
    windows) is added to the requirement as fractions of people, so it fills
    idle time first. Where deferred work arrives (``deferred_arrivals`` > 0)
    and no live channel needs anyone, one person must be there to answer
    within the window: that presence is required like a live one (slightly
    conservative: a gap shorter than the window could be left).

    The head count is the larger of paid hours / the longest contract week and
    shifts / the most days one person may work: the minimum team the roster
    needs, in fractions of people (round up for whole people).

    Parameters
    ----------
    live_staff : (T,) people to have on duty [people], whole numbers
    deferred_staff : (T,) deferred work spread over its windows [people]
    interval_min : grid [min]
    workforce : shift lengths, start step, meal break, contracts and day limits
    deferred_arrivals : (T,) deferred work arriving [any unit]; none: no presence needed
    cost_per_interval : (T,) cost of one person working each interval [money]; none: hours alike

    Examples
    --------
    A live chat open every day 10:00-20:00 with one person: 10 h a day is two
    shifts (6 h + 4 h), 14 shifts a week, at most 6 days each: three people,
    although 70 paid hours would fit two 40-hour weeks.

    >>> from planner.scenario import Workforce
    >>> need = np.tile(np.r_[np.zeros(20), np.ones(20), np.zeros(8)], 7)
    >>> e = estimate_staff(need, np.zeros(336), 30, Workforce())
    >>> round(e.paid_h_per_week, 6), round(e.shifts_per_week, 6), math.ceil(e.headcount - 1e-6)
    (70.0, 14.0, 3)
    """
    from scipy.optimize import linprog

    live = np.ceil(np.asarray(live_staff, float) - 1e-9).clip(min=0)
    deferred = np.asarray(deferred_staff, float).clip(min=0)
    if deferred_arrivals is not None:
        alone = (live == 0) & (np.asarray(deferred_arrivals, float) > 1e-12)
        live = np.where(alone, 1.0, live)
        deferred = np.where(alone, np.maximum(deferred - 1.0, 0.0), deferred)
    need = live + deferred
    n = len(need)
    per_h = 60.0 / interval_min
    weekly_max = max(contract.weekly_h_max for contract in workforce.contracts)
    if need.sum() <= 1e-12:
        people = float(len(workforce.team)) if workforce.team is not None else 0.0
        return StaffEstimate(np.zeros(n), 0.0, people, interval_min)
    lengths = tuple(sorted({max(1, round(h * per_h)) for h in workforce.shift_lengths_h}))
    step = max(1, workforce.start_step_min // interval_min)
    matrix, sizes = _shift_columns(n, step, lengths)
    useful = np.asarray(matrix.T @ (need > 1e-12)).ravel() > 0
    matrix, sizes = matrix[:, useful], sizes[useful]
    unpaid = 0.0 if workforce.meal_break_paid else workforce.meal_break_min / interval_min
    breaks = np.where(sizes * interval_min > workforce.meal_break_if_over_h * 60, unpaid, 0.0)
    paid_share = (sizes - breaks) / sizes
    cost = np.ones(n) if cost_per_interval is None else np.asarray(cost_per_interval, float)
    objective = np.asarray(matrix.T @ cost).ravel() * paid_share
    result = linprog(objective, A_ub=-matrix, b_ub=-need, bounds=(0, None), method="highs")
    if result.status != 0:  # not expected for a covering problem; say so rather than guess
        raise RuntimeError(f"staff estimate: the covering programme failed ({result.message})")
    shifts = np.asarray(result.x)
    paid = np.asarray(matrix @ (shifts * paid_share)).ravel()
    total_shifts = float(shifts.sum())
    headcount = max(float(paid.sum()) / per_h / weekly_max, total_shifts / workforce.max_days_per_week)
    if workforce.team is not None:
        headcount = float(len(workforce.team))
    return StaffEstimate(paid_staff=paid, shifts_per_week=total_shifts, headcount=headcount,
                         interval_min=interval_min)


@dataclass(frozen=True)
class Calibration:
    """How a solved roster compares with :func:`estimate_staff` for the same requirement.

    ``pay_factor`` multiplies the estimate's paid time (priced with premiums) and
    ``headcount_factor`` its head count; ``source`` says what they were fitted to:
    :data:`ON_ROSTER`, or the plain estimate (factors 1) for want of a roster
    (:data:`NO_ROSTER`, :data:`ROSTER_SHORT`, or "none").
    """

    ON_ROSTER: ClassVar[str] = "roster"
    NO_ROSTER: ClassVar[str] = "none (no roster)"
    ROSTER_SHORT: ClassVar[str] = "none (the roster is short of staff)"

    pay_factor: float = 1.0
    headcount_factor: float = 1.0
    source: str = "none"

    def to_json(self) -> dict:
        return {"pay_factor": round(self.pay_factor, 4), "headcount_factor": round(self.headcount_factor, 4),
                "source": self.source}


def estimated_in_house_cost(
    scenario: Scenario, estimate: StaffEstimate, calibration: Calibration | None = None, extra=(),
    *, whole_people: bool = True,
) -> CostSummary:
    """In-house cost of a :class:`StaffEstimate`, calibrated [estimate].

    ``whole_people``: round the head count up to whole people (False keeps the
    fraction, which makes the cost continuous in volume, for break-even search).
    """
    calibration = calibration or Calibration()
    paid = np.repeat(estimate.paid_staff * calibration.pay_factor, scenario.interval_min)
    people = estimated_headcount(estimate, calibration, whole_people=whole_people)
    return in_house_cost(scenario, paid, people, extra, basis="estimate")


def estimated_headcount(estimate: StaffEstimate, calibration: Calibration | None = None, *,
                        whole_people: bool = True) -> float:
    """The people a :class:`StaffEstimate` costs, calibrated; rounded up to whole people unless
    ``whole_people`` is False [people]."""
    people = estimate.headcount * (calibration or Calibration()).headcount_factor
    return float(math.ceil(people - 1e-6)) if whole_people else people


# --- Outsourced ---------------------------------------------------------------


@dataclass(frozen=True)
class OutsourcedLoad:
    """What an offer serves for one channel, per interval of the grid.

    contacts : contacts offered to the provider [contacts]
    staffed_h : agent-hours the provider staffs [h]
    aht_s : handling time [s] (for per-minute prices)
    handled : contacts the provider answers [contacts]; none: contacts x (1 - offer.abandon_rate)
    """

    channel_id: str
    kind: str
    contacts: np.ndarray
    staffed_h: np.ndarray
    aht_s: float
    handled: np.ndarray | None = None


def surcharge_factor(scenario: Scenario, offer: Offer) -> np.ndarray:
    """(T,) 1 + the offer's surcharges on each interval of the grid: time bands by the
    share of the interval inside each, public holidays by their expected share (on a
    Saturday or Sunday only what the holiday surcharge exceeds that day's by)."""
    shares = band_shares(scenario)
    factor = np.ones(scenario.intervals_per_week)
    for band, share in shares.items():
        factor = factor + share * getattr(offer, f"{band}_surcharge")
    holiday = offer.sunday_surcharge if offer.holiday_surcharge is None else offer.holiday_surcharge
    extra = holiday_extra(holiday, offer.saturday_surcharge, offer.sunday_surcharge)
    per_min = np.repeat(holiday_weight_by_weekday(scenario) * extra, 1440)
    return factor + per_min.reshape(-1, scenario.interval_min).mean(axis=1)


def outsourced_cost(scenario: Scenario, offer: Offer, loads: list[OutsourcedLoad], name: str = "") -> CostSummary:
    """Monthly price of ``offer`` for the given loads: every price form of the offer adds up.

    Per staffed hour: the provider's agent-hours (``load.staffed_h``); per handled
    contact (by channel id, else by kind) and per phone minute: the contacts the
    provider answers (offered less ``offer.abandon_rate``, or ``load.handled`` when
    the load carries it), less the included volume of the monthly fee. Time-band
    and holiday surcharges multiply the usage prices; the set-up fee is spread
    over the contract months; the monthly minimum tops up usage plus fee.

    Examples
    --------
    100 chats a week at 4 EUR, nothing lost, a set-up fee of 1,200 over 12 months:

    >>> from planner.scenario import default_scenario
    >>> s = default_scenario()
    >>> contacts = np.zeros(336); contacts[20] = 100.0
    >>> offer = Offer(name="x", price_per_contact={"chat": 4.0}, setup_fee=1200, abandon_rate=0.0)
    >>> summary = outsourced_cost(s, offer, [OutsourcedLoad("chat", "chat", contacts, contacts * 0, 600.0)])
    >>> summary.per_month == round(100 * 4.0 * 52 / 12, 2) + 100.0
    True
    """
    weeks = month_weeks(scenario)
    surcharge = surcharge_factor(scenario, offer)
    usage: list[CostLine] = []
    handled_by_load = [load.handled if load.handled is not None else load.contacts * (1.0 - offer.abandon_rate)
                       for load in loads]
    total_contacts = sum(float(h.sum()) for h in handled_by_load) * weeks
    billable_share = 1.0
    if offer.included_contacts_per_month and total_contacts > 0:
        billable_share = max(0.0, total_contacts - offer.included_contacts_per_month) / total_contacts

    def _mean_surcharge(amount_base: np.ndarray) -> float:
        total = float(amount_base.sum())
        return round(float((amount_base * surcharge).sum()) / total - 1.0, 6) if total > 0 else 0.0  # to the euro

    for load, handled_all in zip(loads, handled_by_load):
        if offer.price_per_staffed_h:
            hours = float(load.staffed_h.sum())
            if hours > 0:
                amount = float((load.staffed_h * surcharge).sum()) * offer.price_per_staffed_h * weeks
                usage.append(line(f"Staffed hours, {load.channel_id}", amount, hours_per_week=round(hours, 2),
                                  price_per_h=offer.price_per_staffed_h,
                                  surcharge=_mean_surcharge(load.staffed_h), weeks_per_month=round(weeks, 4)))
        price = offer.price_per_contact.get(load.channel_id, offer.price_per_contact.get(load.kind, 0.0))
        handled = handled_all * billable_share
        if price and handled.sum() > 0:
            amount = float((handled * surcharge).sum()) * price * weeks
            usage.append(line(f"Contacts, {load.channel_id}", amount,
                              contacts_per_month=round(float(handled.sum()) * weeks, 1), price=price,
                              surcharge=_mean_surcharge(handled)))
        if offer.price_per_phone_min and load.kind == "phone" and handled.sum() > 0:
            minutes = handled * load.aht_s / 60.0
            amount = float((minutes * surcharge).sum()) * offer.price_per_phone_min * weeks
            usage.append(line(f"Minutes, {load.channel_id}", amount,
                              minutes_per_month=round(float(minutes.sum()) * weeks, 1),
                              price_per_min=offer.price_per_phone_min, surcharge=_mean_surcharge(minutes)))
    fixed = []
    if offer.monthly_fee:
        fixed.append(line("Monthly fee", offer.monthly_fee, included_contacts=offer.included_contacts_per_month))
    if offer.setup_fee:
        fixed.append(line("Set-up fee, spread over the contract", offer.setup_fee / offer.contract_months,
                          setup_fee=offer.setup_fee, contract_months=offer.contract_months))
    lines = usage + fixed
    billed = sum(item.per_month for item in usage) + (offer.monthly_fee if offer.monthly_fee else 0.0)
    if offer.monthly_minimum > billed:
        lines.append(line("Top-up to the monthly minimum", offer.monthly_minimum - billed,
                          monthly_minimum=offer.monthly_minimum, billed=round(billed, 2)))
    return CostSummary(name or offer.name, tuple(lines))


# --- Lost sales -------------------------------------------------------------------


def lost_revenue_per_contact(revenue: Revenue) -> float:
    """Sales lost with one contact: conversion x order value, plus the share of customers
    lost for good x their yearly value [money/contact]."""
    return revenue.conversion_rate * revenue.average_order_value + (
        revenue.lost_for_good_share * revenue.customer_value_per_year
    )
