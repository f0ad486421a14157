"""Names of the core's cost lines and their inputs in the UI language.

The core names cost lines in English ("Wages", "Contacts, chat", "In-house:
Pension (TyEL)", "<offer>: Monthly fee"). This module maps the known forms to
locale keys and keeps anything unknown as it is, so a new line in the core
still shows (in English) rather than breaking the page. No streamlit: the
app (``planner.ui.labels`` re-exports this module), the PDF and the workbook
name cost lines alike.
"""

from __future__ import annotations

import math
import re

from planner.export import fmt
from planner.locales import translate

__all__ = [
    "FIXED_ITEMS",
    "MONEY_INPUTS",
    "PER_CHANNEL_ITEMS",
    "SHARE_INPUTS",
    "cost_inputs",
    "cost_item",
    "has_input_label",
]

FIXED_ITEMS = {
    "Wages": "wages",
    "Evening premium": "evening_premium",
    "Night premium": "night_premium",
    "Saturday premium": "saturday_premium",
    "Sunday premium": "sunday_premium",
    "Public holiday premium": "holiday_premium",
    "Holiday bonus": "holiday_bonus",
    "Holiday pay (annual leave)": "holiday_pay",
    "Pension (TyEL)": "pension",
    "Health insurance": "health_insurance",
    "Unemployment insurance": "unemployment_insurance",
    "Accident insurance": "accident_insurance",
    "Group life insurance": "group_life",
    "Team lead share": "team_lead",
    "Licences": "licences",
    "Telephony": "telephony",
    "Workstations": "workstations",
    "Hiring and onboarding": "hiring",
    "Overhead": "overhead",
    "Monthly fee": "monthly_fee",
    "Set-up fee, spread over the contract": "setup_fee",
    "Top-up to the monthly minimum": "minimum_topup",
}
PER_CHANNEL_ITEMS = {
    "Staffed hours": "staffed_hours",
    "Contacts": "contacts",
    "Minutes": "minutes",
    "Self-service": "self_service",
}
# inputs that are shares (shown as percentages) or money
SHARE_INPUTS = {"rate", "share", "turnover_per_year", "in_shrinkage", "surcharge"}
MONEY_INPUTS = {"wage_per_h", "per_seat_per_month", "price_per_h", "price", "price_per_min", "setup_fee",
                "monthly_minimum", "billed", "pay", "lead_cost_per_month", "hiring_cost_per_agent"}


def cost_item(item: str, lang: str, channel_names: dict[str, str] | None = None,
              offer_names: tuple[str, ...] = ()) -> str:
    """A cost line's name in ``lang``.

    >>> cost_item("In-house: Pension (TyEL)", "fi")
    'Oma henkilöstö: TyEL-maksu'
    >>> cost_item("Contacts, chat", "fi", {"chat": "Chat"})
    'Yhteydenotot, Chat'
    >>> cost_item("Onshore per hour: Monthly fee", "en", offer_names=("Onshore per hour",))
    'Onshore per hour: Monthly fee'
    >>> cost_item("Something new", "fi")
    'Something new'
    """
    names = channel_names or {}
    if item.startswith("In-house: "):
        return f"{translate(lang, 'cost_item.in_house_prefix')}: {cost_item(item[10:], lang, names, offer_names)}"
    for offer in sorted(offer_names, key=len, reverse=True):
        if item.startswith(offer + ": "):
            return f"{offer}: {cost_item(item[len(offer) + 2:], lang, names, offer_names)}"
    if item in FIXED_ITEMS:
        return translate(lang, f"cost_item.{FIXED_ITEMS[item]}")
    head, sep, tail = item.partition(", ")
    if sep and head in PER_CHANNEL_ITEMS:
        return f"{translate(lang, f'cost_item.{PER_CHANNEL_ITEMS[head]}')}, {names.get(tail, tail)}"
    return item


def cost_inputs(inputs: dict, lang: str, currency: str) -> str:
    """A line's formula inputs as ``name value`` pairs: ``hours a week 176 · wage 16,25 €``.

    >>> cost_inputs({"rate": 0.171}, "fi", "EUR")
    'osuus 17,1\\xa0%'
    """
    parts = []
    for name, value in inputs.items():
        label = translate(lang, f"cost_input.{name}") if f"cost_input.{name}" in _keys(lang) else name
        parts.append(f"{label} {_value(name, value, lang, currency)}")
    return " · ".join(parts)


def has_input_label(name: str, lang: str) -> bool:
    """Whether a cost line input has a name in ``lang`` (new inputs in the core show their raw name)."""
    return f"cost_input.{name}" in _keys(lang)


def _keys(lang: str) -> dict:
    from planner.locales import strings

    return strings(lang)


def _decimals_needed(value: float, most: int = 4) -> int:
    """The fewest decimals (up to ``most``) that show ``value`` exactly: 6 -> 0, 1.91 -> 2, 13.15 -> 2.

    >>> _decimals_needed(6.0), _decimals_needed(1.91), _decimals_needed(0.06), _decimals_needed(1 / 3)
    (0, 2, 2, 4)
    """
    return next((d for d in range(most) if abs(value - round(value, d)) < 1e-9), most)


def _value(name: str, value, lang: str, currency: str) -> str:
    if isinstance(value, str):
        if f"cost_value.{value}" in _keys(lang):
            return translate(lang, f"cost_value.{value}")
        average = re.fullmatch(r"average of (\d{4})", value)
        if average:
            return translate(lang, "cost_value.average_of", year=average[1])
        return value
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (int, float)) or hasattr(value, "__float__"):
        number = float(value)
        if not math.isfinite(number):
            return fmt.MISSING
        if name in SHARE_INPUTS:  # every decimal the rate has, so the line can be redone by hand
            return fmt.percent(number, lang, _decimals_needed(number * 100))
        if name in MONEY_INPUTS:
            return fmt.money(number, currency, lang, 2)
        if name == "weeks_per_month":  # 4,3333: enough places to redo a month's figure to the euro
            return fmt.number(number, lang, 4)
        return fmt.number(number, lang, _decimals_needed(number, 2))  # hours as given, to the hundredth
    return str(value)
