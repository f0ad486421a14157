"""A newer rerun request waits for the inputs' callbacks to end (planner.ui.reruns).

The browser test ``test_a_value_typed_without_enter_and_a_click_on_another_page_keep_every_input``
shows the whole path; on a busy machine it failed about one run in four before
the change. This checks the callbacks themselves, through Streamlit's own
session state.
"""

import contextvars

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException
from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState
from streamlit.runtime.state.common import WidgetMetadata
from streamlit.runtime.state.safe_session_state import SafeSessionState
from streamlit.runtime.state.session_state import SessionState

from planner.ui import reruns


class Requests:
    """The script runner's check for a newer request, as at every session-state access."""

    def __init__(self) -> None:
        self.waiting = False
        self.checks = 0

    def check(self) -> None:
        self.checks += 1
        if self.waiting:
            self.waiting = False  # served: the run stops here and the newer request runs
            raise RerunException(None)


def a_typed_value(session: SafeSessionState, callback) -> None:
    """An input drawn in one run, and the next run's request carrying a value typed into it."""
    text = WidgetMetadata(id="volume", deserializer=lambda value: value, serializer=lambda value: value,
                          value_type="string_value", callback=callback)
    session.register_widget(text, user_key=None)
    session.on_script_finished(frozenset({"volume"}))
    typed = WidgetStates()
    state = typed.widgets.add()
    state.id, state.string_value = "volume", "1300"
    return typed


@pytest.fixture(autouse=True)
def _callbacks_whole():
    reruns.keep_callbacks_whole()


def in_a_script_thread(run):
    """``run()`` with the per-thread state a script run sets up (callbacks need it)."""

    def ready():
        ThreadState.initialize()
        return run()

    return contextvars.copy_context().run(ready)


def test_a_request_that_comes_while_a_callback_writes_waits_for_its_end():
    requests = Requests()
    session = SafeSessionState(SessionState(), requests.check)

    def edit():  # as widgets._on_change and state.edit: reads, then several writes
        assert session["volume"] == "1300"
        requests.waiting = True  # the click on another page's link comes now
        session["scenario"] = 1300
        session["pending"] = {}

    typed = a_typed_value(session, edit)
    in_a_script_thread(lambda: session.on_script_will_rerun(typed))
    with pytest.raises(RerunException):  # the newer request, still there for the check after the callbacks
        requests.check()
    assert session["scenario"] == 1300 and session["pending"] == {}


def test_a_request_that_came_before_the_callbacks_waits_for_them():
    requests = Requests()
    session = SafeSessionState(SessionState(), requests.check)
    typed = a_typed_value(session, lambda: session.__setitem__("scenario", 1300))
    requests.waiting = True  # the click came just after the typed value's request was taken
    in_a_script_thread(lambda: session.on_script_will_rerun(typed))
    with pytest.raises(RerunException):
        requests.check()
    assert session["scenario"] == 1300


def test_checks_resume_after_the_callbacks():
    requests = Requests()
    session = SafeSessionState(SessionState(), requests.check)
    typed = a_typed_value(session, lambda: session.__setitem__("scenario", 1300))
    in_a_script_thread(lambda: session.on_script_will_rerun(typed))
    before = requests.checks
    session["scenario"] = 1
    assert requests.checks == before + 1


def test_putting_it_in_place_twice_changes_nothing():
    reruns.keep_callbacks_whole()
    assert SafeSessionState.on_script_will_rerun.streamlit_own.__module__.startswith("streamlit.")
