"""A value typed without Enter and a click on another page's link at once: the value is
kept (the callbacks run whole) and the click is followed (the second part, below); and
a click on the scenario file's download button at once saves the value (the third).

Streamlit runs the callbacks of the widgets that changed at the start of a run,
and checks for a newer rerun request just before them and at every access to
``st.session_state``, in those callbacks too (``SafeSessionState._yield_callback``,
Streamlit 1.67). A request found there stops the run, and the callback where it
is (streamlit#10578: state changes cut short this way "aren't protected"). The
newer request does not send the changed value again, so the edit was lost.

This happened on a busy server (a plan being solved) to a value typed without
Enter followed by a click on another page's link: the browser sends the value
on the input's blur, and the click 1-30 ms later. The run for the value was
stopped before its callback or within it; the other page opened, and the
Scenario page showed the old value again.

:func:`keep_callbacks_whole` lets the callbacks run without these checks.
Streamlit checks right after them, so the newer request is served at once,
with every edit made.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.runtime.state.safe_session_state import SafeSessionState

_streamlit_will_rerun = getattr(SafeSessionState.on_script_will_rerun, "streamlit_own",
                                SafeSessionState.on_script_will_rerun)


def _no_check() -> None:
    pass


def _callbacks_whole(self: SafeSessionState, *args, **kwargs) -> None:
    """Streamlit's ``on_script_will_rerun``, with no check for newer requests before or in the callbacks."""
    check = self._yield_callback
    object.__setattr__(self, "_yield_callback", _no_check)  # its __setattr__ writes session keys
    try:
        previous, asked = _note_asked()
        _edits.made = False
        _streamlit_will_rerun(self, *args, **kwargs)
        if (session := _session_id()) is not None:
            _remember(_callbacks_ran, session, time.monotonic())
        clicked = (_edits.made and previous and asked and previous != asked  # see page_to_resume
                   and asked in _input_pages.get(_session_id(), ()))
        self[RESUME] = previous if clicked else None
    finally:
        object.__setattr__(self, "_yield_callback", check)


_callbacks_whole.streamlit_own = _streamlit_will_rerun


def keep_callbacks_whole() -> None:
    """Put :func:`_callbacks_whole` in Streamlit's place, for every session of this server
    (idempotent, also if Streamlit reloads this module)."""
    SafeSessionState.on_script_will_rerun = _callbacks_whole


# --- A click on a page's link that came before the typed value ----------------------
#
# More often the browser sends the click on another page's link first and the value
# typed without Enter 1-40 ms later, naming the page the user is leaving. That run
# took the user back (or cut the other page's run short), and they had to click
# again. A run that carries an edit, asked for another page than the run before it,
# is such a value: the browser can send a page's edit only while it shows that
# page, and any run for another page in between came from the click. Each run
# notes the page it was asked for when it begins (in :func:`_callbacks_whole`, so
# a run cut short right after its callbacks is noted too), and such a run goes on
# to the page clicked (:func:`page_to_resume`).

RESUME = "resume_page"  # the page (script hash) this run goes on to, see page_to_resume
_MAX_SESSIONS = 1024
_lock = threading.Lock()
_asked: OrderedDict[str, str] = OrderedDict()  # session id -> the page (script hash) its last run was asked for
_edits = threading.local()  # whether this run's callbacks edited the scenario (on the script thread)
_input_pages: dict[str, set[str]] = {}  # session id -> the pages (script hashes) that draw inputs
_callbacks_ran: OrderedDict[str, float] = OrderedDict()  # session id -> when its latest run's callbacks had run [time.monotonic s]


def note_edit() -> None:
    """An input's callback edited the scenario in this run."""
    _edits.made = True


def note_input_page() -> None:
    """This run's page draws inputs: an edit can come from it (and, in a test, along with a
    switch to another page, which is no click to follow)."""
    ctx = get_script_run_ctx()
    if ctx is not None and ctx.page_script_hash not in _input_pages.get(ctx.session_id, ()):
        with _lock:
            _input_pages.setdefault(ctx.session_id, set()).add(ctx.page_script_hash)
            while len(_input_pages) > _MAX_SESSIONS:
                _input_pages.pop(next(iter(_input_pages)))


def _session_id() -> str | None:
    ctx = get_script_run_ctx()
    return None if ctx is None else ctx.session_id


def _note_asked() -> tuple[str | None, str | None]:
    """(the page the session's run before this one was asked for, the page this one is) as
    script hashes; notes this run's."""
    ctx = get_script_run_ctx()
    if ctx is None:  # a bare run
        return None, None
    asked = ctx.page_script_hash
    return _remember(_asked, ctx.session_id, asked), asked


def _remember(by_session: OrderedDict, session_id: str, value):
    """Put ``value`` as the session's newest in ``by_session``, keeping the latest
    _MAX_SESSIONS sessions; returns the value it had (None if none)."""
    with _lock:
        previous = by_session.pop(session_id, None)
        by_session[session_id] = value
        while len(by_session) > _MAX_SESSIONS:
            by_session.popitem(last=False)
    return previous


def page_to_resume() -> str | None:
    """The page (script hash) clicked just before the value this run carries was sent; else
    None. Notes this run's page, if its callbacks' step did not."""
    _note_asked()
    return st.session_state.pop(RESUME, None)


def follow_cut_click(resume: str | None, pages, page) -> None:
    """Go on to the page of :func:`page_to_resume`'s answer, if it is one of ``pages`` and not ``page``."""
    target = next((p for p in pages if resume and p._script_hash == resume), None)
    if target is not None and target._script_hash != page._script_hash:
        st.switch_page(target)


# --- A click on a download button right after a value typed without Enter ----------------
#
# The scenario file is made when its button is clicked, in another thread
# (``st.download_button(data=callable)``). It was made from the scenario of the run
# that drew the button, so a value typed without Enter and the click at once saved
# the file without the value, though the box showed it (browser review). The
# browser sends the value on the input's blur in a rerun request, which came 18 ms
# after the click's request for the file; its callbacks ran 250 ms later (measured,
# on a quiet server). :func:`current` reads the session's value when the file is
# made, once a run asked for with the click has run its callbacks.

RUN_ASKED_WITHIN_S = 0.3  # how long after the click a rerun request may come with it
WAIT_FOR_VALUE_S = 3.0  # the longest a download waits for that run's callbacks


def current(key: str, default: Any) -> Callable[[], Any]:
    """A reader of this session's ``st.session_state[key]`` as it stands when it is called
    (from any thread), after the callbacks of a run asked for along with the call; ``default``
    where the session cannot be found (a bare run, a test)."""
    session_id = _session_id()

    def read() -> Any:
        session = _app_session(session_id)
        if session is None:
            return default
        asked = time.monotonic()
        while (now := time.monotonic()) < asked + WAIT_FOR_VALUE_S:
            if _callbacks_ran.get(session_id, 0.0) >= asked:  # a run begun since has run its callbacks
                break
            if session._scriptrunner is None and now >= asked + RUN_ASKED_WITHIN_S:  # no run was asked for
                break
            time.sleep(0.01)
        try:
            return session._session_state[key]
        except KeyError:
            return default

    return read


def _app_session(session_id: str | None):
    """The Streamlit session (``AppSession``) of ``session_id``; None without a server."""
    if session_id is None or not Runtime.exists():
        return None
    info = Runtime.instance()._session_mgr.get_session_info(session_id)
    return None if info is None else info.session
