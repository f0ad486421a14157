"""Command line: ``python -m planner plan SCENARIO.json [--json OUT] [--pdf OUT] [--xlsx OUT] [--break-even] [--sensitivity]``.

``--break-even`` and ``--sensitivity`` add the make-or-buy break-even (volume
and wage per offer) and the sensitivity table (volume, AHT, wage, shrinkage
+-10 % and +-25 %) to the summary and to the JSON (keys ``break_even`` and
``sensitivity``); their in-house figures are estimates calibrated on the
plan's roster. ``--no-optimise`` leaves out the optimised hybrid.

Exit status: 0 when a plan was made (even one with understaffing, which the
summary reports), 2 when the scenario does not load (the reason on stderr),
1 when the plan cannot be written. Bad input never prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from planner import export, options
from planner.demand import all_missed_closed
from planner.export.fmt import rounded, shown_total
from planner.export.summary import calibration_words
from planner.plan import Plan, build_plan
from planner.scenario import ScenarioError, load_scenario


def _counted(n: int, noun: str) -> str:
    """``1 agent``, ``2 agents``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _money(value: float | None, currency: str) -> str:
    """Whole units, rounded half away from zero as the totals beside them (``shown_total``) count them."""
    return "-" if value is None else f"{rounded(value):,.0f} {currency}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f} %"


def summary_text(plan: Plan) -> str:
    """A readable summary of the plan: demand and service per channel, roster, costs."""
    data = plan.to_json()
    currency = plan.scenario.currency
    rows = [f"Scenario: {plan.scenario.name}  ({plan.scenario.interval_min}-min intervals)", ""]
    rows.append(f"{'channel':<10}{'contacts/wk':>12}{'missed closed':>14}{'peak staff':>11}"
                f"{'service lvl':>12}{'abandon':>9}{'unanswered':>11}{'ASA s':>8}{'short':>7}")
    for cp in plan.channels:
        week = data["summary"][cp.channel.id]
        asa = "-" if week["asa_s"] is None else f"{week['asa_s']:.0f}"
        rows.append(
            f"{cp.channel.id:<10}{week['contacts_per_week']:>12.0f}{week['missed_closed_per_week']:>14.0f}"
            f"{int(cp.requirement.required_staff.max()):>11}{_pct(week['service_level']):>12}"
            f"{_pct(week['p_abandon']):>9}{_pct(week['p_unanswered']):>11}{asa:>8}{week['understaffed_intervals']:>7}"
        )
    for cp in plan.channels:
        week = data["summary"][cp.channel.id]
        if all_missed_closed(week["contacts_per_week"], week["missed_closed_per_week"]):
            rows.append(f"WARNING: {cp.channel.id}: all its {week['contacts_per_week']:.0f} contacts a week arrive while "
                        "it is closed, so its service level counts none; check its open hours and its curve")
    solver = data["schedule"]["solver"]
    shifts = data["schedule"]["shifts"]
    paid_h = sum(s["paid_h"] for s in shifts)
    gap = "-" if solver["gap"] is None else f"{100 * solver['gap']:.2f} %"
    agents = len({s["agent"] for s in shifts})
    rows += ["", (f"Roster: {_counted(agents, 'agent')}, {_counted(len(shifts), 'shift')}, {paid_h:.1f} paid h/week; "
                  f"solver {solver['status']}, gap {gap}, {solver['seconds']:.1f} s")]
    names = {cp.channel.id: cp.channel.id for cp in plan.channels}
    for reason in plan.schedule.solver.reasons:  # money with its currency
        rows.append(f"  - {reason.text('en', names, currency)}")
    if plan.understaffed_intervals:
        rows.append(f"WARNING: understaffed in {plan.understaffed_intervals} channel-intervals "
                    f"(see 'understaffed' in the plan JSON)")
    rows += ["", (f"{'option':<32}{'cost/month':>14}{'lost sales/month':>18}{'total/month':>14}"
                  f"{'per contact':>13}{'lost/month':>12}  basis")]
    for option in plan.options:
        unit = option.cost_per_handled_contact
        total = shown_total(option.cost.per_month, option.lost_revenue_per_month)
        cells = (_money(option.cost.per_month, currency), _money(option.lost_revenue_per_month, currency),
                 _money(total, currency), "-" if unit is None else f"{unit:.2f} {currency}",
                 f"{option.lost_contacts_per_month:.0f}")  # a space before each: wide figures stay apart
        rows.append(f"{option.name:<32}" + "".join(f" {cell}".rjust(width) for cell, width in zip(cells, (14, 18, 14, 13, 12)))
                    + f"  {option.basis}")
    if plan.optimised is not None and plan.optimised.assignment:
        rows += ["", "Optimised hybrid, who serves each channel and block:"]
        for channel, blocks in plan.optimised.assignment.items():
            rows.append(f"  {channel:<10}" + assignment_text(blocks))
    return "\n".join(rows)


def assignment_text(blocks: dict[str, str]) -> str:
    """Who serves a channel's blocks, blocks with the same provider together.

    >>> assignment_text({"weekday_day": "in_house", "saturday": "Onshore", "sunday": "Onshore"})
    'weekday_day: in_house; saturday, sunday: Onshore'
    >>> assignment_text({"weekday_day": "Onshore", "sunday": "Onshore"})
    'every block: Onshore'
    >>> assignment_text({})  # a channel with no contacts in any block
    'no contacts to serve'
    """
    if not blocks:
        return "no contacts to serve"
    by_who: dict[str, list[str]] = {}
    for block, who in blocks.items():
        by_who.setdefault(who, []).append(block)
    if len(by_who) == 1:
        return f"every block: {next(iter(by_who))}"
    return "; ".join(f"{', '.join(names)}: {who}" for who, names in by_who.items())


def break_even_text(plan: Plan, results) -> str:
    """The break-even table: per offer, the volume and the wage at which in-house costs the same."""
    currency = plan.scenario.currency
    rows = ["", f"Break-even with in-house (cost per month; in-house estimated, {calibration_words(plan, 'en')}):",
            f"{'offer':<32}{'volume/week':>13}{'x today':>9}{'in-house':>14}{'offer':>14}{'wage/h':>10}"]
    for result in results:
        wage = "-" if result.wage_per_h is None else f"{result.wage_per_h:.2f}"
        if result.volume_factor is None:
            rows.append(f"{result.offer:<32}{'-':>13}{'-':>9}{'-':>14}{'-':>14}{wage:>10}  ({result.note})")
            continue
        others = ", ".join(f"{x:.2f}x" for x in result.other_factors)
        rows.append(f"{result.offer:<32}{result.volume_per_week:>13.0f}{result.volume_factor:>9.2f}"
                    f"{_money(result.in_house_per_month, currency):>14}{_money(result.offer_per_month, currency):>14}"
                    f"{wage:>10}" + (f"  (also near {others})" if others else ""))
    return "\n".join(rows)


PARAMETER_WORDS = {"volume": "volume", "aht": "handling time", "wage": "wage", "shrinkage": "shrinkage"}


def sensitivity_text(plan: Plan, rows_in) -> str:
    """The sensitivity table: cost plus lost sales per option for each change."""
    names = list(dict.fromkeys(row.option for row in rows_in))
    widths = [max(12, len(name)) + 2 for name in names]
    rows = ["", f"Sensitivity, cost + lost sales per month (in-house estimated, {calibration_words(plan, 'en')}):",
            f"{'change':<20}" + "".join(f"{name:>{w}}" for name, w in zip(names, widths))]
    table: dict[tuple[str, float], dict[str, float]] = {}
    for row in rows_in:
        table.setdefault((row.parameter, row.change), {})[row.option] = shown_total(row.per_month,
                                                                                    row.lost_revenue_per_month)
    for (parameter, change), values in table.items():
        label = f"{PARAMETER_WORDS.get(parameter, parameter)} {'+' if change >= 0 else ''}{round(100 * change):d} %"
        rows.append(f"{label:<20}" + "".join(f"{values.get(name, float('nan')):>{w},.0f}"
                                             for name, w in zip(names, widths)))
    return "\n".join(rows)


def _plan_command(args: argparse.Namespace) -> int:
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(f"error: {args.scenario}: " + "\n  ".join(exc.problems), file=sys.stderr)
        return 2
    for out in (args.json, args.pdf, args.xlsx):  # before the solve, not after it
        if out and not Path(out).resolve().parent.is_dir():
            print(f"error: cannot write {out}: no folder {Path(out).resolve().parent}", file=sys.stderr)
            return 1
    plan = build_plan(scenario, optimise=not args.no_optimise)
    data = plan.to_json()
    text = summary_text(plan)
    results, rows = None, None
    if args.break_even:
        results = options.break_even(scenario, plan)
        data["break_even"] = [result.to_json() for result in results]
        text += "\n" + break_even_text(plan, results)
    if args.sensitivity:
        rows = options.sensitivity(scenario, plan)
        data["sensitivity"] = [row.to_json() for row in rows]
        text += "\n" + sensitivity_text(plan, rows)
    outputs = {}
    if args.json:
        outputs[args.json] = lambda: json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")
    lang = args.lang or scenario.locale
    if args.pdf:
        outputs[args.pdf] = lambda: export.proposal_pdf(
            plan, lang, break_even=results if args.break_even else None, sensitivity=rows if args.sensitivity else None
        )
    if args.xlsx:
        outputs[args.xlsx] = lambda: export.plan_workbook(
            plan, lang, break_even=results if args.break_even else None, sensitivity=rows if args.sensitivity else None
        )
    for path, content in outputs.items():
        try:
            Path(path).write_bytes(content())
        except OSError as exc:
            print(f"error: cannot write {path}: {exc.strerror}", file=sys.stderr)
            return 1
    print(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner", description="Staffing and cost planner")
    commands = parser.add_subparsers(dest="command", required=True)
    plan = commands.add_parser("plan", help="plan a scenario file and print a summary")
    plan.add_argument("scenario", help="scenario JSON file")
    plan.add_argument("--json", metavar="OUT", help="also write the plan JSON here")
    plan.add_argument("--break-even", action="store_true",
                      help="add the volume and wage at which in-house and each offer cost the same")
    plan.add_argument("--sensitivity", action="store_true",
                      help="add the sensitivity table (volume, AHT, wage, shrinkage +-10 %% and +-25 %%)")
    plan.add_argument("--pdf", metavar="OUT", help="also write the proposal PDF here")
    plan.add_argument("--xlsx", metavar="OUT", help="also write the Excel workbook here")
    plan.add_argument("--lang", choices=("fi", "en"), help="language of the PDF and workbook (default: the scenario's)")
    plan.add_argument("--no-optimise", action="store_true", help="leave out the optimised hybrid (one solve fewer)")
    args = parser.parse_args(argv)
    return _plan_command(args)


if __name__ == "__main__":
    sys.exit(main())
