"""Building, re-planning and working through a stored plan."""

import datetime as dt
from decimal import Decimal

import pytest

from assessments.models import Plan, PlanItem, SkillLevel, SkillLevelChange
from assessments.services.plans import (
    PlanError,
    plan_active_for,
    plan_build,
    plan_detail_for,
    plan_item_check_off,
    plan_item_undo,
    plan_market_change_for,
    plan_settings_change,
    plan_start_month,
)
from assessments.services.profile import profile_get_or_create
from assessments.services.skills import skill_level_set
from market.models import Role, Skill

pytestmark = pytest.mark.django_db


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
    # 69 h) and C's scores (gap score = weight when starting from 0). Score per hour:
    # GPT .070/2 = .035, Python .745/46 = .0162, TensorFlow .877/55 = .0159, SQL (roadmap)
    # .5/37 = .0135, AWS .619/55 = .0113, PyTorch .563/55 = .0102, Machine learning
    # (roadmap) .5/69 = .0072, Kubernetes .150/23 = .0065. Prerequisites pulled in, marked:
    # Python 2 before GPT (Python goes all the way, it is a goal), NumPy 2 before TensorFlow,
    # Linear algebra 1 and Statistics 2 before Machine learning, Docker 2 before Kubernetes.
    # Capacity 43 1/3 h; 390 h = exactly 9 months.
    assert item_rows(planned) == [
        ("python", 0, 3, 46, 1, 2, False),  # 0-46
        ("gpt-openai", 0, 1, 2, 2, 2, False),  # 46-48
        ("numpy", 0, 2, 9, 2, 2, True),  # 48-57
        ("tensorflow", 0, 3, 55, 2, 3, False),  # 57-112
        ("sql", 0, 3, 37, 3, 4, False),  # 112-149
        ("aws", 0, 3, 55, 4, 5, False),  # 149-204
        ("pytorch", 0, 3, 55, 5, 6, False),  # 204-259
        ("linear-algebra", 0, 1, 5, 6, 7, True),  # 259-264
        ("statistics", 0, 2, 21, 7, 7, True),  # 264-285
        ("machine-learning", 0, 3, 69, 7, 9, False),  # 285-354
        ("docker", 0, 2, 13, 9, 9, True),  # 354-367
        ("kubernetes", 0, 2, 23, 9, 9, False),  # 367-390
    ]
    detail = detail_of(planned)
    assert detail.schedule.total_hours == 390
    assert detail.schedule.end_date == dt.date(2030, 9, 30)
    assert [m.phase for m in detail.schedule.months] == [
        "Foundations",  # Python 43 1/3 h
        "ML Fundamentals",  # TensorFlow 29 2/3 h; Python 2 2/3 + NumPy 9 are Foundations
        "ML Fundamentals",  # TensorFlow 25 1/3 h, SQL 18 h
        "Specialization",  # AWS 24 1/3 h, SQL 19 h
        "Specialization",  # AWS 30 2/3 h, PyTorch 12 2/3 h
        "Deep Learning",  # PyTorch 42 1/3 h, Linear algebra 1 h
        "Foundations",  # Linear algebra 4 + Statistics 21 h, Machine learning 18 1/3 h
        "ML Fundamentals",  # Machine learning
        "Specialization",  # Machine learning 7 1/3 h, Docker 13 + Kubernetes 23 h
    ]
    assert detail.duration_sentence == (
        "Ready for Mid-level ML Engineer in about 9 months at 10 h/week."
    )


def test_plan_without_target_says_to_choose_one(user, market):
    with pytest.raises(PlanError, match="target"):
        plan_build(user=user)


def test_start_month_is_never_in_the_past(user, target):
    profile = target(user, start=dt.date(2020, 5, 1))
    today = dt.date(2026, 11, 26)
    assert plan_start_month(profile=profile, today=today) == dt.date(2026, 11, 1)
    profile.start_month = dt.date(2027, 3, 1)
    assert plan_start_month(profile=profile, today=today) == dt.date(2027, 3, 1)


def test_check_off_marks_done_raises_level_with_history_and_replans_the_rest(planned):
    plan = Plan.objects.get(user=planned)
    tensorflow = plan.items.get(skill__slug="tensorflow")
    plan_item_check_off(user=planned, item=tensorflow)

    tensorflow.refresh_from_db()
    assert tensorflow.done_at is not None
    assert tensorflow.level_before_done == 0
    assert SkillLevel.objects.get(user=planned, skill__slug="tensorflow").level == 3
    change = SkillLevelChange.objects.get(user=planned, skill__slug="tensorflow")
    assert (change.previous_level, change.level, change.source) == (0, 3, "plan")
    remaining = [row[0] for row in item_rows(planned)]
    assert "tensorflow" not in remaining
    # SQL moves up by TensorFlow's 55 h and NumPy now comes right before PyTorch, the one
    # skill left that needs it.
    assert item_rows(planned)[2] == ("sql", 0, 3, 37, 2, 2, False)
    assert remaining == [
        "python", "gpt-openai", "sql", "aws", "numpy", "pytorch", "linear-algebra",
        "statistics", "machine-learning", "docker", "kubernetes",
    ]  # fmt: skip
    detail = detail_of(planned)
    assert detail.schedule.total_hours == 390 - 55
    assert detail.readiness_now == pytest.approx(100 * 0.877 / 4.024, abs=0.05)
    assert [r.skill.slug for r in detail.done] == ["tensorflow"]


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

    change = plan_settings_change(
        user=planned, hours_per_week=5, role=Role.objects.get(name="ML Engineer"), seniority="mid"
    )
    # 390 - 46 = 344 h left: 8 months (Aug 2030) at 43 1/3 h, 16 months (Apr 2031) at 21 2/3.
    assert change.end_before == dt.date(2030, 8, 31)
    assert change.end_after == dt.date(2031, 4, 30)
    assert change.sentence == (
        "Re-planned: you finish in April 2031, 8 months later (was August 2030)."
    )
    kept = PlanItem.objects.get(pk=done.pk)
    assert kept.done_at == done.done_at and kept.order == 1
    assert "python" not in [row[0] for row in item_rows(planned)]
    assert profile_get_or_create(user=planned).hours_per_week == 5
    assert Plan.objects.filter(user=planned).count() == 1


def test_replan_for_another_target_keeps_done_items(planned):
    done = Plan.objects.get(user=planned).items.get(skill__slug="python")
    plan_item_check_off(user=planned, item=done)
    plan_settings_change(
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
    profile = profile_get_or_create(user=planned)
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
