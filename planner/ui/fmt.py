"""Numbers, money, shares and times written the way each UI language writes them.

The functions live in :mod:`planner.export.fmt` (no streamlit), so the app,
the proposal PDF and the Excel workbook write every figure alike; this module
re-exports them for the pages.
"""

from planner.export.fmt import *
from planner.export.fmt import __all__  # noqa: F401
