"""Inputs bound to scenario fields, estimate markers, and the wait for a plan.

An input made with :func:`number_field` (or its siblings) shows one field of
the scenario, and on change sends an edit group to :func:`planner.ui.state.edit`.
Its session key is renewed when a whole scenario is loaded; while the
scenario rejects the value, the input keeps what was typed and shows the
core's message under it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import pydantic
import streamlit as st

from planner.export.summary import ROUGH_GAP, is_default_estimate, is_estimate_field
from planner.locales import translate
from planner.queueing import deadline_intervals
from planner.scenario import Problem, Scenario
from planner.scheduling import was_stopped
from planner.ui import editing, fmt, jobs, reruns, state, typed
from planner.ui.i18n import lang, t

Path = tuple[str | int, ...]


# --- Option labels -------------------------------------------------------------------
# Option widgets keep their format_func; under AppTest it is stored in the session
# state, which this app keeps serialisable, so these are picklable partials of
# module-level functions that depend only on their arguments (never on the session).


def _label_from_key(code: str, prefix: str, value) -> str:
    return translate(code, f"{prefix}{value}")


def _label_from_map(mapping: dict, value) -> str:
    return mapping.get(value, str(value))


def _label_with_unit(code: str, unit: str, value) -> str:
    return fmt.with_unit(float(value), unit, code, None)


def key_labels(prefix: str) -> Callable[[Any], str]:
    """Option labels from locale keys ``prefix + value``, in the session's language."""
    return functools.partial(_label_from_key, lang(), prefix)


def map_labels(mapping: dict) -> Callable[[Any], str]:
    """Option labels from a dict (value -> label); unknown values show as they are."""
    return functools.partial(_label_from_map, dict(mapping))


def unit_labels(unit: str) -> Callable[[Any], str]:
    """Option labels "8 h", "7,5 h", "30 min" in the session's language."""
    return functools.partial(_label_with_unit, lang(), unit)


# --- Estimates ([E]) ---------------------------------------------------------------


def _in_scenario(path: Path) -> Any:
    """What the session's scenario holds at ``path`` (its model objects, not a dump); None if nothing."""
    found: Any = state.scenario()
    for part in path:
        if found is None:
            return None
        found = found[part] if isinstance(part, int) else getattr(found, part, None)
    return found


def _estimate_check(path: Path, check: Callable[[pydantic.BaseModel, str], bool]) -> bool:
    """``check(model, field)`` on the scenario's model holding the field at ``path``; False for
    a path that ends in no model's field (an item of a list)."""
    parent, field = _in_scenario(path[:-1]), path[-1]
    return isinstance(parent, pydantic.BaseModel) and isinstance(field, str) and check(parent, field)


def shows_estimate(path: Path) -> bool:
    """True while the field holds its default and the core marks that default as an
    estimate ("[E]" in the scenario model), as the PDF and the workbook mark it."""
    return _estimate_check(path, is_default_estimate)


def label_for(text: str, path: Path) -> str:
    """The input's label, with an "estimate" badge while it holds an estimated default."""
    if shows_estimate(path):
        return f"{text} :orange-badge[{t('common.estimate')}]"
    return text


def _may_show_estimate(path: Path) -> bool:
    """True for a field whose default the core marks as an estimate ("[E]"), whatever it holds now."""
    return _estimate_check(path, is_estimate_field)


def _label_above(text: str, path: Path, help_text: str | None) -> dict:
    """Draw an estimate field's label above its input, and return the input's label arguments.

    Streamlit reads an input's label out as written, markdown and all: a screen
    reader said "Hourly wage colon orange badge estimate". The input keeps a plain
    label for that ("Hourly wage (€), estimate"), hidden; the badge is drawn here, small
    as an input's label. Such fields always draw their label so, badge or not, so
    an edit that ends the estimate does not redraw the input (which loses focus)."""
    st.markdown(f":small[{label_for(text, path)}]", help=help_for(path, help_text))
    plain = f"{text}, {t('common.estimate')}" if shows_estimate(path) else text
    return {"label": plain, "label_visibility": "collapsed"}


def help_for(path: Path, help_text: str | None = None) -> str | None:
    parts = [help_text] if help_text else []
    if shows_estimate(path):
        parts.append(t("common.estimate_help"))
    return "\n\n".join(parts) or None


# --- Inputs bound to the scenario ----------------------------------------------------


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def file_uploader(label: str, *, key: str, max_mb: int, types: list[str], **kwargs) -> None:
    """A file uploader whose button and size limit read in the UI's language: Streamlit
    writes them in English only ("Upload", "5MB per file • JSON"), which the Finnish
    UI showed. Its own texts are hidden and ours drawn in their place by CSS (the
    widget's key class scopes it: ``key`` of letters, digits and underscores); if
    Streamlit's markup changes, its English returns."""
    scope = f".st-key-{key} [data-testid='stFileUploaderDropzone']"
    limit = t("upload.limit", mb=max_mb, types=", ".join(x.upper() for x in types))
    st.html(
        "<style>"
        f"{scope} button [data-testid='stMarkdownContainer'] p, {scope} [data-testid='stFileUploaderDropzoneInstructions'] span"
        "{font-size:0}"
        f"{scope} button [data-testid='stMarkdownContainer'] p::after{{content:{_css_string(t('upload.button'))};font-size:14px}}"
        f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span::after{{content:{_css_string(limit)};font-size:14px}}"
        "</style>"
    )
    st.file_uploader(label, type=types, max_upload_size=max_mb, key=key, **kwargs)


def kept_open(name: str, label: str, default: bool = False) -> dict:
    """An expander's keyword arguments (``label`` too) that keep it open or closed as the user left
    it: across reruns (a notice appearing above it would otherwise redraw it closed, hiding the
    input and its message), when its label changes (a language switch, an offer renamed) and
    when it is drawn afresh (back from another page). The label and ``expanded`` are part of an
    expander's identity: while it lives both stay; a new label makes a new expander, drawn open
    as the old one was (whose state is still in the session in that rerun)."""
    key = state.OPEN + name
    drawn = st.session_state.setdefault(state.EXPANDERS, {})  # name -> (label, expanded, open as last seen)
    last_label, expanded, seen_open = drawn.get(name, (label, default, default))
    if key in st.session_state:
        seen_open = bool(st.session_state[key])
        if last_label != label:
            expanded = seen_open
    else:  # drawn afresh
        expanded = seen_open
    drawn[name] = (label, expanded, seen_open)
    return {"label": label, "key": key, "on_change": "rerun", "expanded": expanded}


def open_next_time(name: str, label: str) -> None:
    """Draw the kept expander ``name`` open under ``label`` when it is next drawn afresh (a new item's)."""
    st.session_state.setdefault(state.EXPANDERS, {})[name] = (label, True, True)
    st.session_state.pop(state.OPEN + name, None)


def show_problems(group: str, scale: float = 1.0, describe: Callable[[Any, str], str] | None = None) -> bool:
    """The refusals of edit group ``group`` under its input, each said by ``describe(problem, group)``
    (default: :func:`field_problem_text` at ``scale``); whether there were any."""
    found = state.problems().get(group)
    if found:
        describe = describe or (lambda problem, field: field_problem_text(problem, field, scale))
        lines = "\n".join(f"- {describe(p, group)}" for p in found)
        in_use = _number_in_use(group, scale)
        said = t("common.field_problem") if in_use is None else t("common.field_problem_value", value=in_use)
        st.error(said + "\n\n" + lines, icon=":material/error:")
    return bool(found)


def _number_in_use(group: str, scale: float) -> str | None:
    """The scenario's number at path key ``group`` as its input shows it (times ``scale``),
    or None where the group is not one number (a table, a list of levels)."""
    try:
        value = editing.get_in(editing.scenario_data(state.scenario()), editing.parse_path(group))
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return fmt.setting(value * scale, lang())


_TEAM_COLUMNS = {"id": "name"}  # a team member's field -> its column in the team's table (team.<column>)
_NUMBERS = {"bound": ("limit", "got"), "not_whole": ("value",)}  # a problem's values that are the field's numbers


def field_problem_text(problem, field: str, scale: float = 1.0) -> str:
    """A problem shown under its input ``field`` (a path key): without the path when it
    is this field's or its object's (a contract's hours), and a bound's numbers as the
    input shows them (``scale`` 100: a share as a percentage), so "must be < 100 %,
    got 150 %" rather than "channels[0].target_sl: must be < 1, got 1.5"."""
    if not isinstance(problem, Problem):
        return str(problem)
    about = re.sub(r"\[(\d+)\]", r".\1", problem.path)
    day = about.removeprefix(field + ".")
    if field.endswith("hours") and day.isdigit():  # a day of a week's hours: named as the editor shows it
        name = fmt.weekday(int(day), lang(), long=True)
        return f"{name[:1].upper()}{name[1:]}: {problem.sentence(lang())}"
    if field == "workforce.team" and (row := re.fullmatch(r"(\d+)\.(\w+)", day)):  # a cell of the team's table
        column = t(f"team.{_TEAM_COLUMNS.get(row[2], row[2])}")
        return f"{t('team.row', number=int(row[1]) + 1)} › {column}: {problem.sentence(lang())}"
    if problem.key == "offer_names_repeat" and re.fullmatch(r"offers\.\d+\.name", field):
        return problem.sentence(lang())  # true of either offer of the name, whichever was renamed
    if not (field == about or field.startswith(about + ".")):  # another field's, or this one's object's
        return problem.text(lang())
    shown = {}
    if field == about:  # numbers as the input shows them
        shown = {name: _as_shown(problem.values[name], scale) for name in _NUMBERS.get(problem.key, ())}
    return problem.sentence(lang(), **shown)


def _as_shown(text: str, scale: float) -> str:
    """A number from a problem ("1.5") as an input with this scale shows it ("150 %")."""
    try:
        value = float(text)
    except ValueError:
        return text
    digits = f"{value * scale:.6g}".partition(".")[2]
    decimals = min(2, len(digits))
    if scale == 100.0:
        return fmt.percent(value, lang(), decimals)
    return fmt.number(value * scale, lang(), decimals)


def _on_change(group: str, key: str, to_values: Callable[[Any], dict[str, Any]], refresh: tuple[str, ...]) -> None:
    raw = st.session_state.get(key)
    if raw is None:  # the input is gone (the user left the page as it changed): nothing was typed
        return
    reruns.note_edit()  # taken or refused, it was typed: a page link clicked meanwhile is followed
    try:
        values = to_values(raw)
    except typed.Unreadable as exc:
        state.reject(group, raw, [Problem.of(group, exc.key, **exc.values)])
        return
    except (TypeError, ValueError) as exc:
        state.reject(group, raw, [str(exc)])
        return
    state.edit(group, values, raw, refresh)


def bound_input(
    widget: Callable,
    path: Path,
    label: str,
    *,
    to_widget: Callable[[Any], Any] = lambda v: v,
    from_widget: Callable[[Any], Any] = lambda v: v,
    extra: Callable[[Any], dict[str, Any]] | None = None,
    refresh: tuple[str, ...] = (),
    group: str | None = None,
    help: str | None = None,
    current: Callable[[dict], Any] | None = None,
    scale: float = 1.0,
    **kwargs,
):
    """Draw ``widget`` for the scenario field at ``path``; edits go through the scenario's validation.

    ``to_widget`` turns the field's value into the input's, ``from_widget``
    back; ``extra`` adds further field values to the edit (path key -> value);
    ``scale`` is how the input shows the field's numbers (100: a share as a
    percentage), for its problems.

    The input's value is set in every run: the browser shows the value sent with
    an input only in a run that set it, and otherwise its own. A click on another
    page's link while a value was typed without Enter could get this page run
    again after the browser had left it and dropped its inputs' values: every
    input then came back empty, every switch off and every choice at its first
    option, and the next edit sent them all, silently changing the scenario.
    """
    group = group or editing.path_key(path)
    key = state.widget_key(group)
    reruns.note_input_page()
    if key not in st.session_state:
        raw = state.pending_raw(group, None)
        if raw is None and group not in state.problems():
            data = editing.scenario_data(state.scenario())
            raw = to_widget(current(data) if current is not None else editing.get_in(data, path))
        st.session_state[key] = raw
    else:  # set again, so the browser is sent the value in this run too (see above)
        st.session_state[key] = st.session_state[key]

    def to_values(raw):
        value = from_widget(raw)
        values = {editing.path_key(path): value}
        if extra is not None:
            values.update(extra(value))
        return values

    args = {"key": key, "on_change": _on_change, "args": (group, key, to_values, refresh), **kwargs}
    if _may_show_estimate(path) and widget is st.text_input:
        with st.container(gap=None):
            result = widget(**_label_above(label, path, help), **args)
    else:
        result = widget(label_for(label, path), help=help_for(path, help), **args)
    show_problems(group, scale)
    return result


def number_field(path: Path, label: str, *, scale: float = 1.0, integer: bool = False, decimals: int | None = None,
                 help: str | None = None, **kwargs):
    """A number input for a field, typed and shown the UI language's way (``16,25`` in
    Finnish, see :mod:`planner.ui.typed`); ``scale`` 100 shows a share as a percentage,
    ``decimals`` fixes the places shown (None: as few as the value needs).

    A text input: Streamlit's number input reads only a decimal point (a Finnish
    ``16,5`` became 165) and refuses a value outside its own bounds in the browser
    with an English tooltip. A number it cannot read, or none, is refused under
    the input (a field that may be left out has its own switch,
    :func:`optional_field`); the scenario's validation says what is wrong with one
    it can, in the UI's language, and the input keeps what was typed."""

    def to_widget(value):
        return "" if value is None else typed.number_text(value if integer else value * scale, lang(),
                                                          0 if integer else decimals)

    def from_widget(text):
        value = typed.parse_number(text, lang())
        if value is None:
            raise typed.Unreadable("missing_number")
        return typed.whole_number(value) if integer else value / scale

    return bound_input(st.text_input, path, label, to_widget=to_widget, from_widget=from_widget, help=help,
                       scale=scale, **kwargs)


def percent_field(path: Path, label: str, *, help: str | None = None, plausible_from: float | None = None,
                  **kwargs):
    """A share shown and typed as a percentage (0.8 -> 80). Below ``plausible_from`` (a share)
    a hint asks whether a share was typed for a percentage (0,8 for 80 %)."""
    result = number_field(path, label, scale=100.0, help=help, **kwargs)
    value = None if plausible_from is None else _in_scenario(path)
    if value is not None and 0 < value < plausible_from:
        shown, meant = fmt.percent(value, lang(), 2), fmt.percent(value * 100, lang())
        st.caption(t("common.percent_hint", shown=shown, meant=meant))
    return result


def money_field(path: Path, label: str, currency: str, *, help: str | None = None, **kwargs):
    return number_field(path, f"{label} ({fmt.CURRENCY_SYMBOLS.get(currency, currency)})", decimals=2, help=help,
                        **kwargs)


def optional_field(path: Path, label: str, toggle_label: str, default: float, draw: Callable[[], Any],
                   help: str | None = None):
    """A field that may be left out (None): a toggle, and ``draw()`` for the value while it is on
    (turned on again, the value it had when turned off; at first ``default``)."""
    group = editing.path_key(path) + ":on"
    number_group = editing.path_key(path)
    last = group + ":last"
    data = editing.scenario_data(state.scenario())
    value = editing.get_in(data, path)

    def from_widget(on):
        if on:
            return value if value is not None else st.session_state.get(last, default)
        if value is not None:
            st.session_state[last] = value
        return None

    on = bound_input(st.toggle, path, toggle_label, group=group, to_widget=lambda v: v is not None,
                     from_widget=from_widget, refresh=(number_group,), help=help)
    if on:
        return draw()
    return None


def _table_master(path: Path, rows_of: Callable[[Any], list[dict]], key_suffix: str = "") -> tuple[str, str, str]:
    """The edit group, editor key and master key of a table editor for the field at ``path``.
    The master, the rows given to ``st.data_editor``, is built once: from what was typed
    and refused, else from the field's value by ``rows_of``."""
    group = editing.path_key(path)
    key = f"{state.widget_key(group)}:{lang()}{key_suffix}"
    master_key = key + ":master"
    if key not in st.session_state or master_key not in st.session_state:
        raw = state.pending_raw(group)
        if raw is None:
            raw = rows_of(editing.get_in(editing.scenario_data(state.scenario()), path))
        st.session_state[master_key] = [dict(row) for row in raw]
    return group, key, master_key


def hours_editor(path: Path, key_suffix: str = "", labels: tuple[str, str, str] | None = None):
    """Open hours of the week as an editable table: open or closed, start and end per day
    (``labels`` name those three columns; by default as open hours).

    The table given to ``st.data_editor`` (the master) is built from the
    scenario once and kept apart from what the editor returns; the editor's
    changes are read from its session state in the callback, turned back into
    week hours and sent through the scenario's validation.
    """
    import pandas as pd

    from planner.ui import scenario_io

    closed_times = st.session_state.get(_closed_times_key(editing.path_key(path)))
    group, key, master_key = _table_master(path, lambda hours: scenario_io.hours_table(hours, closed_times),
                                           key_suffix)
    master = st.session_state[master_key]
    frame = pd.DataFrame(master)
    frame["day"] = [fmt.weekday(day, lang(), long=True) for day in frame["day"]]
    clocks = scenario_io.clock_options()
    open_label, start_label, end_label = labels or (t("hours.open"), t("hours.start"), t("hours.end"))
    st.data_editor(
        frame,
        key=key,
        hide_index=True,
        num_rows="fixed",
        disabled=["day"],
        column_order=["day", "open", "start", "end"],
        column_config={
            "day": st.column_config.TextColumn(t("hours.day")),
            "open": st.column_config.CheckboxColumn(open_label),
            "start": st.column_config.SelectboxColumn(start_label, options=clocks, required=True),
            "end": st.column_config.SelectboxColumn(end_label, options=clocks, required=True),
        },
        on_change=_hours_changed,
        args=(group, key, master_key, path),
        width="stretch",
    )
    show_problems(group)


def team_editor(path: Path, contracts: dict[str, str], channels: dict[str, str]):
    """The named team as an editable table, a row a member: name, contract (``contracts``:
    name -> label), channels (``channels``: id -> label; none for all) and the times they are
    available; rows may be added and deleted. Built like :func:`hours_editor`: a master
    table kept apart from the editor's changes, which are read in the callback and sent
    through the scenario's validation (a row with no name, a name twice, or a contract
    unknown, is said under the table and what was typed stays)."""
    import pandas as pd

    from planner.ui import scenario_io

    group, key, master_key = _table_master(path, scenario_io.team_table)
    frame = pd.DataFrame(st.session_state[master_key],
                         columns=["name", "contract", "channels", "not_before", "not_after"])
    clocks = scenario_io.clock_options()
    any_ = scenario_io.ANY_TIME

    def any_time(clock: str) -> str:  # no limit, said (the editor wrote None, in Finnish too)
        return t("team.any_time") if clock == any_ else clock

    st.data_editor(
        frame,
        key=key,
        hide_index=True,
        num_rows="dynamic",
        column_config={
            "name": st.column_config.TextColumn(t("team.name"), required=True, max_chars=40),
            "contract": st.column_config.SelectboxColumn(t("team.contract"), options=list(contracts), required=True,
                                                         default=next(iter(contracts)), format_func=contracts.get),
            "channels": st.column_config.MultiselectColumn(t("team.channels"), options=list(channels),
                                                           format_func=channels.get, help=t("team.channels_help")),
            "not_before": st.column_config.SelectboxColumn(t("team.not_before"), options=[any_, *clocks[:-1]],
                                                           default=any_, format_func=any_time,
                                                           help=t("team.not_before_help")),
            "not_after": st.column_config.SelectboxColumn(t("team.not_after"), options=[any_, *clocks[1:]],
                                                          default=any_, format_func=any_time,
                                                          help=t("team.not_after_help")),
        },
        on_change=_team_changed,
        args=(group, key, master_key, path),
        width="stretch",
    )
    show_problems(group)


def _team_changed(group: str, key: str, master_key: str, path: Path) -> None:
    from planner.ui import scenario_io

    rows = scenario_io.apply_editor_delta(st.session_state[master_key], st.session_state.get(key))
    if unnamed := scenario_io.unnamed_rows(rows):  # refused, and kept with all it holds until named
        state.reject(group, rows, [t("team.unnamed" if len(unnamed) == 1 else "team.unnamed_many",
                                     rows=", ".join(map(str, unnamed)))])
        return
    state.edit(group, {editing.path_key(path): scenario_io.team_from_table(rows)}, rows)


def _closed_times_key(group: str) -> str:
    """The session key of the times a closed day of ``group``'s table had (the scenario keeps
    None for a closed day: a table drawn anew, after a visit to another page, showed 08:00-16:00)."""
    return state.widget_key(group) + ":closed"


def _hours_changed(group: str, key: str, master_key: str, path: Path) -> None:
    from planner.ui import scenario_io

    rows = scenario_io.apply_editor_delta(st.session_state[master_key], st.session_state.get(key))
    closed = st.session_state.setdefault(_closed_times_key(group), {})
    closed.update({row["day"]: (row["start"], row["end"]) for row in rows
                   if not row["open"] and row["start"] and row["end"]})
    try:
        hours = scenario_io.hours_from_table(rows)
    except ValueError as exc:
        state.reject(group, rows, [str(exc)])
        return
    state.edit(group, {editing.path_key(path): hours}, rows)


# --- Waiting for the plan -------------------------------------------------------------


def _progress_text(status: jobs.JobStatus, currency: str) -> str:
    code = lang()
    if status.waiting:
        return t("run.waiting_slot")
    parts = [t("run.elapsed", elapsed=fmt.number(status.elapsed_s, code), budget=fmt.number(status.budget_s, code))]
    if status.stage:  # the first solve rosters all in-house, later ones the hybrids' own staff
        parts.append(t("run.roster_in_house") if status.solves <= 1 else t("run.roster_hybrids"))
        parts.append(t("run.stage_shifts") if status.stage == "shifts" else t("run.stage_roster"))
    if status.solutions:
        parts.append(t("run.solutions", count=status.solutions))
    if status.objective is not None:
        parts.append(t("run.best", cost=fmt.money(status.objective, currency, code)))
    if status.gap is not None:
        parts.append(t("run.gap", gap=fmt.percent(status.gap, code, 1)))
    return " · ".join(parts)


def plan_or_wait(poll_s: float = 0.3):
    """The plan of the session's scenario; while it is computed, a progress bar fed by the solver.

    The solve runs in a background thread (:mod:`planner.ui.jobs`). This loop
    only reads the job's thread-safe status and redraws the bar; a click
    elsewhere stops the loop (Streamlit ends the run) but not the solve,
    whose plan is kept for the next visit. Returns None after an error.
    """
    scenario = state.scenario()
    job = jobs.job_for(scenario)
    if not job.done:
        with st.status(t("run.running"), expanded=True) as box:
            bar = st.progress(0.0, text=t("run.starting"))
            controls = st.empty()
            with controls.container():
                st.caption(t("run.explain"))
                if st.button(t("run.finish_now"), key="finish_plan", icon=":material/stop_circle:",
                             help=t("run.finish_now_help")):
                    job.finish_now()  # the click ended the last run's loop; this run waits for the result
            while not job.wait(poll_s):
                status = job.status()
                bar.progress(status.fraction, text=_progress_text(status, scenario.currency))
            bar.empty()  # its last frame was mid-solve; the label says the plan is done
            controls.empty()  # nothing left to finish
            status = job.status()
            if job.error:
                box.update(label=t("run.failed"), state="error", expanded=True)
            else:
                box.update(label=t("run.done", seconds=fmt.number(status.elapsed_s, lang(), 1)), state="complete",
                           expanded=False)
    if job.error:
        st.error(t("run.error", error=job.error), icon=":material/error:")
        if st.button(t("run.retry"), key="retry_plan"):
            jobs.forget(scenario)
            st.rerun()
        return None
    if job.finished_early:
        st.info(t("run.finished_early"), icon=":material/stop_circle:")
        if st.button(t("run.solve_again"), key="solve_again", icon=":material/refresh:"):
            jobs.forget(scenario)
            st.rerun()
    _pending_note()
    return job.plan


def _pending_note() -> None:
    pending = state.problems()
    if pending:
        st.warning(t("common.pending_note", count=len(pending)), icon=":material/warning:")


def plan_state_text(scenario: Scenario) -> str:
    """One line for the sidebar: whether the plan of the current scenario is ready."""
    job = jobs.job_for(scenario, start=False)
    if job is None:
        return t("run.state_none")
    if not job.done:
        return t("run.state_running")
    if job.error:
        return t("run.state_failed")
    return t("run.state_ready")


# --- Names and words ----------------------------------------------------------------


def problem_list(problems) -> str:
    """Problems as a Markdown list in the UI's language (a core Problem says itself in it)."""
    return "\n".join(f"- {p.text(lang()) if isinstance(p, Problem) else p}" for p in problems)


def channel_name(channel) -> str:
    return channel.name or channel.id


def kind_name(kind: str) -> str:
    return t(f"kind.{kind}")


def solver_words(report: dict, large_gaps: bool = False, early: bool = False) -> tuple[str, str]:
    """The solver's status as (alert kind, sentence): what the status means for the roster
    (``large_gaps``: it leaves large gaps, see :func:`planner.export.summary.large_shortfall`;
    ``early``: the search ended well before its limit, see :func:`planner.export.summary.ended_early`)."""
    code, status = lang(), report["status"]
    gap = report.get("gap")
    stopped = was_stopped(report.get("reasons", ()))
    if status == "OPTIMAL":
        return ("warning", t("solver.optimal_gaps")) if large_gaps else ("success", t("solver.optimal"))
    if status == "FEASIBLE":
        if gap is None:
            return "info", t("solver.feasible_nogap")
        if large_gaps:
            return "warning", t("solver.feasible_gaps", gap=fmt.percent(gap, code, 1))
        if gap > ROUGH_GAP:
            return "warning", t("solver.feasible_rough_stopped" if stopped else
                                ("solver.feasible_rough_done" if early else "solver.feasible_rough"),
                                gap=fmt.percent(gap, code, 1))
        return "info", t("solver.feasible", gap=fmt.percent(gap, code, 1))
    if status == "INFEASIBLE":
        return "error", t("solver.infeasible")
    if status == "MODEL_INVALID":
        return "error", t("solver.invalid")
    return "warning", t("solver.unknown")


def grid_note(hours, interval_min: int) -> str | None:
    """Which times of a week's ``hours`` are read as other times on the interval grid, None if
    none (:func:`planner.demand.grid_reading`): an 08:30 opening at 60-min intervals opened the
    channel at 09:00 without a word, and a 21:15 closing kept it open to 22:00."""
    from planner.demand import grid_reading

    code = lang()
    read = grid_reading(hours, interval_min)
    if not read:
        return None
    changes = ", ".join(f"{fmt.weekday(day, code)} {written} → {as_read}" for day, written, as_read in read)
    return t("hours.read_on_grid", interval=fmt.number(interval_min, code), changes=changes)


def deadline_note(deadline_min: float, interval_min: int) -> str | None:
    """What planning a deferred channel's answer window in whole intervals does to it, None
    where it is a whole number of them: a window shorter than an interval is planned as one
    (its "handled in time" overstated), a longer one as the whole intervals in it
    (:func:`planner.queueing.deferred_capacity_needed`). A 15-min window at 30-min intervals
    was accepted without a word and showed the 30-min window's figure."""
    code = lang()
    planned = deadline_intervals(deadline_min, interval_min) * interval_min
    if abs(planned - deadline_min) < 1e-9:
        return None
    if deadline_min < interval_min:
        return t("channel.deadline_short", interval=fmt.number(interval_min, code))
    return t("channel.deadline_rounded", planned=fmt.number(planned, code),
             interval=fmt.number(interval_min, code), deadline=fmt.setting(deadline_min, code))


def time_limit_caption(seconds: float, limit_s: float) -> str:
    code = lang()
    return t("solver.time", seconds=fmt.number(seconds, code, 1), limit=fmt.setting(limit_s, code))


