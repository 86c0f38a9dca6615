"""Before a skill's matching rules are saved, the admin previews what they would do: how many
postings of the current market's source would gain or lose the skill, or why it cannot say."""

import csv
import re

import pytest
from django.urls import reverse

from market.ingestion.importing import market_import
from market.models import Skill
from tests.market.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

# Written for this test: two postings that use the verb, two the tool, one both.
POSTINGS = [
    "You will have the opportunity to excel.",
    "People who excel at data thrive here.",
    "Reports in Excel and SQL.",
    "Advanced Excel required.",
    "Excel dashboards, and the opportunity to excel.",
]


def _postings_file(tmp_path):
    path = tmp_path / "postings.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["title", "company", "description"])
        writer.writerows(("Data Analyst", f"Firm {i}", text) for i, text in enumerate(POSTINGS))
        # The import counts neither a blank row nor an exact duplicate: nor does the preview.
        writer.writerows([("", "", ""), ("Data Analyst", "Firm 0", POSTINGS[0])])
    return path


def _preview(admin_client, slug: str, **changes):
    """Press "Preview the change" on the skill's change form with `changes` typed in."""
    skill = Skill.objects.get(slug=slug)
    url = reverse("admin:market_skill_change", args=[skill.pk])
    data = admin_form_data(admin_client.get(url).content.decode(), "skill_form")
    data.update(changes, _preview="Preview the change")
    return admin_client.post(url, data)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def market_from_kept_postings(tmp_path):
    # Excel as it was before issue 15: any case, no exclusion phrase.
    Skill.objects.filter(slug="excel").update(case_sensitive_aliases="", exclusions="")
    return market_import(_postings_file(tmp_path), publish=True, keep_source=True).snapshot


def test_the_preview_counts_postings_that_would_lose_or_gain_the_skill_and_saves_nothing(
    admin_client, market_from_kept_postings
):
    before = Skill.objects.values().get(slug="excel")
    response = _preview(
        admin_client, "excel", exclusions="opportunity to excel\r\nwho excel", aliases=""
    )
    text = _text(response)
    assert response.status_code == 200
    assert "Preview: nothing is saved yet" in text
    assert "In the 5 postings of postings.csv" in text
    assert "find this skill in 3 postings; as saved, in 5." in text
    assert "0 postings would gain the skill." in text
    assert "2 postings would lose it." in text
    # What was typed is still in the form; nothing was saved.
    assert "who excel</textarea>" in response.content.decode()
    assert Skill.objects.values().get(slug="excel") == before


def test_the_preview_counts_a_skill_the_source_gains(admin_client, market_from_kept_postings):
    text = _text(_preview(admin_client, "sql", aliases="dashboards"))
    assert "1 posting would gain the skill." in text and "0 postings would lose it." in text


def test_the_preview_of_rules_that_cannot_work_shows_the_problem_not_counts(
    admin_client, market_from_kept_postings
):
    response = _preview(admin_client, "excel", exclusions="opportunity to grow")
    assert "holds none of this skill" in response.content.decode()
    assert "Preview: nothing is saved yet" not in _text(response)


def test_an_uploaded_source_is_not_kept_and_the_preview_says_so(admin_client, tmp_path):
    market_import(_postings_file(tmp_path), name="upload.csv", publish=True)
    text = _text(_preview(admin_client, "excel", exclusions="opportunity to excel"))
    assert "The postings file the current market was counted from (upload.csv) is not kept" in text


def test_a_market_not_counted_from_postings_has_nothing_to_preview(admin_client):
    text = _text(_preview(admin_client, "excel", exclusions="opportunity to excel"))
    assert "The current market was not counted from job postings" in text


def test_saving_still_saves(admin_client, market_from_kept_postings):
    skill = Skill.objects.get(slug="excel")
    url = reverse("admin:market_skill_change", args=[skill.pk])
    data = admin_form_data(admin_client.get(url).content.decode(), "skill_form")
    data.update(exclusions="opportunity to excel")
    assert admin_client.post(url, data).status_code == 302
    assert Skill.objects.get(slug="excel").exclusions == "opportunity to excel"
