"""Monthly cost in-house, with each outsourcing offer, and hybrid; lost sales.

Every figure is a list of :class:`CostLine` whose ``per_month`` values are
rounded to the cent and add up exactly to the total. A month is 52/12 weeks.

In-house pay is priced minute by minute from the roster's shifts: the hourly
wage for each paid minute, plus each premium whose time band the minute falls
in (bands add up: a Sunday evening minute earns the Sunday and the evening
premium). The holiday bonus is a share of pay; side costs are shares of all
pay including the bonus. Per-seat costs (team lead share, licence, telephony,
workstation, hiring amortised by turnover) count the people on the roster.

Examples
--------
>>> round(MONTH_WEEKS, 4)
4.3333
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from planner.demand import MINUTES_PER_WEEK, span_minutes
from planner.scenario import InHouse, Offer, Scenario, Span

MONTH_WEEKS = 52 / 12
BANDS = ("evening", "night", "saturday", "sunday")


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


# --- Time bands ---------------------------------------------------------------


def _daily_span_mask(span: Span) -> np.ndarray:
    minutes = np.arange(MINUTES_PER_WEEK)
    begin, end = span_minutes(span)
    mask = np.zeros(MINUTES_PER_WEEK, bool)
    for day in range(7):
        mask |= (minutes - (day * 1440 + begin)) % MINUTES_PER_WEEK < end - begin
    return mask


def band_masks(scenario: Scenario) -> dict[str, np.ndarray]:
    """For each band, which minutes of the week (Monday 00:00 first) fall in it."""
    minutes = np.arange(MINUTES_PER_WEEK)
    return {
        "evening": _daily_span_mask(scenario.bands.evening),
        "night": _daily_span_mask(scenario.bands.night),
        "saturday": minutes // 1440 == 5,
        "sunday": minutes // 1440 == 6,
    }


def band_shares(scenario: Scenario) -> dict[str, np.ndarray]:
    """For each band, the share of each grid interval inside it (0 to 1)."""
    width = scenario.interval_min
    return {band: mask.reshape(-1, width).mean(axis=1) for band, mask in band_masks(scenario).items()}


def premium_factor_per_min(scenario: Scenario) -> np.ndarray:
    """1 + the premiums that apply, for each minute of the week."""
    premiums = scenario.in_house.premiums
    factor = np.ones(MINUTES_PER_WEEK)
    for band, mask in band_masks(scenario).items():
        factor += mask * getattr(premiums, band)
    return factor


def loaded_pay_factor(in_house: InHouse) -> float:
    """Employer cost of one euro of pay: holiday bonus, then side costs on all pay."""
    side = (
        in_house.pension_rate
        + in_house.health_insurance_rate
        + in_house.unemployment_insurance_rate
        + in_house.accident_insurance_rate
        + in_house.group_life_rate
    )
    return (1.0 + in_house.holiday_bonus_rate) * (1.0 + side)


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


def in_house_cost(scenario: Scenario, paid_min_per_week: np.ndarray, headcount: int, extra=()) -> CostSummary:
    """In-house monthly cost from paid agent-minutes per minute of the week.

    Parameters
    ----------
    paid_min_per_week : (10080,) agents paid in each minute of the week [agents]
    headcount : people on the roster [people]
    extra : further lines (e.g. chatbot cost) added as they are
    """
    cost = scenario.in_house
    wage_per_min = cost.wage_per_h / 60.0
    paid_h = paid_min_per_week.sum() / 60.0
    base = paid_h * cost.wage_per_h * MONTH_WEEKS
    lines = [line("Wages", base, paid_h_per_week=round(paid_h, 2), wage_per_h=cost.wage_per_h)]
    premium_total = 0.0
    for band, mask in band_masks(scenario).items():
        rate = getattr(cost.premiums, band)
        band_h = float((paid_min_per_week * mask).sum() / 60.0)
        if rate > 0 and band_h > 0:
            amount = band_h * wage_per_min * 60.0 * rate * MONTH_WEEKS
            premium_total += amount
            lines.append(line(f"{band.capitalize()} premium", amount, hours_per_week=round(band_h, 2), rate=rate))
    pay = base + premium_total
    bonus = pay * cost.holiday_bonus_rate
    lines.append(line("Holiday bonus", bonus, rate=cost.holiday_bonus_rate))
    for item, rate in (
        ("Pension (TyEL)", cost.pension_rate),
        ("Health insurance", cost.health_insurance_rate),
        ("Unemployment insurance", cost.unemployment_insurance_rate),
        ("Accident insurance", cost.accident_insurance_rate),
        ("Group life insurance", cost.group_life_rate),
    ):
        lines.append(line(item, (pay + bonus) * rate, rate=rate))
    if cost.agents_per_lead and headcount:
        lines.append(
            line("Team lead share", headcount / cost.agents_per_lead * cost.lead_cost_per_month,
                 headcount=headcount, agents_per_lead=cost.agents_per_lead)
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
                 headcount=headcount, turnover_per_year=cost.turnover_per_year)
        )
    if cost.overhead_per_month:
        lines.append(line("Overhead", cost.overhead_per_month))
    return CostSummary("in_house", tuple(lines) + tuple(extra))


# --- Outsourced ---------------------------------------------------------------


@dataclass(frozen=True)
class OutsourcedLoad:
    """What an offer serves for one channel, per interval of the grid.

    contacts : contacts offered to the provider [contacts]
    staffed_h : agent-hours the provider staffs [h]
    aht_s : handling time [s] (for per-minute prices)
    """

    channel_id: str
    kind: str
    contacts: np.ndarray
    staffed_h: np.ndarray
    aht_s: float


def _surcharge(offer: Offer, shares: dict[str, np.ndarray]) -> np.ndarray:
    factor = np.ones_like(next(iter(shares.values())))
    for band, share in shares.items():
        factor = factor + share * getattr(offer, f"{band}_surcharge")
    return factor


def outsourced_cost(scenario: Scenario, offer: Offer, loads: list[OutsourcedLoad], name: str = "") -> CostSummary:
    """Monthly price of ``offer`` for the given loads: every price form of the offer adds up."""
    surcharge = _surcharge(offer, band_shares(scenario))
    usage: list[CostLine] = []
    handled_share = 1.0 - offer.abandon_rate
    total_contacts = sum(float(load.contacts.sum()) for load in loads) * handled_share * MONTH_WEEKS
    billable_share = 1.0
    if offer.included_contacts_per_month and total_contacts > 0:
        billable_share = max(0.0, total_contacts - offer.included_contacts_per_month) / total_contacts
    for load in loads:
        if offer.price_per_staffed_h:
            hours = float(load.staffed_h.sum())
            amount = float((load.staffed_h * surcharge).sum()) * offer.price_per_staffed_h * MONTH_WEEKS
            usage.append(line(f"Staffed hours, {load.channel_id}", amount, hours_per_week=round(hours, 2),
                              price_per_h=offer.price_per_staffed_h))
        price = offer.price_per_contact.get(load.channel_id, offer.price_per_contact.get(load.kind, 0.0))
        handled = load.contacts * handled_share * billable_share
        if price:
            amount = float((handled * surcharge).sum()) * price * MONTH_WEEKS
            usage.append(line(f"Contacts, {load.channel_id}", amount,
                              contacts_per_month=round(float(handled.sum()) * MONTH_WEEKS, 1), price=price))
        if offer.price_per_phone_min and load.kind == "phone":
            minutes = handled * load.aht_s / 60.0
            amount = float((minutes * surcharge).sum()) * offer.price_per_phone_min * MONTH_WEEKS
            usage.append(line(f"Minutes, {load.channel_id}", amount,
                              minutes_per_month=round(float(minutes.sum()) * MONTH_WEEKS, 1),
                              price_per_min=offer.price_per_phone_min))
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
