"""Staffing order (queue targets, shrinkage, minimum staff) and the metrics it carries."""

import numpy as np
import pytest

from planner.demand import channel_demand
from planner.scenario import Channel, parse_scenario, week_hours
from planner.staffing import achieved_live, channel_requirement, staff_from_agents


def _one_interval_scenario(**channel):
    """Call Centre Helper case: 100 calls in one half hour on Monday 08:00, AHT 180 s, 80/20."""
    table = [0.0] * 336
    table[16] = 1.0
    base = {"id": "phone", "kind": "phone", "volume_per_week": 100, "aht_s": 180, "target_sl": 0.8,
            "target_s": 20, "max_occupancy": None, "curve": {"table": table}}
    return parse_scenario({"schema_version": 1, "name": "cch", "interval_min": 30,
                           "channels": [{**base, **channel}], "workforce": {"shrinkage": 0.3}})


def test_published_case_through_the_staffing_order():
    scenario = _one_interval_scenario(open_hours=[{"start": "08:00", "end": "08:30"}] + [None] * 6)
    channel = scenario.channels[0]
    requirement = channel_requirement(channel, channel_demand(channel, scenario), scenario)
    assert requirement.required_agents[16] == 14  # Erlang C, 80 % in 20 s
    assert requirement.required_staff[16] == 20  # ceil(14 / 0.7), pyworkforce
    assert requirement.metrics.service_level[16] == pytest.approx(0.8883500191794669, rel=1e-9)
    assert requirement.metrics.asa_s[16] == pytest.approx(7.835937011777243, rel=1e-9)
    assert requirement.required_agents.sum() == 14  # nothing elsewhere: closed


def test_occupancy_ceiling_binds_first():
    scenario = _one_interval_scenario(max_occupancy=0.7, open_hours=week_hours("08:00", "08:30", "1000000"))
    channel = scenario.channels[0]
    requirement = channel_requirement(channel, channel_demand(channel, scenario), scenario)
    assert requirement.required_agents[16] == 15  # 10 Erlangs / 0.7 -> 14.3 -> 15
    assert requirement.required_staff[16] == 22  # pyworkforce: 15 -> 22


def test_minimum_staff_while_open_only():
    channel = Channel(id="p", kind="phone", volume_per_week=1, aht_s=180, min_staff_open=2)
    staff = staff_from_agents(np.array([0, 0, 3]), np.array([True, False, True]), channel, 0.3)
    assert staff.tolist() == [2, 0, 5]


def test_achieved_at_scheduled_staff_nets_out_shrinkage():
    scenario = _one_interval_scenario(open_hours=week_hours("08:00", "08:30", "1000000"))
    channel = scenario.channels[0]
    demand = channel_demand(channel, scenario)
    staff = np.zeros(336)
    staff[16] = 20  # floor(20 * 0.7) = 14 on the queue
    achieved = achieved_live(channel, demand, staff, scenario)
    assert achieved.service_level[16] == pytest.approx(0.8883500191794669, rel=1e-9)
    assert achieved.week_service_level == pytest.approx(0.8883500191794669, rel=1e-9)
    staff[16] = 15  # 10 on the queue: unstable, wait infinite
    short = achieved_live(channel, demand, staff, scenario)
    assert short.service_level[16] == 0 and np.isinf(short.asa_s[16]) and np.isinf(short.week_asa_s)


def test_the_weeks_service_level_counts_only_contacts_arriving_while_open():
    """Contacts arriving while closed are missed (counted apart); the week's figures are shares of the rest."""
    from planner.demand import ChannelDemand
    from planner.staffing import achieved_deferred

    demand = ChannelDemand("callback", np.array([10.0, 30.0, 20.0]), np.array([True, True, False]), 0.0)
    achieved = achieved_deferred(demand, np.array([1.0, 0.5, 1.0]))
    assert achieved.service_level.tolist() == [1.0, 0.5, 0.0]
    assert achieved.week_service_level == pytest.approx((10 * 1.0 + 30 * 0.5) / 40)  # 62.5 %, not 25/60
