"""Each session's work kept on the server under a random token, so a browser reload gets it back.

A reload starts a new Streamlit session with an empty session state. The app
therefore writes the session's scenario and the edits it has not accepted yet
(what :mod:`planner.ui.state` holds) here after every run, under a token it
also writes into the URL (``?s=``). A new session whose URL carries a token
starts from what is kept under it, then keeps its own work under a new token:
two open tabs with the same link never overwrite each other.

What is kept lives in this process's memory (the ``MAX_KEPT`` most recently
written, an LRU): it outlives a reload, not a restart of the server. The
scenario file (download) is the way to keep work for longer.

No streamlit here, like :mod:`planner.ui.jobs`: a plain module-level object
shared by every session.
"""

from __future__ import annotations

import secrets
from typing import Any

from planner.recent import Recent

MAX_KEPT = 256
TOKEN_BYTES = 16

_kept = Recent(MAX_KEPT)


def new_token() -> str:
    """A token nobody can guess (URL-safe, 22 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def keep(token: str, work: dict[str, Any]) -> None:
    """Keep ``work`` (plain data and frozen models, not changed afterwards) under ``token``."""
    _kept.put(token, work)


def get(token: str | None) -> dict[str, Any] | None:
    """What is kept under ``token``, or None (unknown, evicted, or no token)."""
    return _kept.get(token) if token else None
