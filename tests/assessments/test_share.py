"""Read-only share links: create, open logged out, revoke."""

import re

import pytest

from assessments.models import Plan, ShareLink
from assessments.services.skills import skill_level_set
from market.models import Skill
from tests.html_tables import rows_by_name, table_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plans_start_ahead")]


def share_token(client) -> str:
    client.post("/plan/share/", {"action": "create"})
    return ShareLink.objects.get(revoked_at__isnull=True).token


def test_shared_link_shows_plan_and_report_logged_out_without_controls_or_username(client, planned):
    client.force_login(planned)
    token = share_token(client)
    assert len(token) >= 32
    client.logout()

    response = client.get(f"/shared/{token}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Plan toward Mid-level ML Engineer</h1>" in html
    assert "Ada L.’s learning plan, shared as a read-only copy" in html
    assert "shared by its owner" not in html
    assert (
        "Ready for Mid-level ML Engineer in about 10 months at 10 h/week, counted from its start "
        "in January 2030."
    ) in html
    assert "Month 1: January 2030" in html
    assert "Gap report: Mid-level ML Engineer" in html
    assert "<form" not in html.split("<main", 1)[1]  # no check-off, undo, re-plan or share
    assert "Mark Python" not in html and "Re-plan" not in html
    assert planned.username not in html.split("<main", 1)[1]
    # Read by someone else: it speaks of the plan, never to "you".
    words = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1]).split()
    start = 'Starts on <span class="nowrap">1 January 2030</span>, the start month chosen for it.'
    assert start in html
    assert not {"you", "your"} & {w.lower() for w in re.findall(r"[A-Za-z]+", " ".join(words))}


def test_revoked_link_is_404(client, planned):
    client.force_login(planned)
    token = share_token(client)
    response = client.post("/plan/share/", {"action": "revoke"}, headers={"HX-Request": "true"})
    assert "no longer opens your plan" in response.content.decode()
    assert "Create a share link" in response.content.decode()
    client.logout()
    assert client.get(f"/shared/{token}/").status_code == 404


def test_unknown_token_is_404(client, market):
    assert client.get("/shared/not-a-real-token/").status_code == 404


def test_creating_twice_keeps_one_active_link_and_htmx_gets_the_share_fragment(client, planned):
    client.force_login(planned)
    first = share_token(client)
    response = client.post("/plan/share/", {"action": "create"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="share"')
    assert f"/shared/{first}/" in html
    assert ShareLink.objects.filter(revoked_at__isnull=True).count() == 1


def test_share_links_are_per_person(client, planned, other_user, target):
    client.force_login(planned)
    token = share_token(client)
    target(other_user)
    client.force_login(other_user)
    client.post("/plan/share/", {"action": "revoke"})
    client.logout()
    assert client.get(f"/shared/{token}/").status_code == 200


def test_the_shared_page_tells_search_engines_to_stay_away(client, planned):
    client.force_login(planned)
    token = share_token(client)
    client.logout()
    response = client.get(f"/shared/{token}/")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_revoked_link_answers_404_that_no_cache_keeps(client, planned):
    client.force_login(planned)
    token = share_token(client)
    client.post("/plan/share/", {"action": "revoke"})
    client.logout()
    response = client.get(f"/shared/{token}/")
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def _main_words(html: str) -> set[str]:
    main = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1])
    return {w.lower() for w in re.findall(r"[A-Za-z]+", main)}


def test_a_finished_plans_shared_page_speaks_of_the_plan_not_to_you_at_every_stage(client, planned):
    # Before: a visitor to the shared link of a plan with every item done read "You meet every
    # requirement of Mid-level ML Engineer in this plan." The owner's /plan/ keeps "You".
    client.force_login(planned)
    token = share_token(client)
    items = list(Plan.objects.get(user=planned).items.order_by("order"))
    client.post(f"/plan/items/{items[0].pk}/done")  # mid-way: one item done
    assert not {"you", "your"} & _main_words(client.get(f"/shared/{token}/").content.decode())
    for item in items[1:]:
        client.post(f"/plan/items/{item.pk}/done")
    owner = " ".join(client.get("/plan/").content.decode().split())
    assert "You meet every requirement of Mid-level ML Engineer in this plan." in owner
    for stage in ["finished", "finished and re-planned"]:
        html = client.get(f"/shared/{token}/").content.decode()
        text = " ".join(html.split())
        assert (
            '<h2 id="plan-summary-title">Every requirement of Mid-level ML Engineer is met.</h2>'
            in text
        ), stage
        assert not {"you", "your"} & _main_words(html), stage
        client.post("/plan/replan/", {"hours_per_week": "10", "target": "ml-engineer/mid"})


def test_the_shared_gap_table_uses_the_reports_words_and_figures(client, planned):
    # QA: the shared plan's gap report said "Tier", "roadmap" and "Gap score 0.000" where the
    # report says Priority, "not measured" and readiness points, and its caption said "where
    # the plan starts" above the levels of today. A visitor reads the same figures in the same
    # words, "Level now" for the report's "Your level" (the page never speaks to "you").
    skill_level_set(user=planned, skill=Skill.objects.get(slug="python"), level=5)  # one met
    client.force_login(planned)
    token = share_token(client)
    caption = "Every skill Mid-level ML Engineer asks for, largest gap first"
    report = rows_by_name(client.get("/report/").content.decode(), caption)
    client.logout()
    html = client.get(f"/shared/{token}/").content.decode()
    header = table_rows(html, caption)[0]
    assert header == [
        "Skill",
        "Share of postings",
        "Priority",
        "Level now",
        "Required",
        "Readiness it costs",
    ]
    shared = rows_by_name(html, caption)
    assert list(shared) == list(report)  # the same skills, largest gap first
    for name, cells in shared.items():
        assert cells == {
            "Share of postings": report[name]["Share of postings"],
            "Priority": report[name]["Priority"],
            "Level now": report[name]["Your level"],
            "Required": report[name]["Required"],
            "Readiness it costs": report[name]["Readiness it costs"],
        }, name
    cells = [cell for row in shared.values() for cell in row.values()]
    assert "not measured" in cells and "none (met)" in cells
    assert any(cell.endswith(" points") for cell in cells)
    assert any("Roadmap must-have" in cell for cell in cells)
    assert not {"Tier", "Gap score", "roadmap"} & set(header + cells)
    assert "where the plan starts" not in html


def _key_paragraphs(html: str, key_id: str) -> dict[str, str]:
    """The table key's paragraphs by their bold name, as text."""
    key = html.split(f'id="{key_id}"', 1)[1].split("</div>", 1)[0]
    paragraphs = [" ".join(re.sub(r"<[^>]+>", " ", p).split()) for p in key.split("<p>")[1:]]
    return {p.split(" :", 1)[0]: p for p in paragraphs}


def test_the_shared_gap_tables_key_is_the_reports_spoken_of_the_plan(client, planned):
    # Review: the shared key was a rewrite of the report's that dropped the roadmap's weight and
    # level. The same key now, in the plan's voice: "the level needed", "readiness gains".
    client.force_login(planned)
    token = share_token(client)
    report = _key_paragraphs(client.get("/report/").content.decode(), "gap-table-key")
    client.logout()
    shared = _key_paragraphs(
        client.get(f"/shared/{token}/").content.decode(), "shared-gap-table-key"
    )
    assert list(shared) == list(report) == ["Priority", "Roadmap must-have", "Readiness it costs"]
    assert shared["Roadmap must-have"] == report["Roadmap must-have"]
    assert shared["Priority"] == report["Priority"].replace("level you need", "level needed")
    assert shared["Readiness it costs"] == (
        "Readiness it costs : the percentage points readiness gains when that gap is closed; "
        "together, within rounding, the gaps cost what stands between readiness now and 100% "
        "(each row is rounded to its own tenth, so the rows can add up to a tenth or two more "
        "or less)."
    )


def test_the_shared_gap_tables_missing_skills_are_marked_as_on_the_report(client, planned):
    # Review: the shared table's rows had no is-missing class and the table not the report's
    # gap-table class, so on a phone a missing skill lost the report's red edge.
    skill_level_set(user=planned, skill=Skill.objects.get(slug="python"), level=5)  # one met
    client.force_login(planned)
    token = share_token(client)
    client.logout()
    html = client.get(f"/shared/{token}/").content.decode()
    table = html.split("Every skill Mid-level ML Engineer asks for", 1)[0].rsplit("<table", 1)[1]
    assert 'class="gap-table card-table"' in table
    body = html.split("Every skill Mid-level ML Engineer asks for", 1)[1].split("</table>", 1)[0]
    body = body.split("<tbody", 1)[1]
    rows = re.findall(r'<tr role="row"( class="is-missing")?>\s*<th[^>]*>([^<]+)</th>', body)
    missing = {name for marked, name in rows if marked}
    assert "Python" not in missing and len(missing) == len(rows) - 1 > 0
