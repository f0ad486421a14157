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
