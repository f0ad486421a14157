"""Numbers, money, shares and times written the way each UI language writes them.

Finnish: ``1 234,50 €`` (a no-break space groups thousands and stands before
the unit, a comma is the decimal mark), ``80 %``, ``08:00–16:00``, weekdays
``ma ti ke to pe la su``. English: ``€1,234.50``, ``80%``, ``Mon``..``Sun``.
Pure functions of their arguments; no streamlit (the exports and the app
share them; ``planner.ui.fmt`` re-exports this module). Missing or infinite
values read as an en dash. Numbers round half away from zero, as Excel does
(``35 118,5`` shows as ``35 119``, not Python's half-to-even ``35 118``), so
the app, the PDF and the workbook show the same digits.

>>> money(1234.5, "EUR", "fi", decimals=2)
'1\\xa0234,50\\xa0€'
>>> money(1234.5, "EUR", "en", decimals=2)
'€1,234.50'
>>> percent(0.8, "fi"), percent(0.8, "en")
('80\\xa0%', '80%')
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = [
    "CORE_DAYS",
    "CURRENCY_SYMBOLS",
    "DASH",
    "MISSING",
    "NBSP",
    "WEEKDAYS",
    "WEEKDAYS_LONG",
    "clock",
    "interval_label",
    "money",
    "number",
    "percent",
    "rounded",
    "seconds",
    "setting",
    "shown_parts",
    "shown_total",
    "span",
    "week_span",
    "week_time",
    "weekday",
    "with_unit",
]

NBSP = "\u00a0"
DASH = "–"
MISSING = DASH
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
WEEKDAYS = {
    "fi": ("ma", "ti", "ke", "to", "pe", "la", "su"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
ALL_WEEK = {"fi": "koko viikko", "en": "all week"}
WEEKDAYS_LONG = {
    "fi": ("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
CORE_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EXACT = Context(prec=400)  # digits enough for any float to any decimals shown


def _finite(value) -> bool:
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _decimal(value, decimals: int) -> Decimal:
    """``value`` rounded to ``decimals`` places, half away from zero, with no negative zero.

    The float's shortest repr is rounded (``13.125`` is ``13.125``, not the binary
    ``13.1249999...``), which is how Excel and a person read the figure.
    """
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP,
                                                     context=_EXACT)
    return abs(exact) if exact == 0 else exact


def rounded(value, decimals: int = 0) -> float:
    """``value`` rounded half away from zero, as the formatters (and Excel) show it.

    >>> rounded(35118.5), rounded(-35118.5), rounded(13.125, 2), rounded(-0.4)
    (35119.0, -35119.0, 13.13, 0.0)
    """
    return float(_decimal(value, decimals))


def shown_total(*parts, decimals: int = 0) -> float:
    """The total of ``parts`` as they are shown: each rounded half away from zero, then added.

    Every total shown beside its parts (an option's cost plus lost sales) is this,
    so a reader adding the figures on the page, in the PDF or in the workbook gets
    the total printed; it may differ from the exact total by one unit of the last
    decimal per part.

    >>> shown_total(24965.33, 32933.36)  # 24 965 + 32 933; the exact 57 898.69 rounds to 57 899
    57898.0
    >>> shown_total(34799.52, 7626.98), shown_total(1.234, 2.345, decimals=2)
    (42427.0, 3.58)
    """
    return rounded(sum(rounded(p, decimals) for p in parts), decimals)


def shown_parts(parts, decimals: int = 0, rounded_alone: int | None = None) -> list[float]:
    """``parts`` rounded so that they add up to their total as it is shown elsewhere
    (``rounded(sum(parts))``): each is rounded down and the units left over go to the
    parts with the largest remainders, the first of equal ones first. For the parts of
    a total printed beside them on its own (lost contacts by cause against the options
    table's lost contacts). Missing parts (NaN) stay missing and count as nothing.
    ``rounded_alone``: the index of a part rounded on its own, as it is in other rows
    (the contacts lost while closed, alike in every option); the others take the rest.

    >>> shown_parts([12.4, 5.4, 3.4])  # 21.2 shows as 21, and 12 + 5 + 3 would make 20
    [13.0, 5.0, 3.0]
    >>> shown_parts([0.6, float("nan"), 2.6, 1.75], decimals=1)
    [0.6, nan, 2.6, 1.8]
    >>> shown_parts([320.3, 0.3, 207.45]), shown_parts([320.3, 0.3, 207.45], rounded_alone=2)
    ([320.0, 0.0, 208.0], [321.0, 0.0, 207.0])
    """
    scale = 10**decimals
    values = [float(p) for p in parts]
    known = [i for i, v in enumerate(values) if _finite(v)]
    units = round(rounded(sum(values[i] for i in known), decimals) * scale)
    shown: dict[int, int] = {}
    if rounded_alone in known:
        shown[rounded_alone] = round(rounded(values[rounded_alone], decimals) * scale)
        units -= shown[rounded_alone]
        known.remove(rounded_alone)
    floors = {i: math.floor(values[i] * scale + 1e-9) for i in known}
    left = units - sum(floors.values())
    by_remainder = sorted(known, key=lambda i: -(values[i] * scale - floors[i]))
    for i in by_remainder[:max(0, left)]:
        floors[i] += 1
    shown.update(floors)
    return [shown[i] / scale if i in shown else math.nan for i in range(len(values))]


def number(value, lang: str, decimals: int = 0) -> str:
    """A number with grouped thousands: fi ``12 345,6``, en ``12,345.6``; halves round away from zero.

    >>> number(-1234567.891, "fi", 1)
    '−1\\xa0234\\xa0567,9'
    >>> number(35118.5, "fi"), number(42426.5, "en"), number(-35118.5, "en"), number(-0.4, "fi")
    ('35\\xa0119', '42,427', '-35,119', '0')
    >>> number(13.125, "fi", 2), number(2.675, "en", 2), number(0.5, "en"), number(1.5, "en")
    ('13,13', '2.68', '1', '2')
    >>> number(float("inf"), "en")
    '–'
    """
    if not _finite(value):
        return MISSING
    exact = _decimal(value, decimals)
    text = f"{abs(exact):,.{decimals}f}"
    if lang == "fi":
        text = text.replace(",", NBSP).replace(".", ",")
        sign = "−"  # Finnish writes the minus sign, not a hyphen
    else:
        sign = "-"
    return (sign if exact < 0 else "") + text


def setting(value, lang: str) -> str:
    """A number someone typed (hours, a factor), with the decimals it has, up to two: not
    37,5 h written as 38.

    >>> setting(37.5, "fi"), setting(40.0, "en"), setting(0.25, "en"), setting(1.0 / 3, "en")
    ('37,5', '40', '0.25', '0.33')
    """
    if not _finite(value):
        return MISSING
    return number(value, lang, _own_decimals(value))


def _own_decimals(value) -> int:
    """The decimals ``value`` has, up to two."""
    return next((d for d in (0, 1) if abs(value * 10**d - round(value * 10**d)) < 1e-9), 2)


def money(value, currency: str, lang: str, decimals: int = 0) -> str:
    """An amount of money: fi ``1 234 €``, en ``€1,234``; other currencies by code.

    >>> money(980, "SEK", "en")
    '980 SEK'
    >>> money(-5, "EUR", "en")
    '-€5'
    >>> money(35118.5, "EUR", "en"), money(13.125, "EUR", "en", 2), money(-0.4, "EUR", "en")
    ('€35,119', '€13.13', '€0')
    >>> money(17.50 * 0.75, "EUR", "fi", 2), money(-2.5, "EUR", "fi")
    ('13,13\\xa0€', '−3\\xa0€')
    """
    if not _finite(value):
        return MISSING
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    if lang == "fi":
        return f"{number(value, lang, decimals)}{NBSP}{symbol}"
    digits = number(abs(float(value)), lang, decimals)
    sign = "-" if _decimal(value, decimals) < 0 else ""
    if symbol == currency:  # a code, not a sign
        return f"{sign}{digits} {currency}"
    return f"{sign}{symbol}{digits}"


def percent(share, lang: str, decimals: int = 0) -> str:
    """A share (0.8) as a percentage: fi ``80 %``, en ``80%``.

    >>> percent(0.1234, "fi", 1)
    '12,3\\xa0%'
    """
    if not _finite(share):
        return MISSING
    text = number(float(share) * 100.0, lang, decimals)
    return f"{text}{NBSP}%" if lang == "fi" else f"{text}%"


def seconds(value, lang: str) -> str:
    """A duration given in seconds, in the unit that reads best and exactly: ``45 s``,
    ``12,5 min``, ``1 min 40 s``, ``2 h``, ``1,5 h``.

    >>> seconds(45, "fi"), seconds(150, "fi"), seconds(750, "en"), seconds(100, "en"), seconds(7200, "en")
    ('45\xa0s', '2,5\xa0min', '12.5 min', '1 min 40 s', '2 h')
    """
    if not _finite(value):
        return MISSING
    value = float(value)
    space = NBSP if lang == "fi" else " "
    if value < 100:
        return f"{number(value, lang, 0)}{space}s"
    if value >= 5400 and _tenths(value / 3600.0):
        hours = value / 3600.0
        return f"{number(hours, lang, 0 if hours == int(hours) else 1)}{space}h"
    minutes = value / 60.0
    if _tenths(minutes):
        return f"{number(minutes, lang, 0 if minutes == int(minutes) else 1)}{space}min"
    return f"{number(value // 60, lang)}{space}min {number(value % 60, lang)}{space}s"


def _tenths(value: float) -> bool:
    """Whether ``value`` is a whole number of tenths (shown exactly with one decimal)."""
    return abs(value * 10 - round(value * 10)) < 1e-9


def with_unit(value, unit: str, lang: str, decimals: int | None = 0) -> str:
    """A number and its unit: ``12,5 h``; ``decimals`` None: the decimals the number has, up to two.

    >>> with_unit(12.5, "h", "fi", 1), with_unit(7.75, "h", "en", None)
    ('12,5\\xa0h', '7.75 h')
    """
    if not _finite(value):
        return MISSING
    text = setting(value, lang) if decimals is None else number(value, lang, decimals)
    return f"{text}{NBSP if lang == 'fi' else ' '}{unit}"


def weekday(day: int | str, lang: str, long: bool = False) -> str:
    """Weekday name from its index (0 = Monday) or the core's ``"Mon"``..``"Sun"``.

    >>> weekday("Sat", "fi"), weekday(6, "en", long=True)
    ('la', 'Sunday')
    """
    index = CORE_DAYS.index(day) if isinstance(day, str) else int(day) % 7
    return (WEEKDAYS_LONG if long else WEEKDAYS)[lang][index]


def clock(minute_of_day: int) -> str:
    """``"HH:MM"`` of a minute after midnight (``1440`` is ``"24:00"``).

    >>> clock(510), clock(1440)
    ('08:30', '24:00')
    """
    minute_of_day = int(minute_of_day)
    if minute_of_day == 1440:
        return "24:00"
    minute_of_day %= 1440
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


def span(start: str, end: str) -> str:
    """A time span with an en dash: ``08:00–16:00``."""
    return f"{start}{DASH}{end}"


def week_time(minute_of_week: int, lang: str) -> str:
    """Weekday and clock of a minute of the week (0 = Monday 00:00): ``ma 08:30``.

    >>> week_time(1440 * 5 + 600, "fi")
    'la 10:00'
    """
    minute_of_week = int(minute_of_week) % (7 * 1440)
    return f"{weekday(minute_of_week // 1440, lang)} {clock(minute_of_week % 1440)}"


def interval_label(index: int, interval_min: int, lang: str) -> str:
    """Label of grid interval ``index``: its weekday and start time.

    >>> interval_label(17, 30, "en")
    'Mon 08:30'
    """
    return week_time(int(index) * int(interval_min), lang)


def week_span(start_min: int, end_min: int, lang: str) -> str:
    """A span of the week: ``ma 19:00–21:30``, or ``su 23:00–ma 01:00`` across days.

    >>> week_span(1140, 1290, "fi")
    'ma 19:00–21:30'
    >>> week_span(6 * 1440 + 1380, 7 * 1440 + 60, "en")
    'Sun 23:00–Mon 01:00'
    >>> week_span(0, 7 * 1440, "en")
    'all week'
    """
    if end_min - start_min >= 7 * 1440:
        return ALL_WEEK[lang]
    start_day, end_day = int(start_min) // 1440, int(end_min) // 1440
    if end_day == start_day or (end_min % 1440 == 0 and end_day == start_day + 1):
        end_clock = clock(1440 if end_min % 1440 == 0 and end_day != start_day else end_min % 1440)
        return f"{week_time(start_min, lang)}{DASH}{end_clock}"
    return f"{week_time(start_min, lang)}{DASH}{week_time(end_min, lang)}"
