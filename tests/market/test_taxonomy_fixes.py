"""The taxonomy's matching, fixed from reading real postings (issue 15): each alias that was
fooled, or that missed, inside a short paraphrase of the sentence it met (written for these
tests; no posting's text is copied), found alike by the reference matcher, the fast one and
the database's taxonomy; the data migration that brings existing databases the same rules;
and the new skills, which have no figures in the seed snapshot, on every page."""

import csv
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection

from assessments.services.ads import job_ad_create
from assessments.services.plans import plan_build
from market.ingestion.matching import SkillMatcher, rules_of_entries
from market.ingestion.seed import seed_file
from market.models import LearningResource, Skill, SkillDemand, Snapshot, phrase_lines
from market.services.taxonomy import skill_matcher_build
from tests.market.warehouse_support import postings_table

FILE_MATCHER = SkillMatcher.from_rules(rules_of_entries(seed_file("skills.json")["skills"]))
NEW_SKILLS = ("sas", "spss", "matlab", "javascript", "hive", "redshift", "qlik", "looker")

# (sentence, skill, found?) - each like one a real posting holds.
CASES = [
    # GPT/OpenAI: companies named, not asked for
    ("Our customers include OpenAI, Lyft and other leaders.", "gpt-openai", False),
    (
        "A lab building LLMs to rival the big players such as OpenAI, Anthropic and Google.",
        "gpt-openai",
        False,
    ),
    ("Our core technology shares some similarities with ChatGPT.", "gpt-openai", False),
    ("You will sit in the Global Product Team (GPT) in Austin.", "gpt-openai", False),
    ("Build assistants on the OpenAI API with GPT-4.", "gpt-openai", True),
    ("Work with hosted models such as OpenAI's GPT and Anthropic's Claude.", "gpt-openai", True),
    # Mentoring as a perk, or received
    ("We provide mentoring and coaching to help you advance your career.", "mentorship", False),
    ("Take part in our formal mentorship program with senior consultants.", "mentorship", False),
    ("You will grow while receiving mentorship from experienced scientists.", "mentorship", False),
    ("Mentor junior analysts and review their models.", "mentorship", True),
    ("Mentoring other engineers is part of the job.", "mentorship", True),
    # Excel, the verb
    ("Join us for the opportunity to excel.", "excel", False),
    ("People who excel in a fast-paced setting thrive here.", "excel", False),
    ("Growth, Training And The Opportunity To Excel.", "excel", False),
    ("Advanced Excel (pivot tables, VLOOKUP) required.", "excel", True),
    ("Track the results in excel and SharePoint.", "excel", True),
    # Team leadership as an audience
    ("Present the analyses to Analytics team leadership and producers.", "team-leadership", False),
    ("Agree on best practices with the analytics tech lead.", "team-leadership", False),
    ("Team leadership: hire, coach and grow the analysts.", "team-leadership", True),
    ("Experience leading teams of data scientists.", "team-leadership", True),
    # ECS, the company
    ("ECS Federal (ECS) is looking for a data analyst.", "aws", False),
    ("ECS is an equal opportunity employer.", "aws", False),
    ("Run the services on ECS and Lambda.", "aws", True),
    # Cost optimisation of supply chains
    ("Experience with Supply Chain and Cost Optimization problems.", "cost-optimization", False),
    ("Cost optimization of training and inference on AWS.", "cost-optimization", True),
    ("Monitor and reduce cloud costs for the ML platform.", "cost-optimization", True),
    # GCP, Good Clinical Practice
    ("Follow Good Clinical Practice (GCP) regulations and SOPs.", "gcp", False),
    ("Knowledge of ICH-GCP guidelines for trials.", "gcp", False),
    ("Clean data in accordance with GCP and the study plan.", "gcp", False),
    ("Deploy the pipelines on GCP or AWS.", "gcp", True),
    # GDPR in the applicant privacy notice
    (
        "Depending on where you live, the General Data Protection Regulation (GDPR) and California "
        "Consumer Privacy Act (CCPA) may regulate how we keep applicant data.",
        "security-compliance",
        False,
    ),
    ("Build data governance that meets GDPR and HIPAA.", "security-compliance", True),
    # Publications as in the press
    ("Our work is featured in publications like Forbes and Wired.", "research-publications", False),
    ("A record of publications at NeurIPS or ICML.", "research-publications", True),
    # Star and snowflake schema
    ("Dimensional modelling with star and snowflake schemas.", "snowflake", False),
    ("Load the marts into Snowflake with dbt.", "snowflake", True),
    # CNN, the network
    ("Our launch was featured on CNN Money.", "deep-learning", False),
    ("Image models with CNNs and transformers.", "deep-learning", True),
    # Spark, the verb
    ("Products that are going to spark change in retail.", "spark", False),
    ("Batch jobs in Spark and Airflow.", "spark", True),
    # Fine-tuning that is not of models
    ("Fine-tuning queries on the reporting database.", "llm-fine-tuning", False),
    ("Fine-tuning open LLMs with LoRA.", "llm-fine-tuning", True),
    # Pruning data
    ("Collect the data, clean it, pruning it, then train the models.", "model-optimization", False),
    ("Shrink the models: quantization and pruning.", "model-optimization", True),
    # One-letter R
    ("Results w.r.t. the baseline.", "r", False),
    ("Part of the R. J. Reynolds group of companies.", "r", False),
    ("Python or R for the analysis.", "r", True),
    # Misses: phrasings that now count
    ("Experience deploying ML/AI models to production.", "model-serving", True),
    ("Deploy machine learning models behind an API.", "model-serving", True),
    ("Sound statistical methods and statistical software such as Stata.", "statistics", True),
    ("Design of experiments for product tests.", "statistics", True),
    ("Jobs in the Metropolitan Statistical Area only.", "statistics", False),
    ("Predictive modeling for churn and demand.", "machine-learning", True),
    ("Evaluating ML models against baselines.", "model-evaluation", True),
    ("Monitor model performance and data drift in production.", "monitoring", True),
    ("Research in ML/CV for inspection.", "computer-vision", True),
    ("Train CV models that find defects.", "computer-vision", True),
    ("Please send your CV to our recruiter.", "computer-vision", False),
    ("Build an AI agent that books meetings.", "ai-agents", True),
    ("Generative models: GANs, VAEs and diffusion models.", "deep-learning", True),
    ("Query the logs in Hive and Presto.", "hive", True),
    ("The office is a hive of activity.", "hive", False),
    ("Own the ML- and LLM-Ops of the platform.", "production-ml", True),
    # The tools the taxonomy lacked
    ("Programming in SAS or R.", "sas", True),
    ("Survey analysis in SPSS or Stata.", "spss", True),
    ("Signal processing in Matlab.", "matlab", True),
    ("Front ends in JavaScript (D3.js).", "javascript", True),
    ("Front ends in Java Script.", "java", False),
    ("Dashboards in Qlik Sense.", "qlik", True),
    ("Warehouse on Amazon Redshift.", "redshift", True),
    ("Reports in Looker.", "looker", True),
]


def _id(case) -> str:
    text, skill, found = case
    return f"{skill}-{'yes' if found else 'no'}-{text[:30]}"


@pytest.mark.parametrize(("text", "skill", "found"), CASES, ids=[_id(c) for c in CASES])
def test_the_shipped_taxonomy_reads_the_sentence_that_fooled_it(text, skill, found):
    assert (skill in FILE_MATCHER.find(text)) is found
    # The fast matcher gives the reference's verdict on the same text.
    rows, skills = FILE_MATCHER.find_pairs([text])
    assert {FILE_MATCHER.slugs[s] for s in skills.tolist()} == FILE_MATCHER.find(text)


@pytest.mark.django_db
def test_the_database_taxonomy_reads_the_sentences_as_the_file_does():
    matcher = skill_matcher_build()
    assert [matcher.find(t) for t, _, _ in CASES] == [FILE_MATCHER.find(t) for t, _, _ in CASES]


# ---- The data migration --------------------------------------------------------------------

MIGRATION = importlib.import_module("market.migrations.0007_taxonomy_matching_fixes")


class _SchemaEditor:
    connection = connection


@pytest.mark.django_db
def test_the_migration_brings_an_existing_taxonomy_the_fixes_and_keeps_admins_edits():
    # A database as it was before: ECS any-case, no rules, no new skills; an admin's alias.
    Skill.objects.filter(slug__in=NEW_SKILLS).delete()
    Skill.objects.filter(slug="aws").update(
        aliases="Amazon Web Services\nECS\nFargate", case_sensitive_aliases="", exclusions=""
    )
    Skill.objects.filter(slug="excel").update(case_sensitive_aliases="", exclusions="")
    MIGRATION.taxonomy_fix(django_apps, _SchemaEditor())
    aws = Skill.objects.get(slug="aws")
    assert phrase_lines(aws.aliases) == ["Amazon Web Services", "Fargate", "AWS ECS"]
    assert phrase_lines(aws.case_sensitive_aliases) == ["ECS"]
    assert "ECS Federal" in phrase_lines(aws.exclusions)
    excel = Skill.objects.get(slug="excel")
    assert "opportunity to excel" in phrase_lines(excel.exclusions)
    hive = Skill.objects.get(slug="hive")
    assert phrase_lines(hive.case_sensitive_aliases) == ["Hive"]
    assert {p.prerequisite.slug for p in hive.prerequisite_links.all()} == {"sql", "hadoop"}
    assert set(
        LearningResource.objects.filter(skill__slug__in=NEW_SKILLS).values_list(
            "skill__slug", flat=True
        )
    ) == set(NEW_SKILLS)
    matcher = skill_matcher_build()
    assert matcher.find("ECS is hiring; we run on ECS") == {"aws"}
    assert matcher.find("ECS is hiring") == set()
    # Run twice, nothing doubles.
    MIGRATION.taxonomy_fix(django_apps, _SchemaEditor())
    assert phrase_lines(Skill.objects.get(slug="aws").aliases).count("AWS ECS") == 1
    assert Skill.objects.filter(slug="hive").count() == 1


# ---- New skills have no figures in the seed snapshot ----------------------------------------


@pytest.mark.django_db
def test_the_new_skills_have_no_seed_figures_and_the_seed_is_unchanged():
    seed = Snapshot.objects.get()
    assert not SkillDemand.objects.filter(snapshot=seed, skill__slug__in=NEW_SKILLS).exists()
    assert set(Skill.objects.filter(slug__in=NEW_SKILLS).values_list("slug", flat=True)) == set(
        NEW_SKILLS
    )


@pytest.mark.django_db
def test_every_page_works_for_a_person_who_rated_the_skills_without_figures(
    client, make_user, onboard
):
    person = onboard(make_user("ada"), skills={"python": 3, **dict.fromkeys(NEW_SKILLS, 2)})
    plan_build(user=person)
    ad = job_ad_create(
        user=person, text="Data Scientist. SAS, SPSS and Python; dashboards in Looker on Redshift."
    )
    client.force_login(person)
    pages = [
        "/skills/",
        "/report/",
        "/report/roles/",
        "/report/ml-engineer/senior/",
        f"/report/ads/{ad.pk}/",
        f"/report/ads/{ad.pk}.csv",
        "/plan/",
        "/plan.csv",
        "/plan.md",
        "/plan.ics",
        "/market/",
        "/market/ml-engineer/senior/",
        "/accounts/export/",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
    skills_page = client.get("/skills/").content.decode()
    assert all(name in skills_page for name in ("SAS", "SPSS", "MATLAB", "Looker"))
    ad_page = client.get(f"/report/ads/{ad.pk}/").content.decode()
    assert "SAS" in ad_page and "Looker" in ad_page


@pytest.mark.django_db
def test_the_import_and_the_warehouse_query_count_the_sentences_alike(tmp_path):
    rows = [
        {"title": "Data Scientist", "company": f"Firm {i}", "description": text}
        for i, (text, _, _) in enumerate(CASES)
    ]
    path = tmp_path / "postings.csv"
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["title", "company", "description"])
        writer.writeheader()
        writer.writerows(rows)
    call_command("import_market", str(path), "--format", "postings", stdout=io.StringIO())
    exported = io.StringIO()
    call_command(
        "export_market", "--snapshot", str(Snapshot.objects.latest("id").pk), stdout=exported
    )
    sql = io.StringIO()
    call_command("warehouse_sql", stdout=sql)
    out = tmp_path / "market.csv"
    with postings_table(rows) as warehouse:
        warehouse.execute(f"COPY ({sql.getvalue()}) TO '{out}' (HEADER, DELIMITER ',')")
    assert out.read_text() == exported.getvalue()
    # The import found what the reference matcher finds, sentence by sentence.
    found = dict.fromkeys(FILE_MATCHER.slugs, 0)
    for text, _, _ in CASES:
        for slug in FILE_MATCHER.find(text):
            found[slug] += 1
    imported = Snapshot.objects.latest("id")
    shares = {
        d.skill.slug: d.share_pct
        for d in SkillDemand.objects.filter(snapshot=imported, role=None, seniority="all")
    }
    expected = {s: round(100 * n / len(CASES), 1) for s, n in found.items() if n}
    assert {s: float(v) for s, v in shares.items() if v} == expected
