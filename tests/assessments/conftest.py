"""Market rows the assessment tests need: the seed market when it is loaded (post_migrate),
otherwise the same figures for two roles, built here."""

import datetime as dt
from decimal import Decimal

import pytest

from market.figures import DemandFigure, LevelFigure, MarketFigures
from market.models import (
    BackgroundRecommendation,
    CareerPath,
    PathStage,
    Role,
    Skill,
    SkillCategory,
    StageSkill,
)
from market.services.snapshots import snapshot_create, snapshot_current, snapshot_publish

# The seed's figures for the two roles the worked examples use (ai-ml-skills-demand.md).
SEED_SUBSET = {
    ("ML Engineer", "mid", 3998, 215000): [
        ("TensorFlow", "87.7", "Critical"),
        ("Python", "74.5", "Critical"),
        ("AWS", "61.9", "High"),
        ("PyTorch", "56.3", "High"),
        ("Kubernetes", "15.0", "Medium"),
        ("GPT/OpenAI", "7.0", "Nice-to-have"),
    ],
    ("ML Engineer", "senior", 2853, 235000): [
        ("TensorFlow", "91.9", "Critical"),
        ("Python", "81.3", "Critical"),
        ("PyTorch", "63.8", "Critical"),
        ("AWS", "58.8", "High"),
        ("Kubernetes", "16.9", "Medium"),
        ("GPT/OpenAI", "13.8", "Medium"),
    ],
    ("LLM/GenAI Engineer", "mid", 1735, 205000): [
        ("TensorFlow", "76.6", "Critical"),
        ("Python", "63.2", "Critical"),
        ("AWS", "52.6", "High"),
        ("PyTorch", "28.8", "High"),
        ("GPT/OpenAI", "12.5", "Medium"),
        ("Kubernetes", "10.5", "Medium"),
    ],
    ("LLM/GenAI Engineer", "senior", 1140, 231000): [
        ("TensorFlow", "84.6", "Critical"),
        ("AWS", "68.9", "Critical"),
        ("Python", "30.4", "High"),
        ("PyTorch", "12.9", "Medium"),
        ("GPT/OpenAI", "7.8", "Medium"),
        ("Kubernetes", "6.7", "Nice-to-have"),
    ],
}

# (name, slug, category, difficulty, aliases) as in market/seed/skills.json.
SKILLS = [
    ("Python", "python", SkillCategory.LANGUAGE, "1.00", "Python3\nPython 3"),
    ("TensorFlow", "tensorflow", SkillCategory.FRAMEWORK, "1.20", "TF2\ntf.keras"),
    ("PyTorch", "pytorch", SkillCategory.FRAMEWORK, "1.20", "PyTorch Lightning"),
    ("AWS", "aws", SkillCategory.CLOUD, "1.20", "Amazon Web Services\nSageMaker"),
    ("Kubernetes", "kubernetes", SkillCategory.INFRASTRUCTURE, "1.40", "K8s"),
    ("GPT/OpenAI", "gpt-openai", SkillCategory.GENAI, "0.60", "OpenAI\nAnthropic\nLLM APIs"),
    ("SQL", "sql", SkillCategory.DATA, "0.80", "PostgreSQL\nMySQL"),
    ("Machine learning", "machine-learning", SkillCategory.FUNDAMENTALS, "1.50", "ML"),
    ("Model optimization", "model-optimization", SkillCategory.PRACTICE, "1.30", "quantization"),
    ("MLflow", "mlflow", SkillCategory.INFRASTRUCTURE, "0.60", "experiment tracking"),
    ("Docker", "docker", SkillCategory.INFRASTRUCTURE, "0.80", "Dockerfile"),
    ("Prompt engineering", "prompt-engineering", SkillCategory.GENAI, "0.50", "prompt design"),
    ("Vector databases", "vector-databases", SkillCategory.GENAI, "0.70", "Pinecone\nWeaviate"),
    ("LLM fine-tuning", "llm-fine-tuning", SkillCategory.GENAI, "1.30", "LoRA\nPEFT"),
    ("LLM evaluation", "llm-evaluation", SkillCategory.GENAI, "1.00", ""),
    ("Cost optimization", "cost-optimization", SkillCategory.PRACTICE, "1.00", ""),
    ("Excel", "excel", SkillCategory.DATA, "0.50", ""),
    ("R", "r", SkillCategory.LANGUAGE, "1.00", ""),
]

# The seed's career-path must-haves for the two roles (content.json), as skill slugs.
ROADMAPS = {
    "ML Engineer": [
        ("entry", "mid", ["python", "tensorflow", "sql", "machine-learning"]),
        ("mid", "senior", ["pytorch", "aws", "model-optimization", "mlflow"]),
    ],
    "LLM/GenAI Engineer": [
        ("entry", "mid", ["python", "gpt-openai", "prompt-engineering", "vector-databases"]),
        ("mid", "senior", ["aws", "llm-fine-tuning", "llm-evaluation", "cost-optimization"]),
    ],
}


@pytest.fixture
def market(db):
    """The current snapshot (the seed's, or the subset above when the seed is not loaded)."""
    current = snapshot_current()
    if current is not None:
        return current
    for name, slug, category, difficulty, aliases in SKILLS:
        Skill.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "category": category,
                "difficulty": Decimal(difficulty),
                "aliases": aliases,
            },
        )
    Role.objects.get_or_create(slug="ml-engineer", defaults={"name": "ML Engineer"})
    Role.objects.get_or_create(slug="llmgenai-engineer", defaults={"name": "LLM/GenAI Engineer"})
    figures = MarketFigures()
    for (role, seniority, jobs, salary), rows in SEED_SUBSET.items():
        figures.levels.append(LevelFigure(role, seniority, jobs, salary))
        figures.demands += [DemandFigure(role, seniority, s, Decimal(p), t) for s, p, t in rows]
    snapshot = snapshot_create(
        figures=figures,
        label="Seed subset",
        source="tests",
        analysis_date=dt.date(2025, 10, 5),
        postings_count=21359,
    )
    for role_name, stages in ROADMAPS.items():
        _roadmap(role_name, stages)
    role = Role.objects.get(name="ML Engineer")
    BackgroundRecommendation.objects.get_or_create(
        background="career_switcher",
        defaults={
            "headline": "Start with ML Engineer path (most jobs, clearest path)",
            "role": role,
            "seniority": "mid",
            "points": ["Learn TensorFlow first (87.7% adoption)"],
        },
    )
    BackgroundRecommendation.objects.get_or_create(
        background="software_engineer",
        defaults={
            "headline": "Pivot to LLM/GenAI Engineer (fastest growing)",
            "role": Role.objects.get(name="LLM/GenAI Engineer"),
            "seniority": "mid",
            "points": ["Focus on AWS + LLM APIs (70% of senior roles)"],
        },
    )
    return snapshot_publish(snapshot=snapshot)


def _roadmap(role_name, stages):
    role = Role.objects.get(name=role_name)
    path = CareerPath.objects.create(name=f"{role_name} path", slug=role.slug, role=role)
    for order, (src, dst, musts) in enumerate(stages, start=1):
        stage = PathStage.objects.create(
            path=path,
            order=order,
            from_label=src,
            to_label=dst,
            from_seniority=src,
            to_seniority=dst,
        )
        for i, slug in enumerate(musts, start=1):
            StageSkill.objects.create(
                stage=stage, order=i, kind="must", text=slug, skill=Skill.objects.get(slug=slug)
            )


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
