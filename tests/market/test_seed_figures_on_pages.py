"""Every figure of the seed analysis is on a page people read, as the analysis prints it:
test_seed_figures.py checks the data, this walks the rendered market pages."""

import html
import io
import re
from datetime import date

import pytest
from django.urls import reverse

from market.ingestion.aggregate import aggregate_read
from market.models import Role, SeedInsight
from market.services.snapshots import snapshot_create, snapshot_publish
from market.vocabulary import SENIORITIES_WITH_ALL
from tests.market.seed_markdown import SEED_MARKDOWN, numbers_in
from tests.market.test_explorer_pages import publish_without

pytestmark = pytest.mark.django_db

PAGES = ["index", "compare", "paths", "timeline", "trends", "resources"]


def _text(page: str) -> str:
    """The visible text of a page: scripts (chart data) and tags dropped, white space collapsed."""
    page = re.sub(r"<script\b.*?</script>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split()).replace(" ,", ",")


def _read(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return _text(response.content.decode())


def _market_pages(client) -> dict[str, str]:
    """The text of every market page: the overview and its siblings, and every role's
    detail at every seniority and all levels that has figures (the others answer 404)."""
    pages = {name: _read(client, reverse(f"market:{name}")) for name in PAGES}
    for slug in Role.objects.values_list("slug", flat=True):
        for seniority in SENIORITIES_WITH_ALL:
            url = reverse("market:detail", args=[slug, seniority])
            response = client.get(url)
            if response.status_code != 404:
                assert response.status_code == 200, url
                pages[url] = _text(response.content.decode())
    return pages


def test_every_number_of_the_seed_analysis_is_on_a_market_page(client, seed_snapshot):
    shown = numbers_in("\n".join(_market_pages(client).values()))
    in_seed = numbers_in(SEED_MARKDOWN.read_text(encoding="utf-8"), skip_ordinals=True)
    assert len(in_seed) > 100
    assert sorted(in_seed - shown, key=float) == []


def test_every_statement_of_the_seed_analysis_is_quoted_word_for_word_on_a_page(
    client, seed_snapshot
):
    text = "\n".join(_market_pages(client).values())
    # "Based on: 21,359 ..." is the overview's headline count and its notes.
    statements = list(SeedInsight.objects.exclude(key="based-on").values_list("text", flat=True))
    assert len(statements) == 34
    assert [s for s in statements if " ".join(s.split()) not in text] == []


def test_a_roles_statements_are_quoted_on_its_own_pages_only(client, seed_snapshot):
    drop = "Python drops to 30.4% for senior LLM roles (vs 63% for mid-level)"
    llm = _read(client, reverse("market:detail", args=["llmgenai-engineer", "mid"]))
    assert drop in llm
    assert "AWS jumps to 68.9% (cloud infrastructure becomes critical)" in llm
    assert drop not in _read(client, reverse("market:detail", args=["ml-engineer", "mid"]))
    both = "Senior roles expect BOTH TensorFlow AND PyTorch (92% + 64%)."
    assert both in _read(client, reverse("market:detail", args=["ml-engineer", "senior"]))


def test_the_seed_statements_are_not_quoted_beside_another_markets_figures(client, seed_snapshot):
    top = "AWS - 52-62% of jobs (Cloud is essential)"
    assert top in _read(client, reverse("market:index"))
    publish_without(seed_snapshot, "senior")
    pages = _market_pages(client)
    quoted = [
        s
        for s in SeedInsight.objects.exclude(key__startswith="path-").values_list("text", flat=True)
        if any(" ".join(s.split()) in text for text in pages.values())
    ]
    assert quoted == []


ONE_POSTING = """role,seniority,job_count,avg_salary_usd,skill,share_pct,priority
All,all,2,,,,
ML Engineer,all,2,150000,,,
ML Engineer,mid,1,150000,,,
ML Engineer,mid,,,Python,100.0,Critical
ML Engineer,senior,1,,,,
ML Engineer,senior,,,Python,0.0,Not required
"""


def test_one_posting_is_one_posting_and_one_job_on_every_page_that_counts_them(client):
    figures = aggregate_read(io.StringIO(ONE_POSTING), name="one.csv").figures
    snapshot = snapshot_create(
        figures=figures, label="One each", source="test", analysis_date=date(2025, 11, 1)
    )
    snapshot_publish(snapshot=snapshot)
    overview = _read(client, reverse("market:index"))
    detail = _read(client, reverse("market:detail", args=["ml-engineer", "mid"]))
    assert "ML Engineer $150,000 1 job unknown 1 job $150,000 2 jobs" in overview  # salaries
    assert "Mid-level ML Engineer: 1 posting, average salary $150,000" in overview
    assert "Senior ML Engineer: 1 posting" in overview
    assert "With only 1 posting, each share" in detail
    assert "about 1 of 1" in detail
    found = re.findall(r"\b1 (?:postings|jobs)\b", overview + detail)
    assert found == []
