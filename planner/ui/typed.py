"""Numbers as the user types and reads them in an input: ``16,25`` in Finnish, ``16.25`` in English.

Streamlit's number input knows only the decimal point: in a Finnish browser
``16,5`` became 165 without a word. The scenario's number fields are
therefore text inputs, written and read here. Either language takes a comma
or a point as the decimal mark, and spaces between digit groups; English also
takes commas that group thousands (``1,250.5``), and a unit sign after the
number (``80 %``, ``3,20 €``) is let be. Anything else is refused with a
message that says how to write the number, and the input keeps it.
Inputs show no grouping, so what is shown reads back as it is.
"""

from __future__ import annotations

import math
import re

from planner.locales import translate

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_UNIT = re.compile(r"[%€$£]$")  # a unit sign typed after the number, as the label shows it
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?")  # English grouping: 1,250 or 12,345.5
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_POINT_GROUPING = re.compile(r"[-+]?[1-9]\d{0,2}\.\d{3}")  # Finnish 1.200: 1200 grouped with a point, or 1,2?


class Unreadable(ValueError):
    """What an input cannot take: ``problem.<key>`` in the locales says it, with ``values``
    (kept apart so the page says it in the language it is in when it draws the input)."""

    def __init__(self, key: str, **values: str):
        super().__init__(translate("en", f"problem.{key}", **values))
        self.key, self.values = key, values


def number_text(value: float, lang: str, decimals: int | None = None) -> str:
    """A value as an input shows it: ``decimals`` places, or as few as it needs (at most 6).

    >>> number_text(16.25, "fi"), number_text(16.25, "en"), number_text(80.0, "fi"), number_text(4200, "fi", 2)
    ('16,25', '16.25', '80', '4200,00')
    >>> number_text(-0.0000001, "en"), number_text(1e-7, "fi", 2)
    ('0', '0,00')
    """
    text = f"{value:.{6 if decimals is None else decimals}f}"
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")  # no "-0"
    return text.replace(".", ",") if lang == "fi" else text


def parse_number(text: str | None, lang: str) -> float | None:
    """The number typed in ``text``; None when it is empty.

    >>> parse_number("16,5", "fi"), parse_number("16.5", "fi"), parse_number(" 2 600 ", "fi"), parse_number("", "en")
    (16.5, 16.5, 2600.0, None)
    >>> parse_number("1,250.5", "en"), parse_number("16,5", "en"), parse_number("−5", "fi")
    (1250.5, 16.5, -5.0)
    >>> parse_number("80 %", "fi"), parse_number("3,20 €", "fi")
    (80.0, 3.2)
    >>> parse_number("1.234,5", "fi")
    Traceback (most recent call last):
    ...
    planner.ui.typed.Unreadable: not a number: “1.234,5”. Type the number alone, such as 1234.5.
    >>> parse_number("1.200", "fi")
    Traceback (most recent call last):
    ...
    planner.ui.typed.Unreadable: “1.200” can be read two ways: type 1200 for the whole number or 1,2 for the decimal.
    >>> parse_number("0.125", "fi"), parse_number("12.5", "fi"), parse_number("1.200", "en")
    (0.125, 12.5, 1.2)
    """
    if text is None or not str(text).strip():
        return None
    compact = _UNIT.sub("", _SPACES.sub("", str(text)).replace("\u2212", "-"))
    if lang == "en" and _THOUSANDS.fullmatch(compact):
        compact = compact.replace(",", "")
    if lang == "fi" and _POINT_GROUPING.fullmatch(compact):  # a point groups digits in some Finnish writing
        whole, decimal = compact.replace(".", ""), number_text(float(compact), lang)
        raise Unreadable("point_or_grouping", text=str(text).strip(), whole=whole, decimal=decimal)
    if compact.count(",") + compact.count(".") <= 1:
        compact = compact.replace(",", ".")
    if _NUMBER.fullmatch(compact):
        value = float(compact)
        if math.isfinite(value):
            return value
    raise Unreadable("not_a_number", text=str(text).strip())


def whole_number(value: float) -> int:
    """``value`` as an int, or a message when it has a fraction.

    >>> whole_number(3.0)
    3
    >>> whole_number(2.5)
    Traceback (most recent call last):
    ...
    planner.ui.typed.Unreadable: must be a whole number, got 2.5
    """
    if value != int(value):
        raise Unreadable("not_whole", value=repr(value))
    return int(value)
