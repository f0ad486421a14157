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

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np

from planner.scenario import DAYS, Channel, Curve, Problem, Scenario, Span, WeekHours, clock_to_min

MINUTES_PER_WEEK = 7 * 24 * 60
MAX_CSV_BYTES = 20 * 1024 * 1024

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


class CsvImportError(ValueError):
    """A CSV of past contacts that cannot be read; the message says the row and the fix.
    ``problem`` is that message as a :class:`~planner.scenario.Problem` (the UI says it in Finnish too)."""

    def __init__(self, where: str, key: str, **values) -> None:
        self.problem = Problem.of(where, key, **values)
        super().__init__(str(self.problem))


@dataclass(frozen=True)
class CsvHistory:
    """Past contacts averaged over the weeks they cover.

    Attributes
    ----------
    per_interval : mean contacts per interval of the week on the grid [contacts]
    volume_per_week : their sum [contacts/week]
    weeks : how many weeks the data covers
    rows : data rows read
    """

    per_interval: np.ndarray
    volume_per_week: float
    weeks: float
    rows: int


_TIME_COLUMNS = ("timestamp", "time", "datetime", "date", "created_at", "aika", "aikaleima")
_COUNT_COLUMNS = ("count", "contacts", "calls", "chats", "volume", "n", "määrä", "lukumäärä")


def _parse_time(text: str, row: int) -> datetime:
    text = text.strip()
    for parse in (datetime.fromisoformat, lambda t: datetime.strptime(t, "%d.%m.%Y %H:%M"),
                  lambda t: datetime.strptime(t, "%d.%m.%Y %H.%M"), lambda t: datetime.strptime(t, "%d.%m.%Y")):
        try:
            stamp = parse(text)
            return stamp.replace(tzinfo=None)
        except ValueError:
            continue
    raise CsvImportError(f"row {row}", "csv_time", got=repr(text[:40]))


def read_contacts_csv(source: str | Path | bytes, interval_min: int) -> CsvHistory:
    """Read past contacts: one timestamp per row, or a timestamp and a count per row.

    The first row may be a header naming the columns (``timestamp`` and
    ``count``, or Finnish ``aika`` and ``määrä``); without one the first column
    is the time and an optional second column the count. Separators ``,`` and
    ``;`` are both read. Counts are averaged over the weeks the data covers:
    each interval of the week is divided by how many times its weekday occurs
    from the first to the last date.
    """
    text = _csv_text(_read_csv_bytes(source))
    dialect = ";" if text.count(";") > text.count(",") else ","
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=dialect) if any(cell.strip() for cell in r)]
    if not rows:
        raise CsvImportError("file", "csv_empty")
    header = [cell.strip().lower() for cell in rows[0]]
    time_col, count_col, first = 0, (1 if len(rows[0]) > 1 else None), 0
    if any(name in _TIME_COLUMNS + _COUNT_COLUMNS for name in header):
        time_col = next((i for i, n in enumerate(header) if n in _TIME_COLUMNS), 0)
        count_col = next((i for i, n in enumerate(header) if n in _COUNT_COLUMNS), None)
        first = 1
    elif count_col is not None and not _looks_numeric(rows[0][1]):
        count_col = None
    stamps, counts = [], []
    for number, row in enumerate(rows[first:], start=first + 1):
        if time_col >= len(row):
            raise CsvImportError(f"row {number}", "csv_no_time")
        stamps.append(_parse_time(row[time_col], number))
        counts.append(_parse_count(row, count_col, number))
    return _average_week(stamps, counts, interval_min)


def _csv_text(raw: bytes) -> str:
    """The file as text: UTF-8 (with or without a byte-order mark), else Windows-1252,
    the encoding a spreadsheet in Finnish or English saves a CSV in."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            position = exc.start
    raise CsvImportError("file", "csv_not_text", byte=str(position))


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False


def _parse_count(row: list[str], column: int | None, number: int) -> float:
    if column is None:
        return 1.0
    if column >= len(row) or not row[column].strip():
        raise CsvImportError(f"row {number}", "csv_count_missing")
    try:
        value = float(row[column].strip().replace(",", "."))
    except ValueError:
        raise CsvImportError(f"row {number}", "csv_count_not_number", got=repr(row[column][:20])) from None
    if not (value >= 0 and np.isfinite(value)):
        raise CsvImportError(f"row {number}", "csv_count_negative", got=f"{value:g}")
    return value


def _read_csv_bytes(source: str | Path | bytes) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        with Path(source).open("rb") as handle:
            data = handle.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise CsvImportError("file", "csv_over_limit")
    return data


def _average_week(stamps: list[datetime], counts: list[float], interval_min: int) -> CsvHistory:
    first_day, last_day = min(stamps).date(), max(stamps).date()
    days = (last_day - first_day).days + 1
    occurrences = np.zeros(7)
    for offset in range(days):
        occurrences[date.fromordinal(first_day.toordinal() + offset).weekday()] += 1
    intervals = MINUTES_PER_WEEK // interval_min
    totals = np.zeros(intervals)
    for stamp, count in zip(stamps, counts):
        minute = stamp.weekday() * 1440 + stamp.hour * 60 + stamp.minute
        totals[minute // interval_min] += count
    per_day = np.repeat(occurrences, intervals // 7)
    per_interval = np.divide(totals, per_day, out=np.zeros(intervals), where=per_day > 0)
    return CsvHistory(
        per_interval=per_interval, volume_per_week=float(per_interval.sum()), weeks=days / 7, rows=len(stamps)
    )
