"""Edits to a scenario that never lose what the user typed.

Each input on the scenario page is an *edit group*: a key (the path of its
field, e.g. ``"channels.1.volume_per_week"``) and the values it sets (usually
one path, sometimes several: changing chat concurrency also resizes the
handling times). :func:`apply_edits` applies the groups to the last valid
scenario through :func:`planner.scenario.parse_scenario`, so the core's
validation decides and its messages name the field. A group that the
scenario rejects stays *pending* with its problems; the scenario keeps its
last valid value, and the input keeps showing what was typed until it is
fixed. Pending groups are tried again with every later edit, so fixing the
other half of a pair (a minimum above a maximum) commits both.

Pure functions on plain data; no streamlit.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from planner.scenario import Problem, Scenario, ScenarioError, parse_scenario

Path = tuple[str | int, ...]


def path_key(path: Path) -> str:
    """``("channels", 1, "aht_s")`` -> ``"channels.1.aht_s"``."""
    return ".".join(str(part) for part in path)


def parse_path(key: str) -> Path:
    """``"channels.1.aht_s"`` -> ``("channels", 1, "aht_s")``."""
    return tuple(int(part) if part.isdigit() else part for part in key.split("."))


def get_in(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def set_in(data: dict, path: Path, value: Any) -> dict:
    """A deep copy of ``data`` with ``value`` at ``path`` (which must exist up to its last part)."""
    data = copy.deepcopy(data)
    target = data
    try:
        for part in path[:-1]:
            target = target[part]
    except (IndexError, TypeError):
        raise KeyError(path_key(path)) from None
    last = path[-1]
    if isinstance(target, list):
        if not isinstance(last, int) or not 0 <= last < len(target):
            raise KeyError(path_key(path))
    elif not isinstance(target, dict):
        raise KeyError(path_key(path))
    target[last] = value
    return data


def scenario_data(scenario: Scenario) -> dict:
    """The scenario as the plain JSON dict of its file."""
    return scenario.model_dump(mode="json")


@dataclass(frozen=True)
class EditResult:
    """The scenario after the edits that are valid, and the groups still pending with their problems."""

    scenario: Scenario
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)
    changed: bool = False


def _with_group(data: dict, group: dict[str, Any]) -> dict:
    for key, value in group.items():
        data = set_in(data, parse_path(key), value)
    return data


def _parse(data: dict) -> tuple[Scenario | None, list[str]]:
    try:
        return parse_scenario(data), []
    except ScenarioError as exc:
        return None, exc.problems
    except (TypeError, ValueError) as exc:  # a value the model cannot even read
        return None, [str(exc)]


def apply_edits(scenario: Scenario, groups: dict[str, dict[str, Any]]) -> EditResult:
    """Apply edit groups (group key -> {field path: value}) to ``scenario``.

    All groups are tried together first; if the result is invalid, they are
    applied one at a time in order and each one the scenario rejects stays
    pending with its problems.

    >>> from planner.scenario import default_scenario
    >>> s = default_scenario()
    >>> r = apply_edits(s, {"channels.1.volume_per_week": {"channels.1.volume_per_week": 650.0}})
    >>> r.scenario.channels[1].volume_per_week, r.pending
    (650.0, {})
    >>> r = apply_edits(s, {"name": {"name": ""}})
    >>> r.scenario == s, r.problems["name"][0].startswith("name: ")
    (True, True)
    """
    base = scenario_data(scenario)
    try:
        together = base
        for group in groups.values():
            together = _with_group(together, group)
        parsed, _ = _parse(together)
    except (KeyError, IndexError, TypeError):
        parsed = None
    if parsed is not None:
        return EditResult(parsed, {}, {}, changed=parsed != scenario)
    current, current_scenario = base, scenario
    pending: dict[str, dict[str, Any]] = {}
    problems: dict[str, list[str]] = {}
    for key, group in groups.items():
        try:
            trial = _with_group(current, group)
        except (KeyError, IndexError, TypeError):
            pending[key], problems[key] = group, [Problem.of(key, "field_gone")]
            continue
        parsed, found = _parse(trial)
        if parsed is None:
            pending[key], problems[key] = group, found
        else:
            current, current_scenario = trial, parsed
    return EditResult(current_scenario, pending, problems, changed=current_scenario != scenario)
