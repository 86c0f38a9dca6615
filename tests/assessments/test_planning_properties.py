"""Properties of the plan scheduler, over thousands of random targets, graphs and budgets."""

from datetime import date
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.planning import (
    DEFAULT_PREREQUISITE_LEVEL,
    DoneItem,
    Goal,
    monthly_capacity,
    plan_schedule,
)

SKILLS = [f"s{i}" for i in range(8)]


@st.composite
def planning_inputs(draw):
    step_hours = {s: {lvl: draw(st.integers(1, 80)) for lvl in range(1, 6)} for s in SKILLS}
    levels = {s: draw(st.integers(0, 5)) for s in draw(st.sets(st.sampled_from(SKILLS)))}
    # Prerequisites only point to lower-numbered skills: a DAG, as the taxonomy is.
    prerequisites = {}
    for i, skill in enumerate(SKILLS):
        prereqs = draw(st.sets(st.sampled_from(SKILLS[:i]), max_size=3)) if i else set()
        prerequisites[skill] = {p: draw(st.sampled_from([None, 1, 2, 3, 4])) for p in prereqs}
    goals = [
        Goal(
            skill=s,
            name=s.upper(),
            current_level=levels.get(s, 0),
            required_level=draw(st.integers(1, 5)),
            gap_score=draw(st.floats(0, 1, allow_nan=False)),
        )
        for s in draw(st.sets(st.sampled_from(SKILLS), max_size=6))
    ]
    done = [
        DoneItem(skill=s, from_level=0, to_level=draw(st.integers(1, 5)))
        for s in draw(st.sets(st.sampled_from(SKILLS), max_size=2))
    ]
    return {
        "goals": goals,
        "levels": levels,
        "step_hours": step_hours,
        "prerequisites": prerequisites,
        "hours_per_week": draw(st.integers(1, 60)),
        "start": date(draw(st.integers(2024, 2030)), draw(st.integers(1, 12)), 1),
        "done": done,
    }


def start_levels(inputs) -> dict[str, int]:
    levels = dict(inputs["levels"])
    for item in inputs["done"]:
        levels[item.skill] = max(levels.get(item.skill, 0), item.to_level)
    return levels


def hours_between(step_hours, skill, frm, to) -> int:
    return sum(step_hours[skill][lvl] for lvl in range(frm + 1, to + 1))


@settings(max_examples=150, deadline=None)
@given(planning_inputs())
def test_no_month_holds_more_hours_than_its_capacity(inputs):
    plan = plan_schedule(**inputs)
    capacity = monthly_capacity(inputs["hours_per_week"])
    assert capacity == Fraction(inputs["hours_per_week"] * 52, 12)
    for month in plan.months:
        assert month.capacity == capacity
        assert month.hours_used <= capacity
        assert month.hours_used == sum(p.hours for p in month.portions)
    # Every month but the last is full: work is never left waiting.
    assert all(m.hours_used == capacity for m in plan.months[:-1])


@settings(max_examples=150, deadline=None)
@given(planning_inputs())
def test_no_item_starts_before_its_prerequisites_reach_the_level_it_needs(inputs):
    plan = plan_schedule(**inputs)
    levels = start_levels(inputs)
    by_skill = {item.skill: item for item in plan.items}
    for item in plan.items:
        for prereq, min_level in inputs["prerequisites"][item.skill].items():
            need = min_level or DEFAULT_PREREQUISITE_LEVEL
            if levels.get(prereq, 0) >= need:
                continue
            before = by_skill[prereq]  # a prerequisite short of its level is always planned
            assert before.to_level >= need
            assert before.end_offset_hours <= item.start_offset_hours
            assert before.end_month <= item.start_month


@settings(max_examples=150, deadline=None)
@given(planning_inputs())
def test_hours_add_up_to_the_gaps_hours_plus_the_prerequisite_steps(inputs):
    plan = plan_schedule(**inputs)
    levels = start_levels(inputs)
    gaps_hours = sum(
        hours_between(inputs["step_hours"], g.skill, levels.get(g.skill, 0), g.required_level)
        for g in inputs["goals"]
    )
    prerequisite_hours = sum(
        hours_between(
            inputs["step_hours"],
            item.skill,
            max(item.from_level, item.required_level),
            item.to_level,
        )
        for item in plan.items
    )
    assert plan.total_hours == gaps_hours + prerequisite_hours
    assert prerequisite_hours == sum(item.extra_hours for item in plan.items)
    assert sum(m.hours_used for m in plan.months) == plan.total_hours
    for item in plan.items:
        assert item.hours == hours_between(
            inputs["step_hours"], item.skill, item.from_level, item.to_level
        )
        assert sum(p.hours for m in plan.months for p in m.portions if p.item == item) == item.hours


@settings(max_examples=150, deadline=None)
@given(planning_inputs())
def test_every_gap_short_of_its_level_is_scheduled_exactly_once(inputs):
    plan = plan_schedule(**inputs)
    levels = start_levels(inputs)
    planned = [item.skill for item in plan.items]
    assert len(planned) == len(set(planned))
    for goal in inputs["goals"]:
        short = goal.required_level > levels.get(goal.skill, 0)
        if short:
            (item,) = [i for i in plan.items if i.skill == goal.skill]
            assert item.from_level == levels.get(goal.skill, 0)
            assert item.to_level >= goal.required_level
            assert not item.is_prerequisite
        else:
            assert all(
                i.required_level <= i.from_level for i in plan.items if i.skill == goal.skill
            )
    goal_skills = {g.skill for g in inputs["goals"] if g.required_level > levels.get(g.skill, 0)}
    for item in plan.items:
        assert item.is_prerequisite == (item.skill not in goal_skills)


@settings(max_examples=150, deadline=None)
@given(planning_inputs())
def test_the_same_inputs_give_the_same_plan(inputs):
    first = plan_schedule(**inputs)
    shuffled = {**inputs, "goals": list(reversed(inputs["goals"]))}
    assert plan_schedule(**shuffled) == first
    assert plan_schedule(**inputs) == first


@settings(max_examples=150, deadline=None)
@given(planning_inputs())
def test_items_run_back_to_back_in_order_and_months_follow_the_calendar(inputs):
    plan = plan_schedule(**inputs)
    offset = Fraction(0)
    for position, item in enumerate(plan.items, start=1):
        assert item.order == position
        assert item.start_offset_hours == offset
        assert 1 <= item.start_month <= item.end_month <= plan.duration_months
        offset += item.hours
    for previous, month in zip(plan.months, plan.months[1:], strict=False):
        assert (month.start - previous.end).days == 1
    if plan.months:
        assert plan.months[0].start == inputs["start"]


@settings(max_examples=150, deadline=None)
@given(planning_inputs())
def test_projected_readiness_never_falls_from_month_to_month(inputs):
    plan = plan_schedule(**inputs, readiness=lambda levels: float(sum(levels.values())))
    values = [plan.readiness_start] + [m.readiness for m in plan.months]
    assert values == sorted(values)
    if plan.months:
        expected = start_levels(inputs)
        for item in plan.items:
            expected[item.skill] = item.to_level
        assert plan.months[-1].readiness == float(sum(expected.values()))
