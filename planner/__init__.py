"""Staffing and cost planner for customer service.

The planning core: Scenario -> demand -> staffing -> scheduling -> costs -> Plan.
Nothing in this package outside ``planner.ui`` imports streamlit.
"""

__version__ = "0.1.0"
