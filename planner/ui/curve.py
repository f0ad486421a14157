"""A channel's contact curve on the scenario page: what it is, typing it in, and going back.

A curve (:class:`planner.scenario.Curve`) is a built-in profile, a profile
*adjusted* with the channel's own ``weekday_shares`` and/or ``hourly``
weights, or a ``table`` imported from a CSV. The selector names which of the
three it is ("Office hours", "Office hours, adjusted", "Imported from history
(CSV)"). Choosing another curve never loses one the user made or imported:
an adjusted or imported curve chosen away from (or reset) is *kept* for the
session, and stays in the list to go back to (one per profile adjusted, one
imported).

The editors show the weekday shares as each day's share of the week's
contacts [%] beside the forecast contacts of the day, and the hourly weights
of each day type (Mon-Fri, Saturday, Sunday) as each hour's share of the
day's contacts [%]. What is typed goes through the scenario's validation
(:func:`planner.ui.state.edit`) as ``weekday_shares`` / ``hourly`` in
fractions; a refused value stays in the editor with its message under it.
The weekly volume is untouched: the curve is a shape that
:func:`planner.demand.channel_demand` scales to the volume.

The first half is pure functions on plain data (the curve as its JSON dict),
tested without a browser; the second half draws with streamlit.

Examples
--------
>>> curve = profile_curve("office_hours")
>>> curve_option(curve), curve_option({**curve, "weekday_shares": [1, 1, 1, 1, 1, 0, 0]})
('office_hours', 'adjusted:office_hours')
>>> [round(row["share"], 2) for row in share_rows(curve)][:2]
[23.53, 19.61]
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import streamlit as st

from planner.demand import PROFILES as PROFILE_SHAPES
from planner.demand import channel_demand, curve_source, hour_of_week_shape
from planner.locales import translate
from planner.scenario import DAYS, Curve, Problem, Scenario
from planner.ui import editing, fmt, scenario_io, state, typed, widgets
from planner.ui.i18n import lang, t

PROFILES = ("web_shop_evening", "office_hours", "round_the_clock")  # the selector's order; every ProfileName
DAY_TYPES = ("weekday", "saturday", "sunday")
PARTS = ("weekday_shares", "hourly")  # the curve's fields the editors type in
TABLE = "table"  # the option of an imported curve
ADJUSTED = "adjusted:"  # the option of a profile with its own shares or hourly weights: "adjusted:<profile>"
DECIMALS = 2  # places of a share [%] as the editors show it first
_SAME = 1e-4  # shapes this close (as fractions of their total) are the same shape
TYPED_TOTAL = (0.5, 2.0)  # own values adding up to this (as fractions) were typed as percentages
WHOLE = 0.15  # a column within this of 100 [%] adds up to 100 (24 values rounded to DECIMALS places)


# --- Pure functions ----------------------------------------------------------------------


def profile_curve(profile: str) -> dict:
    """The curve of a built-in profile as it is, without adjustments."""
    return {"profile": profile, "weekday_shares": None, "hourly": None, "table": None}


def curve_option(curve: dict) -> str:
    """What a curve is (:func:`planner.demand.curve_source`), as the selector's option: the profile,
    ``"adjusted:<profile>"`` or ``"table"``."""
    source = curve_source(Curve.model_validate(curve))
    if source.kind == "table":
        return TABLE
    return (ADJUSTED if source.kind == "adjusted" else "") + source.profile


def curve_options(curve: dict, kept: dict[str, dict]) -> list[str]:
    """The selector's options: each profile, then its adjusted curve where the channel has one
    (now or kept), and the imported curve where there is one.

    >>> curve_options(profile_curve("office_hours"), {TABLE: {}, "adjusted:round_the_clock": {}})
    ['web_shop_evening', 'office_hours', 'round_the_clock', 'adjusted:round_the_clock', 'table']
    """
    present = {curve_option(curve), *kept}
    options = []
    for profile in PROFILES:
        options.append(profile)
        if ADJUSTED + profile in present:
            options.append(ADJUSTED + profile)
    if TABLE in present:
        options.append(TABLE)
    return options


def option_label(option: str, language: str) -> str:
    """The option as the selector shows it: "Office hours", "Office hours, adjusted", "Imported from history (CSV)".

    >>> option_label("adjusted:office_hours", "fi"), option_label(TABLE, "en")
    ('Virka-aika, muokattu', 'Imported from history (CSV)')
    """
    if option.startswith(ADJUSTED):
        profile = translate(language, f"profile.{option.removeprefix(ADJUSTED)}")
        return translate(language, "channel.curve_adjusted", profile=profile)
    return translate(language, f"profile.{option}")


def set_aside(curve: dict, kept: dict[str, dict]) -> dict[str, dict]:
    """The kept curves with ``curve`` among them when it is one the user made or imported
    (a plain profile is always in the list and needs no keeping)."""
    kept = dict(kept)
    option = curve_option(curve)
    if option not in PROFILES:
        kept[option] = copy.deepcopy(curve)
    return kept


def choose(curve: dict, choice: str, kept: dict[str, dict]) -> tuple[dict, dict[str, dict]]:
    """(the channel's curve after choosing ``choice``, the curves kept after it).

    The curve chosen away from is kept when it is adjusted or imported, so choosing it
    again brings it back as it was. Choosing the curve's own profile is the reset: the
    adjustments go (and are kept).

    >>> adjusted = {**profile_curve("office_hours"), "weekday_shares": [2, 1, 1, 1, 1, 0, 0]}
    >>> plain, kept = choose(adjusted, "web_shop_evening", {})
    >>> plain == profile_curve("web_shop_evening"), list(kept)
    (True, ['adjusted:office_hours'])
    >>> choose(plain, "adjusted:office_hours", kept)[0] == adjusted
    True
    """
    if choice == curve_option(curve):
        return curve, dict(kept)
    kept = set_aside(curve, kept)
    if choice in PROFILES:
        return profile_curve(choice), kept
    if choice not in kept:
        raise ValueError(f"no curve {choice!r} kept for this channel")
    return copy.deepcopy(kept[choice]), kept


def _percent(weights) -> list[float]:
    """Weights as shares of their total [%], rounded to :data:`DECIMALS` places (all 0 when they add up to 0)."""
    weights = np.asarray(weights, float)
    total = weights.sum()
    if not total > 0:
        return [0.0] * len(weights)
    return [round(float(v), DECIMALS) for v in weights / total * 100.0]


def _same_shape(a, b) -> bool:
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape or np.any(a < 0) or not a.sum() > 0 or not b.sum() > 0:
        return False
    return bool(np.allclose(a / a.sum(), b / b.sum(), rtol=0, atol=_SAME))


def weekday_shares_of(curve: dict) -> np.ndarray:
    """The curve's relative weekday weights, Mon..Sun: its own, else its profile's."""
    own = curve.get("weekday_shares")
    return np.asarray(own if own is not None else PROFILE_SHAPES[curve["profile"]]["weekday_shares"], float)


def hourly_of(curve: dict) -> dict[str, np.ndarray]:
    """The curve's 24 relative hourly weights per day type: its own, else its profile's."""
    shapes = dict(PROFILE_SHAPES[curve["profile"]]["hourly"])
    shapes.update(curve.get("hourly") or {})
    return {day_type: np.asarray(shapes[day_type], float) for day_type in DAY_TYPES}


def _own_shown(fractions) -> list[float]:
    """The curve's own values as the editor shows them [%]: as typed (0.2 -> 20, not scaled to
    100) when they read as percentages (adding up to 50-200 %), else as shares of their total
    (a file's relative weights such as 2, 1, 1, ...)."""
    values = np.asarray(fractions, float)
    if TYPED_TOTAL[0] <= values.sum() <= TYPED_TOTAL[1]:
        return [round(float(v) * 100.0, 6) + 0.0 for v in values]
    return _percent(values)


def share_rows(curve: dict) -> list[dict]:
    """The weekday shares as the editor's rows ``{"day": "Mon", "share": 20.0}`` [%]: the curve's
    own as typed, else each day's share of the week in the profile (adding up to 100)."""
    own = curve.get("weekday_shares")
    shares = _own_shown(own) if own is not None else _percent(weekday_shares_of(curve))
    return [{"day": day, "share": share} for day, share in zip(DAYS, shares)]


def hour_label(hour: int) -> str:
    """``"08–09"``: the hour from 08:00 to 09:00."""
    return f"{hour:02d}–{hour + 1:02d}"


def hourly_rows(curve: dict) -> list[dict]:
    """The hourly weights as the editor's rows ``{"hour": "08–09", "weekday": 11.4, "saturday": ..., "sunday": ...}``:
    each hour's share of its day's contacts [%] (each column adding up to 100, or 0 for a day type with none)."""
    own = curve.get("hourly") or {}
    columns = {day_type: _own_shown(own[day_type]) if day_type in own else _percent(weights)
               for day_type, weights in hourly_of(curve).items()}
    return [{"hour": hour_label(hour), **{day_type: columns[day_type][hour] for day_type in DAY_TYPES}}
            for hour in range(24)]


def cell_text(value, lang: str) -> str:
    """A cell as the editor shows it: a number written the UI language's way, text as typed.

    >>> cell_text(22.5, "fi"), cell_text(22.5, "en"), cell_text("22,5", "en"), cell_text(None, "fi")
    ('22,5', '22.5', '22,5', '')
    """
    if isinstance(value, str):
        return value
    if value is None or not math.isfinite(float(value)):  # a cell left empty (pandas makes it NaN)
        return ""
    return typed.number_text(float(value), lang)


def _cell(value, lang: str = "en", **where: str) -> float:
    """A number in an editor cell (typed text read the UI language's way, not the browser's); a
    cell left empty or not a number is refused, naming the cell when ``where`` says which: its
    ``days`` ("Wed"), or its ``day_type`` and ``hours`` ("weekday", "15–16").

    >>> _cell("x", "fi", days="Wed")
    Traceback (most recent call last):
    ...
    planner.ui.typed.Unreadable: Wed: not a number: “x”. Type the number alone, such as 1234.5.
    """
    try:
        return _number_in(value, lang)
    except typed.Unreadable as exc:
        if not where:
            raise
        raise typed.Unreadable(f"{exc.key}_{'day' if 'days' in where else 'hour'}", **where, **exc.values) from None


def _number_in(value, lang: str) -> float:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise typed.Unreadable("missing_number")
    if isinstance(value, str):
        number = typed.parse_number(value, lang)
        if number is None:
            raise typed.Unreadable("missing_number")
        return number
    number = float(value)
    if not math.isfinite(number):
        raise typed.Unreadable("not_a_number", text=str(value))
    return number


def _fractions(values: Sequence[float]) -> list[float]:
    """Typed shares [%] as the fractions the scenario keeps (20 % -> 0.2)."""
    return [round(value / 100.0, 8) + 0.0 for value in values]


def shares_from_rows(rows: Sequence[dict], profile: str, lang: str = "en") -> list[float] | None:
    """The weekday shares typed in the editor's rows as the curve's ``weekday_shares`` (fractions,
    Mon..Sun); None when they are the profile's own shape (the curve is then the profile's).

    Raises :class:`planner.ui.typed.Unreadable` for a cell left empty. Negative shares, or all
    zero, are returned as typed: the scenario's validation refuses them with its own message.

    >>> shares_from_rows([{"day": d, "share": v} for d, v in zip(DAYS, (30, 20, 10, 10, 10, 10, 10))], "office_hours")
    [0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1]
    """
    shares = _fractions([_cell(row["share"], lang, days=row["day"]) for row in rows])
    return None if _same_shape(shares, PROFILE_SHAPES[profile]["weekday_shares"]) else shares


def hourly_from_rows(rows: Sequence[dict], profile: str, lang: str = "en") -> dict[str, list[float]] | None:
    """The hourly weights typed in the editor's rows as the curve's ``hourly``: the day types whose
    shape is not the profile's, 24 fractions each; None when every day type is the profile's."""
    result = {}
    for day_type in DAY_TYPES:
        weights = _fractions([_cell(row[day_type], lang, day_type=day_type, hours=row["hour"]) for row in rows])
        if not _same_shape(weights, PROFILE_SHAPES[profile]["hourly"][day_type]):
            result[day_type] = weights
    return result or None


def curve_from_rows(curve: dict, part: str, rows: Sequence[dict], lang: str = "en") -> dict:
    """``curve`` with the editor ``part`` ("weekday_shares" or "hourly") set from its rows."""
    convert = shares_from_rows if part == "weekday_shares" else hourly_from_rows
    return {**curve, part: convert(rows, curve["profile"], lang)}


def gives_contacts(curve: dict) -> bool:
    """False when a curve the model takes gives no contacts in any hour (each day with a share has
    only zero hourly weights); True otherwise, also for one the model refuses (it says why)."""
    try:
        model = Curve.model_validate(curve)
    except ValueError:
        return True
    if model.table is not None:
        return True
    try:
        hour_of_week_shape(model)
    except ValueError:
        return False
    return True


def silent_days(curve: dict) -> list[int]:
    """Days (0 = Monday) with a share of the week but no hourly weight: they get no contacts, and
    the other days share theirs."""
    if curve.get("table"):
        return []
    shares, hourly = weekday_shares_of(curve), hourly_of(curve)
    types = ["weekday"] * 5 + ["saturday", "sunday"]
    return [day for day in range(7) if shares[day] > 0 and not hourly[types[day]].sum() > 0]


def day_contacts(scenario: Scenario, index: int) -> list[float]:
    """The channel's forecast contacts on each day of the week, Mon..Sun [contacts/day]."""
    forecast = channel_demand(scenario.channels[index], scenario).forecast
    return [float(v) for v in np.asarray(forecast, float).reshape(7, -1).sum(axis=1)]


def column_totals(rows: Sequence[dict], columns: Sequence[str], lang: str = "en") -> dict[str, float]:
    """Each column's total [%] of what the editor shows (cells that are not numbers left out)."""
    totals = {}
    for column in columns:
        values = []
        for row in rows:
            try:
                values.append(_cell(row.get(column), lang))
            except ValueError:
                continue
        totals[column] = float(sum(values))
    return totals


# --- Drawing (streamlit) --------------------------------------------------------------------

KEPT_CURVES = state.KEPT_CURVES  # session key: {"scenario": the scenario put aside last, "channels": {id: {option: curve}}}


def _group(index: int, part: str | None = None) -> str:
    return f"channels.{index}.curve" + (f".{part}" if part else "")


def _curve(index: int) -> dict:
    return editing.scenario_data(state.scenario())["channels"][index]["curve"]


def _store() -> dict:
    """The curves kept this session, per channel id. A whole scenario put in place (a file, an
    example, an undo) starts afresh: its channels are other channels."""
    previous = st.session_state.get(state.PREVIOUS)
    store = st.session_state.get(KEPT_CURVES)
    if store is None or store.get("scenario") != previous:  # equal, not the same: a reload's copy
        store = {"scenario": previous, "channels": {}}
        st.session_state[KEPT_CURVES] = store
    return store


def kept(index: int) -> dict[str, dict]:
    """The curves kept this session for channel ``index`` (option -> curve)."""
    return _store()["channels"].get(state.scenario().channels[index].id, {})


def _keep(index: int, curves: dict[str, dict]) -> None:
    store = _store()
    st.session_state[KEPT_CURVES] = {**store, "channels": {**store["channels"],
                                                           state.scenario().channels[index].id: curves}}


def _forget_typed(index: int) -> None:
    """Drop what was typed in the channel's curve editors and refused: it was typed for the
    curve being replaced. Their tables are drawn afresh from the new curve."""
    groups = {_group(index, part) for part in PARTS}
    for name in (state.PENDING, state.PENDING_RAW, state.PROBLEMS):
        st.session_state[name] = {k: v for k, v in st.session_state.get(name, {}).items() if k not in groups}
    for part in PARTS:
        record = st.session_state.get(_master_key(index, part))
        if record is not None:
            st.session_state[_master_key(index, part)] = {**record, "source": None}  # redrawn with a new key


def before_import(index: int) -> None:
    """Keep the channel's curve before a CSV replaces it (called as the CSV is taken)."""
    _keep(index, set_aside(_curve(index), kept(index)))
    _forget_typed(index)


def _switch(index: int, choice: str) -> None:
    new, curves = choose(_curve(index), choice, kept(index))
    _keep(index, curves)
    _forget_typed(index)
    state.edit(_group(index), {_group(index): new}, None)


def _chosen(index: int, key: str) -> None:
    choice = st.session_state.get(key)
    if choice is not None:
        _switch(index, choice)


def curve_select(index: int) -> None:
    """The curve selector: which profile, adjusted or not, or the imported curve; and the curves kept."""
    curve, curves = _curve(index), kept(index)
    current = curve_option(curve)
    options = curve_options(curve, curves)
    labels = {option: option_label(option, lang()) for option in options}
    key = state.widget_key(_group(index))
    st.session_state[key] = current  # what the curve is now, whichever input changed it
    path = ("channels", index, "curve")
    st.selectbox(widgets.label_for(t("channel.profile"), path), options, key=key, on_change=_chosen,
                 args=(index, key), format_func=widgets.map_labels(labels),
                 help=widgets.help_for(path, t("channel.profile_help")))
    others = [labels[option] for option in options if option in curves and option != current]
    if others:
        st.caption(t("channel.curve_kept", curves="; ".join(others), count=len(others)))


def _master_key(index: int, part: str) -> str:
    return f"{state.widget_key(_group(index, part))}:master"  # renewed with the inputs


def _source(curve: dict, part: str) -> dict:
    """What of the curve an editor shows: its profile and its own ``part``."""
    return {"profile": curve["profile"], part: curve.get(part), "table": curve.get("table")}


def _master(index: int, part: str, curve: dict) -> tuple[dict, str]:
    """The editor's master table (kept apart from what the editor returns) and the editor's key.

    Drawn from the curve, or from what was typed and refused; drawn afresh (under a new key,
    so the editor's own edits start empty) when what it shows of the curve changed other
    than through this editor (another curve chosen, the reset, a CSV, another scenario), or
    when a refused value was dropped (the page's "discard" button).
    """
    group, master_key = _group(index, part), _master_key(index, part)
    record = st.session_state.get(master_key)
    refused = group in state.problems() and state.pending_raw(group) is not None
    if record is None or (not refused and (record["source"] != _source(curve, part) or record["refused"])):
        version = record["version"] + 1 if record else 0
        rows = state.pending_raw(group) if refused else (share_rows(curve) if part == "weekday_shares"
                                                         else hourly_rows(curve))
        record = {"rows": [dict(row) for row in rows], "source": _source(curve, part), "version": version,
                  "refused": refused}
        st.session_state[master_key] = record
    key = f"{state.widget_key(group)}:{record['version']}"
    if refused and key not in st.session_state and record["rows"] != state.pending_raw(group):
        record = {**record, "rows": [dict(row) for row in state.pending_raw(group)]}  # the editor was away
        st.session_state[master_key] = record
    return record, key


def _edited(index: int, part: str, key: str, master_key: str) -> None:
    """The editor's change, read against the master it was drawn from (its key as drawn: a
    language switch in the same rerun renews the keys)."""
    group = _group(index, part)
    record = st.session_state[master_key]
    rows = scenario_io.apply_editor_delta(record["rows"], st.session_state.get(key))
    st.session_state[master_key] = {**record, "refused": True}  # until the scenario takes the table
    try:
        curve = curve_from_rows(_curve(index), part, rows, lang())
    except typed.Unreadable as exc:
        state.reject(group, rows, [Problem.of(group, exc.key, **exc.values)])
        return
    if not gives_contacts(curve):
        state.reject(group, rows, [Problem.of(group, "curve_no_contacts")])
        return
    state.edit(group, {_group(index, part): curve[part]}, rows)
    if group not in state.problems():  # taken: the master is what the editor shows, and the curve's
        numbers = [{column: value if column in ("day", "hour") else _cell(value, lang()) for column, value in row.items()}
                   for row in rows]  # as numbers, so another language writes them its way
        st.session_state[master_key] = {**record, "rows": numbers, "source": _source(_curve(index), part),
                                        "refused": False}


def _shares_editor(index: int, curve: dict) -> None:
    record, key = _master(index, "weekday_shares", curve)
    shown = scenario_io.apply_editor_delta(record["rows"], st.session_state.get(key))
    frame = pd.DataFrame(record["rows"])
    frame["day"] = [fmt.weekday(day, lang(), long=True) for day in frame["day"]]
    frame["share"] = [cell_text(value, lang()) for value in frame["share"]]
    frame["contacts"] = [fmt.number(value, lang(), 1) for value in day_contacts(state.scenario(), index)]
    st.data_editor(
        frame, key=key, hide_index=True, num_rows="fixed", disabled=["day", "contacts"],
        column_order=["day", "share", "contacts"],
        column_config={
            "day": st.column_config.TextColumn(t("hours.day")),
            # text, written and read the UI language's way: a number column follows the browser's
            # locale, which read a Finnish 22,5 as 225 in an English browser
            "share": st.column_config.TextColumn(t("channel.curve_share"), help=t("channel.curve_share_help")),
            "contacts": st.column_config.TextColumn(t("channel.curve_contacts"), help=t("channel.curve_contacts_help")),
        },
        on_change=_edited, args=(index, "weekday_shares", key, _master_key(index, "weekday_shares")), width="stretch",
    )
    if widgets.show_problems(_group(index, "weekday_shares")):
        return  # the total of what was typed is not the curve's while a value is refused
    total = column_totals(shown, ["share"], lang())["share"]
    if abs(total - 100) < WHOLE:
        st.caption(t("channel.curve_share_total", total=fmt.percent(0.01 * total, lang(), 1)))
    else:
        st.caption(t("channel.curve_share_scaled", total=fmt.percent(0.01 * total, lang(), 1)))


def _hourly_editor(index: int, curve: dict) -> None:
    record, key = _master(index, "hourly", curve)
    shown = scenario_io.apply_editor_delta(record["rows"], st.session_state.get(key))
    day_types = {day_type: t(f"channel.curve_day_type.{day_type}") for day_type in DAY_TYPES}
    frame = pd.DataFrame(record["rows"])
    for day_type in DAY_TYPES:
        frame[day_type] = [cell_text(value, lang()) for value in frame[day_type]]
    st.data_editor(
        frame, key=key, hide_index=True, num_rows="fixed", disabled=["hour"],
        column_order=["hour", *DAY_TYPES],
        column_config={
            "hour": st.column_config.TextColumn(t("channel.curve_hour")),
            **{day_type: st.column_config.TextColumn(t("channel.curve_hourly_column", day_type=name),
                                                     help=t("channel.curve_hourly_help"))
               for day_type, name in day_types.items()},
        },
        on_change=_edited, args=(index, "hourly", key, _master_key(index, "hourly")), width="stretch", height=35 * 25 + 3,
    )
    if widgets.show_problems(_group(index, "hourly")):
        return
    totals = column_totals(shown, DAY_TYPES, lang())
    if all(abs(total - 100) < WHOLE for total in totals.values()):
        st.caption(t("channel.curve_hourly_total"))
    else:
        in_text = str.lower if lang() == "fi" else str  # Finnish day names are lower case in a sentence
        listed = ", ".join(f"{in_text(day_types[day_type])} {fmt.percent(total / 100, lang(), 1)}"
                           for day_type, total in totals.items())
        st.caption(t("channel.curve_hourly_scaled", totals=listed))


def curve_editor(index: int) -> None:
    """Typing in the curve: the weekday shares and the hourly weights per day type, and the reset."""
    curve = _curve(index)
    option = curve_option(curve)
    pending = any(_group(index, part) in state.problems() for part in PARTS)
    # open or closed as the user left it (a key, tracked state); an ``expanded`` that changed with
    # the curve would make it another expander, drawn closed, away from the table just edited
    with st.expander(icon=":material/edit_note:", **widgets.kept_open(f"curve_{index}", t("channel.curve_title"))):
        if option == TABLE:
            st.caption(t("channel.curve_table_note"))
            return
        st.caption(t("channel.curve_help"))
        left, right = st.columns(2, gap="medium")
        with left:
            st.markdown(f"**{t('channel.curve_days')}**")
            _shares_editor(index, curve)
            silent = silent_days(curve)
            if silent:
                days = ", ".join(fmt.weekday(day, lang(), long=True) for day in silent)
                st.warning(t("channel.curve_silent_days", days=days), icon=":material/warning:")
            if option.startswith(ADJUSTED) or pending:
                st.button(t("channel.curve_reset", profile=t(f"profile.{curve['profile']}")), key=f"curve_reset_{index}",
                          on_click=_switch, args=(index, curve["profile"]), icon=":material/restart_alt:",
                          help=t("channel.curve_reset_help"))
        with right:
            st.markdown(f"**{t('channel.curve_hours')}**")
            _hourly_editor(index, curve)
