"""Fixtures of the plan tests: a person with a target on the seed market.

Imported by the test_plan*/test_share*/test_exports* modules (the assessments conftest
belongs to the assessment pages)."""

from datetime import date

import pytest

from assessments.services.plans import plan_active_for, plan_build, plan_detail_for
from assessments.services.profile import profile_update
from market.models import Role

FUTURE = date(2030, 1, 1)  # a start month in the future, so "this month" never moves it


@pytest.fixture(name="target")
def target_fixture(market):
    def set_target(user, role="ML Engineer", seniority="mid", hours=10, start=FUTURE):
        return profile_update(
            user=user,
            background="other",
            target_role=Role.objects.get(name=role),
            target_seniority=seniority,
            hours_per_week=hours,
            start_month=start,
            display_name="Ada L.",
        )

    return set_target


@pytest.fixture(name="planned")
def planned_fixture(user, target):
    """`user` (nothing rated) with a plan for mid-level ML Engineer at 10 h/week."""
    target(user)
    plan_build(user=user)
    return user


def detail_of(user):
    return plan_detail_for(plan=plan_active_for(user=user))
