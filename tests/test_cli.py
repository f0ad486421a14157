"""python -m planner: exit codes, the JSON file, and no tracebacks on bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner import cli

ROOT = Path(__file__).resolve().parents[1]


def _run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "planner", *args], check=False, cwd=cwd, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.slow
def test_plan_writes_json_and_summary(tmp_path):
    out = tmp_path / "plan.json"
    result = _run("plan", "scenarios/office_phone.json", "--json", str(out))
    assert result.returncode == 0, result.stderr
    assert "Roster:" in result.stdout and "in_house" in result.stdout
    data = json.loads(out.read_text("utf-8"))
    assert len(data["channels"]["phone"]["forecast_contacts"]) == 336


@pytest.mark.parametrize(
    "content, message",
    [
        (b"{ broken", "not valid JSON"),
        (b'{"schema_version": 9, "name": "x", "channels": []}', "newer planner"),
        ((b'{"schema_version": 1, "name": "x", "channels": [{"id": "p", "kind": "phone", '
         b'"volume_per_week": 10, "aht_s": 0}]}'), "channels[0].aht_s: must be > 0, got 0"),
    ],
)
def test_bad_scenario_exits_2_with_one_line(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = _run("plan", str(path))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_scenario_with_several_problems_lists_every_one(tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"schema_version": 1, "name": "x", "channels": [{"id": "p", "kind": "phone", '
                     b'"volume_per_week": -1, "aht_s": 0}]}')
    result = _run("plan", str(path))
    assert result.returncode == 2 and "more problem" not in result.stderr
    assert "channels[0].volume_per_week: must be >= 0, got -1" in result.stderr
    assert "channels[0].aht_s: must be > 0, got 0" in result.stderr


def test_missing_file_exits_2(tmp_path):
    result = _run("plan", str(tmp_path / "none.json"))
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_plan_writes_the_proposal_pdf_and_workbook(tmp_path):
    pdf, xlsx = tmp_path / "p.pdf", tmp_path / "p.xlsx"
    result = _run("plan", "scenarios/office_phone.json", "--pdf", str(pdf), "--xlsx", str(xlsx), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    from openpyxl import load_workbook

    assert "Summary" in load_workbook(xlsx).sheetnames


def test_unwritable_output_exits_1_without_traceback(tmp_path):
    result = _run("plan", "scenarios/office_phone.json", "--no-optimise", "--json", str(tmp_path / "no" / "x.json"))
    assert result.returncode == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_an_output_in_a_missing_folder_is_refused_before_the_solve(tmp_path, monkeypatch, capsys):
    """It solved for 15 s, then said it could not write."""

    def no_solve(*args, **kwargs):
        raise AssertionError("solved before checking where to write")

    monkeypatch.setattr(cli, "build_plan", no_solve)
    assert cli.main(["plan", str(ROOT / "scenarios" / "web_shop.json"), "--pdf", str(tmp_path / "no" / "x.pdf")]) == 1
    assert f"no folder {tmp_path / 'no'}" in capsys.readouterr().err


def test_a_channel_whose_contacts_all_arrive_while_closed_is_warned_of():
    """Office-hours contacts and a phone open 18:00-02:00: 400 missed while closed and a service
    level of 100.0 % (of none), without a word; the roster still had 3 agents."""
    from planner.cli import summary_text
    from planner.plan import build_plan
    from planner.scenario import Span, load_scenario

    scenario = load_scenario(ROOT / "scenarios" / "office_phone.json")
    phone = scenario.channels[0].model_copy(update={"open_hours": (Span(start="18:00", end="02:00"),) * 7})
    workforce = scenario.workforce.model_copy(update={"solver_time_limit_s": 2})
    plan = build_plan(scenario.model_copy(update={"channels": (phone,), "workforce": workforce}), optimise=False)
    text = summary_text(plan)
    assert ("WARNING: phone: all its 400 contacts a week arrive while it is closed, so its service level counts "
            "none; check its open hours and its curve") in text
    assert "all its" not in summary_text(build_plan(scenario.model_copy(update={"workforce": workforce}),
                                                    optimise=False))


def test_no_cost_per_contact_is_said_for_under_one_contact_a_month():
    """A volume of 1e-9 a week gave in-house 2,453,951,373,626 EUR per contact."""
    from planner.cli import summary_text
    from planner.plan import build_plan
    from planner.scenario import load_scenario

    scenario = load_scenario(ROOT / "scenarios" / "office_phone.json")
    phone = scenario.channels[0].model_copy(update={"volume_per_week": 1e-9})
    workforce = scenario.workforce.model_copy(update={"solver_time_limit_s": 2})
    plan = build_plan(scenario.model_copy(update={"channels": (phone,), "workforce": workforce}), optimise=False)
    assert all(option.cost_per_handled_contact is None for option in plan.options)
    in_house = next(line for line in summary_text(plan).splitlines() if line.startswith("in_house "))
    assert in_house.split()[-3] == "-"  # per contact, before the contacts lost and the basis


def test_money_is_rounded_half_away_from_zero_as_the_total_beside_it():
    # Python's format rounds half to even: a cost of 35 118.50 read 35,118 beside a total that
    # counted it as 35 119 (cost audit)
    assert cli._money(35118.5, "EUR") == "35,119 EUR"
    assert cli._money(0.5, "EUR") == "1 EUR" and cli._money(None, "EUR") == "-"
