"""Every figure of the seed analysis is in the app, exactly: the markdown, the data files in
market/seed/, the database after migrate and `export_market` all agree."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from market.ingestion.aggregate import COLUMNS, aggregate_read
from market.ingestion.seed import SEED_DIR, seed_ensure, seed_file, seed_snapshot_csv_path
from market.models import (
    BackgroundRecommendation,
    CareerPath,
    LearningResource,
    PathStage,
    Role,
    RoleLevelStat,
    SeedInsight,
    Skill,
    SkillDemand,
    SkillTrend,
    Snapshot,
    StageSkill,
    TimelineItem,
    TimelinePhase,
    phrase_lines,
)
from market.templatetags.market_format import target_title
from tests.market.seed_markdown import SEED_MARKDOWN, numbers_in

pytestmark = pytest.mark.django_db

SEED_CSV = SEED_DIR / "snapshot-2025-10-05.csv"
BACKGROUND_BY_HEADING = {
    "Career Switchers": "career_switcher",
    "Software Engineers": "software_engineer",
    "DevOps/SRE": "devops_sre",
    "Researchers": "researcher",
}


def _export(*args) -> str:
    out = io.StringIO()
    call_command("export_market", *args, stdout=out)
    return out.getvalue()


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def _file_shares() -> dict:
    return {
        (r["role"], r["seniority"], r["skill"]): (Decimal(r["share_pct"]), r["priority"])
        for r in _csv_rows(SEED_CSV.read_text())
        if r["skill"]
    }


def test_the_data_file_holds_the_72_shares_with_the_seeds_priorities(facts):
    shares = _file_shares()
    assert len(facts.shares) == 72
    assert {k: v for k, v in shares.items() if k[0] != "All"} == facts.shares


def test_the_data_file_holds_the_12_job_counts_salaries_and_6_role_totals(facts):
    rows = [r for r in _csv_rows(SEED_CSV.read_text()) if not r["skill"]]
    levels = {
        (r["role"], r["seniority"]): (int(r["job_count"]), int(r["avg_salary_usd"]))
        for r in rows
        if r["role"] != "All" and r["seniority"] != "all"
    }
    totals = {
        r["role"]: (int(r["job_count"]), int(r["avg_salary_usd"]))
        for r in rows
        if r["role"] != "All" and r["seniority"] == "all"
    }
    assert levels == facts.levels and len(levels) == 12
    assert totals == facts.role_totals and len(totals) == 6


def test_the_data_file_holds_all_postings_and_the_overall_python_share(facts):
    rows = _csv_rows(SEED_CSV.read_text())
    all_rows = [r for r in rows if r["role"] == "All"]
    assert all_rows == [
        dict(zip(COLUMNS, ["All", "all", str(facts.postings), "", "", "", ""], strict=True)),
        dict(
            zip(
                COLUMNS,
                ["All", "all", "", "", "Python", str(facts.overall_python), "Critical"],
                strict=True,
            )
        ),
    ]


def test_the_seed_snapshot_is_current_published_with_the_seeds_source_and_date(
    seed_snapshot, facts
):
    assert seed_snapshot.state == Snapshot.State.PUBLISHED
    assert seed_snapshot.source == facts.source
    assert seed_snapshot.analysis_date.isoformat() == facts.analysis_date
    assert seed_snapshot.postings_count == facts.postings
    assert seed_snapshot.tier_thresholds == {}


def test_the_database_holds_every_share_exactly(seed_snapshot, facts):
    demands = SkillDemand.objects.filter(snapshot=seed_snapshot).select_related("role", "skill")
    in_db = {
        (d.role.name if d.role else "All", d.seniority, d.skill.name): (d.share_pct, d.priority)
        for d in demands
    }
    assert in_db == _file_shares()
    assert in_db[("All", "all", "Python")] == (facts.overall_python, "Critical")
    assert {k: v for k, v in in_db.items() if k[0] != "All"} == facts.shares


def test_the_database_holds_every_job_count_and_salary_exactly(seed_snapshot, facts):
    stats = RoleLevelStat.objects.filter(snapshot=seed_snapshot).select_related("role")
    in_db = {(s.role.name if s.role else "All", s.seniority): s for s in stats}
    for (role, seniority), (jobs, salary) in facts.levels.items():
        assert (in_db[(role, seniority)].job_count, in_db[(role, seniority)].avg_salary_usd) == (
            jobs,
            salary,
        )
    for role, (jobs, salary) in facts.role_totals.items():
        assert (in_db[(role, "all")].job_count, in_db[(role, "all")].avg_salary_usd) == (
            jobs,
            salary,
        )
    assert in_db[("All", "all")].job_count == facts.postings
    assert in_db[("All", "all")].avg_salary_usd is None
    assert len(in_db) == 12 + 6 + 1


def test_export_market_prints_the_seed_data_file_byte_for_byte():
    assert _export() == SEED_CSV.read_text()


def test_export_market_json_holds_the_same_rows_and_the_snapshot_metadata(seed_snapshot, facts):
    document = json.loads(_export("--format", "json"))
    assert document["columns"] == COLUMNS
    assert document["snapshot"]["source"] == facts.source
    assert document["snapshot"]["analysis_date"] == facts.analysis_date
    assert document["snapshot"]["postings_count"] == facts.postings
    as_csv = [
        {c: "" if r[c] is None else (f"{r[c]:.1f}" if c == "share_pct" else str(r[c])) for c in r}
        for r in document["rows"]
    ]
    assert as_csv == _csv_rows(SEED_CSV.read_text())


def test_the_six_seed_roles_and_their_slugs_exist():
    slugs = dict(Role.objects.values_list("name", "slug"))
    in_file = {r["name"]: r["slug"] for r in seed_file("roles.json")["roles"]}
    assert in_file.items() <= slugs.items()
    for name, slug in {
        "ML Engineer": "ml-engineer",
        "AI Engineer": "ai-engineer",
        "LLM/GenAI Engineer": "llmgenai-engineer",
        "MLOps Engineer": "mlops-engineer",
        "Deep Learning Engineer": "deep-learning-engineer",
        "AI/ML Research": "aiml-research",
    }.items():
        assert slugs[name] == slug


def test_each_level_of_a_seed_role_is_titled_as_the_analysis_heads_it(facts):
    # "Mid-Level AI/ML Researchers" heads the analysis's mid-level research figures: the app's
    # title is "Mid-level AI/ML Researcher" (a person), not "Mid-level AI/ML Research" (a field).
    roles = {role.name: role for role in Role.objects.all()}
    assert len(facts.level_titles) == 12
    for (role, seniority), heading in facts.level_titles.items():
        expected = heading.replace("Mid-Level", "Mid-level").removesuffix("s")
        assert target_title(roles[role], seniority) == expected


def test_roadmap_salary_steps_and_items_are_as_printed(facts):
    stages = list(PathStage.objects.select_related("path").order_by("path__display_order", "order"))
    assert [
        (s.path.display_order, s.from_label, s.to_label, s.salary_from_usd, s.salary_to_usd)
        for s in stages
    ] == facts.stages
    items = StageSkill.objects.select_related("stage__path")
    found: dict = {}
    for item in items.order_by("stage__path__display_order", "stage__order", "kind", "order"):
        key = (item.stage.path.display_order, item.stage.order)
        found.setdefault(key, {"must": [], "nice": []})[item.kind].append(item.text)
    assert found == facts.stage_items


def test_career_path_insights_carry_the_seeds_figures():
    insights = dict(CareerPath.objects.values_list("slug", "insight"))
    assert "70% cloud architecture, 30% coding" in insights["llm-genai-engineer"]
    assert "MLOps is 80% DevOps, 20% ML" in insights["mlops-engineer"]


def test_learning_timeline_is_as_printed(facts):
    found: dict = {}
    for phase in TimelinePhase.objects.prefetch_related("items"):
        key = (phase.start_month, phase.end_month, phase.title)
        tracks = found.setdefault(key, {"": []})
        for item in sorted(phase.items.all(), key=lambda i: (i.track, i.order)):
            tracks.setdefault(item.track, []).append(item.text)
    assert found == facts.timeline


def test_emerging_declining_and_stable_skills_are_as_printed(facts):
    found: dict = {}
    for trend in SkillTrend.objects.order_by("direction", "order"):
        found.setdefault(trend.direction, []).append((trend.label, trend.figure))
    assert found == facts.trends


def test_final_recommendations_by_background_are_as_printed(facts):
    recommendations = {r.background: r for r in BackgroundRecommendation.objects.all()}
    for heading, points in facts.recommendations.items():
        assert recommendations[BACKGROUND_BY_HEADING[heading]].points == points
    assert recommendations["career_switcher"].role.slug == "ml-engineer"
    assert recommendations["software_engineer"].role.slug == "llmgenai-engineer"
    assert recommendations["devops_sre"].role.slug == "mlops-engineer"
    assert recommendations["researcher"].role.slug == "aiml-research"
    assert "other" in recommendations


def test_every_number_in_the_seed_markdown_is_in_the_apps_data(seed_snapshot):
    """Walks every number the analysis prints (ordinals of numbered lists aside)."""
    corpus = [
        _export().replace(",", " "),
        seed_snapshot.notes,
        seed_snapshot.analysis_date.isoformat(),
    ]
    corpus += SeedInsight.objects.values_list("section", flat=True)
    corpus += SeedInsight.objects.values_list("text", flat=True)
    corpus += CareerPath.objects.values_list("insight", flat=True)
    corpus += [f"Path {n}" for n in CareerPath.objects.values_list("display_order", flat=True)]
    corpus += [f"{s.salary_from_usd} {s.salary_to_usd}" for s in PathStage.objects.all()]
    corpus += StageSkill.objects.values_list("text", flat=True)
    corpus += [f"Month {p.start_month}-{p.end_month}" for p in TimelinePhase.objects.all()]
    corpus += TimelineItem.objects.values_list("text", flat=True)
    corpus += SkillTrend.objects.values_list("figure", flat=True)
    for points in BackgroundRecommendation.objects.values_list("points", flat=True):
        corpus += points
    in_app = numbers_in("\n".join(corpus))
    in_seed = numbers_in(SEED_MARKDOWN.read_text(encoding="utf-8"), skip_ordinals=True)
    assert len(in_seed) > 100
    assert in_seed - in_app == set()


def test_every_resource_the_seed_recommends_is_there_with_a_url():
    titles = set(LearningResource.objects.filter(from_seed=True).values_list("title", flat=True))
    for expected in [
        "TensorFlow official tutorials",
        "Coursera TensorFlow Specialization",
        "Fast.ai",
        "PyTorch tutorials",
        "AWS ML Specialty certification",
        "SageMaker tutorials",
        "OpenAI Cookbook: Prompt engineering, fine-tuning",
        "LangChain Docs: RAG, agents, chains",
        "Made With ML: End-to-end MLOps",
        "Full Stack Deep Learning: Production ML",
    ]:
        assert expected in titles
    assert all(
        url.startswith("https://") for url in LearningResource.objects.values_list("url", flat=True)
    )


def test_the_taxonomy_names_every_skill_the_seed_and_the_issue_name():
    names = {n.lower() for n in Skill.objects.values_list("name", flat=True)}
    required = (
        "Python TensorFlow PyTorch AWS Kubernetes GPT/OpenAI SQL NumPy Pandas Scikit-learn Keras "
        "Docker Git MLflow|Weights & Biases|LangChain|LlamaIndex|Vector databases|RAG|"
        "Prompt engineering|LLM fine-tuning|Terraform|Monitoring & observability|Model serving|"
        "Kubeflow|Airflow|Feature stores|Distributed training|Theano|Caffe|CI/CD|"
        "Model optimization|Statistics|Linear algebra|Machine learning|System design for ML|"
        "LLM evaluation|Cost optimization|Team leadership|R|Spark|Hadoop|Excel|Tableau|Power BI|"
        "Azure|GCP|Java|Scala|C++|Snowflake|Deep learning|NLP|Computer vision"
    )
    first, rest = required.split("|", 1)
    expected = [*first.split(" "), *rest.split("|")]
    assert [n for n in expected if n.lower() not in names] == []


def test_skills_file_and_database_agree_and_prerequisites_form_no_cycle():
    data = seed_file("skills.json")["skills"]
    skills = {s.slug: s for s in Skill.objects.prefetch_related("prerequisite_links__prerequisite")}
    graph = {}
    for entry in data:
        skill = skills[entry["slug"]]
        assert (skill.name, skill.category, skill.display_order) == (
            entry["name"],
            entry["category"],
            entry["display_order"],
        )
        assert skill.difficulty == Decimal(entry["difficulty"])
        assert (
            phrase_lines(skill.aliases),
            phrase_lines(skill.case_sensitive_aliases),
            phrase_lines(skill.exclusions),
            skill.match_name,
        ) == (
            entry["aliases"],
            entry.get("case_sensitive_aliases", []),
            entry.get("exclusions", []),
            entry.get("match_name", True),
        )
        links = {(p.prerequisite.slug, p.min_level) for p in skill.prerequisite_links.all()}
        assert links == {(p["skill"], p["min_level"]) for p in entry["prerequisites"]}
        graph[entry["slug"]] = [p["skill"] for p in entry["prerequisites"]]

    def visit(slug, trail):
        assert slug not in trail, f"prerequisite cycle: {' -> '.join([*trail, slug])}"
        for prerequisite in graph[slug]:
            visit(prerequisite, [*trail, slug])

    for slug in graph:
        visit(slug, [])
    assert skills["kubernetes"].prerequisite_links.get().prerequisite.slug == "docker"
    python_first = {"numpy", "pandas", "scikit-learn", "tensorflow", "pytorch"}
    assert all("python" in graph[s] for s in python_first)
    assert all("gpt-openai" in graph[s] for s in ["rag", "langchain", "vector-databases"])


def test_seed_ensure_again_changes_nothing_and_keeps_admin_edits(django_assert_max_num_queries):
    Skill.objects.filter(slug="excel").update(aliases="Microsoft Excel")
    counts = [m.objects.count() for m in (Skill, Role, Snapshot, SkillDemand, StageSkill)]
    with django_assert_max_num_queries(15):
        seed_ensure()
    assert [m.objects.count() for m in (Skill, Role, Snapshot, SkillDemand, StageSkill)] == counts
    assert Skill.objects.get(slug="excel").aliases == "Microsoft Excel"


def test_seed_ensure_recreates_the_default_market_in_an_empty_database():
    for model in (SkillDemand, RoleLevelStat, Snapshot):
        model.objects.all().delete()
    seed_ensure()
    snapshot = Snapshot.objects.get(is_current=True)
    assert aggregate_read(seed_snapshot_csv_path(), name="seed.csv").figures.levels
    assert _export("--snapshot", str(snapshot.pk)) == SEED_CSV.read_text()


def test_the_kept_copy_of_the_seed_is_the_shared_analysis_word_for_word():
    # CI and every developer machine have ../shared beside the checkout.
    shared = SEED_MARKDOWN.parents[3] / "shared" / "seed" / "ai-ml-skills-demand.md"
    assert shared.read_bytes() == SEED_MARKDOWN.read_bytes()


def test_a_skill_and_a_role_an_import_created_by_name_take_the_seeds_slug_and_details():
    python = Skill.objects.get(slug="python")
    Skill.objects.filter(pk=python.pk).update(slug="python-imported", aliases="")
    role = Role.objects.get(slug="ml-engineer")
    Role.objects.filter(pk=role.pk).update(slug="ml-engineer-imported", title_patterns="")

    seed_ensure()

    in_file = next(s for s in seed_file("skills.json")["skills"] if s["slug"] == "python")
    assert Skill.objects.get(slug="python").pk == python.pk
    assert Skill.objects.get(pk=python.pk).alias_list == [in_file["name"], *in_file["aliases"]]
    assert Role.objects.get(slug="ml-engineer").pk == role.pk
    assert "Machine Learning Engineer" in Role.objects.get(pk=role.pk).pattern_list
    assert not Skill.objects.filter(slug="python-imported").exists()


def test_seed_market_keeps_admin_edits_unless_asked_to_rewrite_the_taxonomy():
    Skill.objects.filter(slug="python").update(aliases="py-only-alias")
    Role.objects.filter(slug="ml-engineer").update(title_patterns="Only This Title")

    call_command("seed_market", stdout=io.StringIO())
    assert Skill.objects.get(slug="python").aliases == "py-only-alias"
    assert Role.objects.get(slug="ml-engineer").title_patterns == "Only This Title"

    out = io.StringIO()
    call_command("seed_market", "--update-taxonomy", stdout=out)
    assert "rewritten" in out.getvalue()
    python = next(s for s in seed_file("skills.json")["skills"] if s["slug"] == "python")
    assert Skill.objects.get(slug="python").alias_list == [python["name"], *python["aliases"]]
    assert "Machine Learning Engineer" in Role.objects.get(slug="ml-engineer").pattern_list
    assert Snapshot.objects.filter(is_current=True).count() == 1
