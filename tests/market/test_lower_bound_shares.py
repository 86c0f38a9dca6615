"""Skills asked for in many wordings (Skill.wording_varies): counted from postings, their
shares are lower bounds and say so ("at least"); the seed's transcribed figures do not."""

import json
import re
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.urls import reverse

from market.certainty import ShareOfPostings
from market.ingestion.figures import DemandFigure, LevelFigure, MarketFigures
from market.ingestion.seed import seed_file
from market.models import Skill, Snapshot
from market.services.snapshots import snapshot_create, snapshot_publish
from tests.html_tables import rows_by_name

SHARES = {"Python": "90.0", "Model serving": "30.0", "Team leadership": "12.5"}


def published(*, transcription: bool, jobs: int = 1000) -> Snapshot:
    """A published market of Senior ML Engineer (`jobs` postings) with two skills asked for in
    many wordings; `transcription`: made as the seed is (its import summary says so)."""
    figures = MarketFigures(
        levels=[LevelFigure("ML Engineer", "senior", jobs, None)],
        demands=[
            DemandFigure("ML Engineer", "senior", name, Decimal(share), "High")
            for name, share in SHARES.items()
        ],
    )
    snapshot = snapshot_create(
        figures=figures,
        label="Counted",
        source="tests",
        analysis_date=Snapshot.objects.get(is_current=True).analysis_date,
        import_summary={"origin": "seed"} if transcription else {"format": "postings"},
    )
    return snapshot_publish(snapshot=snapshot)


def detail(client) -> str:
    return client.get(reverse("market:detail", args=["ml-engineer", "senior"])).content.decode()


def test_a_counted_market_shows_the_shares_of_skills_asked_for_in_many_wordings_as_at_least(
    client, seed_snapshot
):
    published(transcription=False)
    page = detail(client)
    rows = rows_by_name(page, "Share of Senior ML Engineer postings")
    assert rows["Model serving"]["Share of postings"] == "at least 30.0%"
    assert rows["Team leadership"]["Share of postings"] == "at least 12.5%"
    assert rows["Python"]["Share of postings"] == "90.0%"
    key = " ".join(page.replace("<strong>", "").replace("</strong>", "").split())
    assert (
        "At least: Model serving, Team leadership are asked for in more wordings than the "
        "skill finder knows" in key
    )
    chart = json.loads(page.split('id="detail-chart" type="application/json">')[1].split("<")[0])
    assert "Model serving (at least)" in chart["data"]["labels"]
    assert "Python" in chart["data"]["labels"]


def test_a_transcribed_market_shows_its_figures_as_they_were_written(client, seed_snapshot):
    published(transcription=True)
    page = detail(client)
    rows = rows_by_name(page, "Share of Senior ML Engineer postings")
    assert rows["Model serving"]["Share of postings"] == "30.0%"
    assert "at least" not in page.lower()


def test_the_flag_is_a_skill_setting_the_admin_can_change(client, seed_snapshot):
    published(transcription=False)
    Skill.objects.filter(name="Team leadership").update(wording_varies=False)
    rows = rows_by_name(detail(client), "Share of Senior ML Engineer postings")
    assert rows["Team leadership"]["Share of postings"] == "12.5%"
    assert rows["Model serving"]["Share of postings"] == "at least 30.0%"


def test_the_seed_taxonomy_and_the_migrations_flag_the_same_skills(db):
    first = import_module("market.migrations.0010_skill_wording_varies")
    more = import_module("market.migrations.0016_more_skills_wording_varies")
    in_seed = {s["slug"] for s in seed_file("skills.json")["skills"] if s.get("wording_varies")}
    in_db = set(Skill.objects.filter(wording_varies=True).values_list("slug", flat=True))
    assert in_seed == set(first.WORDING_VARIES) | set(more.WORDING_VARIES) == in_db
    assert len(in_seed) == 17


def test_the_readme_gives_the_number_of_skills_the_seed_flags():
    flagged = sum(bool(s.get("wording_varies")) for s in seed_file("skills.json")["skills"])
    readme = (settings.BASE_DIR / "README.md").read_text()
    said = re.findall(r"(\d+) (?:in the seed taxonomy, the practices|skills flagged as)", readme)
    assert said == [str(flagged)] * 2


class _SchemaEditor:
    connection = connection


@pytest.mark.django_db
def test_the_second_flag_migration_flags_three_duties_and_reverses():
    more = import_module("market.migrations.0016_more_skills_wording_varies")
    Skill.objects.update(wording_varies=False)
    more.flag(django_apps, _SchemaEditor())
    flagged = set(Skill.objects.filter(wording_varies=True).values_list("slug", flat=True))
    assert flagged == {"distributed-training", "llm-fine-tuning", "ml-system-design"}
    more.unflag(django_apps, _SchemaEditor())
    assert not Skill.objects.filter(wording_varies=True).exists()


@pytest.mark.parametrize("lower_bound", [False, True])
def test_a_lower_bound_changes_no_figure_of_the_share(lower_bound):
    share = ShareOfPostings(30.0, 120, lower_bound)
    assert (share.mentions, share.is_few, share.interval_pct) == (
        36,
        True,
        ShareOfPostings(30.0, 120).interval_pct,
    )


def test_the_interval_beside_a_lower_bound_says_it_is_the_counted_share_s():
    # Beside "at least 30.0%", a bare "95% interval 22.5-38.7%" reads as if the market's share
    # were at most 38.7%; it bounds the count, and the market's share may lie above it.
    share, lower_bound = ShareOfPostings(30.0, 120), ShareOfPostings(30.0, 120, lower_bound=True)
    assert (share.interval_label, share.interval_range) == ("95% interval", "22.5–38.7%")
    assert lower_bound.interval_label == "counted share's 95% interval"
    assert lower_bound.interval_range == "22.5–38.7%"
    assert ShareOfPostings(30.0, 1000, lower_bound=True).interval_range == ""


def test_the_detail_page_of_few_counted_postings_says_whose_interval_it_shows(
    client, seed_snapshot
):
    published(transcription=False, jobs=120)
    page = detail(client)
    rows = rows_by_name(page, "Share of Senior ML Engineer postings")
    assert (
        rows["Model serving"]["Share of postings"]
        == "at least 30.0% (counted share's 95% interval 22.5–38.7%)"
    )
    assert rows["Python"]["Share of postings"] == "90.0% (95% interval 83.3–94.2%)"
    assert '<span class="range">22.5–38.7%)</span>' in page  # kept on one line (site.css)
    key = " ".join(page.split())
    assert (
        "each share carries its 95% interval: the range the share of the whole market most "
        "likely lies in; beside an “at least” share it is the counted share's, and the "
        "market's share may lie above it." in key
    )


def test_the_detail_page_of_few_transcribed_postings_keeps_the_plain_interval(
    client, seed_snapshot
):
    published(transcription=True, jobs=120)
    page = " ".join(detail(client).split())
    rows = rows_by_name(page, "Share of Senior ML Engineer postings")
    assert rows["Model serving"]["Share of postings"] == "30.0% (95% interval 22.5–38.7%)"
    assert "counted share" not in page
    assert "the range the share of the whole market most likely lies in." in page


def test_the_overview_s_top_skills_say_at_least_on_a_counted_market(client, seed_snapshot):
    published(transcription=False)
    page = client.get(reverse("market:index")).content.decode()
    rows = rows_by_name(page, "Share of all measured postings that mention each skill")
    assert rows["Model serving"]["Share of postings"] == "at least 30.0%"
    assert rows["Python"]["Share of postings"] == "90.0%"
    key = " ".join(page.replace("<strong>", "").replace("</strong>", "").split())
    assert "At least: Model serving, Team leadership are asked for in more wordings" in key
    assert "their shares miss the postings that say them in other words." in key


def test_the_overview_of_a_transcribed_market_says_no_at_least(client, seed_snapshot):
    published(transcription=True)
    page = client.get(reverse("market:index")).content.decode()
    rows = rows_by_name(page, "Share of all measured postings that mention each skill")
    assert rows["Model serving"]["Share of postings"] == "30.0%"
    assert "at least" not in page.lower()


def test_the_overview_headline_names_the_top_skills_of_all_postings_once_each(
    client, seed_snapshot
):
    # A market counted from postings has an "All" row per skill at every seniority and over all
    # of them; the headline speaks of all postings: the largest shares over all levels, each once.
    shares = {
        "Python": "83.0", "SQL": "60.0", "Model serving": "55.0", "AWS": "40.0",
        "Docker": "30.0", "Git": "20.0", "Team leadership": "10.0",
    }  # fmt: skip
    demands = [
        DemandFigure(None, level, name, Decimal(share) - offset, "High")
        for offset, level in enumerate(["all", "entry", "mid", "senior", "staff"])
        for name, share in shares.items()
    ]
    levels = [
        LevelFigure(None, level, 500, None) for level in ["all", "entry", "mid", "senior", "staff"]
    ]
    snapshot = snapshot_create(
        figures=MarketFigures(levels=levels, demands=demands),
        label="Counted",
        source="tests",
        analysis_date=seed_snapshot.analysis_date,
        import_summary={"format": "postings"},
    )
    snapshot_publish(snapshot=snapshot)
    page = " ".join(client.get(reverse("market:index")).content.decode().split())
    headline = [
        line.split("</strong>")[0] + " " + line.split("mentioned in ")[1].split(" of jobs")[0]
        for line in page.split("postings, <strong>")[1:]
    ]
    assert headline == [
        "Python 83.0%", "SQL 60.0%", "Model serving at least 55.0%", "AWS 40.0%", "Docker 30.0%",
    ]  # fmt: skip
    # The snapshot does not say how many postings it counted: no "unknown" in the sentence.
    assert "Across all postings, <strong>Python</strong>" in page
    assert "unknown postings" not in page
