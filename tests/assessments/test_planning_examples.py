"""Worked examples of the scheduler, month by month, with every number derived by hand.

Inputs are the seed's figures (ai-ml-skills-demand.md) scored with C's method
(`assessments.scoring`: Critical -> 3 at mid / 4 at senior, High 3, Medium 2, Nice 1,
roadmap must-have 3 with weight >= 0.5; gap score = weight x gap / required), default step
hours (4, 12, 30, 60, 120 h into levels 1..5) and the prerequisites the brief names
(Python before TensorFlow and PyTorch, Docker before Kubernetes and model serving).
"""

from dataclasses import replace
from datetime import date
from fractions import Fraction as F

import pytest

from assessments.planning import (
    DEEP_LEARNING,
    FOUNDATIONS,
    ML_FUNDAMENTALS,
    QUICKEST,
    SPECIALIZATION,
    Goal,
    MonthGrid,
    Resource,
    done_ahead,
    item_dates,
    months_text,
    must_have_dependants,
    nice_to_haves_pass,
    phase_for,
    plan_schedule,
)
from assessments.scoring import Requirement, gap_score

STEP = {1: 4, 2: 12, 3: 30, 4: 60, 5: 120}
PREREQUISITES = {
    "tensorflow": {"python": 2},
    "pytorch": {"python": 2},
    "kubernetes": {"docker": 2},
    "model-serving": {"docker": 2},
}
PHASES = {
    "python": FOUNDATIONS,
    "sql": FOUNDATIONS,
    "statistics": FOUNDATIONS,
    "tensorflow": ML_FUNDAMENTALS,
    "pytorch": DEEP_LEARNING,
    "aws": SPECIALIZATION,
    "kubernetes": SPECIALIZATION,
    "docker": SPECIALIZATION,
    "gpt-openai": SPECIALIZATION,
    "model-serving": SPECIALIZATION,
    "ml-pipelines": SPECIALIZATION,
    "monitoring": SPECIALIZATION,
}


def req(skill, share, tier, roadmap=False):
    return Requirement(skill, skill, share, tier, roadmap, None)


def readiness_of(requirements, seniority):
    def readiness(levels):
        return gap_score(
            requirements=requirements,
            levels=levels,
            seniority=seniority,
            step_hours=dict.fromkeys(PHASES, STEP),
        ).readiness

    return readiness


def goals_from(requirements, seniority, levels):
    result = gap_score(
        requirements=requirements,
        levels=levels,
        seniority=seniority,
        step_hours=dict.fromkeys(PHASES, STEP),
    )
    return [
        Goal(g.skill, g.name, g.current_level, g.required_level, g.gap_score) for g in result.gaps
    ]


def rows(plan):
    return [
        (i.skill, i.from_level, i.to_level, i.hours, i.start_month, i.end_month, i.is_prerequisite)
        for i in plan.items
    ]


def month_rows(plan):
    return [
        (m.index, m.phase, m.hours_used, [(p.item.skill, p.hours) for p in m.portions])
        for m in plan.months
    ]


def schedule(goals, **changes):
    """`plan_schedule` with the seed's step hours, prerequisites and phases, for a person who
    knows nothing yet and gives 10 h/week from 1 January 2026, unless `changes` say otherwise."""
    arguments = {
        "goals": goals,
        "levels": {},
        "step_hours": dict.fromkeys(PHASES, STEP),
        "prerequisites": PREREQUISITES,
        "hours_per_week": 10,
        "today": date(2026, 1, 1),
        "phases": PHASES,
    }
    return plan_schedule(**{**arguments, **changes})


# ---- (a) Nothing yet, 10 h/week, "ML Engineer, mid", quickest readiness gain ------------

ML_ENGINEER_MID = [
    req("tensorflow", 87.7, "Critical", roadmap=True),
    req("python", 74.5, "Critical", roadmap=True),
    req("aws", 61.9, "High"),
    req("pytorch", 56.3, "High"),
    req("kubernetes", 15.0, "Medium"),
    req("gpt-openai", 7.0, "Nice-to-have"),
    req("sql", 0.0, "", roadmap=True),  # "SQL (Data manipulation)"
    req("statistics", 0.0, "", roadmap=True),  # "Statistics & ML fundamentals"
]


def beginner(**changes):
    """The plan of a person who knows nothing yet, toward ML Engineer, mid (10 h/week from
    1 January 2026 in the default order, unless `changes` say otherwise)."""
    return schedule(
        goals_from(ML_ENGINEER_MID, "mid", {}),
        readiness=readiness_of(ML_ENGINEER_MID, "mid"),
        **changes,
    )


@pytest.fixture
def beginner_plan():
    return beginner(order=QUICKEST)


def test_beginner_ml_engineer_mid_items_follow_gap_score_per_hour_with_prerequisites(
    beginner_plan,
):
    # Gap score per hour at level 0 (score = weight): TensorFlow .877/46 = .0191,
    # GPT/OpenAI .070/4 = .0175, Python .745/46 = .0162, AWS .619/46 = .0135,
    # PyTorch .563/46 = .0122, SQL and Statistics .5/46 = .0109 (slug order),
    # Kubernetes .150/16 = .0094. Python comes first because TensorFlow needs it at 2;
    # Docker 0 -> 2 (4 + 12 h) is added before Kubernetes and marked as a prerequisite.
    assert rows(beginner_plan) == [
        ("python", 0, 3, 46, 1, 2, False),  # hours 0-46
        ("tensorflow", 0, 3, 46, 2, 3, False),  # 46-92
        ("gpt-openai", 0, 1, 4, 3, 3, False),  # 92-96
        ("aws", 0, 3, 46, 3, 4, False),  # 96-142
        ("pytorch", 0, 3, 46, 4, 5, False),  # 142-188
        ("sql", 0, 3, 46, 5, 6, False),  # 188-234
        ("statistics", 0, 3, 46, 6, 7, False),  # 234-280
        ("docker", 0, 2, 16, 7, 7, True),  # 280-296
        ("kubernetes", 0, 2, 16, 7, 8, False),  # 296-312
    ]
    assert beginner_plan.total_hours == 312
    assert [i.start_offset_hours for i in beginner_plan.items] == [
        0,
        46,
        92,
        96,
        142,
        188,
        234,
        280,
        296,
    ]


def test_beginner_ml_engineer_mid_month_by_month(beginner_plan):
    # Capacity 10 x 52 / 12 = 43 1/3 h; month m covers hours [(m-1) x 130/3, m x 130/3).
    assert beginner_plan.capacity == F(130, 3)
    full = F(130, 3)
    assert month_rows(beginner_plan) == [
        (1, FOUNDATIONS, full, [("python", full)]),
        (2, ML_FUNDAMENTALS, full, [("python", F(8, 3)), ("tensorflow", F(122, 3))]),
        (3, SPECIALIZATION, full, [("tensorflow", F(16, 3)), ("gpt-openai", 4), ("aws", 34)]),
        (4, DEEP_LEARNING, full, [("aws", 12), ("pytorch", F(94, 3))]),
        (5, FOUNDATIONS, full, [("pytorch", F(44, 3)), ("sql", F(86, 3))]),
        (6, FOUNDATIONS, full, [("sql", F(52, 3)), ("statistics", 26)]),
        # Statistics 20 h against Docker + Kubernetes 16 + 22/3 h: Specialization.
        (7, SPECIALIZATION, full, [("statistics", 20), ("docker", 16), ("kubernetes", F(22, 3))]),
        (8, SPECIALIZATION, F(26, 3), [("kubernetes", F(26, 3))]),
    ]
    assert beginner_plan.duration_months == 8
    assert beginner_plan.months[0].start == date(2026, 1, 1)
    assert beginner_plan.months[1].end == date(2026, 2, 28)
    assert beginner_plan.end_date == date(2026, 8, 31)


def test_beginner_ml_engineer_mid_projected_readiness(beginner_plan):
    # Total weight .877 + .745 + .619 + .563 + .15 + .07 + .5 + .5 = 4.024; readiness =
    # 100 x (1 - sum of gap scores / 4.024), counting each level step finished by month end.
    def readiness(missing):
        return 100 * (1 - missing / 4.024)

    expected = [
        readiness(3.279 + 0.745 / 3),  # Python 2 (16 h done of 46); everything else missing
        readiness(0.877 / 3 + 2.402),  # Python 3, TensorFlow 2 (62 <= 86 2/3 < 92)
        readiness(0.619 / 3 + 1.713),  # TensorFlow 3, GPT 1, AWS 2
        readiness(0.563 / 3 + 1.15),  # AWS 3, PyTorch 2
        readiness(0.5 / 3 + 0.65),  # PyTorch 3, SQL 2
        readiness(0.5 / 3 + 0.15),  # SQL 3, Statistics 2
        readiness(0.15 / 2),  # Statistics 3, Docker 2, Kubernetes 1 (300 h)
        100.0,
    ]
    assert beginner_plan.readiness_start == 0.0
    assert [m.readiness for m in beginner_plan.months] == pytest.approx(expected)


# ---- (b) Strong Python developer, 5 h/week, "MLOps Engineer, senior", quickest --------

MLOPS_SENIOR = [
    req("tensorflow", 93.4, "Critical"),
    req("python", 82.9, "Critical"),
    req("aws", 76.3, "Critical"),
    req("kubernetes", 72.4, "Critical"),
    req("pytorch", 19.7, "Medium"),
    req("gpt-openai", 5.3, "Nice-to-have"),
    req("model-serving", 0.0, "", roadmap=True),  # Mid -> Senior must-adds
    req("ml-pipelines", 0.0, "", roadmap=True),
    req("monitoring", 0.0, "", roadmap=True),
]
PYTHON_DEVELOPER = {"python": 4, "sql": 3, "docker": 1}


@pytest.fixture
def python_developer_plan():
    return schedule(
        goals_from(MLOPS_SENIOR, "senior", PYTHON_DEVELOPER),
        levels=PYTHON_DEVELOPER,
        hours_per_week=5,
        today=date(2026, 3, 1),
        order=QUICKEST,
        resources={"pytorch": [Resource("Fast.ai", "https://course.fast.ai/", 0, 3)]},
        readiness=readiness_of(MLOPS_SENIOR, "senior"),
    )


def test_python_developer_mlops_senior_items(python_developer_plan):
    # Python 4 already meets Critical-at-senior (4). Score per hour: GPT .053/4 = .0133,
    # PyTorch (Medium -> 2) .197/16 = .0123, the three roadmap musts .5/46 = .0109 (slug
    # order: ml-pipelines, model-serving, monitoring), TensorFlow .934/106 = .0088,
    # AWS .763/106 = .0072, Kubernetes .724/106 = .0068. Docker 1 -> 2 (12 h) comes right
    # before model serving, which needs it; Kubernetes then finds it done.
    # Month m covers [(m-1) x 65/3, m x 65/3). ML pipelines would start at 20 h with 1 2/3 h
    # left in month 1, under the 2 h minimum: it starts with month 2 (65/3 h); TensorFlow
    # likewise skips the 1 2/3 h left of month 8 (171 2/3 h) for month 9 (173 1/3 h).
    assert rows(python_developer_plan) == [
        ("gpt-openai", 0, 1, 4, 1, 1, False),  # 0-4
        ("pytorch", 0, 2, 16, 1, 1, False),  # 4-20
        ("ml-pipelines", 0, 3, 46, 2, 4, False),  # 21 2/3 - 67 2/3
        ("docker", 1, 2, 12, 4, 4, True),  # 67 2/3 - 79 2/3
        ("model-serving", 0, 3, 46, 4, 6, False),  # 79 2/3 - 125 2/3
        ("monitoring", 0, 3, 46, 6, 8, False),  # 125 2/3 - 171 2/3
        ("tensorflow", 0, 4, 106, 9, 13, False),  # 173 1/3 - 279 1/3
        ("aws", 0, 4, 106, 13, 18, False),  # 279 1/3 - 385 1/3
        ("kubernetes", 0, 4, 106, 18, 23, False),  # 385 1/3 - 491 1/3
    ]
    assert python_developer_plan.total_hours == 488
    assert [i.start_offset_hours for i in python_developer_plan.items] == [
        0, 4, F(65, 3), F(203, 3), F(239, 3), F(377, 3), F(520, 3), F(838, 3), F(1156, 3),
    ]  # fmt: skip
    assert python_developer_plan.items[1].resources == (
        Resource("Fast.ai", "https://course.fast.ai/", 0, 3),
    )


def test_python_developer_mlops_senior_months(python_developer_plan):
    # Capacity 5 x 52 / 12 = 21 2/3 h: 488 h and 3 1/3 h left free (months 1 and 8) end
    # 14 2/3 h into a 23rd month.
    plan = python_developer_plan
    full = F(65, 3)
    assert plan.capacity == full
    assert plan.duration_months == 23
    assert plan.end_date == date(2028, 1, 31)
    assert month_rows(plan)[:8] == [
        (1, DEEP_LEARNING, 20, [("gpt-openai", 4), ("pytorch", 16)]),
        (2, SPECIALIZATION, full, [("ml-pipelines", full)]),
        (3, SPECIALIZATION, full, [("ml-pipelines", full)]),
        (
            4,
            SPECIALIZATION,
            full,
            [("ml-pipelines", F(8, 3)), ("docker", 12), ("model-serving", 7)],
        ),
        (5, SPECIALIZATION, full, [("model-serving", full)]),
        (6, SPECIALIZATION, full, [("model-serving", F(52, 3)), ("monitoring", F(13, 3))]),
        (7, SPECIALIZATION, full, [("monitoring", full)]),
        (8, SPECIALIZATION, 20, [("monitoring", 20)]),
    ]
    assert month_rows(plan)[-1] == (23, SPECIALIZATION, F(44, 3), [("kubernetes", F(44, 3))])
    assert plan.months[0].resources == (Resource("Fast.ai", "https://course.fast.ai/", 0, 3),)


def test_python_developer_mlops_senior_readiness(python_developer_plan):
    # Weights .934 + .829 + .763 + .724 + .197 + .053 + 3 x .5 = 5.0; Python is met.
    plan = python_developer_plan
    assert plan.readiness_start == pytest.approx(100 * 0.829 / 5)
    # Month 1 ends at 21 2/3 h: GPT (4 h) and PyTorch (20 h) done; ml-pipelines still at 0
    # (its first step ends at 24 h).
    missing = 0.934 + 0.763 + 0.724 + 0.5 + 0.5 + 0.5
    assert plan.months[0].readiness == pytest.approx(100 * (1 - missing / 5))
    # Month 2 ends at 43 1/3 h: ml-pipelines at 2 (24, 36 <= 43 1/3 < 66): 1/3 missing.
    missing = 0.934 + 0.763 + 0.724 + 0.5 / 3 + 0.5 + 0.5
    assert plan.months[1].readiness == pytest.approx(100 * (1 - missing / 5))
    assert plan.months[-1].readiness == 100.0


# ---- (c) The default order: the seed's progression, phase by phase -------------------------


def test_beginner_in_the_default_order_goes_phase_by_phase_then_by_value():
    # Foundations by value: Python .0162, then SQL and Statistics .0109 (slug order);
    # ML Fundamentals: TensorFlow; Deep Learning: PyTorch; Specialization: GPT .0175,
    # AWS .0135, Kubernetes .0094 preceded by Docker, its prerequisite. Capacity 43 1/3 h;
    # every last slice is over 2 h (Python's is 2 2/3 h), so items run back to back.
    plan = beginner()
    assert plan.order == "progression"
    assert rows(plan) == [
        ("python", 0, 3, 46, 1, 2, False),  # 0-46
        ("sql", 0, 3, 46, 2, 3, False),  # 46-92
        ("statistics", 0, 3, 46, 3, 4, False),  # 92-138
        ("tensorflow", 0, 3, 46, 4, 5, False),  # 138-184
        ("pytorch", 0, 3, 46, 5, 6, False),  # 184-230
        ("gpt-openai", 0, 1, 4, 6, 6, False),  # 230-234
        ("aws", 0, 3, 46, 6, 7, False),  # 234-280
        ("docker", 0, 2, 16, 7, 7, True),  # 280-296
        ("kubernetes", 0, 2, 16, 7, 8, False),  # 296-312
    ]
    # Month 4: Statistics 8 h, TensorFlow 35 1/3 h; month 5: TensorFlow 10 2/3, PyTorch
    # 32 2/3; month 6: PyTorch 13 1/3 against GPT 4 + AWS 26 of Specialization.
    assert [m.phase for m in plan.months] == [
        FOUNDATIONS, FOUNDATIONS, FOUNDATIONS, ML_FUNDAMENTALS, DEEP_LEARNING,
        SPECIALIZATION, SPECIALIZATION, SPECIALIZATION,
    ]  # fmt: skip
    assert plan.total_hours == 312 and plan.end_date == date(2026, 8, 31)


def test_a_plan_made_on_the_20th_starts_that_day_with_month_one_prorated():
    # 12 of January's 31 days are left: 43 1/3 x 12 / 31 = 520/31 = 16.8 h in month 1.
    plan = beginner(today=date(2026, 1, 20))
    assert plan.start == date(2026, 1, 20)
    first = plan.months[0]
    assert (first.start, first.end, first.capacity) == (
        date(2026, 1, 20),
        date(2026, 1, 31),
        F(520, 31),
    )
    assert first.hours_used == F(520, 31) and first.capacity_text == "16.8"
    # Python's 46 h: 16.8 h in January, 29.2 h of February's 43 1/3: 29.2 / 43.3 x 28 days
    # = 18.9 days, so its last day is 19 February.
    python = plan.items[0]
    assert item_dates(item=python, grid=plan.grid) == (date(2026, 1, 20), date(2026, 2, 19))
    assert plan.months[1].capacity == F(130, 3)


def test_a_plan_made_with_few_days_left_starts_next_month():
    # The 29th of January: 3 days left, under the 7-day minimum.
    plan = beginner(today=date(2026, 1, 29))
    assert plan.start == date(2026, 2, 1)
    assert plan.months[0].capacity == F(130, 3)
    assert plan.months[0].start == date(2026, 2, 1)


def test_a_month_one_too_short_for_the_first_item_moves_the_start_to_next_month():
    # 1 h/week from 25 January: 7 days of 31 hold 52/12 x 7/31 = 0.98 h, under the 2 h a
    # slice of Python (46 h) needs; month 1 would be empty, so the plan starts on 1 February.
    plan = beginner(today=date(2026, 1, 25), hours_per_week=1)
    assert plan.start == date(2026, 2, 1)
    assert plan.months[0].portions[0].item.skill == "python"


def test_a_later_start_month_the_person_chose_is_kept_whole():
    plan = beginner(today=date(2026, 1, 20), not_before=date(2026, 3, 1))
    assert plan.start == date(2026, 3, 1)
    assert plan.months[0].capacity == F(130, 3)


def test_an_item_whose_last_slice_would_be_under_two_hours_starts_later_in_its_month():
    # A: 40 h (0-40). B: 5 h from 40 would end at 45, 1 2/3 h into month 2; it starts 1/3 h
    # later instead, so month 1 holds 3 h of it and month 2 the last 2 h.
    goals = [Goal("a", "A", 0, 1, 0.9), Goal("b", "B", 0, 1, 0.1)]
    plan = plan_schedule(
        goals=goals,
        levels={},
        step_hours={"a": {1: 40}, "b": {1: 5}},
        prerequisites={},
        hours_per_week=10,
        today=date(2026, 1, 1),
    )
    assert month_rows(plan) == [
        (1, "", F(43), [("a", 40), ("b", 3)]),
        (2, "", 2, [("b", 2)]),
    ]
    assert plan.items[1].start_offset_hours == F(121, 3)


def test_a_prerequisite_in_a_later_phase_is_brought_forward_to_its_dependants_phase():
    # Statistics (Foundations) needs Docker (Specialization) at 2 in this made-up taxonomy:
    # Docker is learned in Foundations, right before Statistics, and shown there; AWS stays
    # in Specialization. The quickest order takes AWS (.9/4) first and moves no phase.
    def made_up(order):
        return schedule(
            [Goal("statistics", "Statistics", 0, 2, 0.5), Goal("aws", "AWS", 0, 1, 0.9)],
            prerequisites={"statistics": {"docker": 2}},
            order=order,
        )

    assert [(i.skill, i.phase, i.is_prerequisite) for i in made_up("progression").items] == [
        ("docker", FOUNDATIONS, True),
        ("statistics", FOUNDATIONS, False),
        ("aws", SPECIALIZATION, False),
    ]
    assert [(i.skill, i.phase) for i in made_up(QUICKEST).items] == [
        ("aws", SPECIALIZATION), ("docker", SPECIALIZATION), ("statistics", FOUNDATIONS),
    ]  # fmt: skip


def test_an_item_comes_after_a_prerequisite_the_plan_raises_in_its_phase_though_its_level_is_met():
    # A senior ad: Model serving 0 -> 4 and Kubernetes 0 -> 4 (both need Docker at 2), Docker
    # 3 -> 4. Docker's 3 met both minimums, so Model serving (.5 / 106 h) came first and
    # Docker (.125 / 60 h) last, after everything built on it. The plan raises Docker anyway:
    # it comes first, at the level the target asks, and adds no hour.
    goals = [
        Goal("model-serving", "Model serving", 0, 4, 0.5),
        Goal("kubernetes", "Kubernetes", 0, 4, 0.169),
        Goal("docker", "Docker", 3, 4, 0.125),
    ]
    plan = schedule(goals, levels={"docker": 3})
    assert rows(plan) == [
        ("docker", 3, 4, 60, 1, 2, False),
        ("model-serving", 0, 4, 106, 2, 4, False),
        ("kubernetes", 0, 4, 106, 4, 7, False),
    ]
    assert plan.total_hours == 60 + 106 + 106 and plan.prerequisite_hours == 0
    assert [i.skill for i in schedule(goals, levels={"docker": 3}, order=QUICKEST).items] == [
        "docker", "model-serving", "kubernetes",
    ]  # fmt: skip


def test_an_item_does_not_wait_for_a_prerequisite_of_a_later_phase_or_pass_whose_level_is_met():
    # Statistics (Foundations) builds on Docker (Specialization) in this made-up taxonomy, met
    # at 2: Docker 2 -> 4 is not brought forward; nor is a nice-to-have Docker 2 -> 3 taken
    # into the must-haves for Model serving, which needs it only at 2.
    foundations = schedule(
        [Goal("statistics", "Statistics", 0, 2, 0.5), Goal("docker", "Docker", 2, 4, 0.5)],
        levels={"docker": 2},
        prerequisites={"statistics": {"docker": 2}},
    )
    assert [(i.skill, i.phase) for i in foundations.items] == [
        ("statistics", FOUNDATIONS), ("docker", SPECIALIZATION),
    ]  # fmt: skip
    ad = schedule(
        [
            Goal("model-serving", "Model serving", 0, 4, 0.5),
            Goal("docker", "Docker", 2, 3, 0.1, must_have=False),
        ],
        levels={"docker": 2},
    )
    assert [(i.skill, i.in_nice_to_haves_pass) for i in ad.items] == [
        ("model-serving", False), ("docker", True),
    ]  # fmt: skip


def test_spark_and_its_kin_are_learned_after_the_fundamentals_not_among_the_foundations():
    # A senior ad asking Spark at Advanced put Spark 0 -> 4 first, under Foundations (its
    # category, "data", is; the seed's Foundations are Python, SQL, statistics and Git): a
    # distributed data tool built on SQL and Python, it is Specialization with Airflow.
    big_data = ("spark", "databricks", "hadoop", "hive", "kafka")
    assert {phase_for(skill=s, category="data") for s in big_data} == {SPECIALIZATION}
    assert phase_for(skill="sql", category="data") == FOUNDATIONS
    plan = schedule(
        [Goal("spark", "Spark", 0, 4, 0.5), Goal("python", "Python", 3, 4, 0.2)],
        levels={"python": 3},
        step_hours={"spark": STEP, "python": STEP, "sql": STEP},
        prerequisites={"spark": {"sql": 2}},
        phases={**PHASES, "spark": phase_for(skill="spark", category="data")},
    )
    assert [(i.skill, i.from_level, i.to_level, i.phase) for i in plan.items] == [
        ("python", 3, 4, FOUNDATIONS),
        ("sql", 0, 2, FOUNDATIONS),  # Spark's prerequisite, in its own phase
        ("spark", 0, 4, SPECIALIZATION),
    ]


def test_a_job_ads_must_haves_come_before_its_nice_to_haves_phase_by_phase():
    # A senior ad: must-haves AWS (Specialization) and Kubernetes (Specialization, needs
    # Docker at 2), nice-to-haves SQL (Foundations) and Docker. SQL was learned first (its
    # phase comes first); now every must-have comes first, Docker with them as Kubernetes
    # builds on it (brought into Kubernetes's phase, not SQL's), then SQL.
    goals = [
        Goal("aws", "AWS", 0, 4, 0.3),
        Goal("kubernetes", "Kubernetes", 0, 4, 0.2),
        Goal("sql", "SQL", 0, 2, 0.1, must_have=False),
        Goal("docker", "Docker", 0, 2, 0.1, must_have=False),
    ]

    def plan(order="progression"):
        return schedule(goals, order=order)

    assert [(i.skill, i.phase, i.nice_to_have) for i in plan().items] == [
        ("aws", SPECIALIZATION, False),
        ("docker", SPECIALIZATION, True),
        ("kubernetes", SPECIALIZATION, False),
        ("sql", FOUNDATIONS, True),
    ]
    # Why Docker comes early, for the page; SQL needs no reason.
    assert must_have_dependants(
        skills=[i.skill for i in plan().items],
        nice_to_haves={"sql", "docker"},
        prerequisites=PREREQUISITES,
    ) == {"docker": ("kubernetes",)}
    docker = replace(plan().items[1], needed_by=("Kubernetes",))
    assert docker.needed_by_text == (
        "A nice-to-have, learned with the must-haves: Kubernetes, a must-have, builds on it."
    )
    # The quickest order weighs every item by readiness per hour alone, as before: the two
    # short nice-to-haves (0.1 / 16 h) before AWS (0.3 / 106 h) and Kubernetes.
    assert [i.skill for i in plan(QUICKEST).items] == ["docker", "sql", "aws", "kubernetes"]


def test_a_month_of_a_job_ads_nice_to_haves_names_their_pass_beside_its_phase():
    # The nice-to-haves go through the phases a second time, from Foundations: month 2 read
    # "Foundations" right after a month of Specialization (with more of AWS in it, it read
    # "Specialization" over SQL). Each pass a month holds is named: AWS's 2 2/3 h, then SQL,
    # Statistics and the start of GPT/OpenAI; month 3 is the nice-to-haves' Specialization.
    goals = [
        Goal("aws", "AWS", 0, 3, 0.5),
        Goal("sql", "SQL", 0, 2, 0.2, must_have=False),
        Goal("statistics", "Statistics", 0, 2, 0.1, must_have=False),
        Goal("gpt-openai", "GPT/OpenAI", 0, 2, 0.1, must_have=False),
    ]
    plan = schedule(goals)
    assert [(p.item.skill, p.hours) for p in plan.months[1].portions] == [
        ("aws", F(8, 3)), ("sql", 16), ("statistics", 16), ("gpt-openai", F(26, 3)),
    ]  # fmt: skip
    assert [m.phase for m in plan.months] == [
        SPECIALIZATION,
        "Specialization, then Nice-to-haves · Foundations",
        "Nice-to-haves · Specialization",
    ]
    assert plan.months[1].phases == (SPECIALIZATION, "Nice-to-haves · Foundations")
    # The quickest order has one pass: no item is of a nice-to-haves' pass, and a month names
    # its phases as they are ("X, then Nice-to-haves · Foundations" said a pass began again).
    quickest = schedule(goals, order=QUICKEST)
    assert not any(i.in_nice_to_haves_pass for i in quickest.items)
    assert not any("Nice-to-haves" in m.phase for m in quickest.months)


def test_the_nice_to_haves_pass_is_what_no_must_have_needs():
    # Docker, a nice-to-have Kubernetes (a must-have) builds on, is learned with the
    # must-haves; SQL, and Python that only the nice-to-have PyTorch needs, are not.
    assert nice_to_haves_pass(
        skills=["aws", "docker", "kubernetes", "sql", "python", "pytorch"],
        must_haves={"aws", "kubernetes"},
        prerequisites=PREREQUISITES,
    ) == {"sql", "python", "pytorch"}


@pytest.mark.parametrize(
    "months, text",
    [
        (0, "0 months"),
        (1, "1 month"),
        (23, "23 months"),  # under two years: months
        (24, "2 years"),
        (25, "2 years 1 month"),
        (36, "3 years"),
        (162, "13 years 6 months"),  # 1 h a week once said "162 months"
    ],
)
def test_a_duration_of_two_years_or_more_is_said_in_years_and_months(months, text):
    assert months_text(months) == text


def test_work_is_ahead_of_the_calendar_only_when_done_items_start_after_todays_month():
    # From 20 January at 10 h/week: A 50 h (months 1-2), B 40 h (months 2-3), C 10 h (3).
    goals = [Goal("a", "A", 0, 1, 0.9), Goal("b", "B", 0, 1, 0.5), Goal("c", "C", 0, 1, 0.1)]
    plan = plan_schedule(
        goals=goals,
        levels={},
        step_hours={"a": {1: 50}, "b": {1: 40}, "c": {1: 10}},
        prerequisites={},
        hours_per_week=10,
        today=date(2026, 1, 20),
    )
    grid = MonthGrid.of(start=plan.start, hours_per_week=10)
    months = {i.skill: (i.start_month, i.end_month) for i in plan.items}
    assert months == {"a": (1, 2), "b": (2, 3), "c": (3, 3)}

    def ahead(done: set[str], today: date) -> list[str]:
        items = [replace(i, done=i.skill in done) for i in plan.items]
        return done_ahead(items=items, grid=grid, today=today)

    assert ahead({"a"}, date(2026, 1, 20)) == []  # month 1's item, on the first day
    assert ahead(set(), date(2026, 1, 20)) == []
    assert ahead({"b"}, date(2026, 1, 31)) == ["B"]  # month 2's, done in month 1
    assert ahead({"a", "b"}, date(2026, 2, 1)) == []  # month 2's, done in month 2
    assert ahead({"b", "c"}, date(2026, 2, 28)) == ["C"]
    assert ahead({"c"}, date(2026, 3, 1)) == []
    assert ahead({"a"}, date(2026, 1, 19)) == ["A"]  # before the plan's first day
