"""Contact curves on the week's interval grid, and CSV import of past contacts.

The grid is one week, Monday 00:00 first, ``interval_min`` in {15, 30, 60};
index i covers ``[i*interval_min, (i+1)*interval_min)`` minutes from Monday
00:00. A channel's curve is a shape (a built-in profile, typed-in shares, or a
table) scaled so that it sums to the channel's weekly volume: the volume is
kept. Contacts that arrive while the channel is closed are counted as missed,
not dropped.

Examples
--------
>>> from planner.scenario import default_scenario
>>> s = default_scenario()
>>> d = channel_demand(s.channels[0], s)
>>> round(float(d.forecast.sum()), 6) == round(s.channels[0].volume_per_week, 6)
True
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from planner.export.fmt import WEEKDAYS, WEEKDAYS_LONG
from planner.scenario import DAYS, Channel, Curve, Problem, Scenario, Span, WeekHours, clock_to_min

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
MIXED_MOST = 6  # a text column with 2 to this many values may tell channels (or queues) apart: pointed out
GAP_WARN_DAYS = 7  # a CSV's run of this many days without rows is pointed out: likely data missing, not a quiet week
MAX_CSV_BYTES = 5_000_000  # the app's upload limit (.streamlit/config.toml); a year of hourly counts is ~0.2 MB

# --- Built-in profiles ------------------------------------------------------
# Relative weights; each is normalised before use. Sources and estimates:
# shared/reference/finland_defaults.md ("When contacts arrive (web shops)").


def _block(hours: dict[range, list[float]], totals: dict[range, float]) -> np.ndarray:
    """24 hourly weights: each block of hours gets its shape scaled to its total."""
    day = np.zeros(24)
    for block, shape in hours.items():
        shape = np.asarray(shape, float)
        day[block.start : block.stop] = shape / shape.sum() * totals[block]
    return day


# Web shop [E]: 30 % of volume outside Mon-Fri 8-17 (18 % weekday evenings
# 17-22, 12 % weekends), daily peaks 10-12 and 19-21, Monday +20 %, Sunday the
# busiest weekend day (Klarna).
_WEB_WEEKDAY_SHARES = np.array([1.2, 1.0, 1.0, 1.0, 1.0, 5.5 / 88 * 5.2, 6.5 / 88 * 5.2])
_WEB_DAY = _block(
    {range(8, 17): [0.8, 1.0, 1.4, 1.4, 1.0, 1.0, 1.0, 0.9, 0.8], range(17, 22): [0.8, 0.9, 1.3, 1.4, 0.9]},
    {range(8, 17): 70.0, range(17, 22): 18.0},
)
_WEB_WEEKEND_DAY = _block(
    {range(9, 23): [0.5, 0.9, 1.1, 1.0, 0.9, 0.9, 0.9, 0.9, 1.0, 1.1, 1.4, 1.4, 1.0, 0.6]},
    {range(9, 23): 1.0},
)
# Office hours [E]: weekdays 8-17 with peaks 9-11 and 13-15; a trickle on weekends.
_OFFICE_DAY = _block(
    {range(8, 17): [0.8, 1.3, 1.3, 1.0, 0.8, 1.2, 1.1, 0.9, 0.6]},
    {range(8, 17): 1.0},
)
# Round the clock [E]: every day alike, evening peak, night trough.
_ROUND_DAY = np.array(
    [0.5, 0.35, 0.25, 0.2, 0.2, 0.25, 0.4, 0.7, 1.0, 1.2, 1.3, 1.3, 1.2, 1.2, 1.2, 1.2, 1.2, 1.3, 1.5, 1.7, 1.8, 1.6,
     1.2, 0.8]
)

PROFILES: dict[str, dict] = {
    "web_shop_evening": {
        "weekday_shares": _WEB_WEEKDAY_SHARES,
        "hourly": {"weekday": _WEB_DAY, "saturday": _WEB_WEEKEND_DAY, "sunday": _WEB_WEEKEND_DAY},
    },
    "office_hours": {
        "weekday_shares": np.array([1.2, 1.0, 1.0, 1.0, 0.9, 0.0, 0.0]),
        "hourly": {"weekday": _OFFICE_DAY, "saturday": _OFFICE_DAY, "sunday": _OFFICE_DAY},
    },
    "round_the_clock": {
        "weekday_shares": np.array([1.1, 1.0, 1.0, 1.0, 1.0, 0.9, 1.0]),
        "hourly": {"weekday": _ROUND_DAY, "saturday": _ROUND_DAY, "sunday": _ROUND_DAY},
    },
}


def _day_type(day: int) -> str:
    return "weekday" if day < 5 else ("saturday" if day == 5 else "sunday")


def hour_of_week_shape(curve: Curve) -> np.ndarray:
    """168 hour-of-week weights (Monday 00-01 first) of a profile curve, summing to 1."""
    profile = PROFILES[curve.profile]
    shares = np.asarray(curve.weekday_shares if curve.weekday_shares is not None else profile["weekday_shares"], float)
    hourly = {**profile["hourly"], **{k: np.asarray(v, float) for k, v in (curve.hourly or {}).items()}}
    days = []
    for day in range(7):
        shape = np.asarray(hourly[_day_type(day)], float)
        total = shape.sum()
        days.append(shape / total * shares[day] if total > 0 else np.zeros(24))
    week = np.concatenate(days)
    if week.sum() <= 0:
        raise ValueError("curve: the weekday shares and hourly shapes give no contacts at all; raise a weight")
    return week / week.sum()


def resample(values: np.ndarray, intervals: int) -> np.ndarray:
    """Weights on a week of ``len(values)`` slots moved to ``intervals`` slots, total kept.

    >>> resample(np.array([2.0] * 168), 336)[:2].tolist()
    [1.0, 1.0]
    """
    values = np.asarray(values, float)
    if len(values) == intervals:
        return values.copy()
    if intervals % len(values) == 0:
        factor = intervals // len(values)
        return np.repeat(values / factor, factor)
    if len(values) % intervals == 0:
        return values.reshape(intervals, -1).sum(axis=1)
    raise ValueError(f"cannot move {len(values)} weekly slots to {intervals} intervals")


def curve_shape(curve: Curve, interval_min: int) -> np.ndarray:
    """The curve's weights on the grid, summing to 1."""
    intervals = MINUTES_PER_WEEK // interval_min
    values = np.asarray(curve.table, float) if curve.table is not None else hour_of_week_shape(curve)
    shape = resample(values, intervals)
    return shape / shape.sum()


@dataclass(frozen=True)
class CurveSource:
    """What a curve is, for the documents and the UI to name it.

    ``kind`` is "profile" (a built-in profile as it is), "adjusted" (a profile with
    its own ``parts``: "weekday_shares" and/or "hourly", in that order) or "table"
    (weights on the week, imported from a CSV history or typed in; ``profile`` is
    then None).
    """

    kind: str
    profile: str | None
    parts: tuple[str, ...] = ()


def curve_source(curve: Curve) -> CurveSource:
    """What ``curve`` is: a built-in profile, a profile adjusted with its own weekday shares
    and/or hourly weights, or a table.

    >>> curve_source(Curve(profile="office_hours"))
    CurveSource(kind='profile', profile='office_hours', parts=())
    >>> curve_source(Curve(profile="office_hours", weekday_shares=(1, 1, 1, 1, 1, 0, 0)))
    CurveSource(kind='adjusted', profile='office_hours', parts=('weekday_shares',))
    >>> curve_source(Curve(table=(1.0,) * 168))
    CurveSource(kind='table', profile=None, parts=())
    """
    if curve.table is not None:
        return CurveSource("table", None)
    own = {"weekday_shares": curve.weekday_shares is not None, "hourly": bool(curve.hourly)}
    parts = tuple(part for part, is_own in own.items() if is_own)
    return CurveSource("adjusted" if parts else "profile", curve.profile, parts)


def open_mask(open_hours: WeekHours, interval_min: int) -> np.ndarray:
    """True for each interval whose start falls inside the day's open span.

    A span whose end is before its start runs past midnight; Sunday's runs on
    into Monday (the week wraps).
    """
    starts = np.arange(0, MINUTES_PER_WEEK, interval_min)
    mask = np.zeros(len(starts), bool)
    for day, span in enumerate(open_hours):
        if span is None:
            continue
        begin, end = span_minutes(span)
        offset = (starts - (day * 1440 + begin)) % MINUTES_PER_WEEK
        mask |= offset < end - begin
    return mask


def grid_reading(open_hours: WeekHours, interval_min: int) -> list[tuple[int, str, str]]:
    """Each opening or closing time of ``open_hours`` off the grid of ``interval_min``, with the
    time it is read as: (day, as written, as read). :func:`open_mask` opens an interval when its
    start is inside the span, so both are read as the next time on the grid.

    >>> grid_reading((Span(start="08:30", end="21:15"), None, Span(start="09:00", end="17:00"), None, None,
    ...               Span(start="10:00", end="23:45"), None), 60)
    [(0, '08:30', '09:00'), (0, '21:15', '22:00'), (5, '23:45', '00:00')]
    """
    read = []
    for day, span in enumerate(open_hours):
        for clock in (span.start, span.end) if span is not None else ():
            minute = clock_to_min(clock)
            on_grid = -(-minute // interval_min) * interval_min
            if on_grid != minute:
                read.append((day, clock, f"{on_grid % 1440 // 60:02d}:{on_grid % 60:02d}"))
    return read


def span_minutes(span: Span) -> tuple[int, int]:
    """(start, end) minutes after the day's midnight; end > start, up to 2880."""
    begin, end = clock_to_min(span.start), clock_to_min(span.end)
    return begin, end if end > begin else end + 1440


def interval_labels(interval_min: int) -> list[str]:
    """["Mon 00:00", "Mon 00:30", ...] for the grid."""
    return [
        f"{DAYS[m // 1440]} {m % 1440 // 60:02d}:{m % 60:02d}" for m in range(0, MINUTES_PER_WEEK, interval_min)
    ]


@dataclass(frozen=True)
class ChannelDemand:
    """A channel's contacts per interval over the week.

    Attributes
    ----------
    forecast : contacts arriving per interval, open or closed [contacts]
    open : whether the channel is open in the interval
    offered : contacts arriving while open [contacts]
    missed_closed : contacts arriving while closed [contacts]
    deflected_per_week : contacts resolved by self-service before an agent [contacts/week]
    """

    channel_id: str
    forecast: np.ndarray
    open: np.ndarray
    deflected_per_week: float

    @property
    def offered(self) -> np.ndarray:
        return np.where(self.open, self.forecast, 0.0)

    @property
    def missed_closed(self) -> np.ndarray:
        return np.where(self.open, 0.0, self.forecast)

    def rate_per_h(self, interval_min: int) -> np.ndarray:
        """Arrival rate while open [contacts/h]."""
        return self.offered * 60.0 / interval_min


def all_missed_closed(contacts_per_week: float, missed_closed_per_week: float) -> bool:
    """Whether a channel's contacts all arrive while it is closed (its curve has none in its
    opening hours): its service level is then of no contacts.

    >>> all_missed_closed(400.0, 400.0), all_missed_closed(400.0, 15.0), all_missed_closed(0.0, 0.0)
    (True, False, False)
    """
    return missed_closed_per_week > 0.05 and missed_closed_per_week >= contacts_per_week - 0.05


def weekly_contacts(channel: Channel, scenario: Scenario) -> tuple[float, float]:
    """(contacts reaching agents, contacts deflected) per week after the demand levers.

    Season multiplies the volume; deflection removes its share before an agent;
    contacts not resolved at first contact come back (a geometric series, so
    the total is volume / first_contact_resolution).
    """
    arriving = channel.volume_per_week * scenario.demand_factor
    deflected = arriving * channel.deflection.share
    reaching = arriving - deflected
    if channel.first_contact_resolution < 1:
        reaching = reaching / max(channel.first_contact_resolution, 1e-9)
    return reaching, deflected


def channel_demand(channel: Channel, scenario: Scenario) -> ChannelDemand:
    """The channel's forecast on the scenario's grid."""
    reaching, deflected = weekly_contacts(channel, scenario)
    forecast = curve_shape(channel.curve, scenario.interval_min) * reaching
    return ChannelDemand(
        channel_id=channel.id,
        forecast=forecast,
        open=open_mask(channel.open_hours, scenario.interval_min),
        deflected_per_week=deflected,
    )


# --- CSV import -------------------------------------------------------------
#
# A history as a phone system, a chat tool or a spreadsheet exports it: one row
# per contact (its time), or one row per period (its start and a count). The
# columns are found by their names in Finnish or English and, failing that, by
# what their data looks like. Names are compared without case and accents.

LOCAL_ZONE = "Europe/Helsinki"  # a time with a UTC offset is moved here; one without is read as local time
LISTED_BAD_ROWS = 5  # a refused file's message names this many rows that cannot be read, and counts the rest
REGULAR_STEPS_MIN = (15, 30, 60)  # count rows at one of these steps are spread evenly over their step [min]
_SAMPLE_ROWS = 50  # data rows looked at to tell what a column holds
# The most contacts a scenario's channel may have in a whole week (the bound on Channel.volume_per_week,
# planner/scenario.py). One row's count above it cannot be history, only a typo (a digit too many) or a
# column that is not a count; an average week above it is refused too, as the scenario would refuse it.
MAX_CONTACTS_PER_WEEK = next(m.le for m in Channel.model_fields["volume_per_week"].metadata if hasattr(m, "le"))

_TIME_NAMES = frozenset({
    "timestamp", "time stamp", "time", "datetime", "date time", "date and time", "date", "day", "created at",
    "created", "start", "start time", "started", "interval", "interval start", "period", "period start", "when",
    "arrival time", "received at", "aika", "aikaleima", "ajankohta", "hetki", "pvm", "paivamaara", "paiva",
    "paivays", "pvm ja aika", "paivamaara ja aika", "alkuaika", "alkoi", "alku", "saapumisaika", "saapunut", "luotu",
    "jakso", "aikavali", "klo", "kello", "kellonaika", "tunti", "hour",
})
_HOUR_NAMES = frozenset({"hour", "hour of day", "h", "tunti", "klo", "kello", "kellonaika"})  # may hold whole hours
_CLOCK_NAMES = frozenset({"time", "time of day", "hour", "start time", "klo", "kello", "kellonaika", "aika", "tunti",
                          "alkuaika"})
_COUNT_WORDS = frozenset({
    "count", "counts", "contacts", "calls", "chats", "volume", "n", "amount", "number", "total", "offered", "arrivals",
    "arrived", "incoming", "inbound", "received", "tickets", "cases", "emails", "messages", "conversations",
    "sessions", "qty", "quantity", "sum", "maara", "lukumaara", "lkm", "kpl", "puhelut", "puheluita", "puhelua",
    "puhelumaara", "yhteydenotot", "yhteydenottoja", "yhteydenottoa", "yhteydenottomaara", "kontaktit", "kontakteja",
    "chatit", "chatteja", "chattia", "viestit", "viesteja", "tiketit", "saapuneet", "tulleet", "yhteensa", "summa",
    "tarjotut", "vastaanotetut",
})
# Words of a column that measures something else (a duration, an id): never a count, even if numeric.
_OTHER_WORDS = frozenset({
    "duration", "kesto", "aht", "handle", "handling", "talk", "wait", "waiting", "time", "aika", "seconds", "sec",
    "s", "min", "minutes", "id", "tunnus", "average", "avg", "mean", "keskiarvo", "ka", "odotus", "jonotus",
    "jonoaika", "puheaika", "kasittelyaika", "sekuntia", "minuuttia", "agent", "agentti",
})
_CHANNEL_NAMES = frozenset({"channel", "channel name", "channel type", "contact type", "media", "medium", "kanava",
                            "kanavat", "kanavatyyppi", "yhteyskanava", "palvelukanava", "yhteystapa"})

_DATE = (r"(?:(?P<y>\d{4})[-/](?P<mo>\d{1,2})[-/](?P<d>\d{1,2})"
         r"|(?P<d2>\d{1,2})[./](?P<mo2>\d{1,2})[./](?P<y2>\d{4}|\d{2}))")
_CLOCK = r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2})(?:[.,]\d+)?)?(?:\s*(?P<ap>[ap])\.?m\.?)?"
_ZONE = r"(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)"
_STAMP = re.compile(rf"{_DATE}(?:(?:T|\s+)(?:klo\s+)?{_CLOCK}(?:\s*{_ZONE})?)?", re.IGNORECASE)
_CLOCK_ONLY = re.compile(rf"(?:klo\s+)?{_CLOCK}", re.IGNORECASE)
_GROUPING = re.compile(r"(?<=\d)[ \u00a0\u202f'](?=\d{3}(?!\d))")


class CsvImportError(ValueError):
    """A CSV of past contacts that cannot be read; the message says the row and the fix.
    ``problem`` is that message as a :class:`~planner.scenario.Problem` (the UI says it in Finnish too);
    ``problems`` every one to show: the first rows that cannot be read (up to
    :data:`LISTED_BAD_ROWS`) and how many more there are."""

    def __init__(self, where: str, key: str, **values) -> None:
        self.problem = Problem.of(where, key, **values)
        self.problems: tuple[Problem, ...] = (self.problem,)
        super().__init__(str(self.problem))


@dataclass(frozen=True)
class CsvHistory:
    """Past contacts averaged over the time the data covers.

    Attributes
    ----------
    per_interval : mean contacts per interval of the week on the grid [contacts]
    volume_per_week : their sum [contacts/week]
    weeks : the calendar days the data spans, from its first row's to its last row's [weeks]
    contacts : the contacts of the rows read, in all [contacts]
    weekday_times : (fewest, most) times the data holds a day of the week (some of it): a weekday
        held twice is averaged over its two days, one held once is that day's
    rows : data rows read (of this channel when the file has several)
    rows_in_file : data rows in the file
    count_column : the header of the column the counts came from ("" without a header);
        None when each row is one contact
    count_index : that column's position, 0 first; None when each row is one contact
    spread_min : the step of count rows coarser than the grid, each count spread evenly over it [min];
        None when not spread
    missing_days : weekdays (0 Monday) with no data at all; their contacts are 0 in the curve
    channel_column : the header of the channel column; None without one
    channel : the value(s) whose rows were read when the file had several channels; None otherwise
    other_channel : the file's one channel value when it does not name the channel being edited
        (the file may be another channel's); None otherwise
    day_first_guess : when every date has slashes and reads both ways (11/12/2026), the first that
        reads as another day month first: (its text, day first, month first as YYYY-MM-DD); read
        day first. None otherwise
    longest_gap : the longest run of days without rows between the first row's and the last's, if
        of :data:`GAP_WARN_DAYS` or more: (its first and last day as YYYY-MM-DD, its days); its
        days count as days without contacts. None otherwise
    mixed_column : a column of text other than the channel column (a queue, say) with 2 to
        :data:`MIXED_MOST` values, all of whose rows were read: (its header, its values). None otherwise
    """

    per_interval: np.ndarray
    volume_per_week: float
    weeks: float
    rows: int
    contacts: float = 0.0
    weekday_times: tuple[int, int] = (0, 0)
    rows_in_file: int = 0
    count_column: str | None = None
    count_index: int | None = None
    spread_min: int | None = None
    missing_days: tuple[int, ...] = ()
    channel_column: str | None = None
    channel: str | None = None
    other_channel: str | None = None
    day_first_guess: tuple[str, str, str] | None = None
    longest_gap: tuple[str, str, int] | None = None
    mixed_column: tuple[str, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class _Columns:
    """Where a row's parts are (cell positions, 0 first; None: not in the file) and the header as written."""

    time: int
    clock: int | None = None
    count: int | None = None
    channel: int | None = None
    header: tuple[str, ...] = ()
    clock_hours: bool = False  # the clock column holds whole hours (0-23), named as an hour


def read_contacts_csv(source: str | Path | bytes, interval_min: int, channel_names: Sequence[str] = ()) -> CsvHistory:
    """Read past contacts: one time per row, or a time and a count per row.

    The first row may be a header naming the columns (``aika;määrä``,
    ``Pvm;Klo;Puhelut``, ``timestamp,count``, ``Date,Time,Calls``); without
    one the columns are told by their data. A date and a time may be in two
    columns. Separators ``;``, ``,`` and tab are read; UTF-8, UTF-16 (Excel's
    "Unicode text") and Windows-1252. A time without a UTC offset is local
    time; one with an offset (``Z``, ``+02:00``, ``UTC``) is moved to
    :data:`LOCAL_ZONE`. Count rows at a regular step coarser than the grid
    (hourly rows on a 30-minute grid) are spread evenly over the step. Each
    interval of the week is averaged over the times the data covers it, from
    the first row's interval to the last row's. When a channel column has
    several values, only the rows of ``channel_names`` (this channel's id and
    names) are read. A count that is not a number from 0 to
    :data:`MAX_CONTACTS_PER_WEEK`, or an average week over that, is refused.

    Raises
    ------
    CsvImportError
        With the row (the file's line number) and the fix.

    Examples
    --------
    >>> text = "Pvm;Klo;Puhelut\\n2.11.2026;09:00;4\\n2.11.2026;10:00;2\\n"
    >>> h = read_contacts_csv(text.encode(), 30)
    >>> h.per_interval[18:22].tolist(), h.count_column, h.spread_min
    ([2.0, 2.0, 1.0, 1.0], 'Puhelut', 60)
    """
    rows = _table(_csv_text(_read_csv_bytes(source)))
    if not rows:
        raise CsvImportError("file", "csv_empty")
    columns, first = _find_columns(rows)
    data, channel, other_channel = _channel_rows(rows[first:], columns, channel_names)
    minutes, counts = _read_rows(data, columns)
    day_first_guess = _check_day_first(data, columns)
    step_min = _regular_step_min(minutes) if columns.count is not None else None
    spread_min = step_min if step_min and step_min > interval_min else None
    per_interval, seen = _average_week(minutes, counts, interval_min, step_min)
    per_day = seen.reshape(7, -1).sum(axis=1)
    times = seen.reshape(7, -1).max(axis=1)
    volume_per_week = float(per_interval.sum())
    volume = round(volume_per_week, 1)  # as the volume input takes it
    if volume > MAX_CONTACTS_PER_WEEK:  # many large rows, each under the row limit
        # not a csv_ key: its values are the reader's numbers, written the language's way
        written = f"{volume:.0f}" if volume.is_integer() else f"{volume:.1f}"
        raise CsvImportError("file", "history_over_limit", volume=written, limit=str(MAX_CONTACTS_PER_WEEK))
    return CsvHistory(
        per_interval=per_interval, volume_per_week=volume_per_week, rows=len(data),
        weeks=_covered_weeks(minutes, step_min), contacts=float(counts.sum()),
        weekday_times=(int(times.min()), int(times.max())), rows_in_file=len(rows) - first,
        count_column=None if columns.count is None else _header_cell(columns, columns.count),
        count_index=columns.count, spread_min=spread_min,
        missing_days=tuple(int(day) for day in np.flatnonzero(per_day == 0)),
        channel_column=None if columns.channel is None else _header_cell(columns, columns.channel), channel=channel,
        other_channel=other_channel, day_first_guess=day_first_guess, longest_gap=_longest_gap(minutes),
        mixed_column=_mixed_column(data, columns),
    )


# --- Reading the file ---


def _read_csv_bytes(source: str | Path | bytes) -> bytes:
    """The file's bytes; a file is read no further than its size limit."""
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        with Path(source).open("rb") as handle:
            data = handle.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise CsvImportError("file", "csv_over_limit")
    return data


def _csv_text(raw: bytes) -> str:
    """The file as text: UTF-16 (Excel's "Unicode text", with a byte-order mark or plainly
    two bytes a character), UTF-8 (with or without a byte-order mark), else Windows-1252,
    the encoding a spreadsheet in Finnish or English saves a CSV in."""
    for encoding in _encodings(raw):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            position = exc.start
            continue
        if "\x00" in text:
            position = text.index("\x00")
            break
        return text
    raise CsvImportError("file", "csv_not_text", byte=str(position))


def _encodings(raw: bytes) -> tuple[str, ...]:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ("utf-16",)
    head = raw[:1000]
    if len(head) >= 4 and head[1::2].count(0) > 0.9 * len(head[1::2]):
        return ("utf-16-le",)
    if len(head) >= 4 and head[0::2].count(0) > 0.9 * len(head[0::2]):
        return ("utf-16-be",)
    return ("utf-8-sig", "cp1252")


EXCEL_SEPARATOR = re.compile(r"\s*sep=(.)\s*$")  # Excel's first line naming the separator, e.g. "sep=;"


def _table(text: str) -> list[tuple[int, list[str]]]:
    """(line number in the file, cells) of each row with any text; a line ends in LF, CRLF or CR.
    A first line ``sep=;`` (Excel writes it) names the separator and is no row."""
    first, _, rest = text.partition("\n")
    named = EXCEL_SEPARATOR.match(first.rstrip("\r"))
    delimiter = named.group(1) if named else _delimiter(text)
    reader = csv.reader(io.StringIO(rest if named else text, newline=None), delimiter=delimiter)
    rows, line = [], 1 if named else 0
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((line + 1, cells))
            line = reader.line_num + (1 if named else 0)
    except csv.Error:
        raise CsvImportError(f"row {reader.line_num}" if reader.line_num else "file", "csv_unreadable") from None
    return rows


def _delimiter(text: str) -> str:
    """Tab, ``;`` or ``,``: the one the first line has most of; a tie goes to that order (a
    Finnish ``2.11.2026 9:00;1,5`` is semicolon-separated with a decimal comma)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in "\t;,"}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


# --- Finding the columns ---


@functools.lru_cache(maxsize=4096)
def _name(cell: str) -> str:
    """A header or a value to compare: lower case, no accents, words split by anything else.

    >>> _name(" Määrä (kpl) "), _name("created_at")
    ('maara kpl', 'created at')
    """
    text = unicodedata.normalize("NFKD", cell.strip().lstrip("\ufeff").casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _find_columns(rows: list[tuple[int, list[str]]]) -> tuple[_Columns, int]:
    """The columns, and the index in ``rows`` of the first data row (after the header, if any)."""
    cells = rows[0][1]
    header = not any(_read_stamp(c) or _number(c) is not None for c in cells)
    sample = [row for _, row in rows[int(header):][:_SAMPLE_ROWS]]
    if not sample:
        raise CsvImportError("file", "csv_empty")
    width = max(len(row) for row in [cells, *sample])
    names = [_name(cells[i]) if header and i < len(cells) else "" for i in range(width)]
    values = [[row[i].strip() for row in sample if i < len(row) and row[i].strip()] for i in range(width)]
    time, clock = _time_columns(names, values, header)
    hours = clock is not None and _read_clock(values[clock][0]) is None  # found by its name, as whole hours
    if time is None:
        raise CsvImportError("file", "csv_unknown_header", columns=", ".join(c.strip() for c in cells if c.strip()))
    channel = next((i for i, n in enumerate(names) if n in _CHANNEL_NAMES and i != time), None)
    count = _count_column(names, values, skip=(time, clock, channel))
    return _Columns(time, clock, count, channel, tuple(cells) if header else (), hours), int(header)


def _time_columns(names: list[str], values: list[list[str]], header: bool) -> tuple[int | None, int | None]:
    """(the column with the date and time, or the date; a separate clock column or None)."""
    stamps = [i for i, found in enumerate(values) if _first_stamp(found, clock=True)]
    if stamps:
        return _preferred(stamps, names, _TIME_NAMES), None
    dates = [i for i, found in enumerate(values) if _first_stamp(found, clock=False)]
    if dates:
        date = _preferred(dates, names, _TIME_NAMES)
        clocks = [i for i, found in enumerate(values) if i != date and found and not _is_count_name(names[i])
                  and (header or i == date + 1)
                  and _read_clock(found[0], hours=names[i] in _HOUR_NAMES) is not None]
        return date, _preferred(clocks, names, _CLOCK_NAMES) if clocks else None
    named = [i for i, n in enumerate(names) if n in _TIME_NAMES]  # its rows will say why they are not times
    return (named[0] if named else (None if header else 0)), None


def _first_stamp(values: list[str], clock: bool) -> bool:
    found = _read_stamp(values[0]) if values else None
    return found is not None and found[1] == clock


def _preferred(candidates: list[int], names: list[str], preferred: frozenset[str]) -> int:
    return next((i for i in candidates if names[i] in preferred), candidates[0])


def _count_column(names: list[str], values: list[list[str]], skip: tuple) -> int | None:
    """The column named as a count; else the one other column whose data is numeric (not a
    duration or an id); else None (each row is one contact)."""
    others = [i for i in range(len(names)) if i not in skip]
    named = [i for i in others if _is_count_name(names[i])]
    if named:
        return named[0]
    numeric = [i for i in others if values[i] and not set(names[i].split()) & _OTHER_WORDS
               and all(_number(v) is not None for v in values[i])]
    return numeric[0] if len(numeric) == 1 else None


def _is_count_name(name: str) -> bool:
    words = set(name.split())
    return bool(words & _COUNT_WORDS) and not words & _OTHER_WORDS


def _header_cell(columns: _Columns, index: int) -> str:
    return columns.header[index].strip().lstrip("\ufeff") if index < len(columns.header) else ""


def _channel_rows(rows: list[tuple[int, list[str]]], columns: _Columns,
                  wanted: Sequence[str]) -> tuple[list[tuple[int, list[str]]], str | None, str | None]:
    """The rows of the channel being edited when the channel column has several values; the values
    read then; and the file's one channel value when it does not name the channel being edited."""
    if columns.channel is None:
        return rows, None, None
    found: dict[str, str] = {}
    for _, cells in rows:
        value = _cell(cells, columns.channel)
        if value:
            found.setdefault(_name(value), value)
    names = {_name(name) for name in wanted if name}
    matched = [key for key in found if key in names]
    if len(found) <= 1:
        return rows, None, next(iter(found.values())) if found and names and not matched else None
    if not matched:
        listed = ", ".join(sorted(found.values(), key=str.casefold)[:12]) + (", …" if len(found) > 12 else "")
        raise CsvImportError("file", "csv_channels", column=_header_cell(columns, columns.channel), values=listed)
    kept = [(line, cells) for line, cells in rows if _name(_cell(cells, columns.channel)) in matched]
    return kept, ", ".join(found[key] for key in matched), None


def _mixed_column(rows: list[tuple[int, list[str]]], columns: _Columns) -> tuple[str, tuple[str, ...]] | None:
    """The first named column of text (not the time, clock, count or channel column, nor one
    named as an id, agent or duration, nor one of weekday names) whose rows hold 2 to
    :data:`MIXED_MOST` values: its header and values. Its rows were all read, so the user
    should know it may tell channels apart."""
    used = {columns.time, columns.clock, columns.count, columns.channel}
    for i, cell in enumerate(columns.header):
        name = _name(cell)
        if i in used or not name or set(name.split()) & _OTHER_WORDS:
            continue
        values: dict[str, str] = {}
        for _, cells in rows:
            value = _cell(cells, i)
            if value and _number(value) is None:
                values.setdefault(_name(value), value)
            if len(values) > MIXED_MOST:
                break
        if 2 <= len(values) <= MIXED_MOST and not set(values) <= _WEEKDAY_NAMES:
            return _header_cell(columns, i), tuple(sorted(values.values(), key=str.casefold))
    return None


_WEEKDAY_NAMES = frozenset(_name(day) for names in (*WEEKDAYS.values(), *WEEKDAYS_LONG.values()) for day in names)


# --- Reading the rows ---


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _read_rows(rows: list[tuple[int, list[str]]], columns: _Columns) -> tuple[np.ndarray, np.ndarray]:
    """(each row's minute from Monday 0001-01-01 00:00, each row's contacts)."""
    minutes, counts, with_clock, bad, both_ways = [], [], False, [], None
    for line, cells in rows:
        try:
            stamp, has_clock = _row_time(cells, columns, line)
            count = _parse_count(cells, columns.count, line)
        except CsvImportError as error:  # read on: the message lists the first few and counts the rest
            bad.append(error)
            continue
        minutes.append((stamp.toordinal() - 1) * 1440 + stamp.hour * 60 + stamp.minute)
        counts.append(count)
        with_clock = with_clock or has_clock
        written = _cell(cells, columns.time)
        if both_ways is None and stamp.day != stamp.month and "/" in written and (us := _month_first(written)):
            both_ways = (written[:40], f"{stamp.day}.{stamp.month}.{stamp.year}", us[0])
    if bad:
        more = len(bad) - LISTED_BAD_ROWS
        bad[0].problems = tuple(error.problem for error in bad[:LISTED_BAD_ROWS]) + (
            (Problem.of("file", "csv_more_bad_rows", count=more),) if more > 0 else ())
        if both_ways and any(error.problem.key == "csv_month_first" for error in bad):
            # the rows read are month first too: a user who corrects only the rows listed gets them wrong
            example, wrong, right = both_ways
            bad[0].problems += (Problem.of("file", "csv_other_month_first", example=example, wrong=wrong,
                                           right=right.split()[0]),)
        raise bad[0]
    if not rows:
        raise CsvImportError("file", "csv_empty")
    if not with_clock:
        raise CsvImportError("file", "csv_date_only", got=_cell(rows[0][1], columns.time)[:40])
    return np.asarray(minutes, np.int64), np.asarray(counts, float)


def _row_time(cells: list[str], columns: _Columns, line: int) -> tuple[datetime, bool]:
    """The row's local date and time, and whether it had a time of day."""
    text = _cell(cells, columns.time)
    if columns.clock is not None:
        clock = _cell(cells, columns.clock)
        found, minute = _read_stamp(text), _read_clock(clock, hours=columns.clock_hours)
        if found is None or minute is None:
            raise _time_error(line, text, f"{text} {clock}".strip())
        return found[0] + timedelta(minutes=minute), True
    if not text:
        raise CsvImportError(f"row {line}", "csv_no_time")
    found = _read_stamp(text)
    if found is None:
        raise _time_error(line, text, text)
    return found


def _check_day_first(rows: list[tuple[int, list[str]]], columns: _Columns) -> tuple[str, str, str] | None:
    """Refuse dates with slashes that are far more plausible month first: every day and month
    12 or less (so day first reads them without error), spread over months day first but
    over days month first (a US week, 11/2/2026 to 11/8/2026, read day first is 11 February
    to 11 August). When every date reads both ways but is not refused, return the first
    that reads as another day month first: (its text, its date day first, month first, as
    ``YYYY-MM-DD``), for the user to check; None otherwise.

    >>> _check_day_first([(2, ["11/12/2026 10:00"])], _Columns(time=0))
    ('11/12/2026 10:00', '2026-12-11', '2026-11-12')
    >>> _check_day_first([(2, ["13/12/2026 10:00"])], _Columns(time=0)) is None
    True
    """
    day_first, month_first, guess = [], [], None
    for _, cells in rows:
        text = _cell(cells, columns.time)
        match = _STAMP.fullmatch(text)
        if match is None or match["d2"] is None or "/" not in match[0]:
            return None
        year = int(match["y2"]) + (2000 if int(match["y2"]) < 100 else 0)
        try:
            month_first.append(datetime(year, int(match["d2"]), int(match["mo2"])).toordinal())
        except ValueError:
            return None
        day_first.append(datetime(year, int(match["mo2"]), int(match["d2"])).toordinal())
        if guess is None and day_first[-1] != month_first[-1]:
            guess = (text, *(date.fromordinal(day[-1]).isoformat() for day in (day_first, month_first)))
    long_span, short_span = max(day_first) - min(day_first), max(month_first) - min(month_first)
    if long_span > 31 and long_span > 4 * (short_span + 1):
        first, last = (_cell(rows[i][1], columns.time) for i in (0, -1))
        day_first, year_first = _month_first(first)
        first, last = first[:20], last[:20]
        raise CsvImportError("file", "csv_dates_month_first", first=first, last=last, days=str(long_span + 1),
                             short=str(short_span + 1), day_first=day_first, year_first=year_first)
    return guess


def _time_error(line: int, text: str, got: str) -> CsvImportError:
    """A row's time that cannot be read: said as month first when its date reads only that way
    (11/28/2026), with the row's own date written as it should be."""
    us = None if _read_stamp(text) is not None else _month_first(text)
    if us is None:
        return CsvImportError(f"row {line}", "csv_time", got=got[:40])
    return CsvImportError(f"row {line}", "csv_month_first", got=got[:40], day_first=us[0], year_first=us[1])


def _month_first(text: str) -> tuple[str, str] | None:
    """A date with slashes or dots read with the month first (US: ``11/28/2026``), written day
    first and year first (its time of day too, if it has one); None if it is no such date.

    >>> _month_first("11/28/2026 10:05 PM"), _month_first("11/28/26"), _month_first("28/11/2026")
    (('28.11.2026 22:05', '2026-11-28 22:05'), ('28.11.2026', '2026-11-28'), None)
    """
    match = _STAMP.fullmatch(text.strip())
    if match is None or match["d2"] is None or _hour(match) is None:
        return None
    year = int(match["y2"])
    try:
        stamp = datetime(year + 2000 if year < 100 else year, int(match["d2"]), int(match["mo2"]), _hour(match),
                         int(match["mi"] or 0))
    except ValueError:
        return None
    clock = stamp.strftime(" %H:%M") if match["h"] is not None else ""
    return f"{stamp.day}.{stamp.month}.{stamp.year}{clock}", stamp.strftime("%Y-%m-%d") + clock


def _read_stamp(text: str) -> tuple[datetime, bool] | None:
    """The local date and time in ``text`` and whether it has a time of day; None if it is none.

    Day first with dots or slashes (``28.11.2026 14.05.00``, ``28/11/26 14:05``), year first
    with dashes (``2026-11-28T12:05:00Z``); a time with an offset is moved to local time.

    >>> _read_stamp("2026-11-28 12:05:00 UTC"), _read_stamp("28.11.26 14.05")
    ((datetime.datetime(2026, 11, 28, 14, 5), True), (datetime.datetime(2026, 11, 28, 14, 5), True))
    """
    match = _STAMP.fullmatch(text.strip())
    if match is None:
        return None
    part = match.groupdict()
    year = int(part["y"] or part["y2"])
    hour = _hour(match)
    if hour is None:
        return None
    try:
        stamp = datetime(year + 2000 if year < 100 else year, int(part["mo"] or part["mo2"]),
                         int(part["d"] or part["d2"]), hour, int(part["mi"] or 0), int(part["s"] or 0))
        if part["zone"]:
            stamp = stamp.replace(tzinfo=_offset(part["zone"])).astimezone(_local_zone()).replace(tzinfo=None)
    except ValueError:
        return None
    return stamp, part["h"] is not None


def _offset(zone: str) -> timezone:
    if zone.upper() in ("Z", "UTC", "GMT"):
        return UTC
    digits = zone[1:].replace(":", "")
    size = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return timezone(-size if zone[0] == "-" else size)


@functools.cache
def _local_zone() -> ZoneInfo:
    return ZoneInfo(LOCAL_ZONE)


def _read_clock(text: str, hours: bool = False) -> int | None:
    """Minutes after midnight of a time of day (``14:05``, ``14.05.00``, ``klo 9.30``), or with ``hours``
    also of a whole hour (``9``: a column named as the hour); None if it is none.

    >>> _read_clock("klo 9.30"), _read_clock("9"), _read_clock("9", hours=True), _read_clock("24", hours=True)
    (570, None, 540, None)
    """
    if hours and text.strip().isdigit():
        return int(text) * 60 if int(text) <= 23 else None
    match = _CLOCK_ONLY.fullmatch(text.strip())
    if match is None or _hour(match) is None or int(match["mi"]) > 59:
        return None
    return _hour(match) * 60 + int(match["mi"])


def _hour(match: re.Match) -> int | None:
    """The hour (0-23) of a matched time of day, 12-hour clocks (``10:00 PM``) included; 0 if it has
    none; None if it is no hour (``25:00``, ``13:00 PM``).

    >>> [_hour(_CLOCK_ONLY.fullmatch(text)) for text in ("22:00", "10:00 PM", "12:30 a.m.", "12:05pm", "13:00 PM")]
    [22, 22, 0, 12, None]
    """
    if match["h"] is None:
        return 0
    hour = int(match["h"])
    if match["ap"] is None:
        return hour if hour <= 23 else None
    if not 1 <= hour <= 12:
        return None
    return hour % 12 + (12 if match["ap"].lower() == "p" else 0)


def _number(text: str) -> float | None:
    """A number as written in a spreadsheet (``12``, ``2,5``, ``1 234``, ``−3``); None if it is none.

    >>> _number("1\\u00a0234"), _number("2,5"), _number("lots")
    (1234.0, 2.5, None)
    """
    value = _float(text)
    return value if value is not None and np.isfinite(value) else None


def _float(text: str) -> float | None:
    """:func:`_number`, infinite and NaN included (``inf``, ``1e400``, ``nan``); None if it is none."""
    text = _GROUPING.sub("", text.strip().replace("\u2212", "-")).replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _parse_count(cells: list[str], column: int | None, line: int) -> float:
    """The row's contacts: a number from 0 to :data:`MAX_CONTACTS_PER_WEEK`."""
    if column is None:
        return 1.0
    text = _cell(cells, column)
    if not text:
        raise CsvImportError(f"row {line}", "csv_count_missing")
    value = _float(text)
    if value is None or np.isnan(value):
        raise CsvImportError(f"row {line}", "csv_count_not_number", got=text[:20])
    if value < 0:
        raise CsvImportError(f"row {line}", "csv_count_negative", got=f"{value:g}")
    if value > MAX_CONTACTS_PER_WEEK:  # infinite too (inf, 1e400)
        raise CsvImportError(f"row {line}", "csv_count_too_large", got=text if len(text) <= 20 else text[:19] + "…")
    return value


# --- The average week ---


def _regular_step_min(minutes: np.ndarray) -> int | None:
    """The longest of :data:`REGULAR_STEPS_MIN` on which every count row starts, else None [min].

    Rows may be left out where there were no contacts: an hourly export whose rows are at
    10, 12, 14 and 16 is hourly, and each count is spread over its hour (not all of it put
    in its first half hour, which doubled that half hour's staff and left the other empty)."""
    distinct = np.unique(minutes)
    if len(distinct) < 2:
        return None
    return next((step for step in sorted(REGULAR_STEPS_MIN, reverse=True) if not np.any(distinct % step)), None)


def _covered(minutes: np.ndarray, interval_min: int, step_min: int | None) -> tuple[int, int]:
    """(first, end) grid intervals the data covers, counted from Monday 0001-01-01: from the first
    row's interval to the end of the last row's (its step, or its interval)."""
    first = int(minutes.min()) // interval_min
    end = -(-(int(minutes.max()) + (step_min or 1)) // interval_min)
    return first, end


def _longest_gap(minutes: np.ndarray) -> tuple[str, str, int] | None:
    """The longest run of days without a row between the first row's day and the last's, if it
    is :data:`GAP_WARN_DAYS` or more: (its first day, its last day as YYYY-MM-DD, its days).

    >>> day = MINUTES_PER_DAY  # minute 0 is Monday 0001-01-01 00:00
    >>> _longest_gap(np.array([0, day, 9 * day + 600])), _longest_gap(np.array([0, 7 * day]))
    (('0001-01-03', '0001-01-09', 7), None)
    """
    days = np.unique(np.asarray(minutes) // MINUTES_PER_DAY)
    if len(days) < 2:
        return None
    missing = np.diff(days) - 1
    i = int(np.argmax(missing))
    if missing[i] < GAP_WARN_DAYS:
        return None
    first, last = (date.fromordinal(int(day) + 1).isoformat() for day in (days[i] + 1, days[i + 1] - 1))
    return first, last, int(missing[i])


def _covered_weeks(minutes: np.ndarray, step_min: int | None) -> float:
    """The calendar days the data spans, its first row's day to its last row's, in weeks: a week's
    export of a business open 10-16 spans the week, though its rows span 6.25 days."""
    first_day = int(minutes.min()) // MINUTES_PER_DAY
    last_day = (int(minutes.max()) + (step_min or 1) - 1) // MINUTES_PER_DAY
    return (last_day - first_day + 1) / 7


def _average_week(minutes: np.ndarray, counts: np.ndarray, interval_min: int,
                  step_min: int | None) -> tuple[np.ndarray, np.ndarray]:
    """(mean contacts in each interval of the week [contacts], how many times the data covers it).

    A count at a step coarser than the grid is spread evenly over the step's intervals.
    """
    intervals = MINUTES_PER_WEEK // interval_min
    parts = step_min // interval_min if step_min and step_min > interval_min else 1
    slots = (minutes // interval_min)[:, None] + np.arange(parts)
    totals = np.bincount((slots % intervals).ravel(), weights=np.repeat(counts / parts, parts), minlength=intervals)
    first, end = _covered(minutes, interval_min, step_min)
    seen = np.full(intervals, (end - first) // intervals)
    seen[(first + np.arange((end - first) % intervals)) % intervals] += 1
    per_interval = np.divide(totals, seen, out=np.zeros(intervals), where=seen > 0)
    return per_interval, seen
