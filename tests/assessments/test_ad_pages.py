"""Job ads: paste one, see what it asks of you, its CSV, deleting it, and who may see it."""

import csv
import datetime as dt
import io
import json
import re

import pytest

from assessments.models import JobAd, JobAdSkill
from assessments.selectors import profile_for
from assessments.services.ads import job_ad_create, job_ad_report_for
from assessments.services.skills import skill_level_set
from market.models import Skill, SkillCategory
from tests.html_tables import rows_by_name, table_rows
from tests.test_site_pages import audit

AD = """Senior Machine Learning Engineer

About us
We are a fintech; our product is built on OpenAI.

Requirements
- Python and PyTorch in production
- Airflow and Snowflake for our pipelines
- AWS

Nice to have
- Kubernetes
- Experience with Docker is a plus
"""


@pytest.fixture
def ad(user, market):
    return job_ad_create(user=user, text=AD)


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


# ---- Pasting an ad ---------------------------------------------------------------------------


def test_pasting_an_ad_saves_what_it_asks_for_and_opens_its_report(user_client, user, market):
    response = user_client.post("/report/ads/", {"title": "", "text": AD})
    ad = JobAd.objects.get(user=user)
    assert response.status_code == 302 and response.url == f"/report/ads/{ad.pk}/"
    assert (ad.title, ad.seniority, ad.role.name) == (
        "Senior Machine Learning Engineer",
        "senior",
        "ML Engineer",
    )
    kinds = dict(ad.skills.values_list("skill__slug", "kind"))
    assert kinds == {
        "machine-learning": "title",  # only in "Senior Machine Learning Engineer"
        "python": "must",
        "pytorch": "must",
        "airflow": "must",
        "snowflake": "must",
        "aws": "must",
        "kubernetes": "nice",
        "docker": "nice",
        "gpt-openai": "about",
    }


def test_a_typed_title_wins_over_the_first_line_and_sets_the_seniority(user_client, user, market):
    user_client.post("/report/ads/", {"title": "Junior Data Analyst", "text": AD})
    ad = JobAd.objects.get(user=user)
    assert (ad.title, ad.seniority, ad.role.name) == (
        "Junior Data Analyst",
        "entry",
        "Data Analyst",
    )


def test_a_typed_title_with_a_control_character_is_refused_where_it_is_and_kept(
    user_client, user, market
):
    # ESC or BEL pasted from a terminal: no page, calendar or file can show it.
    title = "Senior ML\x1b[31m Engineer"
    response = user_client.post("/report/ads/", {"title": title, "text": AD})
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "The title has a control character (U+001B) at character 10, which no page or "
        "file can show: type the title without it."
    ) in html
    assert '<ul class="errorlist" id="id_title_error">' in html
    assert response.context["form"]["title"].value() == title
    assert response.context["form"]["text"].value() == AD
    assert not JobAd.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Paste the text of a job ad: the box is empty."),
        ("   \n  ", "Paste the text of a job ad: the box is empty."),
        (
            "We sell shoes. Excellent pay, a go-to team, R&D.",
            "We found no skill we know in this ad.",
        ),
        (
            "About us\nOur product is built on OpenAI.",
            "names GPT/OpenAI only where it describes the company",
        ),
        (
            "Senior Machine Learning Engineer\n\nAbout us\nOur product is built on OpenAI.",
            "names Machine learning only in its title and GPT/OpenAI only where it describes the "
            "company or its benefits, and asks for no skill we know.",
        ),
        ("Python " * 7143 + "!", "An ad can be at most 50,000 characters; this one has 50,002."),
    ],
)
def test_a_rejected_ad_says_why_keeps_the_text_and_saves_nothing(
    user_client, user, market, text, message
):
    title = "My <b>title</b>"
    response = user_client.post("/report/ads/", {"title": title, "text": text})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert '<ul class="errorlist" id="id_text_error">' in html
    assert 'aria-describedby="id_text_helptext id_text_error"' in html
    assert 'aria-invalid="true"' in html
    assert response.context["form"]["text"].value() == text
    assert "My &lt;b&gt;title&lt;/b&gt;" in html
    assert not JobAd.objects.exists()


def test_an_ad_of_exactly_50000_characters_is_read(user_client, user, market):
    text = ("Requirements: Python. " + "x" * 50_000)[:50_000]
    response = user_client.post("/report/ads/", {"title": "", "text": text})
    assert response.status_code == 302
    assert len(JobAd.objects.get(user=user).text) == 50_000


def test_an_ads_line_breaks_count_once_as_the_browser_sends_them_in_two(user_client, user, market):
    # A browser sends each line break of a textarea as CR LF: 1,000 lines of 49 characters
    # are 50,000 characters as pasted, 51,000 as sent.
    lines = ["Requirements: Python." + "x" * 28] + ["y" * 49] * 999
    assert len("\n".join(lines)) == 49_999
    response = user_client.post("/report/ads/", {"title": "", "text": "\r\n".join(lines)})
    assert response.status_code == 302
    assert JobAd.objects.get(user=user).text == "\n".join(lines)


def test_the_ad_box_has_no_maxlength_so_a_long_paste_is_not_cut_by_the_browser(user_client, market):
    html = user_client.get("/report/ads/").content.decode()
    assert 'name="text"' in html and "maxlength" not in html.split('name="text"')[1].split(">")[0]


# ---- The ad's report -------------------------------------------------------------------------


def test_the_report_lists_each_skill_with_its_required_level_and_your_gap(
    user_client, user, ad, onboard
):
    onboard(user, seniority="senior", skills={"python": 4, "pytorch": 2})
    response = user_client.get(f"/report/ads/{ad.pk}/")
    assert response.status_code == 200
    report = response.context["report"]
    gaps = {g.gap.skill: g for g in report.result.gaps}
    assert set(gaps) == {
        "python",
        "pytorch",
        "airflow",
        "snowflake",
        "aws",
        "kubernetes",
        "docker",
    }
    # A senior ad: must-haves at Advanced (4), nice-to-haves at Beginner (2).
    assert gaps["python"].gap.required_level == 4 and gaps["python"].gap.gap == 0
    assert gaps["pytorch"].gap.required_level == 4 and gaps["pytorch"].gap.gap == 2
    assert gaps["kubernetes"].gap.required_level == 2 and not gaps["kubernetes"].must_have
    # Weights: the senior ML Engineer share where the seed measures it, else unmeasured.
    assert gaps["pytorch"].share_text == "63.8% of 2,853 Senior ML Engineer postings"
    assert gaps["snowflake"].share_text == "not measured"
    html = response.content.decode()
    assert "Weighed against Senior ML Engineer postings" in html
    assert (
        "PyTorch</strong> (must-have): from Beginner (2) to Advanced (4), about 108 hours" in html
    )
    assert "Python</strong>: you are at Advanced (4); the ad needs Advanced (4)." in html
    words = " ".join(html.split())
    assert (
        "The ad names GPT/OpenAI only where it describes the company or its benefits, so it does "
        "not count." in words
    )
    assert (
        "The ad names Machine learning only in its title, not where it says what the job needs: "
        "a title names the job, so it does not count." in words
    )


DATA_ENGINEER_AD = """Senior Data Engineer
Requirements
- Python and Airflow
- Spark
- Kubernetes
Nice to have
- Docker
"""


def _lead(html: str) -> str:
    return " ".join(html.split('<p class="lead">')[1].split("</p>")[0].split())


def test_an_ad_whose_role_the_market_has_no_figures_for_says_what_its_weights_come_from(
    user_client, user, market, publish_snapshot
):
    # Before: the seed has no figures for Data Engineer (the role reads titles), yet the lead
    # said "Weighed against Senior Data Engineer postings: the role and seniority its title
    # names." while Python's share came from every posting and the four other skills
    # weighed 50%, as if half of postings asked for them, which only the method said.
    ad = job_ad_create(user=user, text=DATA_ENGINEER_AD)
    html = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    assert _lead(html) == (
        "Read as: Senior Data Engineer. The current market has no figures for Data "
        "Engineer postings: 1 of the 5 skills it asks for is weighed by its share of all "
        "21,359 postings; the other 4 weigh as if half of postings asked for them."
    )
    assert "Weighed against" not in html
    cells = {
        name: row["Share of postings"]
        for name, row in rows_by_name(html, "Every skill the ad asks for").items()
    }
    assert cells["Python"].startswith("74.5% of all 21,359 postings")  # its level, named
    assert cells["Spark"] == "not measured"
    # The CSV names the postings each share is of: 74.5 is not a Data Engineer figure.
    by_skill = {row["skill"]: row for row in rows(user_client.get(f"/report/ads/{ad.pk}.csv"))}
    assert (by_skill["Python"]["share_pct"], by_skill["Python"]["share_of"]) == (
        "74.5",
        "all 21,359 postings",
    )
    assert (by_skill["Spark"]["share_pct"], by_skill["Spark"]["share_of"]) == ("", "")
    unmeasured = job_ad_create(user=user, text="Senior Data Engineer\nRequirements\n- Spark")
    html = user_client.get(f"/report/ads/{unmeasured.pk}/").content.decode()
    assert _lead(html).endswith(
        "The current market has no figures for Data Engineer postings: each skill it asks for "
        "weighs as if half of postings asked for it."
    )
    # A role with figures at other seniorities: the seniority the title gives is named.
    staff = job_ad_create(user=user, text="Staff ML Engineer\nRequirements\n- Python\n- PyTorch")
    html = user_client.get(f"/report/ads/{staff.pk}/").content.decode()
    assert "no figures for Staff / Principal / Lead ML Engineer postings: 1 of the 2" in html
    assert "the other one weighs as if half of postings asked for it." in html

    # A market with figures for the role: weighed against its postings, as the lead says.
    publish_snapshot(
        "Data Engineer",
        "senior",
        {"Python": ("70.0", "Critical"), "Airflow": ("55.0", "Critical")},
        job_count=900,
    )
    html = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    assert _lead(html) == (
        "Read as: Senior Data Engineer. Weighed against Senior Data Engineer postings: the "
        "role and seniority its title names."
    )
    cells = {
        name: row["Share of postings"]
        for name, row in rows_by_name(html, "Every skill the ad asks for").items()
    }
    assert cells["Python"].startswith("70.0% of 900 Senior Data Engineer postings")
    assert cells["Spark"] == "not measured"


def test_the_report_says_how_the_ad_differs_from_your_target(user_client, user, ad, onboard):
    onboard(user, role="ml-engineer", seniority="senior")
    html = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    assert (
        "This ad asks for Airflow, Docker and Snowflake, which your target (Senior ML Engineer) "
        "does not."
    ) in html
    assert (
        "Your target asks for GPT/OpenAI, Machine learning, MLflow, Model optimization, SQL and "
        "TensorFlow, which this ad does not."
    ) in html


def test_against_your_target_a_list_of_alternatives_is_one_requirement(
    user_client, user, market, onboard
):
    onboard(user, role="ml-engineer", seniority="senior")  # asks for AWS, not Java or Scala
    ad = job_ad_create(
        user=user,
        text=(
            "Senior Machine Learning Engineer\nRequirements\n- Python and Airflow\n"
            "- One of AWS, GCP or Azure\n- Java or Scala\n"
        ),
    )
    html = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    assert (
        "This ad asks for Airflow and one of Java or Scala, which your target "
        "(Senior ML Engineer) does not."
    ) in html
    sentence = html[
        html.index('id="target-title"') : html.index("</section>", html.index('id="target-title"'))
    ]
    assert "Azure" not in sentence and "GCP" not in sentence  # AWS meets the list
    assert "Your target asks for GPT/OpenAI, Kubernetes, Machine learning, MLflow" in sentence


def test_without_a_target_the_report_offers_to_choose_one(user_client, ad):
    html = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    assert "You have no target role yet." in html


def test_readiness_for_the_ad_rises_as_you_rate_its_skills(user_client, user, ad):
    before = user_client.get(f"/report/ads/{ad.pk}/").context["report"].score.readiness
    skill_level_set(user=user, skill=Skill.objects.get(slug="pytorch"), level=4)
    after = user_client.get(f"/report/ads/{ad.pk}/").context["report"].score.readiness
    assert before == 0.0 < after


def test_a_title_that_names_no_role_is_weighed_against_your_target_then_every_role(
    user_client, user, market, onboard
):
    ad = job_ad_create(user=user, text="Senior Wizard\nRequirements\n- Python\n- Kubernetes")
    page = user_client.get(f"/report/ads/{ad.pk}/")
    assert page.context["report"].score.role_from == "all"
    python = {g.gap.skill: g for g in page.context["report"].result.gaps}["python"]
    assert python.share_text == "74.5% of all 21,359 postings"
    # The seed has no figures for every role at one seniority: the lead says so.
    assert _lead(page.content.decode()).endswith(
        "Its title names no role we know and you have no target role. The current market has "
        "no figures for senior-level postings across roles: 1 of the 2 skills it asks for is "
        "weighed by its share of all 21,359 postings; the other one weighs as if half of "
        "postings asked for it."
    )
    onboard(user, role="mlops-engineer", seniority="mid")
    page = user_client.get(f"/report/ads/{ad.pk}/")
    assert page.context["report"].score.role_from == "target"
    assert "weighed against your target role, MLOps Engineer" in page.content.decode()
    gaps = {g.gap.skill: g for g in page.context["report"].result.gaps}
    assert gaps["python"].share_text == "82.9% of 76 Senior MLOps Engineer postings"


def test_an_ad_weighed_against_an_ai_ml_research_target_names_the_researcher(
    user_client, user, market, onboard, publish_snapshot
):
    # The role's stored name is "AI/ML Research"; every sentence and share names it as pages
    # do (`Role.label`), at the ad's seniority, over every level, and with no figures at all.
    onboard(user, role="aiml-research", seniority="senior")
    senior = job_ad_create(user=user, text="Senior Wizard\nRequirements\n- Python\n- Kubernetes")
    page = user_client.get(f"/report/ads/{senior.pk}/")
    assert _lead(page.content.decode()).endswith(
        "Its title names no role we know, so it is weighed against your target role, "
        "AI/ML Researcher, at the senior level its title gives."
    )
    gaps = {g.gap.skill: g for g in page.context["report"].result.gaps}
    assert gaps["python"].share_text == "50.0% of 94 Senior AI/ML Researcher postings"

    # Figures for the role over every level only: the share is of "all ... AI/ML Researcher".
    publish_snapshot("AI/ML Research", "all", {"Python": ("90.0", "Critical")}, job_count=500)
    entry = job_ad_create(user=user, text="Junior Wizard\nRequirements\n- Python\n- Kubernetes")
    page = user_client.get(f"/report/ads/{entry.pk}/")
    assert (
        "Its title names no role we know, so your target role, AI/ML Researcher, stands in for "
        "it, at the entry level its title gives. The current market has no figures for Entry "
        "AI/ML Researcher postings: 1 of the 2 skills it asks for is weighed by its share of "
        "all 500 AI/ML Researcher postings;"
    ) in _lead(page.content.decode())
    gaps = {g.gap.skill: g for g in page.context["report"].result.gaps}
    assert gaps["python"].share_text == "90.0% of all 500 AI/ML Researcher postings"

    # No figures for the role at any level.
    publish_snapshot("ML Engineer", "mid", {"Python": ("90.0", "Critical")}, label="Later")
    html = user_client.get(f"/report/ads/{entry.pk}/").content.decode()
    assert _lead(html).endswith(
        "The current market has no figures for AI/ML Researcher postings: each skill it asks "
        "for weighs as if half of postings asked for it."
    )
    assert "AI/ML Research " not in _lead(html) and "AI/ML Research," not in _lead(html)


def test_the_list_shows_each_ad_with_its_readiness(user_client, user, ad):
    skill_level_set(user=user, skill=Skill.objects.get(slug="python"), level=5)
    response = user_client.get("/report/ads/")
    (score,) = response.context["scores"]
    assert score.ad == ad and 0 < score.readiness < 100
    html = response.content.decode()
    assert (
        f'href="/report/ads/{ad.pk}/" aria-describedby="ad-{ad.pk}-asks">'
        "Senior Machine Learning Engineer</a>"
    ) in html
    assert f"{score.readiness:.1f}%" in html


def test_ads_of_one_title_are_told_apart_by_their_first_requirement_and_time_saved(
    user_client, user, market
):
    firsts = [
        "Python and PyTorch in production",
        "Strong SQL and dbt for our analytics models, on Snowflake and Airflow at scale every day",
        "You deploy models on AWS with Docker",
    ]
    for minutes, first in enumerate(firsts):
        text = (
            f"Senior ML Engineer\nAbout us\nWe love Python.\nRequirements\n- {first}\n- Kubernetes"
        )
        ad = job_ad_create(user=user, text=text)
        saved = dt.datetime(2026, 3, 4, 9, minutes, tzinfo=dt.UTC)
        JobAd.objects.filter(pk=ad.pk).update(created_at=saved)
    html = user_client.get("/report/ads/").content.decode()
    _, *rows = table_rows(html, "Your saved job ads")
    # Each ad's first requirement is shown under its title and is its link's description,
    # said once: hidden from the row header, which a screen reader would read it in again.
    assert [row[0] for row in rows] == ["Senior ML Engineer"] * 3
    described = re.findall(
        r'aria-describedby="(ad-\d+-asks)">Senior ML Engineer</a>\s*'
        r'<span class="ad-first-ask" id="\1" aria-hidden="true">([^<]*)</span>',
        html,
    )
    assert sorted(first for _, first in described) == [
        "“Python and PyTorch in production”",
        "“Strong SQL and dbt for our analytics models, on Snowflake and Airflow at scale…”",
        "“You deploy models on AWS with Docker”",
    ]
    # The time is UTC (no zone of the person's own): the page says so, after the time.
    assert sorted(row[-1] for row in rows) == [
        "4 Mar 2026, 09:00 UTC",
        "4 Mar 2026, 09:01 UTC",
        "4 Mar 2026, 09:02 UTC",
    ]
    assert '<time datetime="2026-03-04T09:02:00+00:00">4 Mar 2026, 09:02 UTC</time>' in html


def test_the_list_quotes_the_first_requirement_its_saved_reading_found(
    user_client, user, market, monkeypatch
):
    # "releasing PyTorch Lightning" is one of PyTorch's exclusions: the matcher reads no skill
    # in the first line. Quoted from the saved phrases ("PyTorch") by a regular expression, the
    # list named that line, which asks for nothing.
    text = (
        "Senior ML Engineer\nRequirements\n- Experience releasing PyTorch Lightning modules\n"
        "- PyTorch and Docker in production\n"
    )
    ad = job_ad_create(user=user, text=text)
    assert ad.first_ask == "PyTorch and Docker in production"

    def parsed(*args, **kwargs):
        raise AssertionError("the list parses no ad")

    monkeypatch.setattr("assessments.ad_analysis.ad_passages", parsed)
    html = user_client.get("/report/ads/").content.decode()
    (row,) = table_rows(html, "Your saved job ads")[1:]
    assert row[0] == "Senior ML Engineer"  # the quote is the link's description, said once
    assert re.search(
        r'<span class="ad-first-ask" id="ad-\d+-asks" aria-hidden="true">'
        r"“PyTorch and Docker in production”</span>",
        html,
    )


def test_an_ad_met_in_full_says_which_skills_it_names_not_that_nothing_is_missing(
    user_client, user, market
):
    ad = job_ad_create(user=user, text="Senior ML Engineer\nRequirements\n- Python\n- Docker")
    for ask in ad.skills.select_related("skill"):
        skill_level_set(user=user, skill=ask.skill, level=5)
    response = user_client.get("/report/ads/")
    html, asks = response.content.decode(), response.context["scores"][0].asks
    assert ad.title in html
    assert f"Meets all {len(asks)} skills it names" in html
    assert "Nothing missing" not in html


NICE_UNMEASURED_AD = """Senior Machine Learning Engineer
Requirements
- You build models with PyTorch and Kubernetes
- Strong SQL
Nice to have
- Snowflake
- Kafka is a plus
"""


def test_no_nice_to_have_gains_more_readiness_than_a_must_have_with_as_large_a_gap(
    user_client, user, market
):
    # Snowflake and Kafka are measured by no market level: half the unmeasured weight (0.25)
    # would make them gain more than Kubernetes (16.9% of postings), a must-have.
    ad = job_ad_create(user=user, text=NICE_UNMEASURED_AD)
    html = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    rows = rows_by_name(html, "Every skill the ad asks for")
    assert {name: row["Asked as"] for name, row in rows.items()} == {
        "PyTorch": "Must-have",
        "Kubernetes": "Must-have",
        "SQL": "Must-have",
        "Snowflake": "Nice-to-have",
        "Kafka": "Nice-to-have",
    }

    def gain(row):
        return float(row["Readiness points to gain"].removeprefix("+"))

    def gap(row):
        def level(text):  # "Advanced (4)"
            return int(text.rpartition("(")[2].rstrip(")"))

        return level(row["Required"]) - level(row["Your level"])

    def check(rows):
        musts = [row for row in rows.values() if row["Asked as"] == "Must-have"]
        nices = [row for row in rows.values() if row["Asked as"] == "Nice-to-have"]
        for nice in nices:
            for must in musts:
                if gap(must) >= gap(nice):
                    assert gain(nice) <= gain(must), (nice, must)

    check(rows)
    # Kafka lacks 2 of 2 levels, Kubernetes 4 of 4: a third of Kubernetes's gain (NICE_CAP).
    assert gain(rows["Kafka"]) == pytest.approx(gain(rows["Kubernetes"]) / 3, abs=0.051)
    # Kubernetes at Beginner lacks 2 levels too: Kafka gains less (it gained twice as much,
    # as it weighed what Kubernetes weighs): 1/3 against 2/4 of that weight.
    skill_level_set(user=user, skill=Skill.objects.get(slug="kubernetes"), level=2)
    html = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    rows = rows_by_name(html, "Every skill the ad asks for")
    check(rows)
    assert gain(rows["Kafka"]) == pytest.approx(gain(rows["Kubernetes"]) * 2 / 3, abs=0.051)
    assert (
        "a level it misses never costs more readiness than a level the ad's lightest must-have"
        " misses" in " ".join(html.split())
    )


def test_a_must_have_below_the_floor_says_it_is_counted_at_the_floor(user_client, user, market):
    # Kubernetes: 16.9% of senior postings, below the floor (50%) it now weighs; PyTorch: above.
    ad = job_ad_create(user=user, text=NICE_UNMEASURED_AD)
    html = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    rows = rows_by_name(html, "Every skill the ad asks for")
    assert rows["Kubernetes"]["Share of postings"].endswith(
        "; counted at 50%, the floor for an ad's must-have"
    )
    assert "floor" not in rows["PyTorch"]["Share of postings"]
    assert "That is also the floor for an ad's must-have" in " ".join(html.split())


def test_a_nice_to_have_below_the_floor_weighs_as_much_as_an_unmeasured_one(
    user_client, user, market
):
    # Kubernetes (16.9% of senior postings) as a nice-to-have weighed 0.085, a third of what
    # unmeasured Snowflake weighed (0.25, capped at 1/3 of SQL's floor: 0.167): now the same.
    ad = job_ad_create(
        user=user,
        text="Senior Machine Learning Engineer\nRequirements\n- Strong SQL\n"
        "Nice to have\n- Kubernetes\n- Snowflake\n",
    )
    html = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    rows = rows_by_name(html, "Every skill the ad asks for")
    gains = {name: row["Readiness points to gain"] for name, row in rows.items()}
    assert gains["Kubernetes"] == gains["Snowflake"]  # both lack 2 of 2 levels
    assert rows["Kubernetes"]["Share of postings"].endswith(
        "; counted at 17%, the floor for an ad's nice-to-have held to 1/3 of its lightest must-have"
    )
    assert "floor" not in rows["Snowflake"]["Share of postings"]
    assert "A nice-to-have likewise counts at least what an unmeasured one does" in " ".join(
        html.split()
    )


# ---- CSV -------------------------------------------------------------------------------------


def test_the_csv_has_one_row_per_skill_with_the_documented_columns(user_client, user, ad):
    skill_level_set(user=user, skill=Skill.objects.get(slug="python"), level=2)
    response = user_client.get(f"/report/ads/{ad.pk}.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="ad-{ad.pk}-senior-machine-learning-engineer.csv"'
    )
    assert response.content.decode().splitlines()[0] == (
        "skill,required_level,your_level,gap,must_have,share_pct,share_is_lower_bound,"
        "alternative_to,share_of,readiness_points_to_gain,hours_to_close"
    )
    by_skill = {row["skill"]: row for row in rows(response)}
    assert len(by_skill) == 7 and "Machine learning" not in by_skill  # named in the title only
    assert by_skill["Python"] == {
        "skill": "Python",
        "required_level": "4",
        "your_level": "2",
        "gap": "2",
        "must_have": "yes",
        "share_pct": "81.3",
        "share_is_lower_bound": "no",
        "alternative_to": "",  # asked for itself
        "share_of": "2,853 Senior ML Engineer postings",
        "readiness_points_to_gain": "12.1",  # Kubernetes, nice at 16.9%, at the floor
        "hours_to_close": "90",
    }
    assert by_skill["Kubernetes"]["must_have"] == "no"
    assert by_skill["Kubernetes"]["required_level"] == "2"
    assert by_skill["Snowflake"]["share_pct"] == ""
    assert by_skill["Snowflake"]["share_is_lower_bound"] == ""  # not measured
    assert by_skill["Snowflake"]["share_of"] == ""


def test_the_csv_ends_with_the_pages_points_and_hours_for_each_skill(
    user_client, user, ad, onboard
):
    onboard(user, skills={"python": 4, "pytorch": 2, "aws": 1})
    table = rows_by_name(
        user_client.get(f"/report/ads/{ad.pk}/").content.decode(), "Every skill the ad asks for"
    )
    response = user_client.get(f"/report/ads/{ad.pk}.csv")
    header = response.content.decode().splitlines()[0].split(",")
    assert header[-2:] == ["readiness_points_to_gain", "hours_to_close"]
    csv_rows = {row["skill"]: row for row in rows(response)}
    assert set(csv_rows) == set(table)
    for name, cells in table.items():
        points = cells["Readiness points to gain"]
        shown = "0.0" if points == "none (met)" else points.removeprefix("+")
        assert csv_rows[name]["readiness_points_to_gain"] == shown, name
        assert csv_rows[name]["hours_to_close"] == cells["Hours to close"].replace(",", ""), name
    assert table["Python"]["Readiness points to gain"] == "none (met)"
    assert csv_rows["PyTorch"]["hours_to_close"] != "0"


def test_csv_cells_that_look_like_formulas_are_neutralised(user_client, user, market):
    Skill.objects.create(
        name="=HYPERLINK(1)", aliases="hyperlinkology", category=SkillCategory.OTHER
    )
    ad = job_ad_create(user=user, text="Hyperlinkology and Python required")
    body = rows(user_client.get(f"/report/ads/{ad.pk}.csv"))
    assert {row["skill"] for row in body} == {"'=HYPERLINK(1)", "Python"}


# ---- Deleting --------------------------------------------------------------------------------


def test_deleting_asks_first_then_deletes_the_ad_and_its_skills(user_client, ad):
    confirm = user_client.get(f"/report/ads/{ad.pk}/delete/")
    assert confirm.status_code == 200
    assert "Delete this job ad?" in confirm.content.decode()
    assert JobAd.objects.filter(pk=ad.pk).exists()
    response = user_client.post(f"/report/ads/{ad.pk}/delete/")
    assert response.status_code == 302 and response.url == "/report/ads/"
    assert not JobAd.objects.filter(pk=ad.pk).exists()
    assert not JobAdSkill.objects.filter(ad_id=ad.pk).exists()
    followed = user_client.get(response.url)
    assert "Deleted the job ad “Senior Machine Learning Engineer”." in followed.content.decode()


# ---- Who may see an ad -----------------------------------------------------------------------

AD_URLS = ["/report/ads/{id}/", "/report/ads/{id}.csv", "/report/ads/{id}/delete/"]
# Another person gets 404 from each of them, by every method and as htmx:
# tests/accounts/test_isolation.py (OWNED).


def test_another_persons_ad_is_404_after_rating_from_its_filtered_list(client, other_user, ad):
    client.force_login(other_user)
    form = {"level-python": "3", "ad": str(ad.pk), "next": "ad"}
    response = client.post("/skills/", form, follow=True)
    assert response.status_code == 404


def test_another_persons_ads_are_not_in_your_list(client, other_user, ad):
    client.force_login(other_user)
    assert client.get("/report/ads/").context["scores"] == []


@pytest.mark.parametrize("url", ["/report/ads/", *AD_URLS])
def test_anonymous_visitors_get_the_log_in_page(client, ad, url):
    response = client.get(url.format(id=ad.pk))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/?next=")


def test_an_unknown_ad_is_404(user_client, market):
    assert user_client.get("/report/ads/999999/").status_code == 404


# ---- Strict pages and query counts ----------------------------------------------------------


@pytest.mark.parametrize("url", ["/report/ads/", "/report/ads/{id}/", "/report/ads/{id}/delete/"])
def test_ad_pages_are_strict_and_labelled(user_client, user, ad, onboard, url):
    onboard(user)
    response = user_client.get(url.format(id=ad.pk))
    assert response.status_code == 200
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert audit(response) == []


def test_a_rejected_paste_is_strict_and_labelled(user_client, market):
    response = user_client.post("/report/ads/", {"text": ""})
    assert audit(response) == []


def grow(user, n_ads: int) -> None:
    texts = [AD, "Staff Data Engineer\nSpark, Kafka, SQL; Tableau is a plus", "Wizard\nR and Excel"]
    for i in range(n_ads):
        job_ad_create(user=user, text=texts[i % len(texts)])


# url -> the queries it takes, session, user and profile included; the pages that show what an
# ad asks for read the market version (one query) to know the reading rules this process keeps
# for it are current (their two queries, skills and roles, once per process and market change).
AD_PAGE_QUERIES = {
    "/report/ads/": 10,
    "/report/ads/{id}/": 13,
    "/report/ads/{id}.csv": 10,
    "/report/ads/{id}/delete/": 6,
    "/skills/?ad={id}": 18,  # the page cache read the market version: the rules read none
}


@pytest.mark.parametrize("url", AD_PAGE_QUERIES)
def test_ad_pages_take_the_same_queries_whatever_the_number_of_ads_and_skills(
    user_client, user, ad, onboard, django_assert_max_num_queries, url
):
    onboard(user, skills={"python": 3, "sql": 2})
    limits = AD_PAGE_QUERIES
    with django_assert_max_num_queries(limits[url]):
        assert user_client.get(url.format(id=ad.pk)).status_code == 200
    grow(user, 6)
    for slug in ["spark", "kafka", "tableau", "excel", "r"]:
        skill_level_set(user=user, skill=Skill.objects.get(slug=slug), level=1)
    with django_assert_max_num_queries(limits[url]):
        assert user_client.get(url.format(id=ad.pk)).status_code == 200


# ---- Rating the skills an ad asks for --------------------------------------------------------


def test_skills_filtered_to_an_ad_show_only_what_it_asks_for(user_client, user, ad, onboard):
    onboard(user)
    response = user_client.get(f"/skills/?ad={ad.pk}")
    assert response.status_code == 200
    (group,) = response.context["page"].groups
    assert {row.skill.slug for row in group.rows} == {g.gap.skill for g in job_ad_gaps(user, ad)}
    asks = {row.skill.slug: row.asks for row in group.rows}
    assert asks["pytorch"] == "Must-have in this ad; needs Advanced (4)"
    assert asks["docker"] == "Nice-to-have in this ad; needs Beginner (2)"
    html = response.content.decode()
    assert "Showing the 7 skills the job ad “Senior Machine Learning Engineer” asks for." in html
    assert f'<input type="hidden" name="ad" value="{ad.pk}">' in html
    assert audit(response) == []


def test_rating_without_javascript_goes_back_to_the_filtered_list(user_client, ad):
    response = user_client.post("/skills/", {"level-pytorch": "3", "ad": str(ad.pk)})
    assert response.url == f"/skills/?ad={ad.pk}#skill-pytorch"
    response = user_client.post("/skills/", {"level-pytorch": "2", "ad": "x/../"})
    assert response.url == "/skills/#skill-pytorch"


def test_the_filtered_lists_button_saves_and_goes_back_to_the_ads_report(user_client, ad):
    response = user_client.post(
        "/skills/", {"level-snowflake": "4", "ad": str(ad.pk), "next": "ad"}
    )
    assert response.url == f"/report/ads/{ad.pk}/"
    assert ad.user.skill_levels.get(skill__slug="snowflake").level == 4


@pytest.mark.parametrize("value", ["{other}", "999999", "abc", "²", ""])
def test_skills_filtered_to_someone_elses_or_no_ad_is_404(client, other_user, ad, value):
    client.force_login(other_user)
    assert client.get(f"/skills/?ad={value.format(other=ad.pk)}").status_code == 404


def ad_readiness(user, ad) -> str:
    profile = profile_for(user=user)
    score = job_ad_report_for(user=user, profile=profile, ad_id=ad.pk).score
    return f"{score.readiness:.1f}%"


def test_skills_filtered_to_an_ad_give_the_ads_readiness_not_the_targets(
    user_client, user, ad, onboard
):
    onboard(user, skills={"python": 4, "pytorch": 2, "sql": 4})
    target = user_client.get("/skills/").context["page"].report.result.readiness_display
    ads = ad_readiness(user, ad)
    assert ads != f"{target:.1f}%"
    html = user_client.get(f"/skills/?ad={ad.pk}").content.decode()
    assert (
        f'Readiness for <a href="/report/ads/{ad.pk}/">the job ad “Senior Machine Learning '
        f'Engineer”</a>:\n      <span class="readiness">{ads}</span>'
    ) in html
    assert f"{target:.1f}%" not in html


def test_rating_an_ads_skill_with_htmx_confirms_with_the_ads_new_readiness(
    user_client, user, ad, onboard
):
    onboard(user, skills={"python": 4})
    before = ad_readiness(user, ad)
    response = user_client.post(
        "/skills/", {"level-pytorch": "4", "ad": str(ad.pk)}, headers={"HX-Request": "true"}
    )
    after = ad_readiness(user, ad)
    assert after != before
    html = response.content.decode()
    assert (
        "Saved: PyTorch is now Advanced (4). Readiness for the job ad “Senior Machine Learning "
        f"Engineer”: {after}."
    ) in html
    assert f'<span class="readiness">{after}</span>' in html
    trigger = json.loads(response.headers["HX-Trigger"])["skillsChanged"]
    assert f"{trigger['readiness']:.1f}%" == after


def test_rating_an_ads_skill_without_javascript_returns_to_the_ads_readiness(
    user_client, user, ad, onboard
):
    onboard(user, skills={"python": 4})
    response = user_client.post("/skills/", {"level-pytorch": "4", "ad": str(ad.pk)}, follow=True)
    html = response.content.decode()
    assert "Saved: PyTorch is now Advanced (4)." in html
    assert f'<span class="readiness">{ad_readiness(user, ad)}</span>' in html
    assert 'Readiness for <a href="/report/ads/' in html


def test_rating_with_htmx_on_someone_elses_ad_is_404_and_saves_nothing(client, other_user, ad):
    client.force_login(other_user)
    for value in [str(ad.pk), "x"]:
        response = client.post(
            "/skills/", {"level-pytorch": "4", "ad": value}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 404
    assert not other_user.skill_levels.exists()


def test_the_unfiltered_skills_page_is_unchanged(user_client, user, ad, onboard):
    onboard(user)
    groups = user_client.get("/skills/").context["page"].groups
    assert groups[0].is_target and len(groups) > 1


def job_ad_gaps(user, ad):
    profile = profile_for(user=user)
    return job_ad_report_for(user=user, profile=profile, ad_id=ad.pk).result.gaps


# ---- Lists of alternatives -------------------------------------------------------------------

ALTERNATIVES_AD = """Senior Machine Learning Engineer
Requirements
- Python
- One of AWS, GCP or Azure
"""


@pytest.fixture
def alternatives_ad(user, market):
    skill_level_set(user=user, skill=Skill.objects.get(slug="gcp"), level=4)
    return job_ad_create(user=user, text=ALTERNATIVES_AD)


def test_the_report_counts_the_alternative_you_are_closest_to(user_client, alternatives_ad):
    response = user_client.get(f"/report/ads/{alternatives_ad.pk}/")
    gaps = {g.gap.skill: g for g in response.context["report"].result.gaps}
    assert {"python", "gcp"} <= set(gaps) and not {"aws", "azure"} & set(gaps)
    assert gaps["gcp"].gap.gap == 0
    html = response.content.decode()
    assert "Must-have, one of AWS, GCP or Azure" in html
    assert (
        "One of AWS, GCP or Azure: GCP counts for you; AWS (you: None (0)) and Azure (you: None "
        "(0)) are not required."
    ) in html
    assert "GCP</strong>: you are at Advanced (4); the ad needs Advanced (4)." in html


def test_a_list_of_alternatives_is_one_must_have_in_the_list_of_ads(user_client, alternatives_ad):
    (score,) = user_client.get("/report/ads/").context["scores"]
    musts = [row for row in score.asks if row.kind == JobAdSkill.Kind.MUST]
    assert score.must_count == len(musts) - 2  # AWS, GCP and Azure count once


def test_the_csv_lists_the_alternatives_that_do_not_count_as_not_required(
    user_client, alternatives_ad
):
    by_skill = {
        row["skill"]: row for row in rows(user_client.get(f"/report/ads/{alternatives_ad.pk}.csv"))
    }
    assert by_skill["GCP"]["must_have"] == "yes" and by_skill["GCP"]["required_level"] == "4"
    assert by_skill["GCP"]["alternative_to"] == "" and by_skill["Python"]["alternative_to"] == ""
    # Not a requirement at level 0: an alternative to GCP, the one that counts.
    assert by_skill["AWS"] == {
        "skill": "AWS",
        "required_level": "0",
        "your_level": "0",
        "gap": "0",
        "must_have": "no",
        "share_pct": "",
        "share_is_lower_bound": "",
        "alternative_to": "GCP",
        "share_of": "",
        "readiness_points_to_gain": "0.0",
        "hours_to_close": "0",
    }
    assert by_skill["Azure"]["alternative_to"] == "GCP"


def test_the_skills_filtered_to_an_ad_list_its_alternatives_too(user_client, alternatives_ad):
    (group,) = user_client.get(f"/skills/?ad={alternatives_ad.pk}").context["page"].groups
    asks = {row.skill.slug: row.asks for row in group.rows}
    assert asks["aws"] == (
        "Alternative to GCP in this ad (one of AWS, GCP or Azure); not required while GCP counts"
    )
    assert asks["gcp"] == "Must-have, one of AWS, GCP or Azure in this ad; needs Advanced (4)"


def test_every_page_counts_a_list_of_alternatives_as_one_skill_the_ad_asks_for(
    user_client, alternatives_ad
):
    # Python and one of AWS, GCP or Azure: two skills asked for, two alternatives besides.
    ad_page = user_client.get(f"/report/ads/{alternatives_ad.pk}/").content.decode()
    assert "of the 2 skills this ad asks for" in ad_page
    assert "a list of alternatives counts once" in ad_page
    ads_list = user_client.get("/report/ads/").content.decode()
    assert "2 (2 must-haves); 2 alternatives besides" in ads_list
    skills = user_client.get(f"/skills/?ad={alternatives_ad.pk}").content.decode()
    assert (
        "Showing the 2 skills the job ad “Senior Machine Learning Engineer” asks for, and the "
        "2 alternatives it accepts instead of one of them."
    ) in skills
    assert "The 2 skills the ad asks for and 2 alternatives to one of them" in skills
    assert "24 skills" not in skills and "4 skills" not in skills


def test_the_ads_table_writes_levels_and_met_gaps_as_the_gap_report_does(
    user_client, user, ad, onboard
):
    onboard(user, seniority="senior", skills={"python": 4, "pytorch": 2})
    html = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    table = rows_by_name(html, "Every skill the ad asks for")
    assert (table["Python"]["Required"], table["Python"]["Your level"]) == (
        "Advanced (4)",
        "Advanced (4)",
    )
    assert table["Python"]["Readiness points to gain"] == "none (met)"
    assert (table["Snowflake"]["Required"], table["Snowflake"]["Your level"]) == (
        "Advanced (4)",
        "None (0)",
    )


def test_the_lead_names_how_the_ad_was_read_without_a_wrong_article(user_client, user, market):
    # "Read as a Entry (no role we know from its title) ad": the article was always "a".
    entry = job_ad_create(user=user, text="Junior Wizard\nRequirements\n- Python")
    ai = job_ad_create(user=user, text="Senior AI Engineer\nRequirements\n- Python")
    leads = [_lead(user_client.get(f"/report/ads/{ad.pk}/").content.decode()) for ad in (entry, ai)]
    assert leads[0].startswith("Read as: Entry (no role we know from its title). ")
    assert leads[1].startswith("Read as: Senior AI Engineer. ")
