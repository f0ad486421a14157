"""The Streamlit app's pages, inputs and chart data (the only part of planner that imports streamlit).

``app.py`` routes to the pages in ``pages/``. The pages read the scenario from
the session (:mod:`.state`, edited through :mod:`.editing`), the plan from a
background job (:mod:`.jobs`), and draw frames built by :mod:`.charts` with
strings from :mod:`planner.locales` and numbers written by :mod:`.fmt`.
"""
