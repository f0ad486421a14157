"""Names of the core's cost lines and their inputs in the UI language.

The functions live in :mod:`planner.export.labels` (no streamlit), so the app,
the proposal PDF and the Excel workbook name cost lines alike; this module
re-exports them for the pages.
"""

from planner.export.labels import *
from planner.export.labels import __all__  # noqa: F401
