"""UI strings in Finnish and English, looked up through one ``t(key, **values)``.

The strings live in ``fi.json`` and ``en.json`` beside this file: flat JSON
objects from a dotted key (``"staffing.title"``) to a ``str.format`` template
(``"{count} shifts"``). A string may have a singular, ``<key>_one``, used when
``count`` is 1. Both files have the same keys and the same placeholders;
``tests/test_locales.py`` checks it. A missing key is a bug and
raises :class:`KeyError`, never falls back silently.

This module does not import streamlit: the exports and the CLI may use it.
The app keeps the user's language in its session and calls :func:`translate`
with it (``planner.ui.i18n.t``); other callers set the language of the
current context with :func:`set_language` and call :func:`t`.

Examples
--------
>>> translate("fi", "nav.costs")
'Kustannukset'
>>> translate("en", "run.solutions", count=3), translate("en", "run.solutions", count=1)
('3 solutions', '1 solution')
>>> with language("en"):
...     t("nav.costs")
'Costs'
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LANGUAGES = ("fi", "en")
DEFAULT_LANGUAGE = "fi"
_DIR = Path(__file__).resolve().parent
_current: ContextVar[str] = ContextVar("planner_language", default=DEFAULT_LANGUAGE)


@cache
def strings(lang: str) -> dict[str, str]:
    """All strings of one language, key -> template (read once)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    with (_DIR / f"{lang}.json").open(encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{lang}.json must be one JSON object of strings")
    return data


def translate(lang: str, key: str, **values) -> str:
    """The string ``key`` in ``lang``, with ``values`` filled in by ``str.format``; its
    singular ``<key>_one`` when there is one and ``count`` is 1 (or "1").

    Raises
    ------
    KeyError
        When the key is not in that language's file.
    """
    table = strings(lang)
    if key not in table:
        raise KeyError(f"no string {key!r} in planner/locales/{lang}.json")
    if str(values.get("count")) == "1" and f"{key}_one" in table:
        key = f"{key}_one"
    template = table[key]
    return template.format(**values) if values else template


def contract_name(lang: str, name: str, *, first: bool = False) -> str:
    """A contract's name for people: the default contracts (``full_time``,
    ``part_time``) have words in each language (``contract.<name>``); a contract
    the scenario names itself keeps its name as written. ``first``: as the first
    word of a label, its first letter upper case (only that one).

    >>> contract_name("fi", "full_time"), contract_name("en", "part_time"), contract_name("fi", "Weekend crew")
    ('kokoaikainen', 'part-time', 'Weekend crew')
    >>> contract_name("fi", "full_time", first=True), contract_name("en", "VIP team", first=True)
    ('Kokoaikainen', 'VIP team')
    """
    words = strings(lang).get(f"contract.{name}", name)
    return words[:1].upper() + words[1:] if first else words


# scenario fields -> the label of their input (planner/ui/pages/scenario.py)
_CHANNEL_FIELDS = {
    "volume_per_week": "channel.volume", "aht_s": "channel.aht", "concurrency": "channel.concurrency",
    "target_sl": "channel.target_sl", "target_s": "channel.target_s", "max_abandon": "channel.max_abandon",
    "max_occupancy": "channel.max_occupancy", "patience_s": "channel.patience", "deadline_min": "channel.deadline",
    "min_staff_open": "channel.min_staff", "first_contact_resolution": "channel.fcr",
    "deflection": "channel.deflection", "open_hours": "channel.open_hours", "curve": "channel.profile",
}
_CURVE_EDITORS = {"weekday_shares": "channel.curve_days", "hourly": "channel.curve_hours"}
_TOP_FIELDS = {
    "name": "scenario.name", "description": "scenario.description", "channels": "scenario.tab_channels",
    "offers": "scenario.tab_outsourcing", "demand_factor": "scenario.demand_factor", "interval_min": "workforce.interval",
    "workforce.shrinkage": "workforce.shrinkage", "workforce.shift_lengths_h": "workforce.shift_lengths",
    "workforce.start_step_min": "workforce.start_step", "workforce.meal_break_min": "workforce.meal_break",
    "workforce.max_consecutive_days": "workforce.max_days", "workforce.shift_starts": "workforce.starts",
    "workforce.solver_time_limit_s": "workforce.time_limit",
    "in_house.wage_per_h": "in_house.wage", "in_house.agents_per_lead": "in_house.agents_per_lead",
    "in_house.lead_cost_per_month": "in_house.lead_cost", "in_house.licence_per_seat_per_month": "in_house.licence",
    "in_house.telephony_per_seat_per_month": "in_house.telephony",
    "in_house.workstation_per_seat_per_month": "in_house.workstation",
    "in_house.hiring_cost_per_agent": "in_house.hiring", "in_house.turnover_per_year": "in_house.turnover",
    "in_house.overhead_per_month": "in_house.overhead",
    **{f"in_house.{rate}": f"in_house.{rate}" for rate in (
        "pension_rate", "health_insurance_rate", "unemployment_insurance_rate", "accident_insurance_rate",
        "group_life_rate", "holiday_bonus_rate", "holiday_pay_rate")},
    "hybrid.offer": "hybrid.offer", "hybrid.in_house_channels": "hybrid.channels",
    "hybrid.in_house_hours": "hybrid.hours", "hybrid.allow_closed": "hybrid.allow_closed",
    "revenue.conversion_rate": "revenue.conversion", "revenue.average_order_value": "revenue.order_value",
    "revenue.lost_for_good_share": "revenue.lost_for_good", "revenue.customer_value_per_year": "revenue.customer_value",
    "calendar.month": "calendar.month",
}
_CONTRACT_FIELDS = {"weekly_h_min": "workforce.contract_min", "weekly_h_max": "workforce.contract_max",
                    "max_count": "workforce.contract_count", "max_shifts_per_week": "workforce.contract_days"}
_OFFER_FIELDS = {
    "name": "offer.name", "price_per_staffed_h": "offer.per_hour", "price_per_phone_min": "offer.per_minute",
    "monthly_fee": "offer.monthly_fee", "included_contacts_per_month": "offer.included",
    "setup_fee": "offer.setup_fee", "contract_months": "offer.contract_months",
    "monthly_minimum": "offer.monthly_minimum", "abandon_rate": "offer.abandon_rate",
    "target_sl": "offer.target_sl", "target_s": "offer.target_s",
    **{f"{band}_surcharge": f"offer.surcharge.{band}" for band in ("evening", "night", "saturday", "sunday", "holiday")},
}


def field_words(path: str, lang: str, *, item: str | None = None) -> str | None:
    """A scenario field's path in the words of the page that edits it, without the
    input's unit (a file holds the field's own units); None for a path it does not know.
    ``item`` names the channel, offer or contract the path is in, as its tab or box does
    (else "Channel 2", "Offer 1").

    >>> field_words("channels[1].aht_s", "fi"), field_words("workforce.contracts.0.weekly_h_min", "en")
    ('Kanava 2 › Käsittelyaika', 'Contract 1: hours a week at least')
    >>> field_words("channels[0].open_hours[2].start", "en"), field_words("bands.evening", "fi")
    ('Channel 1 › Opening hours', None)
    >>> field_words("offers[1].sunday_surcharge", "fi"), field_words("in_house.premiums.night", "en")
    ('Tarjous 2 › Sunnuntai', 'Pay premiums › Night')
    >>> field_words("channels[1].aht_s", "en", item="Phone"), field_words("workforce.shift_starts[5].end", "en")
    ('Phone › Handling time', 'Shift start times')
    >>> field_words("channels.0.curve.hourly", "fi", item="Chat")
    'Chat › Yhteydenottokäyrä › Vuorokauden tunnit'
    >>> field_words("channels", "fi"), field_words("description", "en")
    ('Kanavat', 'Description and sources')
    """
    parts = re.findall(r"[A-Za-z_]+|\d+", path)

    def label(key: str, **values) -> str:
        return re.sub(r"\s*\([^()]*\)$", "", translate(lang, key, **values))  # "Käsittelyaika (s)" -> "Käsittelyaika"

    if len(parts) >= 2 and parts[0] == "channels" and parts[1].isdigit():
        channel = item or translate(lang, "problem.channel_n", number=int(parts[1]) + 1)
        field = _CHANNEL_FIELDS.get(parts[2]) if len(parts) > 2 else None
        if field and parts[3:4] and parts[3] in _CURVE_EDITORS:  # the curve's two editors, each by its title
            return f"{channel} › {label(field)} › {label(_CURVE_EDITORS[parts[3]])}"
        return f"{channel} › {label(field)}" if field else channel
    if parts[:2] == ["workforce", "contracts"] and len(parts) >= 3 and parts[2].isdigit():
        contract = (contract_name(lang, item, first=True) if item
                    else translate(lang, "problem.contract_n", number=int(parts[2]) + 1))
        field = _CONTRACT_FIELDS.get(parts[3]) if len(parts) > 3 else None
        return label(field, name=contract) if field else contract
    if len(parts) >= 2 and parts[0] == "offers" and parts[1].isdigit():
        offer = item or translate(lang, "problem.offer_n", number=int(parts[1]) + 1)
        if parts[2:3] == ["price_per_contact"] and len(parts) > 3:
            return f"{offer} › {label('offer.per_contact', channel=parts[3])}"
        field = _OFFER_FIELDS.get(parts[2]) if len(parts) > 2 else None
        return f"{offer} › {label(field)}" if field else offer
    if parts[:2] == ["in_house", "premiums"] and len(parts) == 3 and f"in_house.premium.{parts[2]}" in strings(lang):
        return f"{label('in_house.premiums')} › {label(f'in_house.premium.{parts[2]}')}"
    known = [".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in _TOP_FIELDS]
    return label(_TOP_FIELDS[known[0]]) if known else None  # the field, or the one it is in


def set_language(lang: str) -> None:
    """Make ``lang`` the language :func:`t` uses in the current context."""
    strings(lang)  # validates the name
    _current.set(lang)


def get_language() -> str:
    return _current.get()


@contextmanager
def language(lang: str):
    """Use ``lang`` for :func:`t` inside a ``with`` block."""
    strings(lang)
    token = _current.set(lang)
    try:
        yield lang
    finally:
        _current.reset(token)


def t(key: str, **values) -> str:
    """The string ``key`` in the current language (see :func:`set_language`)."""
    return translate(_current.get(), key, **values)
