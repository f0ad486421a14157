"""Let the inputs' callbacks run, and run to their end, when a newer rerun request arrives.

Streamlit runs the callbacks of the widgets that changed at the start of a run,
and checks for a newer rerun request just before them and at every access to
``st.session_state``, in those callbacks too (``SafeSessionState._yield_callback``,
Streamlit 1.67). A request found there stops the run, and the callback where it
is (streamlit#10578: state changes cut short this way "aren't protected"). The
newer request does not send the changed value again, so the edit was lost.

This happened on a busy server (a plan being solved) to a value typed without
Enter followed by a click on another page's link: the browser sends the value
on the input's blur, and the click 1-20 ms later. The run for the value was
stopped before its callback or within it; the other page opened, and the
Scenario page showed the old value again.

:func:`keep_callbacks_whole` lets the callbacks run without these checks.
Streamlit checks right after them, so the newer request is served at once,
with every edit made.
"""

from __future__ import annotations

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
        _streamlit_will_rerun(self, *args, **kwargs)
    finally:
        object.__setattr__(self, "_yield_callback", check)


_callbacks_whole.streamlit_own = _streamlit_will_rerun


def keep_callbacks_whole() -> None:
    """Put :func:`_callbacks_whole` in Streamlit's place, for every session of this server
    (idempotent, also if Streamlit reloads this module)."""
    SafeSessionState.on_script_will_rerun = _callbacks_whole
