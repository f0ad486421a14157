"""The Scenario: everything the planner needs, as one validated, immutable model.

A scenario file is JSON, UTF-8, one object, at most 5 MB. It carries
``schema_version``; :func:`load_scenario` migrates every earlier version and
refuses a newer one. Saving then loading gives an equal Scenario. Nothing is
pickled, evaluated or imported from a file.

Units are in the names: ``_s`` seconds, ``_min`` minutes, ``_h`` hours,
``_per_h`` per hour, ``_per_month`` per month (52/12 weeks). Rates and shares
are fractions (0.15 is 15 %). Money is in the scenario's ``currency``.

Defaults for Finland come from ``shared/reference/finland_defaults.md``; the
ones marked [E] there are estimates, and their field descriptions say so.

Examples
--------
>>> s = default_scenario()
>>> [c.kind for c in s.channels]
['chat', 'phone', 'callback']
>>> load_scenario(scenario_to_json(s).encode()) == s
True
"""

from __future__ import annotations

import codecs
import functools
import json
import math
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 5_000_000  # 5 MB as the app's uploader counts them (a file of 5.1e6 bytes was refused there, read here)
PLAN_KEYS = frozenset({"scenario", "intervals", "channels", "schedule", "costs"})  # a plan JSON's (planner plan --json)
VOLUME_MAX = 10_000_000  # contacts a week in a channel, the season factor included
KEY_PATTERN = r"^[A-Za-z0-9_-]{1,32}$"  # channel ids, block names: keys in files and formulas
NAME_PATTERN = r"^[\w .'’-]{1,40}$"  # a team member's id: a person's name (ä, ö, å are letters; O'Brien)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

ChannelKind = Literal["phone", "chat", "callback", "email"]
CHANNEL_KINDS = get_args(ChannelKind)
ProfileName = Literal["office_hours", "web_shop_evening", "round_the_clock"]
DEFERRED_KINDS = ("callback", "email")
# Names the plan gives its own options and block assignments; an offer may not take them.
RESERVED_OFFER_NAMES = ("in_house", "closed", "mixed", "hybrid", "closed_outside", "optimised")


@functools.cache
def _option_names() -> frozenset[str]:
    """Names an offer may not take, in lower case: the plan's own option and block-assignment
    names, as written in the plan JSON and as the Costs page shows them in each language (an
    offer named "Oma henkilöstö" gave two cards of that name and one bar of both in the chart)."""
    from planner.locales import LANGUAGES, strings

    shown = (text for lang in LANGUAGES for key, text in strings(lang).items()
             if key.startswith(("costs.option.", "costs.serve.")))
    return frozenset(RESERVED_OFFER_NAMES) | {text.strip().lower() for text in shown}


Share = Annotated[float, Field(ge=0, le=1)]
Rate = Annotated[float, Field(ge=0, le=10)]
Money = Annotated[float, Field(ge=0, le=1e9)]  # a billion: beyond any plan, within exact cents
Clock = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")]


_PLAIN_NUMBER = re.compile(r"-?\d+(\.(\d+))?")


class Problem(str):
    """One reason a scenario is refused: the English line ``path: text`` (what the CLI
    prints and the tests read) that can also be said in the UI's language, the
    field named as on the page after its path.

    ``key`` names the sentence (``problem.<key>`` in planner/locales, which also gives
    the English ``text``) and ``values`` fill it; ``path`` is the field. A check with
    no sentence of its own has ``key`` "check" and its English words as ``message``.
    ``item`` is the name of the channel, offer or contract the field is in, where known (a
    file's problem: the name the file gives it), said in place of "Channel 1".

    >>> p = Problem.of("channels[0].aht_s", "bound", op=">", limit="0", got="-5")
    >>> p, p.text("fi")
    ('channels[0].aht_s: must be > 0, got -5', 'channels[0].aht_s (Kanava 1 › Käsittelyaika): oltava yli 0, nyt −5')
    >>> Problem.of("in_house.wage_per_h", "bound", op="<=", limit="1000", got="1234.5").text("fi")
    'in_house.wage_per_h (Tuntipalkka): oltava enintään 1\xa0000, nyt 1\xa0234,5'
    """

    path: str
    key: str
    values: dict[str, str]
    item: str | None = None

    @classmethod
    def of(cls, path: str, key: str, *, item: str | None = None, **values) -> Problem:
        from planner.locales import translate

        values = {name: str(value) for name, value in values.items()}
        problem = cls(f"{path}: {translate('en', f'problem.{key}', **_written(key, values, 'en'))}")
        problem.path, problem.key, problem.values, problem.item = path, key, values, item
        return problem

    def text(self, lang: str) -> str:
        """The line in ``lang``: the words "file" and "row N" in it, and a field's path
        followed by the field's name on the page where there is one."""
        from planner.locales import field_words, translate

        path = self.path
        row = re.fullmatch(r"row (\d+)", path)
        if path == "file" or row:
            path = translate(lang, "problem.path_row", number=row[1]) if row else translate(lang, "problem.path_file")
        elif words := field_words(path, lang, item=self.item):
            path = f"{path} ({words})"
        return f"{path}: {self.sentence(lang)}"

    def sentence(self, lang: str, **shown: str) -> str:
        """What is wrong, in ``lang``, without the path: as said under the field's own input
        (``shown``: values written as that input shows them, in place of the problem's own).

        >>> Problem.of("channels[1].curve.weekday_shares", "share_negative", days="Tue").sentence("fi")
        'Tiistai: osuuden on oltava 0 tai enemmän'
        """
        from planner.locales import translate

        return translate(lang, f"problem.{self.key}", **{**_written(self.key, self.values, lang), **shown})

    def __reduce__(self):  # pickled (the app's session state) as what it is
        return (_problem, (self.path, self.key, self.values, self.item))


_OP_WORDS = {">": "more", ">=": "at_least", "<": "less", "<=": "at_most"}  # a bound's comparison, said in words


def _written(key: str, values: dict[str, str], lang: str) -> dict[str, str]:
    """A problem's values with each plain number written the language's way ("1,5", "5 000 000"),
    the curve's ``days`` ("Tue,Sun": "Tiistai, sunnuntai", first in a line) and ``day_type``
    ("weekday": "Ma–pe") named in the language, and the values ``expected`` ("15|30|60") listed
    in it ("15, 30 tai 60"); a CSV's values and a typed ``text`` are quoted as they are."""
    from planner.export import fmt
    from planner.locales import translate

    if key.startswith("csv_"):
        return values
    written = {}
    for name, value in values.items():
        if name == "days":
            days = ", ".join(fmt.weekday(day, lang, long=True) for day in value.split(","))
            written[name] = days[:1].upper() + days[1:]
        elif name == "day_type":
            written[name] = translate(lang, f"channel.curve_day_type.{value}")
        elif name == "expected":  # the values allowed, "|" between them
            *others, last = value.split("|")
            written[name] = f"{', '.join(others)} {translate(lang, 'problem.or')} {last}" if others else last
        elif name == "op":  # Finnish in words: "oltava vähintään 1", not "oltava >= 1"
            written[name] = translate(lang, f"problem.op.{_OP_WORDS.get(value, 'other')}", op=value)
        elif name in ("text", "fixed"):  # what the user typed, or is to write in the file, as it is ("1.000")
            written[name] = value
        elif number := _PLAIN_NUMBER.fullmatch(value):
            written[name] = fmt.number(float(value), lang, len(number[2] or ""))
        else:
            written[name] = value
    return written


def _problem(path: str, key: str, values: dict[str, str], item: str | None = None) -> Problem:
    return Problem.of(path, key, item=item, **values)


class CheckError(ValueError):
    """A model check's refusal that the UI can say in Finnish too: ``key`` names the
    sentence in planner/locales (``problem.<key>``), ``values`` fill it, ``field`` is
    the sub-path it concerns ("" for the model itself)."""

    def __init__(self, key: str, field: str = "", **values) -> None:
        from planner.locales import translate

        self.key, self.field, self.values = key, field, {k: str(v) for k, v in values.items()}
        super().__init__(translate("en", f"problem.{key}", **self.values))


class ScenarioError(ValueError):
    """A scenario that cannot be loaded; ``problems`` lists every reason, one a line
    (each a :class:`Problem` where the model gave it one)."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        first = self.problems[0] if self.problems else "invalid scenario"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""))


def clock_to_min(clock: str) -> int:
    """Minutes after midnight of an "HH:MM" clock time ("24:00" is 1440).

    >>> clock_to_min("18:30")
    1110
    """
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(_Model):
    """A daily time window [start, end); ``end`` may be "24:00", or earlier than
    ``start`` for a window that runs past midnight into the next day."""

    start: Clock
    end: Clock

    @model_validator(mode="after")
    def _not_empty(self) -> Span:
        if clock_to_min(self.start) == clock_to_min(self.end) % 1440 and self.end != "24:00":
            raise CheckError("span_empty", clock=self.start)
        return self


WeekHours = tuple[Span | None, Span | None, Span | None, Span | None, Span | None, Span | None, Span | None]


class StartWindow(_Model):
    """The times a shift may start on a day: from ``start`` to ``end``, both included
    (equal: that time only); ``end`` earlier than ``start`` runs past midnight."""

    start: Clock
    end: Clock


StartHours = tuple[StartWindow | None, StartWindow | None, StartWindow | None, StartWindow | None,
                   StartWindow | None, StartWindow | None, StartWindow | None]


def week_hours(start: str, end: str, days: str = "1111111") -> WeekHours:
    """Open hours ``start``-``end`` on the days marked "1" in ``days`` (Mon first)."""
    return tuple(Span(start=start, end=end) if flag == "1" else None for flag in days)  # type: ignore[return-value]


class Curve(_Model):
    """The shape of a channel's contacts over the week; always scaled to the weekly volume.

    Either a built-in ``profile`` (optionally with its own ``weekday_shares`` and
    ``hourly`` shapes), or an explicit ``table`` of weights on the week: 168
    hour-of-week values (Monday 00-01 first) or one per interval of the grid
    (336 for 30 min, 672 for 15 min), as typed in or imported from a CSV.
    """

    profile: ProfileName = "web_shop_evening"
    weekday_shares: tuple[float, float, float, float, float, float, float] | None = Field(
        None, description="relative volume Mon..Sun; replaces the profile's"
    )
    hourly: dict[Literal["weekday", "saturday", "sunday"], tuple[float, ...]] | None = Field(
        None, description="24 relative weights per day type; replaces the profile's"
    )
    table: tuple[float, ...] | None = Field(None, description="weights on the week; replaces profile and shapes")

    @field_validator("weekday_shares")
    @classmethod
    def _shares(cls, shares):
        if shares is not None and (days := [day for day, share in zip(DAYS, shares) if share < 0]):
            raise CheckError("share_negative", days=",".join(days))  # the days named, as the editor shows them
        return shares

    @field_validator("weekday_shares", "table")
    @classmethod
    def _weights(cls, values):
        if values is not None:
            if any(v < 0 for v in values):
                raise CheckError("weights_negative")
            if sum(values) <= 0:
                raise CheckError("weights_all_zero")
        return values

    @field_validator("hourly")
    @classmethod
    def _hourly(cls, shapes):
        for day_type, values in (shapes or {}).items():
            if len(values) != 24:
                raise CheckError("hourly_length", day_type=day_type, got=len(values))
            if hours := [f"{hour:02d}–{hour + 1:02d}" for hour, v in enumerate(values) if v < 0]:
                raise CheckError("hourly_negative", day_type=day_type, hours=", ".join(hours))
        return shapes

    @field_validator("table")
    @classmethod
    def _table_length(cls, values):
        if values is not None and len(values) not in (168, 336, 672):
            raise CheckError("table_length", got=len(values))
        return values


class Deflection(_Model):
    """Self-service or a chatbot that resolves a share of contacts before an agent."""

    share: Share = 0.0
    cost_per_month: Money = 0.0


class Channel(_Model):
    """One way customers reach the business, with its volume, handling and targets."""

    id: str = Field(pattern=KEY_PATTERN, description="short unique key, e.g. 'phone'")
    kind: ChannelKind
    name: str = ""
    volume_per_week: float = Field(ge=0, le=VOLUME_MAX, description="contacts arriving in a week")
    curve: Curve = Curve()
    open_hours: WeekHours = Field(default_factory=lambda: week_hours("08:00", "16:00", "1111100"))
    aht_s: float | tuple[float, ...] = Field(
        description="average handling time [s]; for chat one per concurrency level"
    )
    concurrency: int = Field(1, ge=1, le=6, description="chats one agent holds at once")
    target_sl: float = Field(0.8, gt=0, lt=1, description="share answered within target_s (below 1)")
    target_s: float = Field(20.0, ge=0, le=86_400)
    max_abandon: Share | None = None
    max_occupancy: float | None = Field(0.85, gt=0, le=1)
    patience_s: float | None = Field(None, gt=0, le=86_400, description="mean patience [s]; none for Erlang C")
    deadline_min: float | None = Field(None, gt=0, le=10_080, description="callback/email answer window")
    min_staff_open: int = Field(1, ge=0, le=1000, description="agents on duty whenever open")
    deflection: Deflection = Deflection()
    first_contact_resolution: float = Field(
        1.0, ge=0.1, le=1,
        description="share resolved at first contact; the rest repeat (at least 10 %: below it the repeats "
        "multiply the volume more than tenfold)",
    )
    repeat_channel: str | None = Field(
        None, description="channel id where contacts not resolved at first contact come back; none for this channel"
    )
    deadline_same_day: bool = Field(
        False,
        description="callback/email promise: every request answered the same day, by the end of the day's open "
        "hours (and within deadline_min, whichever comes first)",
    )

    @field_validator("target_sl", mode="before")
    @classmethod
    def _not_every_contact(cls, share):
        if isinstance(share, (int, float)) and not isinstance(share, bool) and share == 1:
            raise CheckError("target_sl_all")  # "must be < 100 %, got 100 %" did not say why
        return share

    @field_validator("aht_s")
    @classmethod
    def _aht_positive(cls, aht):
        values = aht if isinstance(aht, tuple) else (aht,)
        for value in values:
            if not value > 0:
                raise CheckError("bound", op=">", limit="0", got=f"{value:g}")
            if value > 86_400:
                raise CheckError("aht_over_a_day", got=f"{value:g}")
        return aht

    @model_validator(mode="after")
    def _kind_rules(self) -> Channel:
        # Checks of one field against another run here, once every field is valid: the page's
        # "Chats at once" sends the handling times resized with it, so a concurrency of 0 sends
        # none, and only the concurrency is to be told.
        if isinstance(self.aht_s, tuple):
            if not self.aht_s:
                raise CheckError("aht_none", "aht_s")
            if self.kind != "chat":
                raise CheckError("aht_list_not_chat", "aht_s", kind=self.kind)
            if len(self.aht_s) != self.concurrency:
                raise CheckError("aht_levels", "aht_s", concurrency=self.concurrency, got=len(self.aht_s))
        elif self.concurrency > 1 and self.kind != "chat":
            raise CheckError("concurrency_not_chat", "concurrency", kind=self.kind)
        if self.kind in DEFERRED_KINDS and self.deadline_min is None:
            raise CheckError("deadline_needed", "deadline_min", kind=self.kind)
        return self

    @property
    def aht_levels_s(self) -> tuple[float, ...]:
        """Handling time per concurrency level [s] (one value unless chat)."""
        return self.aht_s if isinstance(self.aht_s, tuple) else (self.aht_s,) * self.concurrency


class Contract(_Model):
    """A kind of employment contract the roster may use."""

    name: str
    weekly_h_min: float = Field(ge=0, le=60)
    weekly_h_max: float = Field(gt=0, le=60)
    max_count: int | None = Field(None, ge=0, le=10_000, description="at most this many agents; none for no limit")
    max_shifts_per_week: int | None = Field(
        None, ge=1, le=7, description="at most this many shifts (so days) a week; none for as many as the rest rules allow"
    )

    @model_validator(mode="after")
    def _range(self) -> Contract:
        if self.weekly_h_min > self.weekly_h_max:
            raise CheckError("contract_hours", low=f"{self.weekly_h_min:g}", high=f"{self.weekly_h_max:g}")
        return self


class Agent(_Model):
    """A named member of a given team, for rostering that team."""

    id: str = Field(pattern=NAME_PATTERN)
    contract: str
    channels: tuple[str, ...] | None = Field(None, description="channel ids this agent serves; none for all")
    not_before: Clock | None = None
    not_after: Clock | None = None

    @property
    def window_min(self) -> tuple[int, int] | None:
        """The daily window a shift must fit in, as minutes from its start day's midnight;
        None without limits. A ``not_after`` earlier than ``not_before`` runs past midnight;
        with only ``not_before`` the window ends at that time the next day.

        >>> [Agent(id="A", contract="c", not_before=a, not_after=b).window_min
        ...  for a, b in (("08:00", "18:00"), ("20:00", "06:00"), ("10:00", None))]
        [(480, 1080), (1200, 1800), (600, 2040)]
        """
        if self.not_before is None and self.not_after is None:
            return None
        start = 0 if self.not_before is None else clock_to_min(self.not_before)
        if self.not_after is None:
            return start, start + 1440
        end = clock_to_min(self.not_after)
        return (start, end) if end > start else (start, end + 1440)

    @property
    def available_h(self) -> float | None:
        """Hours a day the agent's shifts may span (see :attr:`window_min`); None without limits.

        >>> Agent(id="A", contract="c", not_before="20:00", not_after="02:00").available_h
        6.0
        """
        window = self.window_min
        return None if window is None else (window[1] - window[0]) / 60

    @model_validator(mode="after")
    def _window(self) -> Agent:
        if self.not_before is not None and self.not_before == self.not_after:  # was read as 24 h, without a word
            raise CheckError("agent_window_same", "not_after", time=self.not_after)
        return self


def _whole_five_minutes(minutes: float, shown: str) -> None:
    """Shifts and breaks are planned on a grid of 5 minutes (or coarser)."""
    if abs(minutes / 5 - round(minutes / 5)) > 1e-9:
        raise CheckError("five_minutes", got=shown)


class Workforce(_Model):
    """Working-time rules (Working Hours Act 872/2019 defaults) and solver settings."""

    shrinkage: float = Field(0.30, ge=0, lt=1, description="paid time off the queue, besides meal breaks")
    shift_lengths_h: tuple[float, ...] = (4.0, 6.0, 8.0)
    start_step_min: Literal[15, 30, 60] = 30
    daily_rest_h: float = Field(11.0, ge=0, le=24)
    weekly_rest_h: float = Field(35.0, ge=0, le=72)
    max_consecutive_days: int = Field(6, ge=1, le=7)
    meal_break_min: int = Field(30, ge=0, le=120)
    meal_break_paid: bool = False
    meal_break_if_over_h: float = Field(6.0, ge=0, le=24)
    meal_break_window_h: tuple[float, float] = Field((3.0, 5.0), description="break starts within these shift hours")
    contracts: tuple[Contract, ...] = (
        Contract(name="full_time", weekly_h_min=37.5, weekly_h_max=40.0),
        Contract(name="part_time", weekly_h_min=8.0, weekly_h_max=30.0),
    )
    shift_starts: StartHours | None = Field(
        None, description="shifts start only within these times, Monday first (a day's none: no starts); none for any time"
    )
    team: tuple[Agent, ...] | None = Field(None, description="roster this team; none for the cheapest mix")
    max_agents: int | None = Field(None, ge=0, le=1000)
    solver_time_limit_s: float = Field(10.0, gt=0, le=600)
    solver_workers: int = Field(2, ge=1, le=32)

    @field_validator("shift_lengths_h")
    @classmethod
    def _lengths(cls, lengths):
        if not lengths:
            raise CheckError("shift_lengths_none")
        for length in lengths:
            if not 1 <= length <= 13:
                raise CheckError("shift_length", got=f"{length:g}")
            _whole_five_minutes(length * 60, f"{length:g} h")
        return lengths

    @field_validator("meal_break_min")
    @classmethod
    def _break(cls, minutes):
        _whole_five_minutes(minutes, f"{minutes} min")
        return minutes

    @field_validator("shift_starts")
    @classmethod
    def _starts(cls, starts):
        if starts is not None and all(day is None for day in starts):
            raise CheckError("starts_none")
        return starts

    @field_validator("meal_break_window_h")
    @classmethod
    def _window(cls, window):
        for hours in window:
            _whole_five_minutes(hours * 60, f"{hours:g} h")
        return window

    @property
    def max_days_per_week(self) -> int:
        """The most days one person may work in the (cyclic) week under the consecutive-days rule.

        >>> Workforce().max_days_per_week, Workforce(max_consecutive_days=3).max_days_per_week
        (6, 5)
        """
        k = self.max_consecutive_days
        return 7 - math.ceil(7 / (k + 1)) if k < 7 else 7

    def most_paid_h(self, contract: Contract, agent: Agent | None = None) -> float:
        """The most paid hours a week any roster can give an agent on ``contract``: its most
        shifts a week (within the consecutive-days rule) at the longest shift's paid hours,
        of a team member the longest shift within their available hours (0 if none fits).
        A contract whose weekly minimum is above this cannot be rostered at all.

        >>> w = Workforce()
        >>> w.most_paid_h(w.contracts[0]), w.most_paid_h(w.contracts[0].model_copy(update={"max_shifts_per_week": 4}))
        (45.0, 30.0)
        >>> w.most_paid_h(w.contracts[0], Agent(id="A", contract="full_time", not_before="16:00", not_after="21:00"))
        24.0
        """
        span_h = math.inf if agent is None or agent.available_h is None else agent.available_h
        lengths = [h for h in self.shift_lengths_h if h <= span_h + 1e-9]
        if not lengths:
            return 0.0
        longest_h = max(lengths)
        if not self.meal_break_paid and longest_h > self.meal_break_if_over_h:
            longest_h -= self.meal_break_min / 60
        return min(self.max_days_per_week, contract.max_shifts_per_week or 7) * longest_h


class TimeBands(_Model):
    """When evening and night fall; used by pay premiums and outsourcing surcharges alike."""

    evening: Span = Span(start="18:00", end="22:00")
    night: Span = Span(start="22:00", end="07:00")


class Premiums(_Model):
    """Pay premiums as a share of the hourly wage. Defaults follow the contact-centre
    collective agreement (no evening or Saturday supplement; night and Sunday)."""

    evening: Rate = 0.0
    night: Rate = Field(0.30, description="[E] 30-45 % in agreements")
    saturday: Rate = 0.0
    sunday: Rate = 1.0
    public_holiday: Rate = Field(
        1.0,
        description="work on a public holiday: +100 % like Sunday and church holiday work (law and agreements); "
        "on a holiday that falls on a Saturday or Sunday the larger of that day's premium and this applies, not both",
    )


class InHouse(_Model):
    """What an in-house agent costs. Side-cost rates are shares of gross pay (2026)."""

    wage_per_h: float = Field(16.25, gt=0, le=1000, description="[E] 2,600 EUR/month at 160 h")
    premiums: Premiums = Premiums()
    pension_rate: Share = 0.1710
    health_insurance_rate: Share = 0.0191
    unemployment_insurance_rate: Share = 0.0031
    accident_insurance_rate: Share = Field(0.003, description="[E] office work")
    group_life_rate: Share = 0.0006
    holiday_bonus_rate: Share = Field(0.045, description="lomaraha, share of annual pay")
    holiday_pay_rate: Share = Field(
        0.0,
        description="pay for annual leave (lomapalkka) as a share of pay, besides the rostered hours. 0 when "
        "workforce.shrinkage already counts paid leave, as the default 30 % does (holidays and sick days are "
        "part of it): counting both would pay the leave twice. About 0.116 (EK 2022: 25 holiday days on "
        "about 216 days worked) if shrinkage counts only time off the queue on working days",
    )
    agents_per_lead: float | None = Field(10.0, gt=0, le=1000, description="none for no team lead")
    lead_cost_per_month: Money = Field(4200.0, description="[E] team lead, all costs included")
    licence_per_seat_per_month: Money = Field(55.0, description="[E] help desk licence: the vendor lists 55 USD (Zendesk Suite Team), taken as 55 EUR")
    telephony_per_seat_per_month: Money = Field(30.0, description="19-49 EUR/user/month")
    workstation_per_seat_per_month: Money = Field(40.0, description="[E]")
    hiring_cost_per_agent: Money = Field(2000.0, description="[E] recruitment and onboarding")
    turnover_per_year: Share = Field(0.35, description="share of staff replaced each year")
    overhead_per_month: Money = 0.0


class Offer(_Model):
    """An outsourcing offer; every price form it uses adds up."""

    name: str = Field(min_length=1, max_length=80)
    channels: tuple[str, ...] | None = Field(None, description="channel ids covered; none for all")

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, name: str) -> str:
        if name.strip().lower() in _option_names():
            raise CheckError("offer_name_reserved", name=name)
        return name
    price_per_staffed_h: Money = 0.0
    price_per_contact: dict[str, Money] = Field(default_factory=dict, description="by channel id or kind")
    price_per_phone_min: Money = 0.0
    monthly_fee: Money = 0.0
    included_contacts_per_month: Money = 0.0
    evening_surcharge: Rate = 0.0
    night_surcharge: Rate = 0.0
    saturday_surcharge: Rate = 0.0
    sunday_surcharge: Rate = 0.0
    holiday_surcharge: Rate | None = Field(None, description="on public holidays; none: as sunday_surcharge")
    setup_fee: Money = 0.0
    contract_months: int = Field(12, ge=1, le=120)
    monthly_minimum: Money = 0.0
    abandon_rate: Share = Field(0.05, description="[E] share of contacts the provider loses")
    target_sl: float | None = Field(
        None, gt=0, lt=1, description="the provider's own service level; none: it meets each channel's target"
    )
    target_s: float | None = Field(
        None, ge=0, le=86_400, description="the provider's answer time for target_sl [s]; none: the channel's"
    )


class Block(_Model):
    """A named part of the week the hybrid optimiser decides as one: who serves it, per channel."""

    name: str = Field(pattern=KEY_PATTERN)
    hours: WeekHours


def default_blocks() -> tuple[Block, ...]:
    """Weekday day (Mon-Fri 8-16), weekday evening (Mon-Fri 16-22), Saturday, Sunday; the
    rest of the week (weekday nights) is the block "night"."""
    return (
        Block(name="weekday_day", hours=week_hours("08:00", "16:00", "1111100")),
        Block(name="weekday_evening", hours=week_hours("16:00", "22:00", "1111100")),
        Block(name="saturday", hours=week_hours("00:00", "24:00", "0000010")),
        Block(name="sunday", hours=week_hours("00:00", "24:00", "0000001")),
    )


class Hybrid(_Model):
    """Which hours and channels stay in-house; the rest go to ``offer``."""

    in_house_hours: WeekHours = Field(default_factory=lambda: week_hours("08:00", "16:00", "1111100"))
    in_house_channels: tuple[str, ...] | None = None
    offer: str | None = Field(None, description="offer name; none for the first offer")
    blocks: tuple[Block, ...] = Field(
        default_factory=default_blocks,
        max_length=12,
        description="parts of the week the optimiser assigns per channel; hours in no block form the block 'night'",
    )
    allow_closed: bool = Field(
        True, description="the optimiser may leave a channel closed in a block and count its lost sales"
    )

    @field_validator("blocks")
    @classmethod
    def _block_names(cls, blocks):
        names = [block.name for block in blocks]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise CheckError("block_names_repeat", names=", ".join(repeated))
        if "night" in names:
            raise CheckError("block_named_night")
        return blocks


class Calendar(_Model):
    """Which month the monthly figures describe, and whose public holidays fall in it."""

    month: str | None = Field(
        None,
        pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
        description="YYYY-MM: a calendar month (its days and public holidays); none for an average month of "
        "52/12 weeks with the public holidays of an average month of `year`",
    )
    year: int = Field(2026, ge=1990, le=2100, description="the year whose public holidays an average month has")
    country: str = Field("FI", pattern=r"^[A-Z]{2}$", description="public holidays of this country (holidays package)")

    @field_validator("country")
    @classmethod
    def _known_country(cls, country):
        import holidays  # the calendar of public holidays; imported only when a scenario names a country

        if country not in holidays.list_supported_countries():
            raise CheckError("holiday_country", country=repr(country))
        return country


class Revenue(_Model):
    """What a lost contact costs in sales."""

    conversion_rate: Share = Field(0.10, description="[E] share of contacts that buy")
    average_order_value: Money = Field(80.0, description="[E]")
    lost_for_good_share: Share = Field(0.0, description="share of lost customers who never come back")
    customer_value_per_year: Money = 0.0


class Scenario(_Model):
    """One planning scenario: channels, rules, costs, offers and revenue."""

    schema_version: Literal[1] = SCHEMA_VERSION
    name: str = Field(min_length=1, max_length=120)
    description: str = Field("", max_length=20_000)
    locale: Literal["fi", "en"] = "fi"
    currency: str = Field("EUR", pattern=r"^[A-Z]{3}$")
    interval_min: Literal[15, 30, 60] = 30
    demand_factor: float = Field(
        1.0, gt=0, le=10,
        description="seasonal factor on every channel's volume: about 1.6-1.75 for the November-December peak "
        "(contacts rise 60-75 %, finland_defaults.md); pair it with calendar.month for that month's holidays",
    )
    channels: tuple[Channel, ...] = Field(min_length=1, max_length=20)
    workforce: Workforce = Workforce()
    bands: TimeBands = TimeBands()
    in_house: InHouse = InHouse()
    offers: tuple[Offer, ...] = ()
    hybrid: Hybrid = Hybrid()
    revenue: Revenue = Revenue()
    calendar: Calendar = Calendar()

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        ids = [channel.id for channel in self.channels]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise CheckError("channel_ids_repeat", "channels", ids=", ".join(duplicates))
        offer_names = [offer.name for offer in self.offers]
        for i, name in enumerate(offer_names):  # the hybrid and the documents name an offer by its name
            if name in offer_names[:i]:
                raise CheckError("offer_names_repeat", f"offers[{i}].name", name=name)
        if self.hybrid.offer is not None and self.hybrid.offer not in offer_names:
            raise CheckError("hybrid_offer_unknown", "hybrid.offer", name=self.hybrid.offer, offers=offer_names)
        for channel in self.channels:
            if channel.repeat_channel is not None and channel.repeat_channel not in ids:
                values = {"channel": channel.id, "unknown": channel.repeat_channel, "ids": ", ".join(ids)}
                raise CheckError("repeat_channel_unknown", "channels", **values)
        for name, refs in [("hybrid.in_house_channels", self.hybrid.in_house_channels)] + [
            (f"offers[{i}].channels", offer.channels) for i, offer in enumerate(self.offers)
        ]:
            unknown = sorted(set(refs or ()) - set(ids))
            if unknown:
                raise CheckError("channels_unknown", name, unknown=", ".join(unknown), ids=", ".join(ids))
        for i, channel in enumerate(self.channels):  # each is within its limit, and so must their product be
            if channel.volume_per_week * self.demand_factor > VOLUME_MAX:
                raise CheckError("volume_with_factor", f"channels[{i}].volume_per_week", factor=_plain(self.demand_factor),
                                 volume=_plain(channel.volume_per_week * self.demand_factor), limit=_plain(VOLUME_MAX))
        for i, offer in enumerate(self.offers):  # a price for no channel would leave a channel unpriced
            unknown = sorted(set(offer.price_per_contact) - set(ids) - set(CHANNEL_KINDS))
            if unknown:
                raise CheckError("price_keys_unknown", f"offers[{i}].price_per_contact", unknown=", ".join(unknown),
                                 ids=", ".join(ids), kinds=", ".join(CHANNEL_KINDS))
        team = self.workforce.team or ()
        folded = [agent.id.casefold() for agent in team]  # "Anna" and "anna" are one person's name
        if len(set(folded)) < len(folded):
            first = next(name for name in folded if folded.count(name) > 1)
            places = [i for i, name in enumerate(folded) if name == first]
            raise CheckError("team_names_repeat", "workforce.team", names=" = ".join(team[i].id for i in places),
                             rows=", ".join(str(i + 1) for i in places))
        limit = self.workforce.max_agents
        if team and limit is not None and limit < len(team):  # every member is rostered: the limit was ignored
            raise CheckError("team_over_limit", "workforce.max_agents", limit=limit, size=len(team))
        contract_names = {contract.name for contract in self.workforce.contracts}
        for agent in self.workforce.team or ():
            if agent.contract not in contract_names:
                contract = repr(agent.contract)
                raise CheckError("agent_contract_unknown", "workforce.team", agent=agent.id, contract=contract)
        return self

    @property
    def intervals_per_week(self) -> int:
        return 7 * 24 * 60 // self.interval_min

    def channel(self, channel_id: str) -> Channel:
        return next(c for c in self.channels if c.id == channel_id)


# --- Migrations -------------------------------------------------------------


def _from_v0(data: dict) -> dict:
    """Version 0, the pre-release draft: ``interval_minutes``, channel ``volume``
    and ``aht_seconds``, and ``wage_per_month`` at 160 h a month."""
    data = dict(data)
    data["interval_min"] = data.pop("interval_minutes", 30)
    channels = []
    for channel in data.get("channels", []):
        channel = dict(channel)
        if "volume" in channel:
            channel["volume_per_week"] = channel.pop("volume")
        if "aht_seconds" in channel:
            channel["aht_s"] = channel.pop("aht_seconds")
        channels.append(channel)
    data["channels"] = channels
    if "wage_per_month" in data:
        data["in_house"] = {**data.get("in_house", {}), "wage_per_h": data.pop("wage_per_month") / 160}
    data["schema_version"] = 1
    return data


# version -> function that turns a dict of that version into the next version
MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: _from_v0}


def migrate(data: dict) -> dict:
    """Bring a scenario dict of any earlier schema version up to SCHEMA_VERSION."""
    version = data.get("schema_version")
    if version is None:
        raise ScenarioError([Problem.of("schema_version", "version_missing", version=SCHEMA_VERSION)])
    if isinstance(version, bool) or not isinstance(version, int):
        raise ScenarioError([Problem.of("schema_version", "whole_number", got=_short(version))])
    if version > SCHEMA_VERSION:
        raise ScenarioError([Problem.of("schema_version", "version_newer", version=version, supported=SCHEMA_VERSION)])
    while version < SCHEMA_VERSION:
        if version not in MIGRATIONS:
            raise ScenarioError([Problem.of("schema_version", "version_unknown", version=version, supported=SCHEMA_VERSION)])
        data = MIGRATIONS[version](data)
        version = data["schema_version"]
    return data


# --- Errors -----------------------------------------------------------------


# the JSON decoder's messages -> problem.file_not_json_<kind>, said in the UI's language
_JSON_ERRORS = {
    "Expecting value": "value",
    "Expecting property name enclosed in double quotes": "name",
    "Expecting ':' delimiter": "colon",
    "Expecting ',' delimiter": "comma",
    "Unterminated string starting at": "unterminated",
    "Invalid control character at": "control",
    "Extra data": "extra",
}


def _field_path(loc: tuple) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in ("function-after", "function-before") or str(part).startswith(("tuple[", "nullable[")):
            continue
        else:
            path += ("." if path else "") + str(part)
    return path or "scenario"


def _short(value) -> str:
    if isinstance(value, bool):  # as a file writes it
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _plain(value) -> str:
    """A number as written by hand, without an exponent: ``1000000000`` for 1e9, ``1.5``, ``-0.2``;
    with one from 1e21 on, where the digits would fill the message (``1e+308``, not 309 digits)."""
    if abs(float(value)) >= 1e21:
        return format(float(value), ".3g")
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


def _describe(error: dict) -> tuple[str, dict]:
    """The sentence key (``problem.<key>``) and its values for one pydantic error."""
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    got = _short(value)
    if error.get("members") in _UNION_KEYS:
        return _UNION_KEYS[error["members"]], {"got": got}
    bounds = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}
    if kind in bounds:
        limit = _plain(next(iter(ctx.values())))
        return "bound", {"op": bounds[kind], "limit": limit, "got": _plain(value) if _is_number(value) else got}
    if kind in ("missing", "extra_forbidden"):
        return kind, {}
    if kind == "literal_error":
        return "one_of", {"expected": "|".join(re.split(r", | or ", str(ctx.get("expected")))), "got": got}
    if kind in ("float_parsing", "float_type") and isinstance(value, str) and DECIMAL_COMMA.fullmatch(value.strip()):
        return "number_comma", {"got": got, "fixed": value.strip().replace(",", ".")}
    if kind in ("float_parsing", "float_type"):
        return "number", {"got": got}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "whole_number", {"got": got}
    if kind == "string_pattern_mismatch" and "24:00" in str(ctx.get("pattern")):
        return "clock", {"got": got}
    if kind == "string_pattern_mismatch" and "(0[1-9]|1[0-2])" in str(ctx.get("pattern")):
        return "month", {"got": got}
    if kind == "string_pattern_mismatch" and str(ctx.get("pattern")) in _PATTERN_KEYS:
        return _PATTERN_KEYS[str(ctx.get("pattern"))], {"got": got}
    if kind == "string_pattern_mismatch":
        return "pattern", {"got": got, "pattern": str(ctx.get("pattern"))}
    if kind in ("too_short", "too_long"):
        most = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        return f"items_{kind}", {"count": str(ctx.get("actual_length")), "limit": str(most)}
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "string_empty", {}
    if kind in ("string_too_short", "string_too_long"):
        most = ctx.get("min_length") if kind == "string_too_short" else ctx.get("max_length")
        return kind, {"limit": str(most), "got": got}
    if kind in _JSON_TYPE_KEYS:  # a value of another JSON type than the field's
        return _JSON_TYPE_KEYS[kind], {"got": got}
    return "check", {"message": f"{error['msg'].lower()}, got {got}"}


DECIMAL_COMMA = re.compile(r"-?\d+,\d+")  # 12,5: a number written the Finnish way, in a file that takes 12.5
# how pydantic names the member of a union-typed field in an error's location: ("channels", 1, "aht_s", "float")
_UNION_MEMBER = re.compile(r"float|int|str|bool|(tuple|list|dict)\[.*\]")
# a value that fits no member of a union: the sentence for the union's members
_UNION_KEYS = {frozenset({"float", "tuple[float, ...]"}): "number_or_numbers"}
_JSON_TYPE_KEYS = {"tuple_type": "type_list", "list_type": "type_list", "model_type": "type_object",
                   "dict_type": "type_object", "model_attributes_type": "type_object", "string_type": "type_text"}
_PATTERN_KEYS = {KEY_PATTERN: "pattern_key", NAME_PATTERN: "pattern_name", r"^[A-Z]{3}$": "pattern_currency",
                 r"^[A-Z]{2}$": "pattern_country"}  # a pattern said in words


def _union_member(loc: tuple) -> int | None:
    """Where an error's location names a member of a union-typed field; None where it names none."""
    return next((i for i, part in enumerate(loc) if isinstance(part, str) and _UNION_MEMBER.fullmatch(part)), None)


def _one_per_union(errors: list[dict]) -> list[dict]:
    """pydantic refuses a value of a union-typed field once per member ("aht_s.float: not a number",
    "aht_s.tuple[float, ...]: not a tuple"): one error instead, at the field. A value with the shape
    of a member (a list) keeps that member's errors inside it (its item 1 is not a number); one that
    fits no member gets the union's own sentence (``_UNION_KEYS``), else its first member's."""
    unions: dict[tuple, list[tuple[int, dict]]] = {}  # the union's field -> (where the member is named, error)
    for error in errors:
        if (at := _union_member(error["loc"])) is not None:
            unions.setdefault(error["loc"][:at], []).append((at, error))
    kept = []
    for error in errors:
        if (at := _union_member(error["loc"])) is None:
            kept.append(error)
            continue
        field = error["loc"][:at]
        members = unions.pop(field, None)
        if members is None:  # said with the union's first error
            continue
        inside = [{**e, "loc": field + e["loc"][i + 1:]} for i, e in members if len(e["loc"]) > i + 1]
        kept.extend(inside or [{**members[0][1], "loc": field, "members": frozenset(e["loc"][i] for i, e in members)}])
    return kept


def _problems(exc: ValidationError, data: dict) -> list[str]:
    errors = _one_per_union(exc.errors())
    # pydantic also reports a tuple whose items failed as "too short": drop that echo
    failed_inside = {e["loc"][:i] for e in errors for i in range(1, len(e["loc"]))}
    problems = []
    for error in errors:
        if error["type"] == "too_short" and error["loc"] in failed_inside:
            continue
        path = _field_path(error["loc"])
        if error["type"] == "value_error":
            path, key, values = _check_problem(path, error.get("ctx", {}).get("error", error["msg"]))
        else:
            key, values = _describe(error)
        problem = Problem.of(path, key, item=_item_name(path, data), **values)
        if problem not in problems:
            problems.append(problem)
    return problems


def _item_name(path: str, data: dict) -> str | None:
    """The name of the channel, offer or contract ``path`` is in, as ``data`` gives it (a
    channel without a name: its id); None if the path is in none, or the data names it not
    at all or as it names another."""
    found = re.match(r"(channels|offers|workforce\.contracts)\[(\d+)\]", path)
    if found is None:
        return None
    items = data
    for part in found[1].split("."):  # "workforce.contracts": data["workforce"]["contracts"]
        items = items.get(part) if isinstance(items, dict) else None
    if not isinstance(items, list) or int(found[2]) >= len(items):
        return None
    names = [(item.get("name") or (item.get("id") if found[1] == "channels" else None)) if isinstance(item, dict)
             else None for item in items]
    name = names[int(found[2])]
    return name if isinstance(name, str) and name.strip() and names.count(name) == 1 else None


def _check_problem(path: str, error) -> tuple[str, str, dict]:
    """Path, key and values of a model check's refusal; a CheckError that names its
    ``field`` puts it on the path. Any other error keeps its English words."""
    if not isinstance(error, CheckError):
        return path, "check", {"message": str(error)}
    if error.field:
        path = error.field if path == "scenario" else f"{path}.{error.field}"
    return path, error.key, error.values


# --- Load and save ----------------------------------------------------------


def _read_limited(source: str | Path | bytes | bytearray) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        if len(source) > MAX_FILE_BYTES:
            raise ScenarioError([Problem.of("file", "file_over_limit", size=len(source))])
        return bytes(source)
    path = Path(source)
    if not path.is_file():
        raise ScenarioError([Problem.of("file", "file_missing", where=path)])
    size = path.stat().st_size
    if size <= MAX_FILE_BYTES:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # the file may have grown since
        size = max(size, len(data))
    if size > MAX_FILE_BYTES:
        raise ScenarioError([Problem.of("file", "file_over_limit", size=size)])
    return data


def parse_scenario(data: dict, *, as_file: bool = False) -> Scenario:
    """Validate a scenario dict of any supported schema version. ``as_file``: ``data`` is a
    file's JSON, whose numbers must be numbers ("400" and true were read as 400 and 1, while
    a version written "1" was refused); the app's edits give Python numbers of any kind."""
    if not isinstance(data, dict):
        kind = {list: "list", str: "text", bool: "truth", int: "number", float: "number"}.get(type(data), "null")
        raise ScenarioError([Problem.of("file", f"file_not_object_{kind}")])
    if PLAN_KEYS <= data.keys() and "schema_version" not in data:  # not eight lines of fields missing and unknown
        raise ScenarioError([Problem.of("file", "file_is_plan")])
    if "schema_version" not in data:  # most likely this version's file with the line left out
        _refuse_without_version(data, as_file)
    try:
        data = migrate(data)
        return _validated(data, as_file)
    except ValidationError as exc:
        raise ScenarioError(_problems(exc, data)) from None


def _validated(data: dict, as_file: bool) -> Scenario:
    """The Scenario of ``data``, a file's JSON validated strictly as JSON (a list is a tuple
    there, a whole number a float, and a text or true no number)."""
    if as_file:
        return Scenario.model_validate_json(json.dumps(data), strict=True)
    return Scenario.model_validate(data)


def _refuse_without_version(data: dict, as_file: bool) -> None:
    """Refuse a scenario dict without a schema version, with the problems it has besides
    when read as this version's: all of them said at once, not one after the other fix."""
    missing = Problem.of("schema_version", "version_missing", version=SCHEMA_VERSION)
    current = {"schema_version": SCHEMA_VERSION, **data}
    try:
        _validated(current, as_file)
    except ValidationError as exc:
        raise ScenarioError([missing, *_problems(exc, current)]) from None
    raise ScenarioError([missing])


def load_scenario(source: str | Path | bytes | bytearray) -> Scenario:
    """Load a scenario from a file path or the file's bytes.

    Raises
    ------
    ScenarioError
        With one line per problem, each naming the field path and what is allowed.
    """
    raw = _read_limited(source)
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise ScenarioError([Problem.of("file", "file_utf16")])
    if b"\x00" in raw[:4096]:  # no text has a NUL: a spreadsheet, a picture, UTF-16 without its mark
        raise ScenarioError([Problem.of("file", "file_binary")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = str(raw[:exc.start].count(b"\n") + 1)
        raise ScenarioError([Problem.of("file", "file_not_utf8", line=line)]) from None
    if not text.strip():
        raise ScenarioError([Problem.of("file", "file_empty")])
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_once_each)
    except json.JSONDecodeError as exc:
        where = {"line": str(exc.lineno), "column": str(exc.colno)}
        kind = _json_slip(exc) or _JSON_ERRORS.get(exc.msg)
        problem = (Problem.of("file", f"file_not_json_{kind}", **where) if kind
                   else Problem.of("file", "file_not_json", reason=exc.msg, **where))
        raise ScenarioError([problem]) from None
    except CheckError as exc:
        raise ScenarioError([Problem.of("file", exc.key, **exc.values)]) from None
    except ValueError as exc:
        raise ScenarioError([Problem.of("file", "check", message=str(exc))]) from None
    except RecursionError:
        raise ScenarioError([Problem.of("file", "file_nested")]) from None
    try:
        return parse_scenario(data, as_file=True)
    except ScenarioError as exc:
        raise ScenarioError([_as_written_in_file(problem) for problem in exc.problems]) from None


def _json_slip(exc: json.JSONDecodeError) -> str | None:
    """The slip a hand-edited file most likely has where JSON reading stopped: a comma after
    the last item ("trailing_comma"), or a comment ("comment"); None for another."""
    ahead = exc.doc[exc.pos:exc.pos + 2]
    if ahead.startswith(("//", "/*", "#")):
        return "comment"
    if ahead[:1] in ("}", "]") and exc.doc[:exc.pos].rstrip().endswith(","):
        return "trailing_comma"
    return None


def _as_written_in_file(problem: str) -> str:
    """A problem as a file's: an upper bound of 1 is a share's, which the file writes as a
    fraction (the page shows it as a percentage, and says the bound that way itself)."""
    if isinstance(problem, Problem) and problem.key == "bound" and problem.values.get("limit") == "1" and (
        problem.values.get("op") in ("<", "<=")
    ):
        return Problem.of(problem.path, "bound_share", item=problem.item, **problem.values)
    return problem


def _once_each(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object whose field names are each written once: a field written twice was
    read as its last value, without a word."""
    seen = set()
    for name, _ in pairs:
        if name in seen:
            raise CheckError("json_field_twice", name=name)
        seen.add(name)
    return dict(pairs)


def _reject_constant(name: str):
    raise CheckError("json_constant", name=name)


def scenario_to_json(scenario: Scenario) -> str:
    """The scenario file's text (UTF-8 JSON, indented, defaults written out)."""
    return json.dumps(scenario.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write the scenario file; :func:`load_scenario` reads it back equal."""
    Path(path).write_text(scenario_to_json(scenario), encoding="utf-8")


DEFAULT_SCENARIO_PATH = Path(__file__).resolve().parent.parent / "scenarios" / "web_shop.json"


def default_scenario() -> Scenario:
    """The scenario the app opens with: the bundled Finnish web shop."""
    return load_scenario(DEFAULT_SCENARIO_PATH)
