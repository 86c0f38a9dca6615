"""The job-ad path as a practitioner reads it: a plan toward an ad learns its must-haves
before its nice-to-haves, a nice-to-have never costs more readiness than a must-have of the
same gap, and the plan names where its hours come from."""

import re

import pytest

from assessments.models import Plan
from assessments.services.ads import job_ad_create
from assessments.services.skills import skill_level_set
from market.models import Skill
from tests.html_tables import all_tables, rows_by_name, table_rows

AD = """Senior ML Engineer

Requirements
- Python, PyTorch, Docker, Kubernetes
- MLflow, Airflow, AWS, CI/CD and model serving

Nice to have: Scala, Terraform, LangChain, LLMs
"""


@pytest.fixture
def ad(user, market):
    return job_ad_create(user=user, text=AD)


@pytest.fixture
def rated(user, ad):
    for slug, level in {"python": 4, "pytorch": 3, "docker": 2, "kubernetes": 3}.items():
        skill_level_set(user=user, skill=Skill.objects.get(slug=slug), level=level)
    return ad


def test_a_plan_toward_an_ad_learns_every_must_have_before_any_nice_to_have(
    user_client, user, rated
):
    # It started with Scala (a nice-to-have, Foundations) and put Terraform, LangChain and
    # LLM/GenAI before MLflow, Airflow, AWS and Model serving.
    assert user_client.post(f"/report/ads/{rated.pk}/plan/").status_code == 302
    items = list(Plan.objects.get(user=user).items.order_by("order").select_related("skill"))
    nice = {"scala", "terraform", "langchain", "llm-genai"}
    musts = {"pytorch", "docker", "kubernetes", "mlflow", "airflow", "aws", "ci-cd"}
    musts.add("model-serving")
    order = [i.skill.slug for i in items]
    assert max(order.index(s) for s in musts) < min(order.index(s) for s in nice), order
    # Months never go back a phase among the must-haves.
    ranks = {"Foundations": 0, "ML Fundamentals": 1, "Deep Learning": 2, "Specialization": 3}
    first_nice = min(order.index(s) for s in nice)
    phases = [ranks[i.phase] for i in items[:first_nice]]
    assert phases == sorted(phases)
    page = " ".join(user_client.get("/plan/").content.decode().split())
    tagged = re.findall(
        r"<strong>([^<]+)</strong>:[^<]*(?:<[^>]+>[^<]*){4,8}?<span class=\"tag\">nice-to-have",
        page,
    )
    assert set(tagged) == {"Scala", "Terraform", "LangChain", "LLM/GenAI"}
    assert "Toward a job ad, its must-haves come first, phase by phase" in page


def test_a_nice_to_have_a_must_have_builds_on_comes_with_them_and_says_why(user_client, user):
    ad = job_ad_create(
        user=user,
        text="Senior ML Engineer\n\nRequirements\n- AWS and Kubernetes\n\n"
        "Nice to have: SQL, Docker\n",
    )
    assert user_client.post(f"/report/ads/{ad.pk}/plan/").status_code == 302
    items = list(Plan.objects.get(user=user).items.order_by("order").select_related("skill"))
    order = [i.skill.slug for i in items]
    assert order.index("docker") < order.index("kubernetes") < order.index("sql")
    page = " ".join(user_client.get("/plan/").content.decode().split())
    assert (
        "A nice-to-have, learned with the must-haves: Kubernetes, a must-have, builds on it."
        in page
    )
    assert page.count("learned with the must-haves") == 1  # SQL comes after them: no reason


def test_the_plan_names_the_ads_report_as_its_hours_source_and_writes_big_hours_with_commas(
    client, user_client, user, ad
):
    # It said "Of the 1645 h, 1634 h close the gaps to the job ad ... (the gap report's hours
    # to close)": the hours are the ad's report's (/report/ says others), and other pages
    # write "2,853".
    ad_page = " ".join(user_client.get(f"/report/ads/{ad.pk}/").content.decode().split())
    hours = re.search(r"closing every gap takes about ([\d,]+) hours", ad_page).group(1)
    assert int(hours.replace(",", "")) >= 1000 and hours == f"{int(hours.replace(',', '')):,}"
    assert user_client.post(f"/report/ads/{ad.pk}/plan/").status_code == 302
    page = " ".join(user_client.get("/plan/").content.decode().split())
    total, closing = re.search(r"Of the ([\d,]+) h, ([\d,]+) h close the gaps", page).groups()
    assert closing == hours and "," in total
    assert f'<dd class="stat">{total} h</dd>' in page
    assert f'(the hours to close on <a href="/report/ads/{ad.pk}/">the ad\'s report</a>)' in page
    assert "the gap report's hours to close" not in page
    # A visitor cannot open the owner's ad: the shared page points at its own gap report.
    user_client.post("/plan/share/", {"action": "create"})
    token = user.share_links.get().token
    shared = " ".join(client.get(f"/shared/{token}/").content.decode().split())
    assert f"Of the {total} h, {closing} h close the gaps" in shared
    assert "(the hours to close in its gap report below)" in shared
    assert f"/report/ads/{ad.pk}/" not in shared


def test_a_shared_plan_toward_an_ad_shows_its_gaps_in_the_ads_words(client, user_client, user, ad):
    # QA: the shared page of a plan toward an ad gave every skill the market does not measure
    # "0.0%" and a "Roadmap must-have" badge (the ad's nice-to-haves too), and its key spoke
    # of "the career path to the job ad" and of the tier setting the level needed.
    assert user_client.post(f"/report/ads/{ad.pk}/plan/").status_code == 302
    user_client.post("/plan/share/", {"action": "create"})
    token = user.share_links.get().token
    html = client.get(f"/shared/{token}/").content.decode()
    caption = next(t["caption"] for t in all_tables(html) if t["caption"].startswith("Every skill"))
    header = table_rows(html, caption)[0]
    assert header[:3] == ["Skill", "Share of postings", "Asked as"]
    rows = rows_by_name(html, caption)
    nice = {"Scala", "Terraform", "LangChain", "LLM/GenAI"}
    assert nice <= set(rows)
    for name, cells in rows.items():
        asked = "Nice-to-have" if name in nice else "Must-have"
        assert cells["Asked as"].startswith(asked), (name, cells)
        assert "Roadmap must-have" not in cells["Asked as"], name
        assert not cells["Share of postings"].startswith("0.0%"), (name, cells)
    assert any(c["Share of postings"] == "not measured" for c in rows.values())
    # A measured share carries its tier beside it, as on the ad's own report.
    assert rows["Python"]["Share of postings"] == "81.3% Critical"
    key = " ".join(re.sub(r"<[^>]+>", " ", html.split('id="shared-gap-table-key"')[1]).split())
    assert "career path to" not in key and "Roadmap must-have" not in key
    assert "Asked as : how the job ad asks for the skill" in key
