"""Fixtures shared by the import/refresh tests: a small, known taxonomy and file helpers."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from market.ingestion.figures import DemandFigure, LevelFigure, MarketFigures
from market.models import Role, Skill, SkillCategory, Snapshot
from market.services.snapshots import snapshot_create

FIXTURES = Path(__file__).parent / "fixtures"

# Roles tried in this order (as in the seed); other roles are pushed after them.
TEST_ROLES = [
    ("LLM/GenAI Engineer", ["LLM", "GenAI", "Gen AI", "Generative AI"]),
    ("MLOps Engineer", ["MLOps", "ML Ops", "ML Platform"]),
    ("AI/ML Research", ["Research Scientist", "Research Engineer"]),
    ("ML Engineer", ["Machine Learning Engineer", "ML Engineer"]),
    ("Data Engineer", ["Data Engineer"]),
    ("Data Scientist", ["Data Scientist", "Data Science"]),
    ("Data Analyst", ["Data Analyst"]),
]
TEST_SKILLS = [
    ("Python", "python", []),
    ("SQL", "sql", ["PostgreSQL"]),
    ("R", "r", ["R programming"]),
    ("TensorFlow", "tensorflow", []),
    ("PyTorch", "pytorch", []),
    ("AWS", "aws", ["Amazon Web Services"]),
    ("Excel", "excel", ["Microsoft Excel"]),
    ("Tableau", "tableau", []),
    ("Scikit-learn", "scikit-learn", ["sklearn", "scikit learn"]),
    ("Spark", "spark", ["PySpark", "Apache Spark"]),
    ("C++", "cpp", []),
    ("Docker", "docker", []),
    ("Kubernetes", "kubernetes", ["K8s"]),
    ("LangChain", "langchain", []),
    ("MLflow", "mlflow", []),
]


@pytest.fixture
def taxonomy(db):
    """The roles and skills above, whatever the seed holds; other roles come after them and
    match nothing, so classification in tests depends only on TEST_ROLES."""
    Role.objects.update(display_order=500, title_patterns="zz-no-such-title")
    for order, (name, patterns) in enumerate(TEST_ROLES):
        role = Role.objects.filter(name=name).first() or Role(name=name)
        role.title_patterns = "\n".join(patterns)
        role.display_order = order
        role.save()
    for name, slug, aliases in TEST_SKILLS:
        skill = Skill.objects.filter(slug=slug).first() or Skill(
            name=name, slug=slug, category=SkillCategory.OTHER
        )
        skill.aliases = "\n".join(aliases)
        skill.save()


@pytest.fixture
def fixture_copy(tmp_path):
    """Copy a fixture file into tmp_path (optionally under another name)."""

    def copy(name: str, as_name: str | None = None) -> Path:
        target = tmp_path / (as_name or name)
        target.write_bytes((FIXTURES / name).read_bytes())
        return target

    return copy


def draft_of(levels=(), demands=(), label="test") -> Snapshot:
    """A draft imported from these figures: `levels` as LevelFigure's fields, `demands` as
    (role, seniority, skill, share) with priority High. Roles and skills it lacks are added."""
    figures = MarketFigures(
        levels=[LevelFigure(*row) for row in levels],
        demands=[DemandFigure(r, s, k, Decimal(v), "High") for r, s, k, v in demands],
    )
    return snapshot_create(
        figures=figures, label=label, source="test", analysis_date=dt.date(2025, 1, 1)
    )
