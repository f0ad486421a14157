"""Command line: ``python -m planner plan SCENARIO.json [--json OUT.json]``.

Exit status: 0 when a plan was made (even one with understaffing, which the
summary reports), 2 when the scenario does not load (the reason on stderr),
1 when the plan cannot be written. Bad input never prints a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.plan import Plan, build_plan
from planner.scenario import ScenarioError, load_scenario


def _money(value: float | None, currency: str) -> str:
    return "-" if value is None else f"{value:,.0f} {currency}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f} %"


def summary_text(plan: Plan) -> str:
    """A readable summary of the plan: demand and service per channel, roster, costs."""
    data = plan.to_json()
    currency = plan.scenario.currency
    rows = [f"Scenario: {plan.scenario.name}  ({plan.scenario.interval_min}-min intervals)", ""]
    rows.append(f"{'channel':<10}{'contacts/wk':>12}{'missed closed':>14}{'peak staff':>11}"
                f"{'service lvl':>12}{'abandon':>9}{'ASA s':>8}{'short':>7}")
    for cp in plan.channels:
        week = data["summary"][cp.channel.id]
        asa = "-" if week["asa_s"] is None else f"{week['asa_s']:.0f}"
        rows.append(
            f"{cp.channel.id:<10}{week['contacts_per_week']:>12.0f}{week['missed_closed_per_week']:>14.0f}"
            f"{int(cp.requirement.required_staff.max()):>11}{_pct(week['service_level']):>12}"
            f"{_pct(week['p_abandon']):>9}{asa:>8}{week['understaffed_intervals']:>7}"
        )
    solver = data["schedule"]["solver"]
    shifts = data["schedule"]["shifts"]
    paid_h = sum(s["paid_h"] for s in shifts)
    gap = "-" if solver["gap"] is None else f"{100 * solver['gap']:.2f} %"
    rows += ["", f"Roster: {len({s['agent'] for s in shifts})} agents, {len(shifts)} shifts, {paid_h:.1f} paid h/week; "
             f"solver {solver['status']}, gap {gap}, {solver['seconds']:.1f} s"]
    for reason in solver.get("reasons", []):
        rows.append(f"  - {reason}")
    if plan.understaffed_intervals:
        rows.append(f"WARNING: understaffed in {plan.understaffed_intervals} channel-intervals "
                    f"(see 'understaffed' in the plan JSON)")
    rows += ["", f"{'option':<40}{'cost/month':>16}{'lost sales/month':>18}"]
    options = [plan.in_house, *plan.outsourced] + ([plan.hybrid] if plan.hybrid else [])
    for option in options:
        rows.append(f"{option.name:<40}{_money(option.cost.per_month, currency):>16}"
                    f"{_money(option.lost_revenue_per_month, currency):>18}")
    return "\n".join(rows)


def _plan_command(args: argparse.Namespace) -> int:
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(f"error: {args.scenario}: {exc}", file=sys.stderr)
        return 2
    plan = build_plan(scenario)
    if args.json:
        try:
            Path(args.json).write_text(plan.to_json_text(), encoding="utf-8")
        except OSError as exc:
            print(f"error: cannot write {args.json}: {exc.strerror}", file=sys.stderr)
            return 1
    print(summary_text(plan))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner", description="Staffing and cost planner")
    commands = parser.add_subparsers(dest="command", required=True)
    plan = commands.add_parser("plan", help="plan a scenario file and print a summary")
    plan.add_argument("scenario", help="scenario JSON file")
    plan.add_argument("--json", metavar="OUT", help="also write the plan JSON here")
    args = parser.parse_args(argv)
    return _plan_command(args)


if __name__ == "__main__":
    sys.exit(main())
