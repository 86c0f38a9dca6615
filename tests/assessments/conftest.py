"""Fixtures of the assessment and plan tests, on the seed market.

Every test database holds the seed analysis as its current snapshot (post_migrate runs
`market.ingestion.seed.seed_ensure`), so the worked examples check hand-computed numbers
against the real seed rows: its skills, roles, shares, tiers and career paths.
"""

import datetime as dt
from decimal import Decimal

import pytest

from assessments.services.plans import plan_build
from assessments.services.profile import profile_update
from market.ingestion.figures import DemandFigure, LevelFigure, MarketFigures
from market.models import Role, Skill, Snapshot
from market.selectors import snapshot_current
from market.services.snapshots import snapshot_create, snapshot_publish

# A start month ahead of PLANS_MADE_ON (tests/conftest.py): with `plans_start_ahead`, "this
# month" never moves it, whatever the real date.
FUTURE = dt.date(2030, 1, 1)


@pytest.fixture
def market(db) -> Snapshot:
    """The seed's snapshot, current and published."""
    snapshot = snapshot_current()
    assert snapshot is not None and snapshot.import_summary.get("origin") == "seed"
    return snapshot


@pytest.fixture
def skill(market):
    def get(name: str) -> Skill:
        return Skill.objects.get(name=name)

    return get


@pytest.fixture
def role(market):
    def get(name: str) -> Role:
        return Role.objects.get(name=name)

    return get


@pytest.fixture
def publish_snapshot(market):
    """Publish a newer snapshot with the figures of one (role, seniority):
    `publish_snapshot("ML Engineer", "mid", {"TensorFlow": ("80.2", "Critical")}, ...)`."""

    def publish(
        role: str,
        seniority: str,
        shares: dict[str, tuple[str, str]],
        *,
        job_count: int | None = None,
        salary: int | None = None,
        label: str = "Refresh",
        analysis_date: dt.date = dt.date(2025, 11, 30),
    ) -> Snapshot:
        figures = MarketFigures(
            levels=[LevelFigure(role, seniority, job_count, salary)],
            demands=[
                DemandFigure(role, seniority, name, Decimal(share), tier)
                for name, (share, tier) in shares.items()
            ],
        )
        snapshot = snapshot_create(
            figures=figures, label=label, source="tests", analysis_date=analysis_date
        )
        return snapshot_publish(snapshot=snapshot)

    return publish


@pytest.fixture
def newer_ml_engineer_mid(publish_snapshot):
    """A refresh of mid-level ML Engineer: TensorFlow 87.7 -> 80.2, PyTorch 56.3 -> 70.0
    (High -> Critical); every other share as in the seed."""
    shares = {
        "TensorFlow": ("80.2", "Critical"),
        "Python": ("74.5", "Critical"),
        "AWS": ("61.9", "High"),
        "PyTorch": ("70.0", "Critical"),
        "Kubernetes": ("15.0", "Medium"),
        "GPT/OpenAI": ("7.0", "Nice-to-have"),
    }
    return publish_snapshot(
        "ML Engineer", "mid", shares, job_count=4100, salary=216000, label="November refresh"
    )


@pytest.fixture
def target(market):
    """Give a person a profile with a target: `target(user, role=..., seniority=..., hours=...)`."""

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


@pytest.fixture
def planned(user, target):
    """`user` (nothing rated) with a plan for mid-level ML Engineer at 10 h/week."""
    target(user)
    plan_build(user=user)
    return user
