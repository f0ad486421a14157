"""The UI language: chosen per session, default from the browser, and ``t(key, **values)``.

The language lives in ``st.session_state["lang"]``, the key of the language
switch in the sidebar, and in the ``?lang=fi|en`` query parameter of the URL,
so a link opens in its language. On a session's first run the query
parameter decides, else the browser's locale: Finnish for a Finnish browser
(``fi``, ``fi-FI``), English for any other. (Streamlit's own
``bind="query-params"`` would write the option's label, ``?lang=English``,
into the URL; this writes the code.)
"""

from __future__ import annotations

import streamlit as st

from planner import locales
from planner.locales import LANGUAGES

LANG_KEY = "lang"


def language_from_locale(locale: str | None) -> str:
    """``"fi"`` for a Finnish language tag, ``"en"`` for any other or none.

    >>> language_from_locale("fi-FI"), language_from_locale("sv-FI"), language_from_locale(None)
    ('fi', 'en', 'en')
    """
    if locale and locale.replace("_", "-").split("-")[0].strip().lower() == "fi":
        return "fi"
    return "en"


def browser_language() -> str:
    """The language the browser asks for (``st.context.locale``)."""
    try:
        return language_from_locale(st.context.locale)
    except (AttributeError, RuntimeError, KeyError):  # no browser context (bare script)
        return "en"


def init_language() -> str:
    """Set the session's language once (query parameter, else browser); keep the URL showing it."""
    if st.session_state.get(LANG_KEY) not in LANGUAGES:
        asked = st.query_params.get(LANG_KEY)
        st.session_state[LANG_KEY] = asked if asked in LANGUAGES else browser_language()
    sync_query_param()
    return st.session_state[LANG_KEY]


def sync_query_param() -> None:
    """Write the session's language into the URL (``?lang=``)."""
    if st.query_params.get(LANG_KEY) != st.session_state.get(LANG_KEY):
        st.query_params[LANG_KEY] = st.session_state[LANG_KEY]


def lang() -> str:
    """The session's UI language."""
    value = st.session_state.get(LANG_KEY)
    return value if value in LANGUAGES else browser_language()


def t(key: str, **values) -> str:
    """The UI string ``key`` in the session's language."""
    return locales.translate(lang(), key, **values)


def has(key: str) -> bool:
    """Whether the UI has a string ``key`` (for names that come from files, e.g. example scenarios)."""
    return key in locales.strings(lang())
