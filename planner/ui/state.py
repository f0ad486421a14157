"""The session's state: the last valid scenario, pending edits, and messages.

Initialised once per session by :func:`init` (called from ``app.py``). Every
value is plain data or the frozen Scenario model, so the session state stays
serialisable (``runner.enforceSerializableSessionState``). Plans are not kept
here: they live in :mod:`planner.ui.jobs`, keyed by the scenario.

Keys
----
scenario : the last valid :class:`~planner.scenario.Scenario`
pending : edit group key -> {field path: value} the scenario rejected (see :mod:`planner.ui.editing`)
pending_raw : edit group key -> what the input showed, to show it again after a page switch
problems : edit group key -> the core's messages for that group
rev : bumped when a whole scenario is replaced or the language changes, so every input starts afresh
file_rev : bumped when a whole scenario is replaced, so the file uploaders start empty for it
expanders : the kept expanders' label, ``expanded`` and state as last drawn, by name (see widgets.kept_open)
notice : a message for the scenario page (kind, text key, values, problems)
previous : the scenario the last whole replacement put aside, for its undo
token : the key of this session's work in :mod:`planner.ui.kept` (the URL's ``?s=``)
kept_curves : the contact curves set aside this session (see :mod:`planner.ui.curve`)
"""

from __future__ import annotations

import copy
import re
from typing import Any

import streamlit as st

from planner.scenario import Problem, Scenario, default_scenario
from planner.ui import editing, kept

SCENARIO = "scenario"
PENDING = "pending"
PENDING_RAW = "pending_raw"
PROBLEMS = "problems"
REV = "rev"
FILE_REV = "file_rev"
NOTICE = "notice"
PREVIOUS = "previous"
TOKEN = "token"
TOKEN_PARAM = "s"  # the URL's query parameter that carries the token
KEPT_CURVES = "kept_curves"
OPEN = "open_"  # session keys of the expanders that keep their state: OPEN + name (see widgets.kept_open)
EXPANDERS = "expanders"  # those expanders' label, ``expanded`` and state as last drawn, by name
KEPT = (SCENARIO, PENDING, PENDING_RAW, PROBLEMS, PREVIOUS, KEPT_CURVES)  # what a reload gets back
KEPT_TAB = "kept_tab_"  # session keys of the tabs' selection kept beside their widget state: KEPT_TAB + key
EXAMPLE = "example_choice"  # the example chosen in the Scenario page's file section
VIEW = (KEPT_TAB + "scenario_section", KEPT_TAB + "scenario_channel", EXAMPLE)  # and where it was: the Scenario page's tabs and choices


def init() -> None:
    """Set every key once; later runs leave them alone. A session whose URL names work kept
    on the server (a reload) starts from it."""
    if SCENARIO not in st.session_state:
        work = kept.get(st.query_params.get(TOKEN_PARAM)) or {}
        st.session_state[SCENARIO] = work.get(SCENARIO) or default_scenario()
        for key in KEPT[1:] + VIEW:
            if key in work:
                st.session_state[key] = copy.deepcopy(work[key])
        st.session_state[TOKEN] = kept.new_token()
    for key, value in ((PENDING, {}), (PENDING_RAW, {}), (PROBLEMS, {}), (REV, 0), (NOTICE, None)):
        if key not in st.session_state:
            st.session_state[key] = value


def keep() -> None:
    """Keep the session's work on the server and its token in the URL, for a reload."""
    init()
    token = st.session_state[TOKEN]
    work = {key: copy.deepcopy(st.session_state[key]) for key in KEPT[1:] + VIEW if key in st.session_state}
    kept.keep(token, work | {SCENARIO: scenario()})
    if st.query_params.get(TOKEN_PARAM) != token:
        st.query_params[TOKEN_PARAM] = token


def scenario() -> Scenario:
    init()
    return st.session_state[SCENARIO]


def rev() -> int:
    return st.session_state.get(REV, 0)


def file_rev() -> int:
    return st.session_state.get(FILE_REV, 0)


def widget_key(group: str) -> str:
    """The session key of the input for edit group ``group`` (renewed when the scenario is replaced)."""
    return f"w{rev()}:{group}"


def problems() -> dict[str, list[str]]:
    return st.session_state.get(PROBLEMS, {})


def pending_raw(group: str, default: Any = None) -> Any:
    return st.session_state.get(PENDING_RAW, {}).get(group, default)


def replace(new: Scenario, notice: tuple | None = None) -> None:
    """Put a whole new scenario in place (upload, example, reset): pending edits are dropped;
    the one it replaces is kept for :func:`restore_previous`."""
    st.session_state[PREVIOUS] = st.session_state.get(SCENARIO)
    st.session_state[SCENARIO] = new
    st.session_state[PENDING] = {}
    st.session_state[PENDING_RAW] = {}
    st.session_state[PROBLEMS] = {}
    st.session_state[REV] = rev() + 1
    st.session_state[FILE_REV] = file_rev() + 1
    st.session_state[NOTICE] = notice


def reshape(new: Scenario, items: str, moved: dict[int, int | None]) -> None:
    """Put in place ``new``, whose list ``items`` (say "offers") was added to or cut: what
    was typed for item i moves to item ``moved[i]`` (it goes with an item cut, None), the
    rest of what was typed stays, and every input is drawn afresh. Unlike :func:`replace`,
    nothing pending is dropped but the cut item's."""

    def moved_key(key: str) -> str | None:
        match = re.fullmatch(rf"{re.escape(items)}\.(\d+)((?:\..*)?)", key)
        if match is None:
            return key
        to = moved.get(int(match[1]), int(match[1]))
        return None if to is None else f"{items}.{to}{match[2]}"

    def moved_dict(values: dict) -> dict:
        return {to: value for key, value in values.items() if (to := moved_key(key)) is not None}

    def moved_problem(problem):  # its path too: under its input, a problem of another field is said in full
        if not isinstance(problem, Problem):
            return problem
        to = moved_key(re.sub(r"\[(\d+)\]", r".\1", problem.path))
        return problem if to is None else Problem.of(re.sub(r"\.(\d+)", r"[\1]", to), problem.key, **problem.values)

    st.session_state[PENDING] = {to: moved_dict(group) for key, group in st.session_state.get(PENDING, {}).items()
                                 if (to := moved_key(key)) is not None}
    st.session_state[PENDING_RAW] = moved_dict(st.session_state.get(PENDING_RAW, {}))
    st.session_state[PROBLEMS] = {group: [moved_problem(p) for p in found] for group, found in moved_dict(problems()).items()}
    st.session_state[SCENARIO] = new
    renew_inputs()


def renew_inputs() -> None:
    """Draw every input afresh from the scenario and the values still pending (after a
    language switch, so numbers are written the new language's way): new keys, so a value
    typed but not yet sent, which its input's callback reads under its old key in this same
    rerun, still counts. The uploaders keep their files (their keys follow :func:`file_rev`)."""
    st.session_state[REV] = rev() + 1


def previous() -> Scenario | None:
    return st.session_state.get(PREVIOUS)


def restore_previous() -> None:
    """Undo the last whole replacement: the scenario it put aside comes back."""
    put_aside = previous()
    if put_aside is not None:
        replace(put_aside, ("success", "file.restored", {"name": put_aside.name}, []))


def set_notice(notice: tuple | None) -> None:
    st.session_state[NOTICE] = notice


def edit(group: str, values: dict[str, Any], raw: Any, refresh: tuple[str, ...] = ()) -> bool:
    """Apply edit group ``group`` (field path -> value) on top of the pending ones.

    ``raw`` is what the input shows, kept while the edit is pending. The
    inputs of the ``refresh`` groups are reset so they show the new scenario
    (for edits that change more than their own field), their own pending or
    refused values dropped (a CSV import that set the volume left the volume
    input showing its refused "8OO" and "the last valid value is used"). True
    when the scenario changed.
    """
    groups = {g: found for g, found in st.session_state.get(PENDING, {}).items() if g != group and g not in refresh}
    rejected = {g: found for g, found in problems().items()  # see reject()
                if g not in groups and g != group and g not in refresh}
    groups[group] = values
    result = editing.apply_edits(scenario(), groups)
    st.session_state[SCENARIO] = result.scenario
    st.session_state[PENDING] = result.pending
    st.session_state[PROBLEMS] = {**result.problems, **rejected}
    raws = {k: v for k, v in st.session_state.get(PENDING_RAW, {}).items() if k in result.pending or k in rejected}
    if group in result.pending:
        raws[group] = raw
    st.session_state[PENDING_RAW] = raws
    for other in refresh:
        st.session_state.pop(widget_key(other), None)
    return result.changed


def reject(group: str, raw: Any, messages: list[str]) -> None:
    """Record an input the UI itself cannot read (nothing reaches the scenario); it stays,
    with what was typed, until that input changes again, whatever else is edited."""
    st.session_state[PROBLEMS] = {**problems(), group: list(messages)}
    st.session_state[PENDING_RAW] = {**st.session_state.get(PENDING_RAW, {}), group: raw}
    pending = dict(st.session_state.get(PENDING, {}))
    pending.pop(group, None)
    st.session_state[PENDING] = pending


def discard_pending() -> None:
    """Drop every pending edit; the inputs show the last valid scenario again."""
    for group in list(st.session_state.get(PENDING_RAW, {})) + list(problems()):
        st.session_state.pop(widget_key(group), None)
    st.session_state[PENDING] = {}
    st.session_state[PENDING_RAW] = {}
    st.session_state[PROBLEMS] = {}
