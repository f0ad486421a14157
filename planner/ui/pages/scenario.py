"""Scenario page: open, edit and save the scenario the other pages plan."""

from collections.abc import Callable

import streamlit as st

from planner.export import summary
from planner.locales import LANGUAGES, contract_name, field_words, translate
from planner.options import scenario_demands
from planner.scenario import default_scenario, load_scenario, parse_scenario
from planner.ui import charts, curve, editing, fmt, i18n, reruns, scenario_io, state, widgets
from planner.ui.i18n import lang, t
from planner.ui.widgets import bound_input, money_field, number_field, percent_field

REGULAR_WEEK_H = 40.0  # Working Hours Act 872/2019: regular hours a week; more is overtime
MOST_WEEK_H = 48.0  # ... and at most this, overtime included, on average (the roster is every week's)
SHIFT_LENGTHS = (3.0, 4.0, 5.0, 6.0, 7.0, 7.5, 8.0, 9.0, 10.0, 12.0)
# a caller's mean patience when it is switched on: 15 % hang up by 40 s, 34 % by 2 min and 66 % by
# 5 min (shared/reference/finland_defaults.md) fit an exponential patience of about 270 s
PATIENCE_S = 270.0

code = lang()
scenario = state.scenario()
data = editing.scenario_data(scenario)
currency = scenario.currency

st.title(t("scenario.title"))
st.caption(t("scenario.intro"))


# --- Messages -------------------------------------------------------------------

notice = st.session_state.get(state.NOTICE)
if notice:
    kind, key, values, problems = notice
    text = t(key, **values)
    if problems:
        text += "\n\n" + widgets.problem_list(problems)
    (st.error if kind == "error" else st.success)(text, icon=":material/error:" if kind == "error" else
                                                  ":material/check_circle:")
    put_aside = state.previous()
    if key in ("file.uploaded", "file.example_opened") and put_aside is not None and put_aside != scenario:
        st.button(t("file.undo", name=put_aside.name), on_click=state.restore_previous, key="restore_previous",
                  icon=":material/undo:")
    state.set_notice(None)  # shown once

SECTION_OF = {"name": None, "demand_factor": "tab_channels", "channels": "tab_channels", "interval_min": "tab_workforce",
              "workforce": "tab_workforce", "in_house": "tab_in_house", "offers": "tab_outsourcing",
              "hybrid": "tab_outsourcing", "revenue": "tab_revenue"}  # the tab of a field, by its path's first part


def _where(group: str) -> str:
    """Where a refused input is, "Channels › Phone › Handling time": a channel or an offer
    by the name its tab or box shows."""
    first, index, *_ = group.split(".") + [""]
    section = SECTION_OF.get(first)
    parts = [t(f"scenario.{section}")] if section else []
    items = {"channels": [widgets.channel_name(c) for c in scenario.channels],
             "offers": [o.name for o in scenario.offers]}.get(first, [])
    if group.startswith("workforce.contracts."):  # "workforce.contracts.1.weekly_h_min"
        items, index = [c.name for c in scenario.workforce.contracts], group.split(".")[2]
    item = items[int(index)] if index.isdigit() and int(index) < len(items) else None
    return " › ".join(parts + [field_words(group, code, item=item) or group])


if state.problems():
    with st.container(border=True):
        places = "\n".join(f"- {_where(group)}" for group in state.problems())
        st.warning(t("scenario.pending", count=len(state.problems())) + "\n\n" + places,
                   icon=":material/warning:")
        st.button(t("scenario.discard"), on_click=state.discard_pending, key="discard_pending")


# --- File -----------------------------------------------------------------------


FAILED_UPLOADS = "failed_uploads"  # session key: scenario files refused so far (renews the uploader)


def _uploaded(key: str) -> None:
    upload = st.session_state.get(key)
    if upload is None:
        return
    new, problems = scenario_io.read_uploaded_scenario(upload.getvalue())
    if new is None:  # the notice names the file; the uploader starts empty for the next one
        state.set_notice(("error", "file.upload_failed", {"name": upload.name}, problems))
        st.session_state[FAILED_UPLOADS] = st.session_state.get(FAILED_UPLOADS, 0) + 1
    else:
        state.replace(new, ("success", "file.uploaded", {"name": new.name}, []))


def _choose_example(key: str) -> None:
    st.session_state[state.EXAMPLE] = st.session_state[key]


def _open_example(key: str) -> None:
    stem = st.session_state.get(key)
    path = scenario_io.examples().get(stem)
    if path is not None:
        new = load_scenario(path)
        state.replace(new, ("success", "file.example_opened", {"name": new.name}, []))


with st.container(border=True):
    left, middle, right = st.columns([1, 1.4, 1.2], gap="medium")
    with left:
        st.markdown(f"**{t('file.save_title')}**")
        latest = reruns.current(state.SCENARIO, scenario)  # with a value typed just before the click
        st.download_button(
            t("file.download"),
            data=lambda: scenario_io.scenario_bytes(latest()),
            file_name=scenario_io.file_name(scenario),
            mime="application/json",
            on_click="ignore",
            icon=":material/download:",
            key="download_scenario",
        )
        st.caption(t("file.download_help"))
    with middle:
        upload_key = f"upload_scenario_{state.file_rev()}_{st.session_state.get(FAILED_UPLOADS, 0)}"
        widgets.file_uploader(t("file.upload"), key=upload_key, max_mb=5, types=["json"], on_change=_uploaded,
                              args=(upload_key,), help=t("file.upload_help"))
    with right:
        examples = list(scenario_io.examples())
        if st.session_state.get(state.EXAMPLE) not in examples:
            st.session_state[state.EXAMPLE] = "web_shop" if "web_shop" in examples else examples[0]
        example_names = {stem: t(f"file.example.{stem}") if i18n.has(f"file.example.{stem}") else stem
                         for stem in examples}
        # keyed by the revision: after a language switch the box is drawn afresh, or it
        # would go on showing the chosen example's name in the other language
        choice_key = state.widget_key("example")
        st.selectbox(t("file.examples"), examples, index=examples.index(st.session_state[state.EXAMPLE]),
                     key=choice_key, on_change=_choose_example, args=(choice_key,),
                     format_func=widgets.map_labels(example_names))
        if i18n.has(about := f"file.example_about.{st.session_state[state.EXAMPLE]}"):
            st.caption(t(about))  # the box shows a short name: a longer one is cut off
        st.button(t("file.open_example"), on_click=_open_example, args=(state.EXAMPLE,),
                  icon=":material/folder_open:")

bound_input(st.text_input, ("name",), t("scenario.name"), max_chars=120)
if scenario.description:
    with st.expander(**widgets.kept_open("description", t("scenario.description"))):
        st.markdown(scenario.description)


# --- Channels -------------------------------------------------------------------


SHRINKAGE_PLAUSIBLE = 0.5  # more is pointed out: a typical shrinkage is 24-35 % (shared/reference/finland_defaults.md)
VOLUME_PLAUSIBLE = 20_000  # contacts a week; more is pointed out (the web shop example: 1 550 a week, 19 agents)
CSV_MAX_MB = 5  # a contact history's upload limit, the server's (the core refuses more: planner.demand.MAX_CSV_BYTES)


def _csv_result_key(index: int) -> str:
    """Session key of what the channel's CSV upload gave: {"problems": [...]} or {"facts": {...}},
    shown under the uploader until the file is removed (renewed with the scenario, as the uploader)."""
    return f"csv_result_{state.file_rev()}_{index}"


def _csv_uploaded(index: int, key: str, volume_key: str) -> None:
    upload = st.session_state.get(key)
    result_key = _csv_result_key(index)
    st.session_state.pop(result_key, None)  # a removed file takes its message with it
    if upload is None:
        return
    current = state.scenario()
    channel = current.channels[index]
    values, problems, facts = scenario_io.csv_curve(upload.getvalue(), current.interval_min,
                                                    scenario_io.channel_names(channel))
    if problems:
        st.session_state[result_key] = {"problems": list(problems)}
        return
    group = f"channels.{index}.csv"
    edit = {f"channels.{index}.curve.table": values["table"],  # the history replaces any typed shape
            f"channels.{index}.curve.weekday_shares": None, f"channels.{index}.curve.hourly": None}
    if st.session_state.get(volume_key, True) and facts["weeks"] < 1:  # a few days give no week's volume
        facts = {**facts, "volume_kept": channel.volume_per_week}
    elif st.session_state.get(volume_key, True):  # the history's contacts less the repeats the scenario adds
        volume, repeats = scenario_io.csv_volume(current, index, facts)
        edit[f"channels.{index}.volume_per_week"] = volume
        facts = {**facts, "volume_set": volume, "repeats": repeats}
    trial = editing.apply_edits(current, {group: edit})
    if group in trial.pending:  # the scenario refuses it (a volume over its limit): the file's message, not an input's
        st.session_state[result_key] = {"problems": trial.problems[group]}
        return
    curve.before_import(index)  # an adjusted curve stays in the list to go back to
    state.edit(group, edit, None, refresh=(f"channels.{index}.volume_per_week", f"channels.{index}.curve"))
    st.session_state[result_key] = {"facts": facts}


def _csv_messages(index: int) -> None:
    """The CSV's own message under its uploader: why it was refused, or what it gave and its warnings."""
    result = st.session_state.get(_csv_result_key(index))
    if not result:
        return
    if result.get("problems"):
        st.error(t("channel.csv_failed") + "\n\n" + widgets.problem_list(result["problems"]), icon=":material/error:")
        return
    done, warnings = scenario_io.csv_summary(result["facts"], widgets.channel_name(scenario.channels[index]), code)
    st.success(done, icon=":material/check_circle:")
    for warning in warnings:
        st.warning(warning, icon=":material/warning:")


HANDLED = scenario_demands(scenario)  # each channel's contacts after the season, self-service and repeats


def _min_staff_field(index: int) -> None:
    """The channel's minimum staff, and a hint when it is more people than its busiest hour has
    contacts (500 was accepted without a word and gave a plan of 1 299 agents)."""
    number_field(("channels", index, "min_staff_open"), t("channel.min_staff"), integer=True,
                 help=t("channel.min_staff_help"))
    minimum = scenario.channels[index].min_staff_open
    busiest = float(HANDLED[index].rate_per_h(scenario.interval_min).max(initial=0.0))
    if minimum > max(1.0, busiest):
        st.caption(t("channel.min_staff_hint", count=fmt.number(minimum, code), busiest=fmt.number(busiest, code, 1)))


def _channel(index: int) -> None:
    channel = scenario.channels[index]
    path = ("channels", index)
    deferred = channel.kind in ("callback", "email")
    st.caption(t(f"kind.{channel.kind}.about"))

    st.markdown(f"##### {t('channel.demand')}")
    c1, c2 = st.columns(2)
    with c1:
        number_field(path + ("volume_per_week",), t("channel.volume"), help=t("channel.volume_help"))
        if channel.volume_per_week > VOLUME_PLAUSIBLE:  # 1 000 000 was taken without a word, and planned in 114 s
            st.caption(t("channel.volume_large", volume=fmt.number(channel.volume_per_week, code)))
        handled = float(HANDLED[index].forecast.sum())
        if abs(handled - channel.volume_per_week) >= 0.05:  # as the Staffing page and the documents count them
            st.caption(t("channel.to_handle", count=fmt.number(handled, code), levers=t("channel.levers")))
    with c2:
        curve.curve_select(index)
    with st.expander(icon=":material/upload_file:", **widgets.kept_open(f"csv_{index}", t("channel.csv_title"))):
        st.caption(t("channel.csv_help"))
        volume_key = f"csv_volume_{index}"
        st.checkbox(t("channel.csv_volume"), value=True, key=volume_key)
        csv_key = f"csv_{state.file_rev()}_{index}"
        widgets.file_uploader(t("channel.csv_upload"), key=csv_key, max_mb=CSV_MAX_MB, types=["csv", "txt"],
                              on_change=_csv_uploaded, args=(index, csv_key, volume_key))
        _csv_messages(index)
    curve.curve_editor(index)
    frame = charts.curve_frame(scenario, index)
    st.altair_chart(
        charts.curve_chart(frame, code, {"contacts": t("chart.contacts"),
                                         "forecast_contacts": t("chart.contacts_per_interval",
                                                                minutes=scenario.interval_min),
                                         "when": t("chart.when"), "closed": t("chart.closed")}),
        width="stretch",
    )

    st.markdown(f"##### {t('channel.handling')}")
    if channel.kind == "chat":
        c1, c2 = st.columns([1, 2])
        with c1:
            levels = list(channel.aht_levels_s)
            number_field(path + ("concurrency",), t("channel.concurrency"), integer=True,
                         help=t("channel.concurrency_help"),
                         extra=lambda n, levels=levels: {f"channels.{index}.aht_s": scenario_io.resize_aht(levels, n)},
                         refresh=tuple(f"channels.{index}.aht_s.{k}" for k in range(6)))
        with c2:
            columns = st.columns(max(1, channel.concurrency))
            for level in range(channel.concurrency):
                with columns[level]:
                    number_field(path + ("aht_s", level), t("channel.aht_level", count=level + 1),
                                 help=t("channel.aht_level_help"))
    else:
        c1, c2 = st.columns(2)
        with c1:
            number_field(path + ("aht_s",), t("channel.aht"), help=t("channel.aht_help"))

    st.markdown(f"##### {t('channel.targets')}")
    if deferred:
        c1, c2, c3 = st.columns(3)
        with c1:
            number_field(path + ("deadline_min",), t("channel.deadline"), help=t("channel.deadline_help"))
            if note := widgets.deadline_note(channel.deadline_min, scenario.interval_min):
                st.caption(note)
        with c2:
            percent_field(path + ("target_sl",), t("channel.target_sl_deferred"), plausible_from=0.01)
        with c3:
            _min_staff_field(index)
        bound_input(st.checkbox, path + ("deadline_same_day",), t("channel.same_day"), help=t("channel.same_day_help"))
    else:
        c1, c2, c3 = st.columns(3)
        with c1:
            percent_field(path + ("target_sl",), t("channel.target_sl"), help=t("channel.target_help"),
                          plausible_from=0.01)
        with c2:
            number_field(path + ("target_s",), t("channel.target_s"))
        with c3:
            _min_staff_field(index)
        c1, c2, c3 = st.columns(3)
        with c1:
            widgets.optional_field(
                path + ("patience_s",), t("channel.patience"), t("channel.patience_on"), PATIENCE_S,
                lambda: number_field(path + ("patience_s",), t("channel.patience")),
                help=t("channel.patience_help"),
            )
        with c2:
            widgets.optional_field(
                path + ("max_abandon",), t("channel.max_abandon"), t("channel.max_abandon_on"), 0.05,
                lambda: percent_field(path + ("max_abandon",), t("channel.max_abandon")),
                help=t("channel.max_abandon_help"),
            )
        with c3:
            widgets.optional_field(
                path + ("max_occupancy",), t("channel.max_occupancy"), t("channel.max_occupancy_on"), 0.85,
                lambda: percent_field(path + ("max_occupancy",), t("channel.max_occupancy"), plausible_from=0.01),
                help=t("channel.max_occupancy_help"),
            )

    st.markdown(f"##### {t('channel.open_hours')}")
    st.caption(t("channel.open_hours_help"))
    widgets.hours_editor(path + ("open_hours",))
    if note := widgets.grid_note(channel.open_hours, scenario.interval_min):
        st.caption(note)

    with st.expander(icon=":material/tune:", **widgets.kept_open(f"levers_{index}", t("channel.levers"))):
        c1, c2, c3 = st.columns(3)
        with c1:
            percent_field(path + ("deflection", "share"), t("channel.deflection"), help=t("channel.deflection_help"))
        with c2:
            money_field(path + ("deflection", "cost_per_month"), t("channel.deflection_cost"), currency)
        with c3:
            percent_field(path + ("first_contact_resolution",), t("channel.fcr"), help=t("channel.fcr_help"))


# The tabs keep their selection (a key, tracked state): an edit that adds or removes
# a notice above them would otherwise remount them on the first tab, away from the
# input just edited and its message.
SECTIONS = ("tab_channels", "tab_workforce", "tab_in_house", "tab_outsourcing", "tab_revenue")


def _keep_tab(key: str, labels: Callable[[str], list[str]]) -> None:
    """Keep a tab selection across a language switch (the tab chosen under its label in
    another language is chosen under its label in this one, ``labels(lang)``) and a visit
    to another page (which takes a widget's state away: a copy is kept beside it)."""
    kept_key = state.KEPT_TAB + key
    if key not in st.session_state and kept_key in st.session_state:
        st.session_state[key] = st.session_state[kept_key]
    chosen = st.session_state.get(key)
    here = labels(code)
    for other in LANGUAGES:
        if chosen not in here and chosen in labels(other):
            st.session_state[key] = here[labels(other).index(chosen)]
    if key in st.session_state:
        st.session_state[kept_key] = st.session_state[key]


def _section_labels(language: str) -> list[str]:
    return [translate(language, f"scenario.{section}") for section in SECTIONS]


def _channel_labels(language: str) -> list[str]:
    labels = []
    for channel in scenario.channels:
        name, kind = widgets.channel_name(channel), translate(language, f"kind.{channel.kind}")
        labels.append(name if name.casefold() == kind.casefold() else f"{name} · {kind}")
    return labels


_keep_tab("scenario_section", _section_labels)
channel_tab, workforce_tab, cost_tab, offer_tab, revenue_tab = st.tabs(
    _section_labels(code), key="scenario_section", on_change="rerun"
)

with channel_tab:
    c1, c2 = st.columns(2)
    with c1:
        number_field(("demand_factor",), t("scenario.demand_factor"), help=t("scenario.demand_factor_help"))
    st.caption(t("scenario.estimates_note"))
    _keep_tab("scenario_channel", _channel_labels)
    for index, tab in enumerate(st.tabs(_channel_labels(code), key="scenario_channel", on_change="rerun")):
        with tab:
            _channel(index)


# --- Workforce ------------------------------------------------------------------


DEFAULT_SHIFT_STARTS = [{"start": "06:00", "end": "18:00"}] * 7  # when the limit is switched on


def _lengths_from(values):
    if not values:
        raise ValueError(t("workforce.lengths_empty"))
    return sorted(float(v) for v in values)


def _members_short(rules) -> list[str]:
    """The team members whose available hours cannot reach their contract's weekly minimum, said."""
    lines = []
    for agent in rules.team or ():
        contract = next((c for c in rules.contracts if c.name == agent.contract), None)
        if contract is None:
            continue
        most = rules.most_paid_h(contract, agent)
        times = summary.available_text(agent, code)
        if most <= 0:
            lines.append(t("team.cannot_work", name=agent.id, times=times))
        elif contract.weekly_h_min > most + 1e-9:
            lines.append(t("team.below_minimum", name=agent.id, times=times, most=fmt.setting(most, code),
                           contract=contract_name(code, contract.name), low=fmt.setting(contract.weekly_h_min, code)))
    return lines


with workforce_tab:
    c1, c2 = st.columns(2)
    with c1:
        percent_field(("workforce", "shrinkage"), t("workforce.shrinkage"), help=t("workforce.shrinkage_help"),
                      plausible_from=0.01)
        if (shrinkage := scenario.workforce.shrinkage) > SHRINKAGE_PLAUSIBLE:  # 99 % gave 1 188 agents, silently
            st.caption(t("workforce.shrinkage_hint", share=fmt.percent(shrinkage, code),
                         factor=fmt.number(1 / (1 - shrinkage), code, 1)))
        lengths = sorted(set(SHIFT_LENGTHS) | set(scenario.workforce.shift_lengths_h))
        bound_input(st.multiselect, ("workforce", "shift_lengths_h"), t("workforce.shift_lengths"), options=lengths,
                    to_widget=lambda v: [float(x) for x in v], from_widget=_lengths_from,
                    format_func=widgets.unit_labels("h"),
                    help=t("workforce.shift_lengths_help"))
        bound_input(st.selectbox, ("workforce", "start_step_min"), t("workforce.start_step"), options=[15, 30, 60],
                    format_func=widgets.unit_labels("min"))
        bound_input(st.selectbox, ("interval_min",), t("workforce.interval"), options=[15, 30, 60],
                    format_func=widgets.unit_labels("min"), help=t("workforce.interval_help"))
    with c2:
        number_field(("workforce", "meal_break_min"), t("workforce.meal_break"), integer=True,
                     help=t("workforce.meal_break_help"))
        bound_input(st.checkbox, ("workforce", "meal_break_paid"), t("workforce.meal_break_paid"))
        number_field(("workforce", "max_consecutive_days"), t("workforce.max_days"), integer=True)
        number_field(("workforce", "solver_time_limit_s"), t("workforce.time_limit"),
                     help=t("workforce.time_limit_help"))
    widgets.optional_field(
        ("workforce", "shift_starts"), t("workforce.starts"), t("workforce.starts_on"), DEFAULT_SHIFT_STARTS,
        lambda: widgets.hours_editor(("workforce", "shift_starts"),
                                     labels=(t("hours.starts"), t("hours.earliest"), t("hours.latest"))),
        help=t("workforce.starts_help"),
    )
    rules = scenario.workforce
    st.caption(t("workforce.rules", daily_rest=fmt.number(rules.daily_rest_h, code),
                 weekly_rest=fmt.number(rules.weekly_rest_h, code)))
    st.markdown(f"##### {t('workforce.contracts')}")
    st.caption(t("workforce.contracts_help"))
    for index, contract in enumerate(rules.contracts):
        path = ("workforce", "contracts", index)
        name = contract_name(code, contract.name, first=True)
        with st.container(border=True):  # one box a contract: its hours and limits
            c1, c2 = st.columns(2)
            with c1:
                number_field(path + ("weekly_h_min",), t("workforce.contract_min", name=name))
            with c2:
                number_field(path + ("weekly_h_max",), t("workforce.contract_max", name=name))
                if contract.weekly_h_max > MOST_WEEK_H:
                    st.caption(t("workforce.over_48", hours=fmt.number(contract.weekly_h_max, code)))
                elif contract.weekly_h_max > REGULAR_WEEK_H:
                    st.caption(t("workforce.over_40"))
            most_h = rules.most_paid_h(contract)
            if contract.max_count != 0 and contract.weekly_h_min > most_h + 1e-9:
                st.warning(t("workforce.contract_unreachable", low=fmt.setting(contract.weekly_h_min, code),
                             most=fmt.setting(most_h, code)), icon=":material/warning:")
            c3, c4 = st.columns(2)
            with c3:
                widgets.optional_field(
                    path + ("max_count",), t("workforce.contract_count", name=name),
                    t("workforce.contract_count_on", name=name), 5,
                    lambda path=path, name=name: number_field(path + ("max_count",),
                                                              t("workforce.contract_count", name=name), integer=True),
                )
            with c4:
                widgets.optional_field(
                    path + ("max_shifts_per_week",), t("workforce.contract_days", name=name),
                    t("workforce.contract_days_on", name=name), 5,
                    lambda path=path, name=name: number_field(path + ("max_shifts_per_week",),
                                                              t("workforce.contract_days", name=name), integer=True,
                                                              help=t("workforce.contract_days_help")),
                )


    st.markdown(f"##### {t('team.title')}")
    st.caption(t("team.help"))
    widgets.optional_field(
        ("workforce", "team"), t("team.title"), t("team.on"),
        [{"id": t("team.default_name", number=n), "contract": rules.contracts[0].name} for n in (1, 2, 3)],
        lambda: widgets.team_editor(("workforce", "team"),
                                    {c.name: contract_name(code, c.name, first=True) for c in rules.contracts},
                                    {c.id: widgets.channel_name(c) for c in scenario.channels}),
    )
    if short := _members_short(rules):  # said here, not only in the roster's notes (team review)
        st.warning("\n".join(f"- {line}" for line in short), icon=":material/warning:")


# --- In-house costs ---------------------------------------------------------------

PREMIUM_PRESETS = {
    "contact_centre": {"evening": 0.0, "night": 0.30, "saturday": 0.0, "sunday": 1.0},
    "other": {"evening": 0.15, "night": 0.30, "saturday": 0.20, "sunday": 1.0},
}


def _preset(name: str) -> None:
    values = {f"in_house.premiums.{band}": rate for band, rate in PREMIUM_PRESETS[name].items()}
    state.edit("in_house.premiums", values, None,
               refresh=tuple(f"in_house.premiums.{band}" for band in PREMIUM_PRESETS[name]))


with cost_tab:
    c1, c2 = st.columns(2)
    with c1:
        money_field(("in_house", "wage_per_h"), t("in_house.wage"), currency)
        st.caption(t("in_house.monthly", amount=fmt.money(scenario_io.monthly_wage(scenario.in_house.wage_per_h),
                                                              currency, code),
                     hours=fmt.number(scenario_io.HOURS_PER_MONTH, code)))
    with c2:
        widgets.optional_field(
            ("calendar", "month"), t("calendar.month"), t("calendar.month_on"), scenario_io.next_month(),
            lambda: bound_input(st.text_input, ("calendar", "month"), t("calendar.month"), max_chars=7,
                                placeholder="2026-12"),
            help=t("calendar.month_help", year=scenario.calendar.year),
        )
    st.markdown(f"##### {t('in_house.premiums')}")
    st.caption(t("in_house.premiums_help"))
    columns = st.columns(5)
    for column, band in zip(columns, ("evening", "night", "saturday", "sunday", "public_holiday")):
        with column:
            percent_field(("in_house", "premiums", band), t(f"in_house.premium.{band}"), plausible_from=0.01)
    # one under the other: side by side, the longer label was cut off at 1280 px
    st.button(t("in_house.preset_contact_centre"), on_click=_preset, args=("contact_centre",))
    st.button(t("in_house.preset_other"), on_click=_preset, args=("other",))
    with st.expander(**widgets.kept_open("side_costs", t("in_house.side_costs"))):
        columns = st.columns(3)
        for number, field in enumerate(("pension_rate", "health_insurance_rate", "unemployment_insurance_rate",
                                        "accident_insurance_rate", "group_life_rate", "holiday_bonus_rate",
                                        "holiday_pay_rate")):
            with columns[number % 3]:
                percent_field(("in_house", field), t(f"in_house.{field}"),
                              help=t("in_house.holiday_pay_help") if field == "holiday_pay_rate" else None)
    with st.expander(**widgets.kept_open("seat_costs", t("in_house.seat_costs"))):
        columns = st.columns(3)
        with columns[0]:
            widgets.optional_field(
                ("in_house", "agents_per_lead"), t("in_house.agents_per_lead"), t("in_house.lead_on"), 10.0,
                lambda: number_field(("in_house", "agents_per_lead"), t("in_house.agents_per_lead")),
            )
            money_field(("in_house", "lead_cost_per_month"), t("in_house.lead_cost"), currency)
        with columns[1]:
            money_field(("in_house", "licence_per_seat_per_month"), t("in_house.licence"), currency)
            money_field(("in_house", "telephony_per_seat_per_month"), t("in_house.telephony"), currency)
            money_field(("in_house", "workstation_per_seat_per_month"), t("in_house.workstation"), currency)
        with columns[2]:
            money_field(("in_house", "hiring_cost_per_agent"), t("in_house.hiring"), currency)
            percent_field(("in_house", "turnover_per_year"), t("in_house.turnover"), plausible_from=0.01)
            money_field(("in_house", "overhead_per_month"), t("in_house.overhead"), currency)


# --- Outsourcing ------------------------------------------------------------------


def _price_reader(offer_index: int, channel):
    def read(data):
        prices = data["offers"][offer_index]["price_per_contact"]
        return prices.get(channel.id, prices.get(channel.kind, 0.0))

    return read


def _offer(index: int) -> None:
    offer = scenario.offers[index]
    path = ("offers", index)
    renamed = (lambda name, old=offer.name: {"hybrid.offer": name} if scenario.hybrid.offer == old else {})
    bound_input(st.text_input, path + ("name",), t("offer.name"), extra=renamed, refresh=("hybrid.offer",),
                max_chars=80)
    st.markdown(f"###### {t('offer.prices')}")
    columns = st.columns(3)
    with columns[0]:
        money_field(path + ("price_per_staffed_h",), t("offer.per_hour"), currency)
    with columns[1]:
        if any(c.kind == "phone" for c in scenario.channels):
            money_field(path + ("price_per_phone_min",), t("offer.per_minute"), currency)
    with columns[2]:
        money_field(path + ("monthly_fee",), t("offer.monthly_fee"), currency)
    columns = st.columns(max(1, len(scenario.channels)))
    for column, channel in zip(columns, scenario.channels):
        with column:
            money_field(path + ("price_per_contact", channel.id),
                        t("offer.per_contact", channel=widgets.channel_name(channel)), currency,
                        current=_price_reader(index, channel))
    st.markdown(f"###### {t('offer.surcharges')}")
    columns = st.columns([1, 1, 1, 1, 1.8])  # the last has a toggle and its label (cut off in a fifth of the width)
    for column, band in zip(columns, ("evening", "night", "saturday", "sunday")):
        with column:
            percent_field(path + (f"{band}_surcharge",), t(f"offer.surcharge.{band}"), plausible_from=0.01)
    with columns[4]:
        widgets.optional_field(
            path + ("holiday_surcharge",), t("offer.surcharge.holiday"), t("offer.holiday_own"),
            offer.sunday_surcharge,
            lambda: percent_field(path + ("holiday_surcharge",), t("offer.surcharge.holiday"), plausible_from=0.01),
            help=t("offer.holiday_help"),
        )
    st.markdown(f"###### {t('offer.terms')}")
    columns = st.columns(4)
    with columns[0]:
        money_field(path + ("setup_fee",), t("offer.setup_fee"), currency)
    with columns[1]:
        number_field(path + ("contract_months",), t("offer.contract_months"), integer=True)
    with columns[2]:
        money_field(path + ("monthly_minimum",), t("offer.monthly_minimum"), currency)
    with columns[3]:
        percent_field(path + ("abandon_rate",), t("offer.abandon_rate"))
    number_field(path + ("included_contacts_per_month",), t("offer.included"),
                 help=t("offer.included_help"))
    c1, c2 = st.columns(2)
    with c1:
        widgets.optional_field(
            path + ("target_sl",), t("offer.target_sl"), t("offer.own_target"), 0.8,
            lambda: percent_field(path + ("target_sl",), t("offer.target_sl"), plausible_from=0.01),
            help=t("offer.own_target_help"),
        )
    with c2:
        if offer.target_sl is not None:
            widgets.optional_field(
                path + ("target_s",), t("offer.target_s"), t("offer.own_target_s"), 60.0,
                lambda: number_field(path + ("target_s",), t("offer.target_s")),
            )


def _channels_from(ids):
    ids = list(ids)
    if len(ids) == len(scenario.channels):
        return None
    if not ids:
        raise ValueError(t("hybrid.channels_empty"))
    return ids


def _unused_name(name: str, taken: list[str]) -> str:
    """``name``, or "name 2", "name 3"... if taken (at most 80 characters, as an offer's name)."""
    candidate, n = name[:80], 2
    while candidate in taken:
        suffix = f" {n}"
        candidate, n = name[: 80 - len(suffix)] + suffix, n + 1
    return candidate


def _add_offer(copy_of: int | None) -> None:
    """A new offer after the others: a copy of offer ``copy_of``, or (None) the example's
    hourly offer, its prices estimates; drawn open, to be edited."""
    current = state.scenario()
    data = editing.scenario_data(current)
    if copy_of is None:
        offer, name = editing.scenario_data(default_scenario())["offers"][0], t("offer.new_name")
    else:
        offer, name = data["offers"][copy_of], t("offer.copy_name", name=current.offers[copy_of].name)
    name = _unused_name(name, [o.name for o in current.offers])
    data["offers"] = [*data["offers"], {**offer, "name": name}]
    widgets.open_next_time(f"offer_{len(current.offers)}", name)
    state.reshape(parse_scenario(data), "offers", {})


def _remove_offer(index: int) -> None:
    """Offer ``index`` goes, and what was typed for it; a hybrid that used it takes the first offer."""
    current = state.scenario()
    data = editing.scenario_data(current)
    del data["offers"][index]
    if current.hybrid.offer == current.offers[index].name:
        data["hybrid"]["offer"] = None
    moved = {i: None if i == index else i - (i > index) for i in range(len(current.offers))}
    state.reshape(parse_scenario(data), "offers", moved)


def _offer_actions(index: int) -> None:
    copy, remove = st.columns(2)
    copy.button(t("offer.copy"), on_click=_add_offer, args=(index,), key=f"copy_offer_{index}",
                icon=":material/content_copy:")
    with remove.popover(t("offer.remove"), icon=":material/delete:"):
        st.markdown(t("offer.remove_confirm", name=scenario.offers[index].name))
        st.button(t("offer.remove"), on_click=_remove_offer, args=(index,), key=f"remove_offer_{index}",
                  type="primary")


with offer_tab:
    st.info(t("offer.estimates_note"), icon=":material/info:")
    if not scenario.offers:
        st.caption(t("offer.none"))
    for index, offer in enumerate(scenario.offers):
        with st.expander(**widgets.kept_open(f"offer_{index}", offer.name, default=index == 0)):
            _offer(index)
            _offer_actions(index)
    st.button(t("offer.add"), on_click=_add_offer, args=(None,), key="add_offer", icon=":material/add:",
              help=t("offer.add_help"))
    # without an offer the hours still shape the option "in-house, closed at other times"
    st.markdown(f"##### {t('hybrid.title')}")
    st.caption(t("hybrid.help") if scenario.offers else t("hybrid.help_no_offer"))
    names = [o.name for o in scenario.offers]
    c1, c2 = st.columns(2)
    if names:
        with c1:
            bound_input(st.selectbox, ("hybrid", "offer"), t("hybrid.offer"), options=names,
                        to_widget=lambda v: v if v in names else names[0])
    with c2:
        ids = [c.id for c in scenario.channels]
        by_id = {c.id: widgets.channel_name(c) for c in scenario.channels}
        bound_input(st.multiselect, ("hybrid", "in_house_channels"), t("hybrid.channels"), options=ids,
                    to_widget=lambda v: list(ids if v is None else v), from_widget=_channels_from,
                    format_func=widgets.map_labels(by_id))
    st.markdown(f"###### {t('hybrid.hours')}")
    widgets.hours_editor(("hybrid", "in_house_hours"))
    if note := widgets.grid_note(scenario.hybrid.in_house_hours, scenario.interval_min):
        st.caption(note)
    if names:
        bound_input(st.checkbox, ("hybrid", "allow_closed"), t("hybrid.allow_closed"),
                    help=t("hybrid.allow_closed_help"))


# --- Revenue -----------------------------------------------------------------------

with revenue_tab:
    st.caption(t("revenue.help"))
    c1, c2 = st.columns(2)
    with c1:
        percent_field(("revenue", "conversion_rate"), t("revenue.conversion"))
        money_field(("revenue", "average_order_value"), t("revenue.order_value"), currency)
    with c2:
        percent_field(("revenue", "lost_for_good_share"), t("revenue.lost_for_good"))
        money_field(("revenue", "customer_value_per_year"), t("revenue.customer_value"), currency)

st.divider()
st.markdown(f"**{t('scenario.next')}**")
links = st.columns(3)
links[0].page_link("planner/ui/pages/staffing.py", label=t("nav.staffing"), icon=":material/groups:")
links[1].page_link("planner/ui/pages/roster.py", label=t("nav.roster"), icon=":material/calendar_month:")
links[2].page_link("planner/ui/pages/costs.py", label=t("nav.costs"), icon=":material/euro:")
