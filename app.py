"""Streamlit entry point: ``streamlit run app.py``.

A router only: the language switch, the session state set up once (or taken
back after a reload, see :mod:`planner.ui.kept`) and kept after every run, and the
five pages in ``planner/ui/pages``. The pages read the scenario from the
session, the plan from :mod:`planner.ui.jobs`, and draw; none computes.
"""

import streamlit as st

from planner.locales import LANGUAGES
from planner.ui import i18n, jobs, reruns, state, widgets
from planner.ui.i18n import t

reruns.keep_callbacks_whole()  # a value typed without Enter survives a click on another page
resume = reruns.page_to_resume()  # ... and the click is followed (see planner.ui.reruns)
state.init()
state.keep()  # what the callbacks before this run changed, in case the run ends early
i18n.init_language()

with st.sidebar:
    st.segmented_control(
        t("app.language"),
        LANGUAGES,
        format_func=widgets.map_labels({code: t(f"app.lang_{code}") for code in LANGUAGES}),
        key=i18n.LANG_KEY,
        on_change=state.renew_inputs,
        required=True,
        label_visibility="collapsed",
    )

st.set_page_config(page_title=t("app.title"), page_icon=":material/support_agent:", layout="wide")

pages = [
    st.Page("planner/ui/pages/scenario.py", title=t("nav.scenario"), icon=":material/tune:", url_path="scenario",
            default=True),
    st.Page("planner/ui/pages/staffing.py", title=t("nav.staffing"), icon=":material/groups:", url_path="staffing"),
    st.Page("planner/ui/pages/roster.py", title=t("nav.roster"), icon=":material/calendar_month:", url_path="roster"),
    st.Page("planner/ui/pages/costs.py", title=t("nav.costs"), icon=":material/euro:", url_path="costs"),
    st.Page("planner/ui/pages/proposal.py", title=t("nav.proposal"), icon=":material/description:",
            url_path="proposal"),
]
page = st.navigation(pages)
reruns.follow_cut_click(resume, pages, page)

with st.sidebar:
    st.caption(t("sidebar.scenario"))
    name = st.empty()
    plan_state = st.empty()


def sidebar_status() -> None:
    scenario = state.scenario()
    name.markdown(f"**{scenario.name}**")
    plan_state.caption(widgets.plan_state_text(scenario))


if page.url_path in ("staffing", "roster", "costs", "proposal"):
    jobs.job_for(state.scenario())  # start (or find) the plan now, so the sidebar can say so while the page waits
sidebar_status()
page.run()
sidebar_status()  # again, as the page left the scenario and its plan
state.keep()
