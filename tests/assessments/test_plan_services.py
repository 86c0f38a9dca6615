"""Building, re-planning and working through a stored plan."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from assessments.models import Plan, PlanItem, SkillLevel, SkillLevelChange
from assessments.selectors import profile_for
from assessments.services.plans import (
    MarketChange,
    PlanChange,
    PlanError,
    plan_active_for,
    plan_build,
    plan_detail_for,
    plan_item_check_off,
    plan_item_to_do_for,
    plan_item_undo,
    plan_market_change_for,
)
from assessments.services.profile import profile_plan_settings_set
from assessments.services.skills import skill_level_set
from market.models import Role, Skill, Snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plans_start_ahead")]


def detail_of(user):
    return plan_detail_for(plan=plan_active_for(user=user))


def item_rows(user):
    plan = Plan.objects.get(user=user)
    return [
        (i.skill.slug, i.from_level, i.to_level, i.hours, i.start_month, i.end_month,
         i.is_prerequisite)
        for i in plan.items.filter(done_at__isnull=True).select_related("skill")
    ]  # fmt: skip


def test_beginner_against_seed_ml_engineer_mid_at_10_hours_month_by_month(planned):
    # Worked by hand from the seed taxonomy (hours = 4/12/30 x difficulty per step: Python
    # 1.0 -> 46 h to Working, TensorFlow/AWS/PyTorch 1.2 -> 5+14+36 = 55 h, SQL 0.8 -> 37 h,
    # GPT/OpenAI 0.6 -> 2 h to Aware, Kubernetes 1.4 -> 6+17 = 23 h, Machine learning 1.5 ->
    # 69 h) and C's scores (gap score = weight when starting from 0). Readiness per hour:
    # GPT .070/2 = .035, Python .745/46 = .0162, TensorFlow .877/55 = .0159, SQL (roadmap)
    # .5/37 = .0135, AWS .619/55 = .0113, PyTorch .563/55 = .0102, Machine learning
    # (roadmap) .5/69 = .0072, Kubernetes .150/23 = .0065. Prerequisites pulled in, marked:
    # NumPy 2 (TensorFlow, PyTorch), Linear algebra 1 and Statistics 2 (Machine learning),
    # all Foundations, so they close that phase (slug order); Docker 2 before Kubernetes.
    # Phase by phase: Foundations (Python, SQL, then the three prerequisites), ML
    # Fundamentals (TensorFlow, Machine learning), Deep Learning (PyTorch), Specialization
    # (GPT, AWS, Docker, Kubernetes). Month m covers [(m-1) x 130/3, m x 130/3).
    # Slices: Linear algebra (5 h) at 83 would leave 1 1/3 h for month 3, so it starts 2/3 h
    # later (3 h + 2 h); TensorFlow at 118 2/3 would end 1/3 h into month 5, so it starts
    # at 120 1/3 (its last slice 2 h). 390 h + 2 1/3 h free = 392 1/3 h: 10 months.
    assert item_rows(planned) == [
        ("python", 0, 3, 46, 1, 2, False),  # 0-46
        ("sql", 0, 3, 37, 2, 2, False),  # 46-83
        ("linear-algebra", 0, 1, 5, 2, 3, True),  # 83 2/3 - 88 2/3
        ("numpy", 0, 2, 9, 3, 3, True),  # 88 2/3 - 97 2/3
        ("statistics", 0, 2, 21, 3, 3, True),  # 97 2/3 - 118 2/3
        ("tensorflow", 0, 3, 55, 3, 5, False),  # 120 1/3 - 175 1/3
        ("machine-learning", 0, 3, 69, 5, 6, False),  # 175 1/3 - 244 1/3
        ("pytorch", 0, 3, 55, 6, 7, False),  # 244 1/3 - 299 1/3
        ("gpt-openai", 0, 1, 2, 7, 7, False),  # 299 1/3 - 301 1/3
        ("aws", 0, 3, 55, 7, 9, False),  # 301 1/3 - 356 1/3 (2 h in month 7)
        ("docker", 0, 2, 13, 9, 9, True),  # 356 1/3 - 369 1/3
        ("kubernetes", 0, 2, 23, 9, 10, False),  # 369 1/3 - 392 1/3
    ]
    detail = detail_of(planned)
    assert detail.schedule.total_hours == 390
    assert detail.schedule.end_date == dt.date(2030, 10, 31)
    assert [m.phase for m in detail.schedule.months] == [
        "Foundations",  # Python 43 1/3 h
        "Foundations",  # Python 2 2/3, SQL 37, Linear algebra 3 h
        "Foundations",  # Linear algebra 2, NumPy 9, Statistics 21 against TensorFlow 9 2/3 h
        "ML Fundamentals",  # TensorFlow
        "ML Fundamentals",  # TensorFlow 2 h, Machine learning 41 1/3 h
        "ML Fundamentals",  # Machine learning 27 2/3 h, PyTorch 15 2/3 h
        "Deep Learning",  # PyTorch 39 1/3 h, GPT 2 h, AWS 2 h
        "Specialization",  # AWS
        "Specialization",  # AWS 9 2/3, Docker 13, Kubernetes 20 2/3 h
        "Specialization",  # Kubernetes 2 1/3 h
    ]
    assert [m.hours_used for m in detail.schedule.months][1:3] == [
        Fraction(128, 3),  # 2/3 h left free before Linear algebra
        Fraction(125, 3),  # 1 2/3 h left free before TensorFlow
    ]
    assert detail.duration_sentence == (
        "Ready for Mid-level ML Engineer in about 10 months at 10 h/week, counted from its "
        "start in January 2030."
    )


def test_plan_without_target_says_to_choose_one(user, market):
    with pytest.raises(PlanError, match="target"):
        plan_build(user=user)


def test_a_plan_made_mid_month_starts_that_day_with_month_one_prorated(user, target, today):
    today(dt.date(2026, 1, 20))
    target(user, start=dt.date(2025, 11, 1))  # a start month already past
    plan_build(user=user)
    plan = Plan.objects.get(user=user)
    assert plan.starts_on == dt.date(2026, 1, 20)
    first = detail_of(user).schedule.months[0]
    # 12 of January's 31 days: 43 1/3 x 12 / 31 = 16.8 h; Python (46 h) takes all of it.
    assert (first.start, first.end, first.capacity_text) == (
        dt.date(2026, 1, 20), dt.date(2026, 1, 31), "16.8"
    )  # fmt: skip
    assert first.hours_used == first.capacity
    assert detail_of(user).start_sentence == (
        'Starts on <span class="nowrap">20 January 2026</span>, the day it was made: month 1 holds '
        "the 12 days left of "
        "January, 16.8 h of the 43.3 h of a whole month."
    )


def test_the_months_to_ready_say_they_count_from_a_start_in_another_month(user, target, today):
    # Before, a plan made on 1 December 2026 to start in January 2030 said "Ready in about 10
    # months" beside "Finish October 2030": 46 months away, not 10.
    today(dt.date(2026, 12, 1))
    target(user)  # start month January 2030
    plan_build(user=user)
    assert detail_of(user).duration_sentence == (
        "Ready for Mid-level ML Engineer in about 10 months at 10 h/week, counted from its "
        "start in January 2030."
    )
    today(dt.date(2030, 1, 15))  # once the plan has started, "about 10 months" is from now
    assert detail_of(user).duration_sentence == (
        "Ready for Mid-level ML Engineer in about 10 months at 10 h/week."
    )
    today(dt.date(2030, 6, 2))  # months later, the count still starts in January
    assert detail_of(user).duration_sentence.endswith("counted from its start in January 2030.")


def test_a_plan_made_with_few_days_of_the_month_left_starts_next_month(user, target, today):
    today(dt.date(2026, 1, 29))
    target(user, start=None)
    plan_build(user=user)
    assert Plan.objects.get(user=user).starts_on == dt.date(2026, 2, 1)
    assert detail_of(user).schedule.months[0].capacity_text == "43.3"
    assert detail_of(user).start_sentence == (
        'Made on <span class="nowrap">29 January 2026</span> with only 3 days of January left, so '
        'it starts on <span class="nowrap">1 February 2026</span>.'
    )


def test_a_plan_made_on_the_last_day_of_a_month_says_one_day_left(user, target, today):
    today(dt.date(2026, 11, 30))
    target(user, start=None)
    plan_build(user=user)
    assert detail_of(user).start_sentence == (
        'Made on <span class="nowrap">30 November 2026</span> with only 1 day of November left, so '
        'it starts on <span class="nowrap">1 December 2026</span>.'
    )


def test_a_start_month_chosen_ahead_is_kept_and_said(planned):
    assert detail_of(planned).start_sentence == (
        'Starts on <span class="nowrap">1 January 2030</span>, the start month chosen for it.'
    )


def test_check_off_marks_done_raises_level_with_history_and_keeps_the_months(planned):
    plan = Plan.objects.get(user=planned)
    months_before = [m.index for m in detail_of(planned).schedule.months]
    before = item_rows(planned)
    tensorflow = plan.items.get(skill__slug="tensorflow")
    plan_item_check_off(user=planned, item=tensorflow)

    tensorflow.refresh_from_db()
    assert tensorflow.done_at is not None
    assert tensorflow.level_before_done == 0
    assert SkillLevel.objects.get(user=planned, skill__slug="tensorflow").level == 3
    change = SkillLevelChange.objects.get(user=planned, skill__slug="tensorflow")
    assert (change.previous_level, change.level, change.source) == (0, 3, "plan")
    # Nothing moves: the other items keep their months, TensorFlow its place, marked done.
    assert item_rows(planned) == [row for row in before if row[0] != "tensorflow"]
    detail = detail_of(planned)
    assert [m.index for m in detail.schedule.months] == months_before
    (done,) = [i for i in detail.schedule.items if i.done]
    assert (done.skill, done.start_month, done.end_month) == ("tensorflow", 3, 5)
    assert detail.schedule.total_hours == 390 - 55
    assert detail.readiness_now == pytest.approx(100 * 0.877 / 4.024, abs=0.05)
    assert [r.skill.slug for r in detail.done] == ["tensorflow"]
    assert [r.skill.slug for r in detail.done_since_planned] == ["tensorflow"]


def test_replanning_after_a_check_off_moves_the_rest_up_from_today(planned):
    tensorflow = Plan.objects.get(user=planned).items.get(skill__slug="tensorflow")
    plan_item_check_off(user=planned, item=tensorflow)
    change = plan_build(user=planned)
    # 335 h left from 1 January 2030 (the profile's start month): Machine learning moves
    # up by TensorFlow's 55 h; NumPy stays in Foundations, as PyTorch still needs it.
    assert item_rows(planned)[5] == ("machine-learning", 0, 3, 69, 3, 5, False)
    assert [row[0] for row in item_rows(planned)] == [
        "python", "sql", "linear-algebra", "numpy", "statistics", "machine-learning",
        "pytorch", "gpt-openai", "aws", "docker", "kubernetes",
    ]  # fmt: skip
    assert change.end_after < change.end_before
    detail = detail_of(planned)
    assert detail.done_since_planned == []  # done before these months: listed, not placed
    assert not [i for i in detail.schedule.items if i.done]


def test_an_item_done_before_the_last_replan_is_undone_into_a_new_schedule(planned):
    python = Plan.objects.get(user=planned).items.get(skill__slug="python")
    plan_item_check_off(user=planned, item=python)
    plan_build(user=planned)  # Python is now in the past, not on the months
    back = plan_item_undo(user=planned, item=PlanItem.objects.get(pk=python.pk))
    assert item_rows(planned)[0] == ("python", 0, 3, 46, 1, 2, False)
    # Not in its place: a new row, read only by a page that needs it (no htmx answer does).
    assert back is None
    new_row = plan_item_to_do_for(user=planned, skill=python.skill)
    assert new_row == PlanItem.objects.get(plan__user=planned, skill__slug="python")
    assert new_row.pk != python.pk
    assert SkillLevel.objects.get(user=planned, skill__slug="python").level == 0


def test_undo_restores_the_level_and_puts_the_item_back(planned):
    plan = Plan.objects.get(user=planned)
    before = item_rows(planned)
    item = plan.items.get(skill__slug="aws")
    plan_item_check_off(user=planned, item=item)
    plan_item_undo(user=planned, item=PlanItem.objects.get(pk=item.pk))

    assert SkillLevel.objects.get(user=planned, skill__slug="aws").level == 0
    sources = list(
        SkillLevelChange.objects.filter(user=planned, skill__slug="aws").values_list(
            "previous_level", "level", "source"
        )
    )
    assert sources == [(0, 3, "plan"), (3, 0, "undo")]
    assert item_rows(planned) == before
    assert not PlanItem.objects.filter(plan=plan, done_at__isnull=False).exists()


def test_a_second_check_off_of_the_same_item_read_before_the_first_changes_nothing(planned):
    # A double click: both requests read the item, open, before either checked it off.
    first, second = (PlanItem.objects.get(plan__user=planned, skill__slug="aws") for _ in "12")
    checked = plan_item_check_off(user=planned, item=first).done_at
    plan_item_check_off(user=planned, item=second)
    done = PlanItem.objects.get(pk=first.pk)
    assert (done.done_at, done.level_before_done) == (checked, 0)
    plan_item_undo(user=planned, item=done)
    assert SkillLevel.objects.get(user=planned, skill__slug="aws").level == 0


def test_checking_off_an_item_a_replan_removed_meanwhile_is_does_not_exist(planned):
    item = PlanItem.objects.get(plan__user=planned, skill__slug="aws")
    plan_build(user=planned)  # between the request reading the item and its check-off
    with pytest.raises(PlanItem.DoesNotExist):
        plan_item_check_off(user=planned, item=item)
    assert not SkillLevel.objects.filter(user=planned, skill__slug="aws").exists()


def test_a_second_undo_of_an_item_rescheduled_by_the_first_is_does_not_exist(planned):
    python = Plan.objects.get(user=planned).items.get(skill__slug="python")
    plan_item_check_off(user=planned, item=python)
    plan_build(user=planned)  # Python is now in the past: its undo schedules it again
    first, second = PlanItem.objects.get(pk=python.pk), PlanItem.objects.get(pk=python.pk)
    plan_item_undo(user=planned, item=first)
    with pytest.raises(PlanItem.DoesNotExist):
        plan_item_undo(user=planned, item=second)
    assert item_rows(planned)[0] == ("python", 0, 3, 46, 1, 2, False)


def test_undo_leaves_a_level_changed_since_alone(planned):
    item = Plan.objects.get(user=planned).items.get(skill__slug="aws")
    plan_item_check_off(user=planned, item=item)
    skill_level_set(user=planned, skill=Skill.objects.get(slug="aws"), level=4)
    plan_item_undo(user=planned, item=PlanItem.objects.get(pk=item.pk))
    assert SkillLevel.objects.get(user=planned, skill__slug="aws").level == 4


def test_replan_with_fewer_hours_keeps_done_items_and_says_how_the_end_moved(planned):
    plan = Plan.objects.get(user=planned)
    done = plan.items.get(skill__slug="python")
    plan_item_check_off(user=planned, item=done)
    done.refresh_from_db()

    change = profile_plan_settings_set(
        user=planned, hours_per_week=5, role=Role.objects.get(name="ML Engineer"), seniority="mid"
    )
    # Python checked off keeps its place: the months still end in October 2030. 390 - 46 =
    # 344 h left at 21 2/3 h a month: 15.9 months, 17 with the hours a month leaves free
    # rather than cut a slice under 2 h: May 2031.
    assert change.end_before == dt.date(2030, 10, 31)
    assert change.end_after == dt.date(2031, 5, 31)
    assert change.sentence == (
        "Re-planned: you finish in May 2031, 7 months later (was October 2030)."
    )
    kept = PlanItem.objects.get(pk=done.pk)
    assert kept.done_at == done.done_at and kept.order == 1
    assert "python" not in [row[0] for row in item_rows(planned)]
    assert profile_for(user=planned).hours_per_week == 5
    assert Plan.objects.filter(user=planned).count() == 1


def test_replan_for_another_target_keeps_done_items(planned):
    done = Plan.objects.get(user=planned).items.get(skill__slug="python")
    plan_item_check_off(user=planned, item=done)
    profile_plan_settings_set(
        user=planned, hours_per_week=10, role=Role.objects.get(name="MLOps Engineer"),
        seniority="senior",
    )  # fmt: skip
    plan = Plan.objects.get(user=planned)
    assert (plan.role.name, plan.seniority) == ("MLOps Engineer", "senior")
    assert plan.items.get(done_at__isnull=False).skill.slug == "python"
    # Python was taken to Working (3); Critical at senior asks Advanced (4): one more step.
    assert ("python", 3, 4, 60) in [row[:4] for row in item_rows(planned)]


def test_a_newer_market_is_noticed_with_what_changed_and_replanning_adopts_it(planned, request):
    detail = detail_of(planned)
    profile = profile_for(user=planned)
    assert plan_market_change_for(detail=detail, profile=profile) is None

    newer = request.getfixturevalue("newer_ml_engineer_mid")
    change = plan_market_change_for(detail=detail_of(planned), profile=profile)
    assert change.market_changed and not change.target_changed
    moves = {m.skill: (m.before, m.after, m.points) for m in change.moves}
    assert moves == {
        "TensorFlow": (Decimal("87.7"), Decimal("80.2"), Decimal("-7.5")),
        "PyTorch": (Decimal("56.3"), Decimal("70.0"), Decimal("13.7")),
    }
    assert change.current == newer

    plan_build(user=planned)
    assert Plan.objects.get(user=planned).snapshot == newer
    assert plan_market_change_for(detail=detail_of(planned), profile=profile) is None


@pytest.mark.parametrize(
    ("end_before", "end_after", "words"),
    [
        (
            dt.date(2027, 3, 31),
            dt.date(2027, 6, 30),
            "move your finish from March 2027 to June 2027",
        ),
        (dt.date(2027, 6, 30), dt.date(2027, 6, 30), "you would still finish in June 2027"),
        (
            None,
            dt.date(2027, 6, 30),
            "schedule what is left to learn, which you would finish in June 2027",
        ),
        (dt.date(2027, 3, 31), None, "leave nothing to schedule: your plan now ends in March 2027"),
        (None, None, "leave nothing to schedule"),
    ],
    ids=["moves", "stays", "all-done-new-gaps", "nothing-left-after", "nothing-either-side"],
)
def test_a_market_change_says_how_a_replan_moves_the_finish_without_from_now(
    end_before, end_after, words
):
    change = MarketChange(
        plan_snapshot=None, current=None, moves=[], readiness_before=80.0, readiness_after=75.0,
        end_before=end_before, end_after=end_after, target_before="x", target_after="x",
    )  # fmt: skip
    assert change.finish_sentence == words


@pytest.mark.parametrize(
    ("before", "after", "end_after", "words"),
    [
        (
            80.0,
            75.0,
            dt.date(2027, 6, 30),
            "Re-planning would take your readiness from 80.0% to 75.0% and you would still"
            " finish in June 2027.",
        ),
        (
            80.0,
            80.0,
            dt.date(2027, 6, 30),
            "Re-planning would keep your readiness at 80.0% and you would still finish in June"
            " 2027.",
        ),
        (
            100.0,
            100.0,
            None,
            "Nothing changes for you on the new figures: your readiness stays 100.0% and nothing"
            " is left to schedule. Update the plan to use them: its gap report then shows their"
            " shares, items you have done stay done, and this notice goes away.",
        ),
    ],
    ids=["readiness-moves", "readiness-stays", "nothing-changes"],
)
def test_a_market_change_says_a_readiness_that_stays_as_staying_not_moving(
    before, after, end_after, words
):
    # Before: "take your readiness from 100.0% to 100.0% and leave nothing to schedule".
    plan_snapshot = Snapshot(pk=1, analysis_date=dt.date(2025, 10, 5))
    current = Snapshot(pk=2, analysis_date=dt.date(2025, 11, 30))
    change = MarketChange(
        plan_snapshot=plan_snapshot, current=current, moves=[], readiness_before=before,
        readiness_after=after, end_before=end_after, end_after=end_after, target_before="x",
        target_after="x",
    )  # fmt: skip
    assert change.replan_sentence == words
    assert change.changes_nothing == (end_after is None)


@pytest.mark.parametrize(
    ("created", "end_before", "end_after", "sentence"),
    [
        (True, None, dt.date(2030, 10, 31), "Plan made: you finish in October 2030."),
        (True, None, None, "Plan made: nothing is left to learn for its target."),
        (False, None, dt.date(2030, 10, 31), "Re-planned: you finish in October 2030."),
        (
            False,
            None,
            None,
            "Re-planned on the market figures “November refresh”: nothing is left to schedule.",
        ),
        (  # once "Re-planned: you finish in now, 0 months earlier (was October 2030)."
            False,
            dt.date(2030, 10, 31),
            None,
            "Re-planned: nothing is left to schedule (the plan was to end in October 2030).",
        ),
    ],
)
def test_a_plan_change_without_an_end_on_one_side_says_what_happened(
    created, end_before, end_after, sentence
):
    # Once "Plan made." for a re-plan that only took in newer figures, and "Plan made: you
    # finish ..." for a re-plan after every item was done.
    plan = Plan(snapshot=Snapshot(label="November refresh"))
    change = PlanChange(plan=plan, end_before=end_before, end_after=end_after, created=created)
    assert change.sentence == sentence
