"""Shared test fixtures: paths to the repository, the examples and the reference data."""

from pathlib import Path

import pytest

from planner.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.json"))
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture(params=SCENARIOS, ids=[p.stem for p in SCENARIOS])
def example_path(request) -> Path:
    return request.param


@pytest.fixture
def web_shop():
    return load_scenario(ROOT / "scenarios" / "web_shop.json")


@pytest.fixture(autouse=True)
def _own_solves():
    """Each test solves its own rosters, none reused from another test's (solve_schedule's
    ``reuse``): a test that patches the solver must reach it."""
    from planner import scheduling

    scheduling._solved.clear()
