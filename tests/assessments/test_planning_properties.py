"""Properties of the plan scheduler, over thousands of random targets, graphs, phases, budgets
and days of the month."""

import calendar
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.planning import (
    DEFAULT_PREREQUISITE_LEVEL,
    MIN_DAYS_LEFT,
    MIN_SLICE_HOURS,
    ORDERS,
    PHASES,
    PROGRESSION,
    DoneItem,
    Goal,
    item_dates,
    month_start,
    monthly_capacity,
    phase_rank,
    plan_schedule,
)

SKILLS = [f"s{i}" for i in range(8)]
EXAMPLES = settings(max_examples=150, deadline=None)


@st.composite
def planning_inputs(draw, orders=ORDERS):
    step_hours = {s: {lvl: draw(st.integers(1, 80)) for lvl in range(1, 6)} for s in SKILLS}
    levels = {s: draw(st.integers(0, 5)) for s in draw(st.sets(st.sampled_from(SKILLS)))}
    # Prerequisites only point to lower-numbered skills: a DAG, as the taxonomy is. Phases
    # are drawn independently, so a prerequisite is often in a later phase than its dependant.
    prerequisites = {}
    for i, skill in enumerate(SKILLS):
        prereqs = draw(st.sets(st.sampled_from(SKILLS[:i]), max_size=3)) if i else set()
        prerequisites[skill] = {p: draw(st.sampled_from([None, 1, 2, 3, 4])) for p in prereqs}
    phases = {s: draw(st.sampled_from([*PHASES, ""])) for s in SKILLS}
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
    chosen = draw(st.none() | st.dates(date(2024, 1, 1), date(2031, 12, 1)))
    return {
        "goals": goals,
        "levels": levels,
        "step_hours": step_hours,
        "prerequisites": prerequisites,
        "phases": phases,
        "hours_per_week": draw(st.integers(1, 60)),
        "today": draw(st.dates(date(2024, 1, 1), date(2030, 12, 31))),
        "not_before": chosen.replace(day=1) if chosen else None,
        "order": draw(st.sampled_from(orders)),
        "done": done,
    }


def start_levels(inputs) -> dict[str, int]:
    levels = dict(inputs["levels"])
    for item in inputs["done"]:
        levels[item.skill] = max(levels.get(item.skill, 0), item.to_level)
    return levels


def hours_between(step_hours, skill, frm, to) -> int:
    return sum(step_hours[skill][lvl] for lvl in range(frm + 1, to + 1))


def days_in(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def unfinished_prerequisites(inputs, skill):
    levels = start_levels(inputs)
    for prereq, min_level in inputs["prerequisites"][skill].items():
        need = min_level or DEFAULT_PREREQUISITE_LEVEL
        if levels.get(prereq, 0) < need:
            yield prereq, need


@EXAMPLES
@given(planning_inputs())
def test_the_plan_starts_today_or_later_and_never_in_a_month_nearly_over(inputs):
    plan = plan_schedule(**inputs)
    today, chosen = inputs["today"], inputs["not_before"]
    assert plan.start >= today
    if chosen is not None and chosen > today:
        assert plan.start == chosen  # the month the person chose, from its first day
    elif days_in(today) - today.day + 1 < MIN_DAYS_LEFT:
        assert plan.start == month_start(today, 2)
    else:
        # Today, or next month when month 1 would be too short for the first item.
        assert plan.start in (today, month_start(today, 2))
    if plan.months:
        assert plan.months[0].start == plan.start


@EXAMPLES
@given(planning_inputs())
def test_month_one_holds_its_share_of_the_hours_and_later_months_are_whole(inputs):
    plan = plan_schedule(**inputs)
    capacity = monthly_capacity(inputs["hours_per_week"])
    assert capacity == Fraction(inputs["hours_per_week"] * 52, 12)
    days_left = days_in(plan.start) - plan.start.day + 1
    assert plan.grid.first_capacity == capacity * days_left / days_in(plan.start)
    for month in plan.months:
        expected = plan.grid.first_capacity if month.index == 1 else capacity
        assert month.capacity == expected
        assert month.hours_used <= month.capacity
        assert month.hours_used == sum(p.hours for p in month.portions)
        assert month.end.day == days_in(month.start)
        assert month.index == 1 or month.start.day == 1
    for previous, month in zip(plan.months, plan.months[1:], strict=False):
        assert (month.start - previous.end).days == 1
    if plan.months:
        assert plan.months[0].portions, "month 1 holds at least the first item"
    # Work is never left waiting: only room too small for the next item's slices stays free.
    assert all(m.capacity - m.hours_used < 2 * MIN_SLICE_HOURS for m in plan.months[:-1])


@EXAMPLES
@given(planning_inputs())
def test_no_item_gets_a_slice_under_two_hours_in_a_month(inputs):
    plan = plan_schedule(**inputs)
    for month in plan.months:
        for portion in month.portions:
            assert portion.hours >= MIN_SLICE_HOURS or portion.hours == portion.item.hours
    for item in plan.items:
        if item.hours < MIN_SLICE_HOURS:
            assert item.start_month == item.end_month  # never split


@EXAMPLES
@given(planning_inputs(orders=(PROGRESSION,)))
def test_phases_never_go_back_in_the_default_order(inputs):
    plan = plan_schedule(**inputs)
    ranks = [phase_rank(item.phase) for item in plan.items]
    assert ranks == sorted(ranks)
    month_ranks = [phase_rank(m.phase) for m in plan.months if m.phase]
    assert month_ranks == sorted(month_ranks)


@EXAMPLES
@given(planning_inputs(orders=(PROGRESSION,)))
def test_a_prerequisite_from_a_later_phase_is_brought_forward_to_the_items_needing_it(inputs):
    plan = plan_schedule(**inputs)
    by_skill = {item.skill: item for item in plan.items}
    for item in plan.items:
        own = inputs["phases"][item.skill]
        assert phase_rank(item.phase) <= phase_rank(own)
        if item.phase != own:  # brought forward: something learned in that phase needs it
            assert any(
                item.skill in dict(unfinished_prerequisites(inputs, other.skill))
                and other.phase == item.phase
                for other in by_skill.values()
            )


@EXAMPLES
@given(planning_inputs())
def test_prerequisites_end_before_their_dependants_start(inputs):
    plan = plan_schedule(**inputs)
    by_skill = {item.skill: item for item in plan.items}
    for item in plan.items:
        for prereq, need in unfinished_prerequisites(inputs, item.skill):
            before = by_skill[prereq]  # a prerequisite short of its level is always planned
            assert before.to_level >= need
            assert before.order < item.order
            assert before.end_offset_hours <= item.start_offset_hours
            assert before.end_month <= item.start_month
            assert (
                item_dates(item=before, grid=plan.grid)[1]
                <= item_dates(item=item, grid=plan.grid)[0]
            )


@EXAMPLES
@given(planning_inputs())
def test_an_item_comes_after_the_items_of_its_group_it_builds_on(inputs):
    # A prerequisite the person meets but the plan raises anyway: in its dependant's phase and
    # pass (the quickest order: anywhere in the plan), it comes first.
    plan = plan_schedule(**inputs)
    by_skill = {item.skill: item for item in plan.items}
    for item in plan.items:
        for prereq in inputs["prerequisites"][item.skill]:
            built_on = by_skill.get(prereq)
            if built_on is None or (
                inputs["order"] == PROGRESSION
                and (built_on.phase, built_on.in_nice_to_haves_pass)
                != (item.phase, item.in_nice_to_haves_pass)
            ):
                continue
            assert built_on.order < item.order
            assert built_on.end_offset_hours <= item.start_offset_hours


@EXAMPLES
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
    assert plan.prerequisite_hours == prerequisite_hours
    assert plan.requirement_hours == gaps_hours  # what the gap report says closing them takes
    assert sum(m.hours_used for m in plan.months) == plan.total_hours
    for item in plan.items:
        assert item.hours == hours_between(
            inputs["step_hours"], item.skill, item.from_level, item.to_level
        )
        assert sum(p.hours for m in plan.months for p in m.portions if p.item == item) == item.hours


@EXAMPLES
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


@EXAMPLES
@given(planning_inputs())
def test_the_same_inputs_give_the_same_plan(inputs):
    first = plan_schedule(**inputs)
    shuffled = {
        **inputs,
        "goals": list(reversed(inputs["goals"])),
        "phases": dict(reversed(inputs["phases"].items())),
        "prerequisites": {
            s: dict(reversed(p.items())) for s, p in reversed(inputs["prerequisites"].items())
        },
    }
    assert plan_schedule(**shuffled) == first
    assert plan_schedule(**inputs) == first


@EXAMPLES
@given(planning_inputs())
def test_items_run_in_order_without_overlap_on_the_calendar(inputs):
    plan = plan_schedule(**inputs)
    end = Fraction(0)
    last_day = plan.start - timedelta(days=1)
    for position, item in enumerate(plan.items, start=1):
        assert item.order == position
        assert item.start_offset_hours >= end
        assert 1 <= item.start_month <= item.end_month <= plan.duration_months
        first, last = item_dates(item=item, grid=plan.grid)
        assert last_day <= first <= last  # the next item may start the day the last one ends
        assert (
            plan.months[item.start_month - 1].start
            <= first
            <= plan.months[item.start_month - 1].end
        )
        assert plan.months[item.end_month - 1].start <= last <= plan.months[item.end_month - 1].end
        end, last_day = item.end_offset_hours, last


@EXAMPLES
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
