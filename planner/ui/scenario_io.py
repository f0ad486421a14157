"""Scenario files in and out of the app, and the small conversions the scenario inputs need.

Pure functions, no streamlit, so the upload and download paths are tested
directly as well as through AppTest.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from datetime import date
from pathlib import Path

import numpy as np

from planner.demand import CsvImportError, read_contacts_csv
from planner.export import fmt
from planner.locales import LANGUAGES, translate
from planner.options import first_contacts
from planner.scenario import (
    DAYS,
    DEFAULT_SCENARIO_PATH,
    MAX_FILE_BYTES,
    Problem,
    Scenario,
    ScenarioError,
    load_scenario,
    scenario_to_json,
)

EXAMPLES_DIR = DEFAULT_SCENARIO_PATH.parent
# Hours a month of a full-time agent, for showing an hourly wage as a monthly one: the
# core's default wage is "2,600 EUR/month at 160 h" (planner/scenario.py, InHouse.wage_per_h).
HOURS_PER_MONTH = 160.0
CLOCK_STEP_MIN = 15


def read_uploaded_scenario(data: bytes | None) -> tuple[Scenario | None, list[str]]:
    """The scenario in an uploaded file, or None and the problems, one a line.

    >>> read_uploaded_scenario(b"{")[1]
    ['file: not valid JSON at line 1, column 2: a field name in double quotes is expected']
    """
    if data is None:
        return None, [Problem.of("file", "file_nothing")]
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem.of("file", "file_over_limit", size=len(data))]
    try:
        return load_scenario(bytes(data)), []
    except ScenarioError as exc:
        return None, list(exc.problems) or [str(exc)]


def scenario_bytes(scenario: Scenario) -> bytes:
    """The scenario file's bytes (UTF-8 JSON), exactly what ``load_scenario`` reads back."""
    return scenario_to_json(scenario).encode("utf-8")


def file_name(scenario: Scenario) -> str:
    """A safe file name from the scenario's name: ``verkkokauppa-chat-puhelin.json``.

    >>> file_name(Scenario.model_validate({"name": "Äänipalvelu: ilta & yö", "channels": [
    ...     {"id": "p", "kind": "phone", "volume_per_week": 1, "aht_s": 60}]}))
    'aanipalvelu-ilta-yo.json'
    """
    text = unicodedata.normalize("NFKD", scenario.name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")
    return f"{slug or 'scenario'}.json"


def examples() -> dict[str, Path]:
    """The example scenarios that ship with the app: file stem -> path."""
    return {path.stem: path for path in sorted(EXAMPLES_DIR.glob("*.json"))}


def next_month(today=None) -> str:
    """``"YYYY-MM"`` of the month after ``today`` (a calendar month to plan by default).

    >>> import datetime
    >>> next_month(datetime.date(2026, 12, 5))
    '2027-01'
    """
    import datetime

    today = today or datetime.date.today()
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return f"{year:04d}-{month:02d}"


def monthly_wage(wage_per_h: float) -> float:
    """An hourly wage as a monthly salary at :data:`HOURS_PER_MONTH` hours [money/month].

    >>> monthly_wage(16.25)
    2600.0
    """
    return wage_per_h * HOURS_PER_MONTH


# --- Open hours as a table -------------------------------------------------------


def clock_options(step_min: int = CLOCK_STEP_MIN) -> list[str]:
    """"00:00", "00:15", ... "24:00": the times an open-hours cell may take."""
    return [f"{m // 60:02d}:{m % 60:02d}" for m in range(0, 1440, step_min)] + ["24:00"]


def hours_table(open_hours, closed_times: dict[str, tuple[str, str]] | None = None) -> list[dict]:
    """Week hours (7 spans or None, Monday first) as rows ``{"day", "open", "start", "end"}``.

    A closed day shows its times in ``closed_times`` (by day, the times it had when it was
    closed), else 08:00-16:00, so opening it again is a single click.
    """
    rows = []
    for day, span in zip(DAYS, open_hours):
        if span is None:
            start, end = (closed_times or {}).get(day, ("08:00", "16:00"))
            rows.append({"day": day, "open": False, "start": start, "end": end})
        else:
            start = span["start"] if isinstance(span, dict) else span.start
            end = span["end"] if isinstance(span, dict) else span.end
            rows.append({"day": day, "open": True, "start": start, "end": end})
    return rows


def apply_editor_delta(rows: list[dict], delta: dict | None) -> list[dict]:
    """The table ``st.data_editor`` shows: the master ``rows`` with the editor's changes applied
    (``edited_rows`` by the master's index, then ``deleted_rows``, then ``added_rows`` at the end).

    >>> apply_editor_delta([{"a": 1}, {"a": 2}], {"edited_rows": {"1": {"a": 5}}, "deleted_rows": [0],
    ...                                           "added_rows": [{"a": 7}]})
    [{'a': 5}, {'a': 7}]
    """
    delta = delta or {}
    rows = [dict(row) for row in rows]
    for index, changes in (delta.get("edited_rows") or {}).items():
        index = int(index)
        if 0 <= index < len(rows):
            rows[index].update(changes)
    deleted = {int(index) for index in delta.get("deleted_rows") or ()}
    return [row for i, row in enumerate(rows) if i not in deleted] + [dict(row) for row in delta.get("added_rows") or ()]


def hours_from_table(rows: list[dict]) -> list[dict | None]:
    """Rows back to the scenario's week hours: ``{"start", "end"}`` for open days, None for closed.

    Raises
    ------
    ValueError
        When an open day lacks a start or an end time.
    """
    result = []
    for row in rows:
        if not row.get("open"):
            result.append(None)
            continue
        if not row.get("start") or not row.get("end"):
            raise ValueError(f"{row.get('day')}: an open day needs a start and an end time")
        result.append({"start": str(row["start"]), "end": str(row["end"])})
    return result


# --- A named team as a table --------------------------------------------------------


ANY_TIME = "-"  # a team table's time cell with no limit


def team_table(team) -> list[dict]:
    """Team members (Agent models or their dicts) as rows ``{"name", "contract", "channels",
    "not_before", "not_after"}``; ``channels`` a list, empty for every channel; a time
    ANY_TIME for none (the editor showed None, and "", as the word "None", in Finnish too)."""
    rows = []
    for agent in team or ():
        agent = agent if isinstance(agent, dict) else agent.model_dump()
        rows.append({"name": agent["id"], "contract": agent["contract"], "channels": list(agent.get("channels") or ()),
                     "not_before": agent.get("not_before") or ANY_TIME, "not_after": agent.get("not_after") or ANY_TIME})
    return rows


def _cell(value) -> str | None:
    """A cell's text, None for an empty cell (the editor gives None, NaN or "")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value).strip() or None


def _time_cell(value) -> str | None:
    """A time cell's clock, None for an empty one or ANY_TIME."""
    text = _cell(value)
    return None if text == ANY_TIME else text


def unnamed_rows(rows: list[dict]) -> list[int]:
    """The rows of a team's table (numbered from 1) with no name."""
    return [i + 1 for i, row in enumerate(rows) if _cell(row.get("name")) is None]


def team_from_table(rows: list[dict]) -> list[dict]:
    """Rows back to the scenario's team (see :func:`unnamed_rows` for the rows it cannot
    take): an empty channel list is every channel, an empty time no limit."""
    team = []
    for row in rows:
        channels = [str(c) for c in row.get("channels") or () if _cell(c)]
        team.append({"id": _cell(row.get("name")), "contract": _cell(row.get("contract")), "channels": channels or None,
                     "not_before": _time_cell(row.get("not_before")), "not_after": _time_cell(row.get("not_after"))})
    return team


# --- Contact history ------------------------------------------------------------


def csv_curve(data: bytes, interval_min: int,
              channel_names: tuple[str, ...] = ()) -> tuple[dict | None, tuple[Problem, ...], dict]:
    """Past contacts from a CSV as a curve table.

    Returns ``(values, problems, facts)``: ``values`` has ``table`` (weights on the
    grid; the volume it sets is :func:`csv_volume`'s); ``problems`` the reasons the file was refused
    (none when it was read), each a :class:`Problem` (never an exception's text); ``facts`` what was read,
    as plain data for :func:`csv_summary`. ``channel_names`` name the channel
    being edited, for a file with a channel column (see :func:`channel_names`).
    """
    try:
        history = read_contacts_csv(bytes(data), interval_min, channel_names)
    except CsvImportError as exc:
        return None, exc.problems, {}
    except (ValueError, OverflowError, MemoryError):  # a fault of the reader, said as a file it cannot read
        return None, (Problem.of("file", "csv_unreadable"),), {}
    facts = _csv_facts(history)
    if not history.volume_per_week > 0:
        return None, (Problem.of("file", "csv_no_contacts"),), facts
    table = [round(float(v), 6) for v in np.asarray(history.per_interval, float)]
    return {"table": table}, (), facts


def _csv_facts(history) -> dict:
    return {"rows": history.rows, "rows_in_file": history.rows_in_file, "weeks": history.weeks,
            "contacts": history.contacts, "weekday_times": list(history.weekday_times),
            "volume_per_week": history.volume_per_week, "count_column": history.count_column,
            "count_index": history.count_index, "spread_min": history.spread_min,
            "missing_days": list(history.missing_days), "channel_column": history.channel_column,
            "channel": history.channel, "other_channel": history.other_channel,
            "day_first_guess": list(history.day_first_guess) if history.day_first_guess else None,
            "longest_gap": list(history.longest_gap) if history.longest_gap else None,
            "mixed_column": [history.mixed_column[0], list(history.mixed_column[1])] if history.mixed_column else None}


def csv_volume(scenario: Scenario, index: int, facts: dict) -> tuple[float, float]:
    """(the weekly volume an imported history sets for channel ``index``, as the volume input takes
    it; the repeats the scenario adds on top of it, which the history holds [contacts/week]).
    The volume is the history less those repeats (:func:`planner.options.first_contacts`), and
    0 when the repeats the other channels send exceed the history."""
    history = float(facts["volume_per_week"])
    first = first_contacts(scenario, index, history)
    return max(0.0, round(first, 1)), history - first


def channel_names(channel) -> tuple[str, ...]:
    """The words a contact history's channel column may use for ``channel``: its id, its name and
    the parts of its name (``"Puhelin · Phone"``), and its kind in each language.

    >>> from planner.scenario import Channel
    >>> channel_names(Channel(id="p", kind="phone", name="Asiakaspalvelu · Phone", volume_per_week=1, aht_s=60))
    ('p', 'Asiakaspalvelu · Phone', 'Asiakaspalvelu', 'Phone', 'phone', 'Puhelin')
    """
    names = [channel.id, channel.name or "", *re.split(r"\s*[·|/]\s*", channel.name or ""), channel.kind,
             *(translate(lang, f"kind.{channel.kind}") for lang in LANGUAGES)]
    return tuple(dict.fromkeys(name for name in names if name))


def csv_summary(facts: dict, channel: str, lang: str) -> tuple[str, list[str]]:
    """What an imported CSV gave, in ``lang``: the success message (rows, weeks, volume; how the
    rows were read), and the warnings (data covering less than a full week)."""
    volume = round(float(facts["volume_per_week"]), 1)  # as the volume input takes it
    rows = facts["rows"]
    if facts["weeks"] < 1:  # a few days: their contacts, not a week's average
        words = [translate(lang, "channel.csv_done_days", channel=channel, count=rows, rows=fmt.number(rows, lang),
                           days=round(facts["weeks"] * 7), volume=_volume_text(volume, lang))]
    else:
        words = [translate(lang, "channel.csv_done", channel=channel, count=rows, rows=fmt.number(rows, lang),
                           contacts=_volume_text(round(float(facts.get("contacts", 0.0)), 1), lang),
                           days=round(facts["weeks"] * 7), weeks=fmt.number(facts["weeks"], lang, 1),
                           volume=_volume_text(volume, lang))]
        fewest, most = facts.get("weekday_times") or (0, 0)
        if fewest != most:  # then the average week is not the contacts over the weeks
            words.append(translate(lang, "channel.csv_uneven", fewest=fewest, most=most))
    if facts.get("volume_kept") is not None:
        words.append(translate(lang, "channel.csv_volume_kept", volume=_volume_text(facts["volume_kept"], lang)))
    if facts.get("channel"):
        words.append(translate(lang, "channel.csv_channel_rows", value=facts["channel"], column=facts["channel_column"],
                               rows=fmt.number(facts["rows"], lang), total=fmt.number(facts["rows_in_file"], lang)))
    if facts.get("count_index") is None:
        words.append(translate(lang, "channel.csv_as_contacts"))
    elif facts.get("count_column"):
        words.append(translate(lang, "channel.csv_as_counts", column=facts["count_column"]))
    else:
        words.append(translate(lang, "channel.csv_as_counts_column", number=facts["count_index"] + 1))
    if facts.get("spread_min"):
        words.append(translate(lang, "channel.csv_spread", step=facts["spread_min"]))
    if facts.get("volume_set") is not None and facts["volume_set"] != volume and not _repeats_exceed(facts):
        set_ = facts["volume_set"]
        words.append(translate(lang, "channel.csv_repeats", repeats=fmt.number(volume - set_, lang, 1),
                               volume=_volume_text(set_, lang)))
    return " ".join(words), _csv_warnings(facts, channel, lang)


def _volume_text(volume: float, lang: str) -> str:
    """A weekly volume as the volume input shows it: whole, or to the tenth."""
    return fmt.number(volume, lang, 0 if float(volume).is_integer() else 1)


def _repeats_exceed(facts: dict) -> bool:
    """Whether the repeats the other channels send exceed the history (the volume set is 0)."""
    return facts.get("volume_set") is not None and facts["repeats"] > facts["volume_per_week"] + 0.05


def _csv_warnings(facts: dict, channel: str, lang: str) -> list[str]:
    warnings = []
    if _repeats_exceed(facts):
        warnings.append(translate(lang, "channel.csv_repeats_exceed", repeats=fmt.number(facts["repeats"], lang, 1),
                                  history=fmt.number(facts["volume_per_week"], lang, 1)))
    if facts.get("other_channel"):
        warnings.append(translate(lang, "channel.csv_other_channel", value=facts["other_channel"],
                                  column=facts["channel_column"], channel=channel))
    if facts.get("day_first_guess"):
        text, day_first, month_first = facts["day_first_guess"]
        warnings.append(translate(lang, "channel.csv_day_first_guess", example=text,
                                  day_first=_date_text(day_first, lang), month_first=_date_text(month_first, lang)))
    if facts.get("mixed_column"):
        column, values = facts["mixed_column"]
        warnings.append(translate(lang, "channel.csv_mixed", column=column, count=len(values),
                                  values=", ".join(values), channel=channel))
    if facts.get("longest_gap"):
        first, last, days = facts["longest_gap"]
        warnings.append(translate(lang, "channel.csv_gap", first=_date_text(first, lang), last=_date_text(last, lang),
                                  days=days))
    if facts["weeks"] < 1:  # calendar days: then some weekdays have no data
        names = ", ".join(fmt.weekday(day, lang, long=True) for day in facts.get("missing_days") or [])
        warnings.append(translate(lang, "channel.csv_short_days", count=round(facts["weeks"] * 7), missing=names))
    return warnings


def _date_text(iso: str, lang: str) -> str:
    """A date (``YYYY-MM-DD``) with its weekday, as ``lang`` writes it.

    >>> _date_text("2026-12-11", "fi"), _date_text("2026-12-11", "en")
    ('perjantai 11.12.2026', 'Friday 11 December 2026')
    """
    day = date.fromisoformat(iso)
    weekday = fmt.weekday(day.weekday(), lang, long=True)
    if lang == "fi":
        return f"{weekday} {day.day}.{day.month}.{day.year}"
    return f"{weekday} {day.day} {calendar.month_name[day.month]} {day.year}"


# chats handled at once -> how many chats' worth of work an agent gets through, against one at a time
# (Call Centre Helper, in shared/reference/finland_defaults.md): 2 -> 1.7, 3 -> 2.5
EFFECTIVE_CONCURRENCY = {2: 1.7, 3: 2.5}


def resize_aht(aht_levels: list[float], concurrency: int) -> list[float]:
    """Handling times for a new chat concurrency: keep the levels given; a new level k takes
    k x the first level / its effective concurrency (never less than the level before it),
    beyond three the last step again.

    >>> resize_aht([600.0], 3), resize_aht([600.0, 706.0], 1), resize_aht([600.0, 800.0], 3)
    ([600.0, 706.0, 720.0], [600.0], [600.0, 800.0, 800.0])
    >>> resize_aht([600.0, 706.0, 720.0], 4)
    [600.0, 706.0, 720.0, 734.0]
    """
    levels = [float(v) for v in aht_levels] or [600.0]
    while len(levels) < concurrency:
        k = len(levels) + 1
        if k in EFFECTIVE_CONCURRENCY:
            level = round(k * levels[0] / EFFECTIVE_CONCURRENCY[k])
        else:
            level = levels[-1] + (levels[-1] - levels[-2])
        levels.append(float(max(level, levels[-1])))
    return levels[:concurrency]
