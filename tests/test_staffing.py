"""Staffing order (queue targets, shrinkage, minimum staff) and the metrics it carries."""

import math

import numpy as np
import pytest

from planner.demand import channel_demand
from planner.queueing import erlang_c_metrics
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
    staff[16] = 20  # 20 x 0.7 = 14 on the queue
    achieved = achieved_live(channel, demand, staff, scenario)
    assert achieved.service_level[16] == pytest.approx(0.8883500191794669, rel=1e-9)
    assert achieved.week_service_level == pytest.approx(0.8883500191794669, rel=1e-9)
    assert achieved.p_unanswered[16] == 0 and achieved.week_p_unanswered == 0


def test_staff_short_of_a_whole_agent_mix_the_agents_below_and_above_in_time():
    """15 people x 0.7 = 10.5 agents on 10 Erlangs: half the time 10 agents (unstable, nobody
    answered), half the time 11 (Erlang C)."""
    scenario = _one_interval_scenario(open_hours=week_hours("08:00", "08:30", "1000000"))
    channel = scenario.channels[0]
    staff = np.zeros(336)
    staff[16] = 15
    short = achieved_live(channel, channel_demand(channel, scenario), staff, scenario)
    eleven = erlang_c_metrics(200.0, 180.0, 11, 20.0)
    assert short.service_level[16] == pytest.approx(0.5 * float(eleven.service_level), rel=1e-9)
    assert short.p_unanswered[16] == pytest.approx(0.5) and short.week_p_unanswered == pytest.approx(0.5)
    assert short.asa_s[16] == pytest.approx(float(eleven.asa_s), rel=1e-9)  # the wait of those answered
    assert short.week_asa_s == pytest.approx(float(eleven.asa_s), rel=1e-9)
    staff[16] = 14  # 9.8 agents: unstable all the time
    none = achieved_live(channel, channel_demand(channel, scenario), staff, scenario)
    assert none.service_level[16] == 0 and none.p_unanswered[16] == 1 and np.isinf(none.week_asa_s)


def test_one_person_at_30_percent_shrinkage_is_an_agent_70_percent_of_the_time():
    """M/M/1 by hand: 10 calls an hour of 180 s, load 0.5; P(wait) = 0.5,
    answered in 20 s = 1 - 0.5 exp(-(1/180 - 1/360) 20), mean wait 0.5 / (1/360) = 180 s."""
    table = [0.0] * 336
    table[16] = 1.0
    scenario = parse_scenario({"schema_version": 1, "name": "one", "interval_min": 30, "workforce": {"shrinkage": 0.3},
                               "channels": [{"id": "phone", "kind": "phone", "volume_per_week": 5, "aht_s": 180,
                                             "target_sl": 0.8, "target_s": 20, "max_occupancy": None,
                                             "curve": {"table": table},
                                             "open_hours": week_hours("08:00", "08:30", "1000000")}]})
    channel = scenario.channels[0]
    staff = np.zeros(336)
    staff[16] = 1
    one = achieved_live(channel, channel_demand(channel, scenario), staff, scenario)
    answered_in_20_s = 1 - 0.5 * math.exp(-20 / 360)
    assert one.service_level[16] == pytest.approx(0.7 * answered_in_20_s, rel=1e-9)
    assert one.p_unanswered[16] == pytest.approx(0.3)
    assert one.asa_s[16] == pytest.approx(180.0, rel=1e-9)


@pytest.mark.parametrize("extra", [{}, {"patience_s": 60}, {"kind": "chat", "concurrency": 2, "aht_s": [180, 240]}])
def test_more_staff_never_lowers_the_service_achieved(extra):
    scenario = _one_interval_scenario(open_hours=week_hours("08:00", "08:30", "1000000"), **extra)
    channel = scenario.channels[0]
    demand = channel_demand(channel, scenario)
    staff = np.zeros((61, 336))
    staff[:, 16] = np.arange(61) / 2  # 0 to 30 people in half steps
    got = [achieved_live(channel, demand, row, scenario) for row in staff]
    service = np.array([g.service_level[16] for g in got])
    lost = np.array([g.p_abandon[16] + g.p_unanswered[16] for g in got])
    assert np.all(np.diff(service) >= -1e-12) and np.all(np.diff(lost) <= 1e-12)
    assert service[0] == 0 and lost[0] == 1 and service[-1] > 0.8 and lost[-1] < 0.05


def test_the_weeks_service_level_counts_only_contacts_arriving_while_open():
    """Contacts arriving while closed are missed (counted apart); the week's figures are shares of the rest."""
    from planner.demand import ChannelDemand
    from planner.staffing import achieved_deferred

    demand = ChannelDemand("callback", np.array([10.0, 30.0, 20.0]), np.array([True, True, False]), 0.0)
    achieved = achieved_deferred(demand, np.array([1.0, 0.5, 1.0]), np.array([600.0, 1200.0, 0.0]))
    assert achieved.service_level.tolist() == [1.0, 0.5, 0.0]
    assert achieved.week_service_level == pytest.approx((10 * 1.0 + 30 * 0.5) / 40)  # 62.5 %, not 25/60
    assert achieved.week_asa_s == pytest.approx((10 * 600 + 15 * 1200) / 25)  # of those answered in time
