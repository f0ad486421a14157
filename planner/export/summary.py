"""The figures and sentences of a proposal, read from a Plan: shared by the PDF, the workbook and the app.

Everything here rearranges what the core computed (``planner.plan.Plan`` and
the break-even and sensitivity results of ``planner.options``) and words it
in Finnish or English; nothing is priced, sized or solved again. The PDF,
the Excel workbook and the Proposal page all take their figures from here, so
the three say the same thing.

The recommended option is the one with the least cost plus lost sales a month
(``Option.total_per_month``), the first of the plan's options in their order
(in-house, each offer, the hybrid, closed outside, the optimised mix) when two
are equal: the optimised mix that turns out to be one offer alone is named as
that offer.

Examples
--------
>>> hours_text((None,) * 7, "en")
'closed'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from planner.costs import Calibration
from planner.demand import curve_source
from planner.export import fmt
from planner.locales import contract_name, strings, translate
from planner.options import hybrid_offer_index
from planner.scheduling import Reason, was_stopped

SPECIAL_OPTIONS = ("in_house", "hybrid", "closed_outside", "optimised")
TIE_EUR = 0.005  # totals closer than half a cent are equal


# --- Names ---------------------------------------------------------------------------


def option_name(name: str, kind: str, lang: str) -> str:
    """An option's name to show: the offer's own name, or the localised name of in-house, hybrid, etc.

    >>> option_name("in_house", "in_house", "fi"), option_name("Onshore", "outsourced", "fi")
    ('Oma henkilöstö', 'Onshore')
    """
    if kind == "outsourced":
        return name
    key = f"costs.option.{kind or name}"
    return translate(lang, key) if key in strings(lang) else name


def sensitivity_option_name(name: str, lang: str, offers: tuple[str, ...] = ()) -> str:
    """The name of an option of :func:`planner.options.sensitivity` (offers by name, the rest by kind);
    the optimised mix says that it keeps today's split there.

    >>> sensitivity_option_name("optimised", "en"), sensitivity_option_name("hybrid", "fi")
    ("Optimised mix, today's split", 'Yhdistelmä')
    """
    if name in offers or name not in SPECIAL_OPTIONS:
        return name
    if name == "optimised":
        return translate(lang, "proposal.sens_optimised")
    return option_name(name, name, lang)


def channel_name(channel) -> str:
    return channel.name or channel.id


def channel_words(channels, lang: str) -> list[str]:
    """Channels' names inside a sentence: in lower case when each is just its kind in ``lang``
    ("Puhelin" -> "puhelin"), else all as written (not "chat, Puhelin and Takaisinsoitto").

    >>> from planner.scenario import Channel
    >>> chat, phone = (Channel(id=k, kind=k, name=n, volume_per_week=1, aht_s=60)
    ...                for k, n in (("chat", "Chat"), ("phone", "Puhelin")))
    >>> channel_words([chat, phone], "fi"), channel_words([chat, phone], "en")
    (['chat', 'puhelin'], ['Chat', 'Puhelin'])
    """
    names = [channel_name(c) for c in channels]
    kinds = [{translate(lang, f"kind.{c.kind}").casefold(), c.kind} for c in channels]
    if all(name.casefold() in kind for name, kind in zip(names, kinds)):
        return [name.lower() for name in names]
    return names


def join_words(words: list[str], lang: str) -> str:
    """``a, b and c`` (fi: ``a, b ja c``).

    >>> join_words(["chat", "puhelin", "takaisinsoitto"], "fi")
    'chat, puhelin ja takaisinsoitto'
    """
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {translate(lang, 'proposal.and')} {words[-1]}"


def hours_text(open_hours, lang: str) -> str:
    """Opening hours of the week, days with the same hours grouped: ``ma–pe 08:00–22:00, la–su 10:00–20:00``.

    >>> from planner.scenario import week_hours
    >>> hours_text(week_hours("08:00", "16:00", "1111100"), "fi")
    'ma–pe 08:00–16:00'
    >>> hours_text(week_hours("00:00", "24:00"), "en")
    'Mon–Sun 00:00–24:00'
    """
    spans = [None if s is None else (s.start, s.end) for s in open_hours]
    parts = []
    day = 0
    while day < 7:
        if spans[day] is None:
            day += 1
            continue
        end = day
        while end + 1 < 7 and spans[end + 1] == spans[day]:
            end += 1
        days = fmt.weekday(day, lang) if end == day else f"{fmt.weekday(day, lang)}{fmt.DASH}{fmt.weekday(end, lang)}"
        parts.append(f"{days} {fmt.span(*spans[day])}")
        day = end + 1
    return ", ".join(parts) if parts else translate(lang, "proposal.closed")


# --- Options --------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionRow:
    """One option's figures a month, as the documents show them.

    ``total_per_month`` is cost plus lost sales; ``cost_per_handled_contact`` is
    none when nothing is answered; ``estimate`` when its in-house part is the
    calibrated estimate rather than a solved roster; ``same_as`` names the
    earlier option an optimised mix turned out to be (same assignment, cost
    and lost sales), if any.
    """

    key: str
    name: str
    kind: str
    basis: str
    per_month: float
    lost_contacts_per_month: float
    lost_revenue_per_month: float
    total_per_month: float
    handled_contacts_per_month: float
    cost_per_handled_contact: float | None
    recommended: bool
    option: object
    same_as: str | None = None

    @property
    def estimate(self) -> bool:
        return self.basis == "estimate"

    @property
    def shown_total(self) -> float:
        """Cost plus lost sales as every table shows them: the sum of the two rounded figures."""
        return fmt.shown_total(self.per_month, self.lost_revenue_per_month)


def option_rows(plan, lang: str) -> tuple[OptionRow, ...]:
    """Every option of the plan in its order, the recommended one marked."""
    options = list(plan.options)
    best = recommended_index(plan)
    names = [option_name(o.name, o.kind, lang) for o in options]

    def same_as(i: int, o) -> str | None:
        if o.kind != "optimised":
            return None
        twin = next((j for j, other in enumerate(options[:i]) if other.assignment == o.assignment
                     and abs(other.total_per_month - o.total_per_month) <= TIE_EUR
                     and abs(other.cost.per_month - o.cost.per_month) <= TIE_EUR), None)
        return None if twin is None else names[twin]

    return tuple(
        OptionRow(
            key=o.name,
            name=names[i],
            kind=o.kind,
            basis=o.basis,
            per_month=float(o.cost.per_month),
            lost_contacts_per_month=float(o.lost_contacts_per_month),
            lost_revenue_per_month=float(o.lost_revenue_per_month),
            total_per_month=float(o.total_per_month),
            handled_contacts_per_month=float(o.handled_contacts_per_month),
            cost_per_handled_contact=o.cost_per_handled_contact,
            recommended=i == best,
            option=o,
            same_as=same_as(i, o),
        )
        for i, o in enumerate(options)
    )


def recommended_index(plan) -> int:
    """Index in ``plan.options`` of the least cost plus lost sales (the first of equals)."""
    totals = [o.total_per_month for o in plan.options]
    low = min(totals)
    return next(i for i, v in enumerate(totals) if v <= low + TIE_EUR)


@dataclass(frozen=True)
class Recommendation:
    """The answer: the best option, the next best that differs, and all in-house.

    ``saving_vs_next`` and ``saving_vs_in_house`` are money a month (cost plus
    lost sales); ``cheapest_cost`` is the option with the least cost alone when
    that is another one.
    """

    best: OptionRow
    next_best: OptionRow | None
    in_house: OptionRow
    saving_vs_next: float | None
    saving_vs_in_house: float | None
    cheapest_cost: OptionRow | None


def recommendation(plan, lang: str) -> Recommendation:
    rows = option_rows(plan, lang)
    best = next(r for r in rows if r.recommended)
    others = [r for r in rows if r.total_per_month > best.total_per_month + TIE_EUR]
    next_best = min(others, key=lambda r: r.total_per_month) if others else None
    in_house = rows[0]
    by_cost = min(rows, key=lambda r: r.per_month)
    cheapest_cost = by_cost if by_cost.per_month < best.per_month - TIE_EUR else None
    return Recommendation(
        best=best,
        next_best=next_best,
        in_house=in_house,
        saving_vs_next=None if next_best is None else round(next_best.total_per_month - best.total_per_month, 2),
        saving_vs_in_house=None if in_house is best else round(in_house.total_per_month - best.total_per_month, 2),
        cheapest_cost=cheapest_cost,
    )


def contacts_per_week(plan) -> float:
    """Contacts arriving in a week, all channels (forecast, including those while closed)."""
    return float(sum(float(np.sum(cp.demand.forecast)) for cp in plan.channels))


def question_text(plan, lang: str) -> str:
    names = join_words(channel_words([cp.channel for cp in plan.channels], lang), lang)
    return translate(lang, "proposal.question", contacts=fmt.number(contacts_per_week(plan), lang), channels=names,
                     options=len(plan.options))


def answer_text(plan, lang: str) -> str:
    """The answer in one paragraph: which option costs least with lost sales counted, and by how much.

    Every figure is the options table's: a total is the sum of its two rounded
    parts (``OptionRow.shown_total``), so each sentence adds up as shown, and each
    saving is the difference of the totals shown.
    """
    rec = recommendation(plan, lang)
    currency = plan.scenario.currency

    def money(value):
        return fmt.money(value, currency, lang)

    best = rec.best
    best_total = best.shown_total
    parts = [translate(lang, "proposal.answer_best", name=best.name, cost=money(best.per_month),
                       lost=money(best.lost_revenue_per_month), total=money(best_total))]
    if rec.next_best is not None:
        next_total = rec.next_best.shown_total
        saving = next_total - best_total
        share = saving / next_total if next_total > 0 else math.nan
        parts.append(translate(lang, "proposal.answer_next", saving=money(saving),
                               share=fmt.percent(share, lang, 1 if share < 0.095 else 0), name=rec.next_best.name,
                               total=money(next_total)))
    else:
        parts.append(translate(lang, "proposal.answer_alone"))
    if rec.saving_vs_in_house is not None and rec.next_best is not rec.in_house:
        in_house_total = rec.in_house.shown_total
        parts.append(translate(lang, "proposal.answer_in_house", saving=money(in_house_total - best_total),
                               total=money(in_house_total)))
    closed = closed_text(plan, best.option, lang)  # "it": the best option, the sentences' subject so far
    if closed:
        parts.append(translate(lang, "proposal.answer_closed", closed=closed))
    if best.kind in ("optimised", "hybrid", "closed_outside") and best.option.assignment:
        parts.append(translate(lang, "proposal.answer_mix"))
    if best.estimate:
        parts.append(translate(lang, "proposal.answer_estimate"))
    if rec.cheapest_cost is not None:  # last: it brings in another option
        parts.append(translate(lang, "proposal.answer_cost_only", name=rec.cheapest_cost.name,
                               cost=money(rec.cheapest_cost.per_month),
                               lost=money(rec.cheapest_cost.lost_revenue_per_month)))
    if missed := missed_targets_text(plan, lang):
        parts.append(missed)
    return " ".join(parts)


def missed_targets_text(plan, lang: str) -> str:
    """The channels whose service target the in-house roster misses, against the offers that
    are assumed to meet every target ("" when it meets them all). At a fifth of the web shop's
    volume its callbacks were 59 % in time of a 90 % target, said on the Staffing page only."""
    missed = [row for row in channel_rows(plan, lang) if not row.target_met]
    if not missed:
        return ""
    channels = [translate(lang, "proposal.missed_target", name=row.name, achieved=fmt.percent(row.service_level, lang, 1),
                          target=target_text(row, lang)) for row in missed]
    return translate(lang, "proposal.in_house_misses", channels=join_words(channels, lang))


# --- Who serves what --------------------------------------------------------------------


def block_name(block: str, lang: str) -> str:
    key = f"costs.block.{block}"
    return translate(lang, key) if key in strings(lang) else block


def server_name(value: str, lang: str) -> str:
    if value in ("in_house", "closed", "mixed"):
        return translate(lang, f"costs.serve.{value}")
    return value


def closed_text(plan, option, lang: str) -> str:
    """Where an option keeps a channel closed in hours the scenario has it open, in words
    ("Puhelin (sunnuntai)"); "" if nowhere.

    An assignment names only the blocks where a channel is open, so "closed" there is
    the option's choice.
    """
    assignment = getattr(option, "assignment", None) or {}
    parts = []
    for channel in plan.scenario.channels:
        blocks = [block_name(b, lang) for b, who in assignment.get(channel.id, {}).items() if who == "closed"]
        if blocks:
            words = join_words([b.lower() for b in blocks] if lang == "fi" else blocks, lang)
            parts.append(f"{channel_name(channel)} ({words})")
    return join_words(parts, lang)


def mix_table(plan, option, lang: str) -> tuple[list[str], list[list[str]]]:
    """Who serves each channel in each block of the week: (header, rows), header[0] the channel column.

    Empty when the option carries no assignment.
    """
    assignment = getattr(option, "assignment", None) or {}
    if not assignment:
        return [], []
    order = _blocks_shown(plan, assignment)
    header = [translate(lang, "proposal.col_channel")] + [block_name(b, lang) for b in order]
    rows = []
    for channel in plan.scenario.channels:
        if channel.id in assignment:
            row = assignment[channel.id]
            rows.append([channel_name(channel)] + [server_name(row[b], lang) if b in row else fmt.MISSING
                                                   for b in order])
    return header, rows


def _blocks_shown(plan, assignment: dict) -> list[str]:
    """The blocks an assignment names, in the scenario's order, the rest of the week ("night") last."""
    blocks = [b.name for b in plan.scenario.hybrid.blocks]
    seen = {block for row in assignment.values() for block in row}
    return [b for b in blocks if b in seen] + sorted(seen - set(blocks) - {"night"}) + (
        ["night"] if "night" in seen else [])


def blocks_text(plan, option, lang: str) -> str:
    """The hours of the parts of the week :func:`mix_table` names: ``Viikon osat: Arkipäivä ma–pe
    08:00–16:00; ...`` (the table's own names do not say them, and a weekday evening may not be
    the evening premium's hours)."""
    hours = {b.name: b.hours for b in plan.scenario.hybrid.blocks}
    parts = [f"{block_name(b, lang)} {hours_text(hours[b], lang)}" if b in hours
             else translate(lang, "proposal.block_rest", name=block_name(b, lang))
             for b in _blocks_shown(plan, getattr(option, "assignment", None) or {})]
    return translate(lang, "proposal.blocks", blocks="; ".join(parts))


# --- Service per channel -------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelRow:
    """A channel's week with the in-house roster: demand, service achieved against target, losses.

    ``deferred`` channels (callback, email) report the share handled within
    the answer window as ``service_level`` and have no abandonment.
    """

    id: str
    name: str
    kind: str
    deferred: bool
    contacts_per_week: float
    service_level: float
    target_sl: float
    target_s: float | None
    deadline_min: float | None
    p_abandon: float | None
    p_unanswered: float | None
    max_abandon: float | None
    asa_s: float | None
    missed_closed_per_week: float
    understaffed_intervals: int
    peak_required_staff: float
    open_hours: str

    @property
    def target_met(self) -> bool:
        return self.service_level >= self.target_sl - 1e-9


UNANSWERED_SAID = 0.0005  # a share of unanswered contacts said: what shows as 0.1 % or more


def channel_rows(plan, lang: str) -> tuple[ChannelRow, ...]:
    out = []
    for cp in plan.channels:
        channel = cp.channel
        deferred = bool(cp.requirement.is_deferred)
        asa = float(cp.achieved.week_asa_s)
        out.append(ChannelRow(
            id=channel.id,
            name=channel_name(channel),
            kind=channel.kind,
            deferred=deferred,
            contacts_per_week=float(np.sum(cp.demand.forecast)),
            service_level=float(cp.achieved.week_service_level),
            target_sl=float(channel.target_sl),
            target_s=None if deferred else float(channel.target_s),
            deadline_min=channel.deadline_min,
            p_abandon=None if deferred else float(cp.achieved.week_p_abandon),
            p_unanswered=None if deferred else float(cp.achieved.week_p_unanswered),
            max_abandon=channel.max_abandon,
            asa_s=asa if math.isfinite(asa) else None,
            missed_closed_per_week=float(np.sum(cp.demand.missed_closed)),
            understaffed_intervals=int(np.sum(np.asarray(cp.understaffed) > 1e-9)),
            peak_required_staff=float(np.max(cp.requirement.required_staff)),
            open_hours=hours_text(channel.open_hours, lang),
        ))
    return tuple(out)


def target_text(row: ChannelRow, lang: str) -> str:
    """``80 % in 20 s`` (live) or ``80 % in 2 h`` (deferred)."""
    within = fmt.seconds(row.deadline_min * 60 if row.deferred else row.target_s, lang)
    return translate(lang, "proposal.target", share=fmt.percent(row.target_sl, lang), time=within)


def wait_text(seconds: float | None, deferred: bool, lang: str) -> str:
    """The mean wait of a channel's answered contacts; for callback or email (a matter of
    minutes or hours) in whole minutes: ``5 s``, ``39 min``.

    >>> wait_text(4.96, False, "en"), wait_text(2391.6, True, "en"), wait_text(None, True, "en")
    ('5 s', '40 min', '–')
    """
    if seconds is None or not math.isfinite(seconds):
        return fmt.MISSING
    return fmt.seconds(round(seconds / 60) * 60 if deferred else seconds, lang)


# --- Staffing and roster --------------------------------------------------------------------


@dataclass(frozen=True)
class RosterFacts:
    """The in-house roster in figures and the solver's report.

    peak_required_staff : most people needed at once, all channels [people]
    peak_scheduled : most people scheduled at once, net of breaks [people]
    agents, shifts, paid_h_per_week : the roster
    understaffed_intervals : intervals of the week (of interval_min minutes) where a channel is
        short of staff (one short in two channels counts once: the week has 336 half hours);
        shortfall_h_per_week the agent-hours missing, of required_h_per_week (callback and email
        work included)
    status, objective, bound, gap, seconds, time_limit_s : the solver's report [money/week, s]
    shared_short_intervals : of understaffed_intervals, those where more than one channel is
        short, so that the channels' own counts add up to more than understaffed_intervals
    """

    peak_required_staff: float
    peak_scheduled: float
    agents: int
    shifts: int
    paid_h_per_week: float
    understaffed_intervals: int
    interval_min: int
    shortfall_h_per_week: float
    required_h_per_week: float
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    time_limit_s: float
    reasons: tuple[Reason, ...]
    shared_short_intervals: int = 0


def status_words(status: str, lang: str) -> str:
    """The solver's status in words of the language, without the solver's code (a status with no
    words yet shows its code).

    >>> status_words("FEASIBLE", "fi"), status_words("FEASIBLE", "en"), status_words("NEW_CODE", "fi")
    ('toimiva, ei todistetusti halvin', 'workable, not proven the cheapest', 'NEW_CODE')
    """
    if f"solver.status.{status}" not in strings(lang):
        return status
    return translate(lang, f"solver.status.{status}")


def roster_facts(plan) -> RosterFacts:
    shifts = plan.schedule.shifts
    report = plan.schedule.solver
    required = np.sum([np.asarray(cp.requirement.required_staff, float) for cp in plan.channels], axis=0)
    scheduled = np.sum([np.asarray(cp.scheduled, float) for cp in plan.channels], axis=0)
    short = float(np.sum([np.asarray(cp.understaffed, float).sum() for cp in plan.channels]))
    short_channels = np.sum([np.asarray(cp.understaffed, float) > 1e-9 for cp in plan.channels], axis=0)
    return RosterFacts(
        peak_required_staff=float(np.max(required)),
        peak_scheduled=float(np.max(scheduled)),
        agents=len({s.agent for s in shifts}),
        shifts=len(shifts),
        paid_h_per_week=sum(s.paid_min for s in shifts) / 60.0,
        understaffed_intervals=int(np.sum(short_channels > 0)),
        shared_short_intervals=int(np.sum(short_channels > 1)),
        interval_min=plan.scenario.interval_min,
        shortfall_h_per_week=short * plan.scenario.interval_min / 60.0,
        required_h_per_week=float(sum(cp.requirement.needed_people.sum() for cp in plan.channels))
        * plan.scenario.interval_min / 60.0,
        status=report.status,
        objective=report.objective,
        bound=report.bound,
        gap=report.gap,
        seconds=float(report.seconds),
        time_limit_s=float(plan.scenario.workforce.solver_time_limit_s),
        reasons=tuple(report.reasons),
    )


ROUGH_GAP = 0.05  # a roster further than this from its bound is called rough, with advice to give it more time
EARLY_SHARE = 0.8  # a search that ended before this share of its time limit would not gain from more time


def ended_early(facts: RosterFacts) -> bool:
    """Whether the search ended well before its time limit, not stopped, with the shift plan
    proven the cheapest: then more time finds no cheaper roster; the gap is to a bound that
    leaves the roster rules out. (A plan not proven takes its whole share of the limit, and a
    quick roster from it ended a 10 s search in 7.3 s: that one was called done, and a second
    run found a roster 3-4 % cheaper.)"""
    keys = {reason.key for reason in facts.reasons}
    return facts.seconds < EARLY_SHARE * facts.time_limit_s and not keys & {"stopped", "plan_not_proven"}


def solver_text(facts: RosterFacts, lang: str) -> str:
    """What the solver's status means for the roster, said plainly, and any understaffing."""
    seconds = fmt.number(facts.seconds, lang, 1)
    limit = fmt.setting(facts.time_limit_s, lang)
    if facts.status == "OPTIMAL" or (facts.status == "FEASIBLE" and facts.gap is not None and facts.gap < 1e-6):
        text = translate(lang, "proposal.solver_optimal", seconds=seconds, limit=limit)
    elif facts.status == "FEASIBLE" and facts.gap is not None:  # good, rough or with large gaps, as the Roster page says
        text = translate(lang, "proposal.solver_gaps" if large_shortfall(facts) else
                         "proposal.solver_gap" if facts.gap <= ROUGH_GAP else
                         ("proposal.solver_rough_done" if ended_early(facts) else "proposal.solver_rough"),
                         gap=fmt.percent(facts.gap, lang, 1), seconds=seconds, limit=limit)
    elif facts.status == "FEASIBLE":
        text = translate(lang, "proposal.solver_nogap", seconds=seconds, limit=limit)
    elif facts.status == "INFEASIBLE":
        text = translate(lang, "proposal.solver_infeasible")
    else:
        text = translate(lang, "proposal.solver_none", limit=limit)
    if facts.understaffed_intervals:
        text += " " + shortfall_text(facts, lang)
    elif facts.status in ("OPTIMAL", "FEASIBLE"):
        text += " " + translate(lang, "proposal.covered")
    if was_stopped(facts.reasons):
        text += " " + translate(lang, "proposal.stopped")
    return text


def shortfall_text(facts: RosterFacts, lang: str) -> str:
    """The understaffing the roster leaves and why, as the solver reports it ("" when none)."""
    if not facts.understaffed_intervals:
        return ""
    text = translate(lang, "proposal.short", count=fmt.number(facts.understaffed_intervals, lang),
                     minutes=facts.interval_min, hours=fmt.number(facts.shortfall_h_per_week, lang, 1))
    if "team_size" in {reason.key for reason in facts.reasons}:  # "the limit on agents" read as a setting
        text += " " + translate(lang, "proposal.short_team")
    elif _limits_bind(facts):
        text += " " + translate(lang, "proposal.short_binding")
    elif "priced" in {reason.key for reason in facts.reasons}:
        text += " " + translate(lang, "proposal.short_priced")
    return text


LARGE_SHORTFALL = 0.05  # a roster short of more than this share of the required agent-hours leaves large gaps


def large_shortfall(facts: RosterFacts) -> bool:
    """Whether the roster leaves large gaps: limits on agents or contracts bind, or it is short of
    more than LARGE_SHORTFALL of the agent-hours required (a priced gap here and there is not)."""
    return facts.understaffed_intervals > 0 and (
        _limits_bind(facts) or facts.shortfall_h_per_week > LARGE_SHORTFALL * facts.required_h_per_week)


def _limits_bind(facts: RosterFacts) -> bool:
    return bool({reason.key for reason in facts.reasons} & {"agent_limit", "team_size", "contract_limit"})


# --- Assumptions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One input of the scenario as the documents list it.

    ``kind`` says how to write ``value``: "money", "money2" (two decimals),
    "share", "number", "h", "s", "min" or "text"; ``estimate`` marks a default
    that is an estimate with no published source ("[E]" in the scenario model)
    and was left as it is. ``group`` is "channel" or "offer" for the facts of
    one channel or offer (``owner`` its name), so a document may set them side
    by side; "" for the rest.
    """

    section: str
    label: str
    value: float | str | None
    kind: str = "text"
    estimate: bool = False
    decimals: int = 0
    group: str = ""
    owner: str = ""


def fact_text(fact: Fact, lang: str, currency: str) -> str:
    value = fact.value
    if value is None:
        return fmt.MISSING
    if fact.kind == "money":
        return fmt.money(value, currency, lang, fact.decimals)
    if fact.kind == "money2":
        return fmt.money(value, currency, lang, 2)
    if fact.kind == "share":
        share = float(value)
        return fmt.percent(share, lang, fact.decimals or (0 if round(share * 100, 6) == round(share * 100) else 1))
    if fact.kind in ("h", "min"):
        return fmt.with_unit(value, fact.kind, lang, fact.decimals)
    if fact.kind == "s":
        return fmt.seconds(value, lang)
    if fact.kind == "number":
        return fmt.number(value, lang, fact.decimals)
    return str(value)


def _model_default(model_cls, field: str):
    info = model_cls.model_fields[field]
    if info.default_factory is not None:
        return info.default_factory()
    return info.default


def is_estimate_field(model, field: str) -> bool:
    """True when the core marks ``model.field``'s default as an estimate ("[E]" in its description).

    >>> from planner.scenario import InHouse
    >>> is_estimate_field(InHouse(), "wage_per_h"), is_estimate_field(InHouse(), "pension_rate")
    (True, False)
    """
    info = type(model).model_fields.get(field)
    return info is not None and "[E]" in (info.description or "")


def is_default_estimate(model, field: str) -> bool:
    """True when ``model.field`` is an estimate default ("[E]" in its description) left unchanged.

    >>> from planner.scenario import InHouse
    >>> is_default_estimate(InHouse(), "wage_per_h"), is_default_estimate(InHouse(wage_per_h=18.0), "wage_per_h")
    (True, False)
    """
    return is_estimate_field(model, field) and getattr(model, field) == _model_default(type(model), field)


def curve_text(curve, lang: str) -> str:
    """What a channel's contact curve is, in words: its built-in profile (named as the app's curve
    selector names it), that profile adjusted with which of its own parts, or imported from a history.

    >>> from planner.scenario import Curve
    >>> curve_text(Curve(profile="office_hours"), "en")
    'Office hours profile'
    >>> curve_text(Curve(profile="office_hours", weekday_shares=(1, 1, 1, 1, 1, 0, 0)), "fi")
    'Profiili ”Virka-aika”, muokattu (viikonpäivien osuudet)'
    """
    source = curve_source(curve)
    if source.kind == "table":
        return translate(lang, "proposal.curve_table")
    profile = translate(lang, f"profile.{source.profile}")
    if source.kind == "profile":
        return translate(lang, "proposal.curve_profile", profile=profile)
    parts = ", ".join(translate(lang, f"proposal.curve_part.{part}") for part in source.parts)
    return translate(lang, "proposal.curve_adjusted", profile=profile, parts=parts)


def fact_shown(fact: Fact, lang: str, currency: str) -> str:
    """A fact's value as the documents and the app show it beside its label, an estimate marked."""
    text = fact_text(fact, lang, currency)
    return text + (f" ({translate(lang, 'common.estimate')})" if fact.estimate else "")


def side_by_side(facts, lang: str, currency: str) -> tuple[list[str], list[list[str]]]:
    """Facts of several channels (or offers) as a table with a column per owner: (the owners in the
    order they come, the rows [label, value of the first owner, ...], a dash where one has none)."""
    owners = list(dict.fromkeys(f.owner for f in facts))
    labels = _merge_orders([[f.label for f in facts if f.owner == owner] for owner in owners])
    values = {(f.owner, f.label): fact_shown(f, lang, currency) for f in facts}
    return owners, [[label] + [values.get((owner, label), fmt.MISSING) for owner in owners] for label in labels]


def _merge_orders(sequences: list[list[str]]) -> list[str]:
    """One order holding every item of every sequence, each sequence's order kept where it can be:
    an item new to the merge goes just before the next item of its sequence already there.

    >>> _merge_orders([["a", "b", "e"], ["a", "c", "d", "e"], ["x", "b"]])
    ['a', 'x', 'b', 'c', 'd', 'e']
    """
    merged: list[str] = []
    for sequence in sequences:
        for k, item in enumerate(sequence):
            if item in merged:
                continue
            after = next((merged.index(later) for later in sequence[k + 1:] if later in merged), len(merged))
            merged.insert(after, item)
    return merged


def available_text(agent, lang: str) -> str:
    """A team member's available times in words: "16:00–21:00", "from 16:00", "any time"."""
    if agent.not_before and agent.not_after:
        return fmt.span(agent.not_before, agent.not_after)
    if agent.not_before:
        return translate(lang, "proposal.team_from", time=agent.not_before)
    if agent.not_after:
        return translate(lang, "proposal.team_until", time=agent.not_after)
    return translate(lang, "proposal.team_any_time")


def _team_facts(scenario, section: str, lang: str) -> list[Fact]:
    """A named team's members, one a line: contract, channels and the times they are available
    (the documents listed only the contracts, as if the roster took the cheapest mix)."""
    team = scenario.workforce.team
    if team is None:
        return []
    if not team:
        return [Fact(section, translate(lang, "team.title"), translate(lang, "proposal.team_none"))]
    facts = []
    for agent in team:
        channels = (", ".join(channel_name(scenario.channel(c)) for c in agent.channels) if agent.channels
                    else translate(lang, "proposal.team_all_channels"))
        value = ", ".join((contract_name(lang, agent.contract), channels, available_text(agent, lang)))
        facts.append(Fact(section, translate(lang, "proposal.team_member", name=agent.id), value))
    return facts


def assumptions(plan, lang: str) -> tuple[Fact, ...]:
    """The scenario's main inputs, by section: demand and service, working time, in-house cost, offers, sales."""
    s = plan.scenario

    def t(key, **values):
        return translate(lang, key, **values)

    facts: list[Fact] = []
    repeats = any(c.first_contact_resolution < 1 for c in s.channels)
    # Demand and service targets, per channel
    for c, cp in zip(s.channels, plan.channels):
        sec = t("proposal.section_channel", name=channel_name(c))
        start = len(facts)
        facts.append(Fact(sec, t("proposal.fact_kind"), t(f"kind.{c.kind}")))
        facts.append(Fact(sec, t("proposal.fact_volume"), c.volume_per_week * s.demand_factor, "number"))
        if repeats:  # the volume is new contacts; what the team handles has the repeats too
            facts.append(Fact(sec, t("proposal.fact_fcr"), c.first_contact_resolution, "share"))
            if c.repeat_channel not in (None, c.id):
                facts.append(Fact(sec, t("proposal.fact_repeat_channel"), channel_name(s.channel(c.repeat_channel))))
            facts.append(Fact(sec, t("proposal.fact_to_handle"), float(cp.demand.forecast.sum()), "number"))
        facts.append(Fact(sec, t("proposal.fact_curve"), curve_text(c.curve, lang)))
        facts.append(Fact(sec, t("proposal.fact_open"), hours_text(c.open_hours, lang)))
        aht = c.aht_levels_s
        if c.concurrency > 1:
            levels = " / ".join(str(n) for n in range(1, len(aht) + 1))
            facts.append(Fact(sec, t("proposal.fact_aht_levels", levels=levels),
                              " / ".join(fmt.seconds(v, lang) for v in aht)))
            facts.append(Fact(sec, t("proposal.fact_concurrency"), c.concurrency, "number"))
        else:
            facts.append(Fact(sec, t("proposal.fact_aht"), aht[0], "s"))
        if c.kind in ("callback", "email"):
            facts.append(Fact(sec, t("proposal.fact_target"),
                              t("proposal.target", share=fmt.percent(c.target_sl, lang),
                                time=fmt.seconds((c.deadline_min or 0) * 60, lang))))
        else:
            facts.append(Fact(sec, t("proposal.fact_target"),
                              t("proposal.target", share=fmt.percent(c.target_sl, lang),
                                time=fmt.seconds(c.target_s, lang))))
            if c.max_abandon is not None:
                facts.append(Fact(sec, t("proposal.fact_max_abandon"), c.max_abandon, "share", decimals=1))
            if c.patience_s is not None:
                facts.append(Fact(sec, t("proposal.fact_patience"), c.patience_s, "s"))
        facts.append(Fact(sec, t("proposal.fact_min_staff"), c.min_staff_open, "number"))
        if c.deflection.share:
            facts.append(Fact(sec, t("proposal.fact_deflection"), c.deflection.share, "share"))
        facts[start:] = [replace(f, group="channel", owner=channel_name(c)) for f in facts[start:]]
    if s.demand_factor != 1.0:
        facts.append(Fact(t("proposal.section_demand"), t("proposal.fact_demand_factor"), s.demand_factor, "number",
                          decimals=2))
    # Working time
    w = s.workforce
    sec = t("proposal.section_workforce")
    facts.append(Fact(sec, t("proposal.fact_shrinkage"), w.shrinkage, "share"))
    facts.append(Fact(sec, t("proposal.fact_shift_lengths"),
                      ", ".join(fmt.with_unit(h, "h", lang, None) for h in w.shift_lengths_h)))
    if w.shift_starts is not None:
        facts.append(Fact(sec, t("workforce.starts"), hours_text(w.shift_starts, lang)))
    facts.append(Fact(sec, t("proposal.fact_meal_break"),
                      t("proposal.meal_break_paid" if w.meal_break_paid else "proposal.meal_break_unpaid",
                        minutes=fmt.number(w.meal_break_min, lang),
                        hours=fmt.setting(w.meal_break_if_over_h, lang))))
    facts.append(Fact(sec, t("proposal.fact_rest"),
                      t("proposal.rest", daily=fmt.setting(w.daily_rest_h, lang),
                        weekly=fmt.setting(w.weekly_rest_h, lang))))
    facts.append(Fact(sec, t("workforce.max_days"), w.max_consecutive_days, "number"))
    for c in w.contracts:
        terms = [t("proposal.contract_hours", low=fmt.setting(c.weekly_h_min, lang),
                   high=fmt.setting(c.weekly_h_max, lang))]
        if c.max_shifts_per_week is not None:
            terms.append(t("proposal.contract_shifts", count=c.max_shifts_per_week))
        if c.max_count is not None:
            terms.append(t("proposal.contract_count", count=c.max_count))
        facts.append(Fact(sec, contract_name(lang, c.name, first=True), ", ".join(terms)))
    if w.max_agents is not None:
        facts.append(Fact(sec, t("proposal.fact_max_agents"), w.max_agents, "number"))
    facts += _team_facts(s, sec, lang)
    facts.append(Fact(sec, t("proposal.fact_interval"), s.interval_min, "min"))
    # In-house cost
    h = s.in_house
    sec = t("proposal.section_in_house")
    facts.append(Fact(sec, t("proposal.fact_wage"), h.wage_per_h, "money2", is_default_estimate(h, "wage_per_h")))
    side = (h.pension_rate + h.health_insurance_rate + h.unemployment_insurance_rate + h.accident_insurance_rate
            + h.group_life_rate)
    facts.append(Fact(sec, t("proposal.fact_side_costs"),
                      t("proposal.side_costs", total=fmt.percent(side, lang, 1),
                        pension=fmt.percent(h.pension_rate, lang, 1))))
    facts.append(Fact(sec, t("proposal.fact_holiday_bonus"), h.holiday_bonus_rate, "share", decimals=1))
    if h.holiday_pay_rate:
        facts.append(Fact(sec, t("proposal.fact_holiday_pay"), h.holiday_pay_rate, "share", decimals=1))
    p = h.premiums
    premium_parts = [(t("proposal.premium_evening"), "evening"), (t("proposal.premium_night"), "night"),
                     (t("proposal.premium_saturday"), "saturday"), (t("proposal.premium_sunday"), "sunday"),
                     (t("proposal.premium_holiday"), "public_holiday")]
    marked = f" ({t('proposal.estimate_mark')})"
    facts.append(Fact(sec, t("proposal.fact_premiums"), ", ".join(
        f"{name} {fmt.percent(getattr(p, field), lang)}" + (marked if is_default_estimate(p, field) else "")
        for name, field in premium_parts)))
    if h.agents_per_lead:
        facts.append(Fact(sec, t("proposal.fact_lead"),
                          t("proposal.lead", agents=fmt.number(h.agents_per_lead, lang),
                            cost=fmt.money(h.lead_cost_per_month, s.currency, lang)),
                          estimate=is_default_estimate(h, "lead_cost_per_month")))
    seat = h.licence_per_seat_per_month + h.telephony_per_seat_per_month + h.workstation_per_seat_per_month
    facts.append(Fact(sec, t("proposal.fact_seat"), seat, "money",
                      is_default_estimate(h, "workstation_per_seat_per_month")))
    facts.append(Fact(sec, t("proposal.fact_hiring"),
                      t("proposal.hiring", cost=fmt.money(h.hiring_cost_per_agent, s.currency, lang),
                        turnover=fmt.percent(h.turnover_per_year, lang)),
                      estimate=is_default_estimate(h, "hiring_cost_per_agent")))
    if h.overhead_per_month:
        facts.append(Fact(sec, t("proposal.fact_overhead"), h.overhead_per_month, "money"))
    # Offers
    for offer in s.offers:
        sec = t("proposal.section_offer", name=offer.name)
        start = len(facts)
        if offer.price_per_staffed_h:
            facts.append(Fact(sec, t("proposal.fact_per_hour"), offer.price_per_staffed_h, "money2"))
        for target, price in offer.price_per_contact.items():
            channel = next((c for c in s.channels if c.id == target), None)
            if channel is not None:
                label = channel_name(channel)
            else:  # a price by channel kind
                label = t(f"kind.{target}") if f"kind.{target}" in strings(lang) else target
            facts.append(Fact(sec, t("proposal.fact_per_contact", channel=label), price, "money2"))
        if offer.price_per_phone_min:
            facts.append(Fact(sec, t("proposal.fact_per_minute"), offer.price_per_phone_min, "money2"))
        if offer.monthly_fee:
            facts.append(Fact(sec, t("proposal.fact_monthly_fee"), offer.monthly_fee, "money"))
        if offer.monthly_minimum:
            facts.append(Fact(sec, t("proposal.fact_minimum"), offer.monthly_minimum, "money"))
        if offer.setup_fee:
            facts.append(Fact(sec, t("proposal.fact_setup"),
                              t("proposal.setup", fee=fmt.money(offer.setup_fee, s.currency, lang),
                                months=fmt.number(offer.contract_months, lang))))
        surcharges = [(t("proposal.premium_evening"), offer.evening_surcharge),
                      (t("proposal.premium_night"), offer.night_surcharge),
                      (t("proposal.premium_saturday"), offer.saturday_surcharge),
                      (t("proposal.premium_sunday"), offer.sunday_surcharge)]
        if offer.holiday_surcharge is not None:
            surcharges.append((t("proposal.premium_holiday"), offer.holiday_surcharge))
        used = [f"{name} {fmt.percent(rate, lang)}" for name, rate in surcharges if rate]
        if used:
            facts.append(Fact(sec, t("proposal.fact_surcharges"), ", ".join(used)))
        facts.append(Fact(sec, t("proposal.fact_offer_loss"), offer.abandon_rate, "share",
                          is_default_estimate(offer, "abandon_rate"), decimals=1))
        if offer.target_sl is not None or offer.target_s is not None:
            facts.append(Fact(sec, t("proposal.fact_offer_target"),
                              t("proposal.target", share=fmt.percent(offer.target_sl, lang) if offer.target_sl
                                else fmt.MISSING,
                                time=fmt.seconds(offer.target_s, lang) if offer.target_s is not None
                                else fmt.MISSING)))
        facts[start:] = [replace(f, group="offer", owner=offer.name) for f in facts[start:]]
    # The hybrid, and the option closed at other times: own staff's channels and hours
    hy = s.hybrid
    sec = t("hybrid.title")
    if s.offers:
        facts.append(Fact(sec, t("proposal.fact_hybrid"), t("proposal.hybrid_what")))
        facts.append(Fact(sec, t("hybrid.offer"), s.offers[hybrid_offer_index(s)].name))
    own = [c for c in s.channels if hy.in_house_channels is None or c.id in hy.in_house_channels]
    facts.append(Fact(sec, t("hybrid.channels"), join_words([channel_name(c) for c in own], lang)))
    facts.append(Fact(sec, t("hybrid.hours"), hours_text(hy.in_house_hours, lang)))
    # Sales
    r = s.revenue
    sec = t("proposal.section_sales")
    facts.append(Fact(sec, t("proposal.fact_conversion"), r.conversion_rate, "share",
                      is_default_estimate(r, "conversion_rate"), decimals=1))
    facts.append(Fact(sec, t("proposal.fact_order_value"), r.average_order_value, "money2",
                      is_default_estimate(r, "average_order_value")))
    facts.append(Fact(sec, t("proposal.fact_lost_for_good"),  # even at zero: the lost-sales formula names it
                      t("proposal.lost_for_good", share=fmt.percent(r.lost_for_good_share, lang),
                        value=fmt.money(r.customer_value_per_year, s.currency, lang))))
    month = s.calendar.month
    facts.append(Fact(sec, t("proposal.fact_month"),
                      t("proposal.month_calendar", month=month) if month else
                      t("proposal.month_average", year=s.calendar.year)))
    return tuple(facts)


# --- Break-even and sensitivity ---------------------------------------------------------------


@dataclass(frozen=True)
class BreakEvenRow:
    """One offer's break-even against in-house, in words and figures (see ``options.BreakEven``)."""

    offer: str
    volume_per_week: float | None
    volume_factor: float | None
    wage_per_h: float | None
    volume_text: str
    wage_text: str


STEP_SHARE = 0.005  # costs further apart than this at the crossing: the cheaper side changes at a price step


def _is_step(be) -> bool:
    """Whether the two costs jump past each other at the crossing (an offer priced by whole staffed
    agents) instead of meeting there; the row then gives both costs."""
    larger = max(be.in_house_per_month, be.offer_per_month)
    return larger > 0 and abs(be.in_house_per_month - be.offer_per_month) > STEP_SHARE * larger


def calibration_words(plan, lang: str) -> str:
    """How the in-house estimate behind the break-even and sensitivity stands to the roster:
    calibrated on it, or not (no roster, or one short of the requirement, which would teach
    the estimate to under-staff; see ``options.calibrate``)."""
    source = getattr(getattr(plan, "calibration", None), "source", "none")
    key = {Calibration.ON_ROSTER: "roster", Calibration.ROSTER_SHORT: "short"}.get(source, "none")
    return translate(lang, f"calibration.{key}")


# the contact-centre collective agreement's minimum pay is about 10-12 EUR/h (shared/reference/finland_defaults.md):
# a break-even wage under it is not a wage in-house staff could be paid
AGREEMENT_MIN_WAGE_EUR = 10.0


def break_even_rows(plan, results, lang: str) -> tuple[BreakEvenRow, ...]:
    currency = plan.scenario.currency
    wage = plan.scenario.in_house.wage_per_h
    rows = []
    for be in results or ():
        if be.volume_factor is not None:
            below = translate(lang, "proposal.be_in_house_below" if be.in_house_cheaper else "proposal.be_offer_below")
            volume = translate(lang, "proposal.be_volume", contacts=fmt.number(be.volume_per_week, lang),
                               factor=fmt.number(be.volume_factor, lang, 2), below=below)
            if _is_step(be):
                volume = translate(lang, "proposal.be_volume_step", volume=volume,
                                   in_house=fmt.money(be.in_house_per_month, currency, lang),
                                   offer=fmt.money(be.offer_per_month, currency, lang))
        elif be.in_house_cheaper is None:  # no contacts today: nothing to scale
            volume = translate(lang, "proposal.be_no_volume")
        else:  # no crossing: which is cheaper over the range searched
            low, high = be.searched
            volume = translate(lang, "proposal.be_in_house_always" if be.in_house_cheaper
                               else "proposal.be_offer_always", low=fmt.number(low, lang, 2 if low < 1 else 0),
                               high=fmt.number(high, lang, 2 if high < 1 else 0))
        if be.wage_per_h is not None:
            wage_text = translate(lang, "proposal.be_wage", wage=fmt.money(be.wage_per_h, currency, lang, 2),
                                  today=fmt.money(wage, currency, lang, 2))
            if currency == "EUR" and be.wage_per_h < AGREEMENT_MIN_WAGE_EUR:
                wage_text += translate(lang, "proposal.be_wage_below_minimum")
        else:
            wage_text = translate(lang, "proposal.be_no_wage")
        rows.append(BreakEvenRow(be.offer, be.volume_per_week, be.volume_factor, be.wage_per_h, volume, wage_text))
    return tuple(rows)


@dataclass(frozen=True)
class SensitivityTable:
    """Total a month (cost plus lost sales, estimates) of each option for each change of each parameter.

    ``options`` are the option keys in column order and ``names`` their names;
    ``rows`` are (parameter, change, value, {option: total}) in the order of
    the results; ``cheapest`` the option of least total in each row.
    """

    options: tuple[str, ...]
    names: tuple[str, ...]
    rows: tuple[tuple[str, float, float, dict], ...]

    def cheapest(self, row) -> str:
        totals = row[3]
        return min(self.options, key=lambda o: (totals.get(o, math.inf), self.options.index(o)))


def sensitivity_table(plan, results, lang: str) -> SensitivityTable | None:
    if not results:
        return None
    offers = tuple(o.name for o in plan.scenario.offers)
    options: list[str] = []
    rows: dict[tuple[str, float], dict] = {}
    values: dict[tuple[str, float], float] = {}
    for r in results:
        if r.option not in options:
            options.append(r.option)
        rows.setdefault((r.parameter, r.change), {})[r.option] = fmt.shown_total(r.per_month, r.lost_revenue_per_month)
        values[(r.parameter, r.change)] = r.value
    names = tuple(sensitivity_option_name(o, lang, offers) for o in options)
    return SensitivityTable(tuple(options), names,
                            tuple((p, c, values[(p, c)], totals) for (p, c), totals in rows.items()))


def sensitivity_lines(plan, table: SensitivityTable, lang: str) -> list[tuple[str, str, tuple]]:
    """The sensitivity table's rows as the documents show them, today's first: (what changed, the
    parameter's value then ("" today), the row of ``table.rows``)."""
    today = [row for row in table.rows if abs(row[1]) < 1e-12][:1]
    lines = []
    for row in today + [row for row in table.rows if abs(row[1]) >= 1e-12]:
        parameter, change, value, _ = row
        if abs(change) < 1e-12:
            lines.append((translate(lang, "pdf.today_values"), "", row))
        else:
            lines.append((f"{parameter_name(parameter, lang)} {change_text(change, lang)}",
                          parameter_value_text(plan, parameter, value, lang), row))
    return lines


def parameter_name(parameter: str, lang: str) -> str:
    return translate(lang, f"proposal.parameter.{parameter}")


def parameter_value_text(plan, parameter: str, value: float, lang: str) -> str:
    """The parameter's value at a change: contacts a week, the AHT factor, the wage, the shrinkage."""
    if parameter == "volume":
        return translate(lang, "proposal.per_week", value=fmt.number(value, lang))
    if parameter == "aht":
        return f"× {fmt.number(value, lang, 2)}"
    if parameter == "wage":
        return fmt.money(value, plan.scenario.currency, lang, 2)
    return fmt.percent(value, lang, 1)


def change_text(change: float, lang: str) -> str:
    """``+10 %`` / ``−25 %``; ``±0 %`` for the base."""
    if abs(change) < 1e-12:
        return translate(lang, "proposal.base")
    sign = "+" if change > 0 else ("−" if lang == "fi" else "-")
    return sign + fmt.percent(abs(change), lang)


def sensitivity_text(plan, table: SensitivityTable | None, lang: str) -> str:
    """Whether the cheapest option stays the cheapest in every change, or where another takes over
    (and, when the optimised mix is overtaken, that it keeps today's split there)."""
    if table is None:
        return ""
    base = next((row for row in table.rows if abs(row[1]) < 1e-12), table.rows[0])
    leader = table.cheapest(base)
    name = dict(zip(table.options, table.names))
    changes = [row for row in table.rows if table.cheapest(row) != leader]
    if not changes:
        return translate(lang, "proposal.sens_holds", name=name[leader])
    where = [f"{parameter_name(row[0], lang).lower()} {change_text(row[1], lang)}: {name[table.cheapest(row)]}"
             for row in changes]
    leader_name = option_name(leader, leader, lang) if leader == "optimised" else name[leader]
    text = translate(lang, "proposal.sens_changes", name=leader_name, where="; ".join(where))
    if leader == "optimised":  # overtaken only because the mix is not planned afresh for the change
        text += " " + translate(lang, "proposal.sens_mix_fixed")
    return text
