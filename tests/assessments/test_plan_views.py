"""The /plan/ page: month cards, re-plan with htmx and without, check off, undo, owner only."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import planning
from assessments.models import Plan, PlanItem, Profile, SkillLevel
from assessments.services.ads import job_ad_create
from assessments.services.plans import share_link_create
from assessments.services.skills import skill_levels_set

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plans_start_ahead")]
HTMX = {"HX-Request": "true"}


def test_a_plan_toward_a_target_of_few_postings_says_how_far_to_trust_its_readiness(
    client, user, target
):
    # Before: Senior MLOps Engineer (76 postings) got "Ready ... in about N months" and a
    # readiness climbing to 100% with no word that its shares are tentative, which the gap
    # report says.
    target(user, role="MLOps Engineer", seniority="senior")
    client.force_login(user)
    html = " ".join(client.get("/plan/").content.decode().split())
    assert "Few postings: the shares come from only 76 postings" in html
    assert 'aria-label="How far to trust this readiness"' in html
    target(user)  # Mid-level ML Engineer: 3,998 postings and 8 requirements
    html = client.get("/plan/").content.decode()
    assert "Few postings" not in html and "Thin evidence" not in html


def test_plan_without_target_says_so_and_links_to_onboarding(user_client, market):
    response = user_client.get("/plan/")
    assert response.status_code == 200
    assert b"you have not chosen one yet" in response.content
    assert reverse("assessments:onboarding").encode() in response.content


def test_saving_the_target_makes_the_plan_and_the_page_shows_its_month_cards(client, user, target):
    target(user)
    assert Plan.objects.filter(user=user).count() == 1  # made when the target was saved
    client.force_login(user)
    response = client.get("/plan/")
    html = response.content.decode()
    assert (
        "Ready for Mid-level ML Engineer in about 10 months at 10 h/week, counted from its start "
        "in January 2030."
    ) in html
    assert "Month 1: January 2030" in html
    # Hours keep their unit on their line (a no-break space): "60 / h" wrapped on a phone.
    assert "43.3 of 43.3&nbsp;h" in html
    # Python; each level is read whole: "None" and "(0)" were on two lines on a phone.
    assert (
        '<span class="nowrap">None (0)</span> → <span class="nowrap">Working (3)</span>, 46&nbsp;h'
    ) in html
    assert "43.3&nbsp;h this month" in html
    assert "The Python Tutorial" in html  # its resource
    assert "Mark Python 0 → 3 done" in html
    assert 'data-chart-config="plan-readiness-config"' in html
    assert '<script id="plan-readiness-config" type="application/json">{"type": "line"' in html
    assert "<caption>Projected readiness at the end of each month" in html
    assert html.count('class="month-card card"') == 10
    assert "prerequisite</span>" in html


def test_changing_hours_with_htmx_replans_and_returns_only_the_plan(client, planned):
    client.force_login(planned)
    response = client.post(
        "/plan/replan/", {"hours_per_week": 5, "target": "ml-engineer/mid"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and html.lstrip().startswith('<div id="plan-body"')
    assert "Re-planned: you finish in July 2031, 9 months later (was October 2030)." in html
    assert "in about 19 months at 5 h/week" in html
    assert Plan.objects.get(user=planned).hours_per_week == 5


def test_a_plan_of_two_years_or_more_says_how_long_in_years_and_months_wherever_shown(
    client, user, target
):
    # Before, 1 h a week said "Ready ... in about 94 months"; 23 months stays in months.
    client.force_login(user)
    target(user, hours=4)
    assert "in about 23 months at 4 h/week" in client.get("/plan/").content.decode()
    target(user, hours=3)
    token = share_link_create(user=user).token
    for url in ["/plan/", "/plan.md", f"/shared/{token}/"]:
        assert "in about 2 years 7 months at 3 h/week" in client.get(url).content.decode(), url
    response = client.post(
        "/plan/replan/", {"hours_per_week": 1, "target": "ml-engineer/mid"}, headers=HTMX
    )
    html = response.content.decode()
    assert "in about 7 years 10 months at 1 h/week" in html
    assert "you finish in October 2037, 5 years 3 months later (was July 2032)." in html


def test_a_plan_past_two_years_says_so_with_what_shortens_it_to_owner_and_visitor(
    client, user, target
):
    # Before, 1 h/week accepted a plan of 7 years 10 months without a word.
    client.force_login(user)
    target(user, hours=4)  # 23 months: not long
    assert "runs past" not in client.get("/plan/").content.decode()
    target(user, hours=3)  # 2 years 7 months
    html = client.get("/plan/").content.decode()
    summary = html[html.index('id="plan-summary-title"') : html.index("Readiness now")]
    assert "in about 2 years 7 months at 3 h/week" in summary
    assert (
        '<p class="notice">This plan runs past 2 years. Two things shorten it: '
        '<a href="#id_hours_per_week">more hours per week</a>, or <a href="#id_target">a closer '
        "target</a>, such as a lower seniority.</p>"
    ) in summary
    assert 'id="id_hours_per_week"' in html and 'id="id_target"' in html  # on the page
    shared = client.get(f"/shared/{share_link_create(user=user).token}/").content.decode()
    assert (
        '<p class="notice">This plan runs past 2 years at 3 h/week. More hours per week, or a '
        "closer target, would shorten it.</p>"
    ) in shared
    notice = shared[shared.index('id="plan-summary-title"') : shared.index("Readiness now")]
    assert "you" not in notice.lower() and "/onboarding/" not in notice
    replanned = client.post(
        "/plan/replan/", {"hours_per_week": 1, "target": "ml-engineer/mid"}, headers=HTMX
    ).content.decode()
    assert "This plan runs past 2 years." in replanned  # the re-planned body says it too


def test_changing_the_target_without_javascript_redirects_with_the_change(client, planned):
    client.force_login(planned)
    response = client.post(
        "/plan/replan/", {"hours_per_week": 10, "target": "mlops-engineer/senior"}, follow=True
    )
    assert response.redirect_chain == [("/plan/", 302)]
    assert "Re-planned: you finish in" in response.content.decode()
    plan = Plan.objects.get(user=planned)
    assert (plan.role.slug, plan.seniority) == ("mlops-engineer", "senior")


def test_bad_hours_say_what_is_wrong_and_keep_what_was_typed(client, planned):
    client.force_login(planned)
    response = client.post("/plan/replan/", {"hours_per_week": "70", "target": "ml-engineer/mid"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter at most 60 hours a week." in html
    assert 'value="70"' in html
    assert Plan.objects.get(user=planned).hours_per_week == 10

    response = client.post(
        "/plan/replan/", {"hours_per_week": "6", "target": "chef/mid"}, headers=HTMX
    )
    assert response.status_code == 400 and "<html" not in response.content.decode()
    assert "That role and seniority has no market figures" in response.content.decode()
    assert 'value="6"' in response.content.decode()


def test_a_rejected_re_plan_with_htmx_and_no_plan_left_answers_the_plan_body_alone(client, planned):
    # The plan went in another tab: htmx swaps a 400 in, so a whole page would nest in it.
    Plan.objects.filter(user=planned).delete()
    client.force_login(planned)
    data = {"hours_per_week": "70", "target": "ml-engineer/mid"}
    response = client.post("/plan/replan/", data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in html and html.lstrip().startswith('<div id="plan-body"')
    assert "Enter at most 60 hours a week." in html and 'value="70"' in html


def test_check_off_with_htmx_raises_the_level_and_readiness(client, planned):
    client.force_login(planned)
    item = Plan.objects.get(user=planned).items.get(skill__slug="tensorflow")
    response = client.post(f"/plan/items/{item.pk}/done", headers=HTMX)
    html = response.content.decode()
    assert "skillsChanged" in response.headers["HX-Trigger"]
    assert "Done: TensorFlow is now at level 3." in html
    assert 'id="readiness-now">21.8%' in html  # 100 x .877 / 4.024
    assert "Undo TensorFlow 0 → 3" in html
    assert SkillLevel.objects.get(user=planned, skill__slug="tensorflow").level == 3


def test_check_off_and_undo_without_javascript(client, planned):
    client.force_login(planned)
    item = Plan.objects.get(user=planned).items.get(skill__slug="aws")
    response = client.post(f"/plan/items/{item.pk}/done")
    # Back at the item's button (now its Undo), not at the top of a long plan.
    assert response.status_code == 302
    assert response["Location"] == f"/plan/#plan-item-{item.pk}"
    assert f'id="plan-item-{item.pk}">Undo AWS' in client.get("/plan/").content.decode()
    assert PlanItem.objects.get(pk=item.pk).done_at is not None
    response = client.post(f"/plan/items/{item.pk}/undo", follow=True)
    assert response.redirect_chain == [(f"/plan/#plan-item-{item.pk}", 302)]
    html = response.content.decode()
    assert "Undone: AWS is back in the plan." in html
    assert f'id="plan-item-{item.pk}">Mark AWS' in html
    assert SkillLevel.objects.get(user=planned, skill__slug="aws").level == 0
    assert not PlanItem.objects.filter(plan__user=planned, done_at__isnull=False).exists()


def test_each_person_sees_only_their_own_plan(client, planned, other_user, target):
    target(other_user, role="MLOps Engineer", seniority="senior")
    client.force_login(other_user)
    html = client.get("/plan/").content.decode()
    assert "Senior MLOps Engineer" in html
    assert "Mid-level ML Engineer in about" not in html


def test_market_refresh_offers_a_replan_saying_what_changed(client, planned, request):
    request.getfixturevalue("newer_ml_engineer_mid")  # published after the plan was made
    client.force_login(planned)
    html = client.get("/plan/").content.decode()
    assert "The market data was refreshed" in html
    assert "TensorFlow: 87.7% → 80.2% (-7.5 points)" in html
    assert "Re-plan now" in html


def test_a_market_gone_back_to_older_figures_is_announced_as_older_not_refreshed(
    client, planned, publish_snapshot
):
    shares = {"TensorFlow": ("80.0", "Critical"), "Python": ("90.0", "Critical")}
    publish_snapshot(
        "ML Engineer", "mid", shares, label="Summer back-fill", analysis_date=dt.date(2025, 7, 1)
    )
    client.force_login(planned)
    html = " ".join(client.get("/plan/").content.decode().split())
    assert "Older market figures are in use" in html
    assert (
        "This plan was made from “AI/ML Skills Demand Analysis” (2025-10-05); the current market"
        " is an older analysis, “Summer back-fill” (2025-07-01): the site went back to earlier"
        " figures." in html
    )
    assert "The market data was refreshed" not in html


def test_the_plan_splits_its_hours_into_the_reports_gaps_and_their_prerequisites(client, planned):
    client.force_login(planned)
    schedule = client.get("/plan/").context["schedule"]
    report = client.get("/report/").context["gap_report"].result
    prerequisites = sum(i.hours for i in schedule.items if i.is_prerequisite)
    assert prerequisites > 0
    assert schedule.requirement_hours == report.hours_to_close
    assert schedule.total_hours == report.hours_to_close + prerequisites
    html = " ".join(client.get("/plan/").content.decode().split())
    assert (
        f"Of the {schedule.total_hours} h, {report.hours_to_close} h close the gaps to Mid-level"
        f" ML Engineer (the gap report's hours to close); {prerequisites} h go to skills those"
        " build on, marked “prerequisite” below." in html
    )


def test_the_settings_form_offers_the_targets_of_the_current_market(client, planned, request):
    client.force_login(planned)
    html = client.get("/plan/").content.decode()
    assert '<option value="ml-engineer/mid" selected>Mid-level ML Engineer</option>' in html
    assert '<option value="mlops-engineer/senior">Senior MLOps Engineer</option>' in html
    request.getfixturevalue("newer_ml_engineer_mid")  # only mid-level ML Engineer figures
    html = client.get("/plan/").content.decode()
    start = html.index('<select name="target"')
    select = html[start : html.index("</select>", start)]
    assert select.count("<option") == 1
    assert '<option value="ml-engineer/mid" selected>Mid-level ML Engineer</option>' in select


def test_a_target_the_refreshed_market_has_no_figures_for_is_not_swapped_for_another(
    client, planned, publish_snapshot
):
    # Only mid-level Data Scientist figures now: the plan's target, mid-level ML Engineer,
    # is not a choice. The select must not show another target as chosen, or changing the
    # hours (the form re-plans on change) would re-aim the plan at it without a word.
    publish_snapshot("Data Scientist", "mid", {"Python": ("80.0", "Critical")})
    client.force_login(planned)
    html = client.get("/plan/").content.decode()
    start = html.index('<select name="target"')
    select = html[start : html.index("</select>", start)]
    assert re.search(r"<option value=\"\"[^>]*>Choose a target…</option>", select)
    assert select.index('value=""') < select.index('value="data-scientist/mid"')
    data = {"hours_per_week": "6", "target": ""}  # what the browser then sends
    response = client.post("/plan/replan/", data, headers=HTMX)
    assert "Choose a target role and seniority." in response.content.decode()
    plan = Plan.objects.get(user=planned)
    assert (plan.role.slug, plan.seniority, plan.hours_per_week) == ("ml-engineer", "mid", 10)


def test_a_market_without_the_targets_figures_says_so_and_offers_no_replan_it_would_refuse(
    client, planned, publish_snapshot
):
    publish_snapshot("Data Scientist", "mid", {"Python": ("80.0", "Critical")}, label="Refresh")
    client.force_login(planned)
    html = " ".join(client.get("/plan/").content.decode().split())
    assert (
        "The current market, “Refresh” (2025-11-30), has no figures for Mid-level ML Engineer:"
        " this plan stays as it was made from “AI/ML Skills Demand Analysis” (2025-10-05)."
        " Choose another target below to re-plan." in html
    )
    assert "Re-plan now" not in html and "Re-plan from" not in html


def test_the_onboarding_post_makes_the_plan(client, user, market):
    client.force_login(user)
    form = {
        "background": "other",
        "target": "mlops-engineer/senior",
        "hours_per_week": "6",
        "start_month": "2030-03",
        "display_name": "Ada",
    }
    assert client.post("/onboarding/", form).status_code == 302
    plan = Plan.objects.get(user=user)
    assert (plan.role.slug, plan.seniority, plan.hours_per_week) == ("mlops-engineer", "senior", 6)
    assert plan.starts_on == dt.date(2030, 3, 1) and plan.items.exists()


def test_rating_a_skill_replans_from_the_new_level(client, planned, skill):
    client.force_login(planned)
    client.post("/skills/", {"was": "", "level-python": "2"}, headers=HTMX)
    python = Plan.objects.get(user=planned).items.get(skill__slug="python")
    assert (python.from_level, python.to_level, python.hours) == (2, 3, 30)  # Working: 30 h


def test_a_target_without_a_plan_yet_offers_to_make_it_and_the_page_writes_nothing(client, planned):
    Plan.objects.filter(user=planned).delete()  # the target was saved before any market
    client.force_login(planned)
    html = client.get("/plan/").content.decode()
    assert "Make your plan" in html and "Your target is Mid-level ML Engineer" in html
    assert not Plan.objects.filter(user=planned).exists()
    response = client.post("/plan/replan/", {"hours_per_week": 10, "target": "ml-engineer/mid"})
    assert response.status_code == 302
    assert Plan.objects.filter(user=planned).count() == 1


def test_choosing_the_quickest_order_replans_and_is_remembered(client, planned):
    client.force_login(planned)
    data = {"hours_per_week": 10, "target": "ml-engineer/mid", "order": "quickest"}
    html = client.post("/plan/replan/", data, headers=HTMX).content.decode()
    assert "Order: quickest readiness gain. Re-planned:" in html
    assert Profile.objects.get(user=planned).plan_order == "quickest"
    order = list(
        Plan.objects.get(user=planned).items.order_by("order").values_list("skill__slug", flat=True)
    )
    assert order[:4] == ["python", "gpt-openai", "numpy", "tensorflow"]  # by value, phases mixed
    # A re-plan that does not say the order (the notices' buttons) keeps the chosen one.
    client.post("/plan/replan/", {"hours_per_week": 8, "target": "ml-engineer/mid"})
    assert Profile.objects.get(user=planned).plan_order == "quickest"
    html = client.get("/plan/").content.decode()
    assert 'value="quickest" id="id_order_1" aria-describedby="id_order_1-help" checked' in html
    assert "What raises your readiness most per hour of learning comes first" in html


def test_an_order_that_is_not_one_of_the_two_is_refused(client, planned):
    client.force_login(planned)
    data = {"hours_per_week": 10, "target": "ml-engineer/mid", "order": "alphabetical"}
    response = client.post("/plan/replan/", data)
    assert response.status_code == 400
    assert "Choose one of the two orders." in response.content.decode()
    assert Profile.objects.get(user=planned).plan_order == "progression"


def test_a_refused_order_is_read_out_once_by_the_summary_and_describes_the_choices(client, planned):
    # Before, the order's own error was a role="alert" as well as the summary's line: a
    # screen reader said "Choose one of the two orders." twice. Only a tampered form gets here.
    client.force_login(planned)
    data = {"hours_per_week": 10, "target": "ml-engineer/mid", "order": "alphabetical"}
    for headers in [{}, HTMX]:
        html = client.post("/plan/replan/", data, headers=headers).content.decode()
        alerts = re.findall(r'<div[^>]*role="alert"[^>]*>.*?</div>', html, re.S)
        assert [a for a in alerts if "Choose one of the two orders." in a] == [alerts[0]]
        assert len(alerts) == 1 and "There is a problem" in alerts[0]
        assert '<a href="#id_order_0">Order: Choose one of the two orders.</a>' in alerts[0]
        assert html.count('id="id_order_error"') == 1  # the list beside the choices
        assert '<div class="form-errors"><ul class="errorlist" id="id_order_error">' in html
        for choice in ["id_order_0", "id_order_1"]:
            radio = re.search(rf'<input type="radio"[^>]*id="{choice}"[^>]*>', html)[0]
            assert f'aria-describedby="{choice}-help id_order_error"' in radio
            assert 'aria-invalid="true"' in radio


def test_a_check_off_keeps_the_item_in_its_month_with_its_undo_in_place(client, planned):
    client.force_login(planned)
    item = Plan.objects.get(user=planned).items.get(skill__slug="sql")
    html = client.post(f"/plan/items/{item.pk}/done", headers=HTMX).content.decode()
    card = html[html.index('id="month-2-title"') : html.index('id="month-3-title"')]
    assert '<span class="tag tag-done">Done</span> <strong>SQL</strong>' in card
    assert f'id="plan-item-{item.pk}">Undo SQL 0 → 3</button>' in card
    assert "Mark SQL 0 → 3 done" not in html
    assert "data-announce>Done: SQL is now at level 3.</p>" in html
    assert "You are ahead of the calendar" in html and "Re-plan from today" in html
    assert "in month 2</a>" in html  # the Done list points to it
    html = client.post(f"/plan/items/{item.pk}/undo", headers=HTMX).content.decode()
    assert f'id="plan-item-{item.pk}">Mark SQL 0 → 3 done</button>' in html
    assert "You are ahead of the calendar" not in html


def test_a_check_off_that_does_not_move_the_finish_says_you_would_still_finish_then(
    client, planned
):
    # "you would finish in October 2030 (now October 2030)" read as if something changed.
    client.force_login(planned)
    item = Plan.objects.get(user=planned).items.get(skill__slug="gpt-openai")  # 2 h
    html = client.post(f"/plan/items/{item.pk}/done", headers=HTMX).content.decode()
    assert "You are ahead of the calendar" in html
    assert "from now on: you would still finish in October 2030. Items you" in html
    assert "(now October 2030)" not in html
    sql = Plan.objects.get(user=planned).items.get(skill__slug="sql")  # 37 h: a month sooner
    html = client.post(f"/plan/items/{sql.pk}/done", headers=HTMX).content.decode()
    assert "you would finish in September 2030 (now October 2030)." in html


def test_the_ahead_notice_shows_only_when_the_work_done_is_ahead_of_todays_month(
    client, planned, today
):
    # Before: ticking off month 1's first item on the plan's first day said "You are ahead
    # of the calendar" with a "Re-plan from today" button, though nothing was ahead.
    today(dt.date(2026, 1, 20))
    Profile.objects.filter(user=planned).update(start_month=None)
    client.force_login(planned)
    client.post("/plan/replan/", {"hours_per_week": 10, "target": "ml-engineer/mid"})
    items = Plan.objects.get(user=planned).items.order_by("order")
    first = items.first()
    assert first.start_month == 1 and first.end_month > 1  # runs on into month 2
    html = client.post(f"/plan/items/{first.pk}/done", headers=HTMX).content.decode()
    assert f"Done: {first.skill.name} is now" in html
    assert "You are ahead of the calendar" not in html and "Re-plan from today" not in html
    later = items.filter(start_month=3).first()
    html = client.post(f"/plan/items/{later.pk}/done", headers=HTMX).content.decode()
    assert "You are ahead of the calendar" in html and "Re-plan from today" in html
    assert f"Checked off since these months were made: Python, {later.skill.name}." in html


def test_the_readiness_chart_draws_straight_segments_with_its_end_points_whole(client, planned):
    # Before: tension 0.2 curved the line under two equal months (under 75.6% between Month 1
    # and Month 2 while the table stayed flat), and the last point was cut at the right edge.
    client.force_login(planned)
    html = client.get("/plan/").content.decode()
    found = re.search(
        r'<script id="plan-readiness-config" type="application/json">(.*?)</script>', html
    )
    config = json.loads(found[1])
    (line,) = config["data"]["datasets"]
    assert line["tension"] == 0 and "cubicInterpolationMode" not in line
    assert config["options"]["scales"]["x"]["offset"] is True  # room at both ends
    assert line["clip"] >= 5 and config["options"]["layout"]["padding"]["top"] >= 5


def test_a_gap_opened_after_every_item_is_done_says_what_a_re_plan_adds_not_now_now(
    client, user, target
):
    # Before: "you would finish in March 2027 (now now)." - no finish today, said as a date.
    # Rating at /skills/ re-plans at once, so this shows when a level drops with no re-plan.
    target(user)
    client.force_login(user)
    client.post("/skills/", {"was": "", "level-python": "4"}, headers=HTMX)  # no Python item
    for item in Plan.objects.get(user=user).items.order_by("order"):
        client.post(f"/plan/items/{item.pk}/done", headers=HTMX)
    skill_levels_set(user=user, levels={"python": 1})
    html = " ".join(client.get("/plan/").content.decode().split())
    assert "You are ahead of the calendar" in html
    assert (
        "<p>Every item here is done, but your levels now leave more to learn: re-planning from "
        "today adds Python, and you would finish in January 2030. Items you have done stay "
        "done.</p>"
    ) in html
    assert "(now" not in html


def _top_messages(html: str) -> str:
    return re.search(r'<div class="messages"[^>]*>(.*?)</div>', html, re.S)[1]


def _after_item_button(html: str, item_id: int) -> str:
    """The item's element from its Mark done / Undo button to its end."""
    start = html.index(f'id="plan-item-{item_id}"')
    return html[start : html.index("</li>", start)]


def test_without_javascript_the_check_off_and_undo_are_confirmed_at_the_item_not_at_the_top(
    client, planned
):
    # Before: the redirect scrolled to the item, and "Done: ..." was said at the page's top,
    # out of view.
    client.force_login(planned)
    item = Plan.objects.get(user=planned).items.get(skill__slug="aws")
    html = client.post(f"/plan/items/{item.pk}/done", follow=True).content.decode()
    assert "Done: AWS is now at level 3." in _after_item_button(html, item.pk)
    assert "Done: AWS" not in _top_messages(html)
    assert html.count("Done: AWS is now at level 3.") == 1
    html = client.post(f"/plan/items/{item.pk}/undo", follow=True).content.decode()
    assert "Undone: AWS is back in the plan." in _after_item_button(html, item.pk)
    assert "Undone: AWS" not in _top_messages(html)
    html = client.get("/plan/").content.decode()  # said once, then gone
    assert "Undone: AWS" not in html


def test_without_javascript_an_undo_from_the_done_list_lands_on_the_item_where_it_now_is(
    client, planned
):
    # An item checked off before its months were re-made comes back as a new row. Before:
    # the redirect's fragment named the old row's id, which the page no longer has, and the
    # message fell back to the top of the page, out of view.
    client.force_login(planned)
    item = Plan.objects.get(user=planned).items.get(skill__slug="aws")
    client.post(f"/plan/items/{item.pk}/done")
    client.post("/plan/replan/", {"hours_per_week": 8, "target": "ml-engineer/mid"})
    assert f'id="plan-item-{item.pk}">Undo AWS' in client.get("/plan/").content.decode()

    response = client.post(f"/plan/items/{item.pk}/undo")

    assert not PlanItem.objects.filter(pk=item.pk).exists()
    back = PlanItem.objects.get(plan__user=planned, skill__slug="aws", done_at__isnull=True)
    assert response.status_code == 302
    assert response["Location"] == f"/plan/#plan-item-{back.pk}"
    html = client.get(response["Location"]).content.decode()
    assert f'id="plan-item-{back.pk}">Mark AWS' in html
    assert "Undone: AWS is back in the plan." in _after_item_button(html, back.pk)
    assert "Undone: AWS" not in _top_messages(html)
    assert html.count("Undone: AWS is back in the plan.") == 1


def test_without_javascript_an_undo_whose_skill_is_no_longer_planned_is_confirmed_at_the_top(
    client, planned
):
    # AWS rated Expert since its check-off: the undo leaves the level alone and nothing of
    # AWS is scheduled again, so there is no place for the message but the top.
    client.force_login(planned)
    item = Plan.objects.get(user=planned).items.get(skill__slug="aws")
    client.post(f"/plan/items/{item.pk}/done")
    client.post("/plan/replan/", {"hours_per_week": 8, "target": "ml-engineer/mid"})
    skill_levels_set(user=planned, levels={"aws": 5})
    client.get("/plan/")  # the check-off's and re-plan's messages, read

    response = client.post(f"/plan/items/{item.pk}/undo")

    assert response["Location"] == "/plan/"  # no fragment naming an element that is gone
    html = client.get("/plan/").content.decode()
    assert (
        '<p class="message message-success">Undone: AWS is no longer marked done; your level'
        " now leaves nothing of it to learn.</p>" in _top_messages(html)
    )
    assert "back in the plan" not in html


def test_with_htmx_an_undo_scheduled_again_with_the_rest_says_whether_it_is_back(client, planned):
    # The htmx answer tells from the re-planned months, not from a read of the new row.
    client.force_login(planned)
    aws, python = (
        Plan.objects.get(user=planned).items.get(skill__slug=s) for s in ["aws", "python"]
    )
    client.post(f"/plan/items/{aws.pk}/done")
    client.post(f"/plan/items/{python.pk}/done")
    client.post("/plan/replan/", {"hours_per_week": 8, "target": "ml-engineer/mid"})
    skill_levels_set(user=planned, levels={"python": 5})  # Python's level is enough now

    html = client.post(f"/plan/items/{aws.pk}/undo", headers=HTMX).content.decode()
    assert (
        '<p class="message message-success" data-announce>Undone: AWS is back in the plan.' in html
    )
    html = client.post(f"/plan/items/{python.pk}/undo", headers=HTMX).content.decode()
    assert (
        "Undone: Python is no longer marked done; your level now leaves nothing of it to learn."
    ) in html
    assert "Python is back" not in html


def test_a_market_refresh_that_changes_nothing_for_a_finished_plan_says_so_plainly(
    client, user, target, request
):
    # Before: "Re-planning would take your readiness from 100.0% to 100.0% and leave nothing
    # to schedule." beside "Re-plan now", as if a re-plan would move something.
    client.force_login(user)
    target(user)
    client.post("/skills/", {"was": "", "level-python": "2"}, headers=HTMX)
    for item in PlanItem.objects.filter(plan__user=user).order_by("order"):
        client.post(f"/plan/items/{item.pk}/done")
    request.getfixturevalue("newer_ml_engineer_mid")  # no new gap for mid-level ML Engineer

    text = " ".join(client.get("/plan/").content.decode().split())

    assert "The market data was refreshed" in text
    assert "from 100.0% to 100.0%" not in text and "Re-planning would" not in text
    assert (
        "Nothing changes for you on the new figures: your readiness stays 100.0% and nothing is"
        " left to schedule. Update the plan to use them: its gap report then shows their"
        " shares, items you have done stay done, and this notice goes away.</p>" in text
    )
    assert "Items you have done stay done" not in text  # said once, inside the sentence
    assert ">Update the plan to the new figures</button>" in text
    assert "Re-plan now" not in text
    client.post("/plan/replan/", {"hours_per_week": 10, "target": "ml-engineer/mid"})
    text = " ".join(client.get("/plan/").content.decode().split())
    # Not "Plan made.": the plan was there, and what the press did was take in the figures.
    assert (
        "Re-planned on the market figures “November refresh”: nothing is left to schedule." in text
    )
    assert "The market data was refreshed" not in text
    assert Plan.objects.get(user=user).snapshot.label == "November refresh"
    assert '<dt>Finish</dt><dd class="stat">Done</dd>' in text  # once "Finish: now"


def test_a_finished_plan_says_every_item_is_done_in_place_of_a_chart_of_one_point(client, planned):
    # Before: "Projected readiness, month by month" drew one dot at "Now" under "Starts on
    # 1 January 2030", its table one row, "Now 100.0%", once every item was done and the plan
    # re-planned from today.
    client.force_login(planned)
    items = check_every_item_off(client, planned)
    hours = sum(item.hours for item in items)
    client.post("/plan/replan/", {"hours_per_week": "10", "target": "ml-engineer/mid"})
    html = " ".join(client.get("/plan/").content.decode().split())
    assert "plan-readiness-config" not in html  # neither the chart nor its data
    assert "Projected readiness" not in html and '<th scope="row">Now</th>' not in html
    done_on = timezone.localdate()
    # The summary says the plan is finished, when and what it took; the section the readiness.
    finished = (
        f'Finished on <span class="nowrap">{done_on:%-d %B %Y}</span>, before its start on '
        f'<span class="nowrap">1 January 2030</span>: all {len(items)} items done, '
        f"{hours}&nbsp;h of learning."
    )
    assert finished in _summary(client)
    assert (
        '<h2 id="plan-readiness-title">Readiness</h2> <p>Readiness for Mid-level ML Engineer is '
        "100.0% now: nothing is left to project month by month.</p>"
    ) in html
    # The shared page says the same.
    token = share_link_create(user=planned).token
    shared = " ".join(client.get(f"/shared/{token}/").content.decode().split())
    assert "plan-readiness-config" not in shared
    assert finished in shared


def check_every_item_off(client, user) -> list:
    """Mark every item of the person's plan done, as the page's buttons do (htmx); its items."""
    items = list(Plan.objects.get(user=user).items.order_by("order"))
    for item in items:
        client.post(f"/plan/items/{item.pk}/done", headers=HTMX)
    return items


def test_a_plan_with_every_item_done_says_so_in_place_of_a_flat_chart_before_any_re_plan(
    client, planned
):
    # Before: until a re-plan, the months still held the done items, so the chart drew a flat
    # 100% line over them and its table a row of 100.0% a month.
    client.force_login(planned)
    items = check_every_item_off(client, planned)
    html = " ".join(client.get("/plan/").content.decode().split())
    assert "plan-readiness-config" not in html and "Projected readiness" not in html
    assert f": all {len(items)} items done, " in _summary(client)
    assert '<h3 id="month-1-title">' in html  # the months still show what was done when


def test_a_finished_plan_says_once_that_it_is_finished_and_when(client, planned):
    # Before: the notice ("You finished this plan" / "Every item is done: nothing is left to
    # schedule ..."), the summary ("Finished before its start on ...: every item was done by
    # ...") and the Readiness section ("Every item of this plan is done: 12 items, ... the last
    # on 1 December 2026.") each said it. Decided: the summary says it, with the day.
    client.force_login(planned)
    check_every_item_off(client, planned)
    html = " ".join(client.get("/plan/").content.decode().split())
    before_months = html[html.index("<main") : html.index('id="plan-done-title"')]
    # Headings name what follows ("Plan finished: what next"); the statement is the summary's.
    assert '<h2 id="plan-finished-title">Plan finished: what next</h2>' in before_months
    before_months = re.sub(r"<h2[^>]*>.*?</h2>", " ", before_months)
    text = " ".join(re.sub(r"<[^>]+>", " ", before_months).split())
    said = re.findall(r"finished|every item[^.:]* done|all \d+ items done", text, re.IGNORECASE)
    assert said == ["Finished", "all 12 items done"], said
    assert text.count("1 December 2026") == 1


def test_a_finished_plan_whose_levels_now_leave_more_to_learn_says_a_re_plan_schedules_it(
    client, planned
):
    client.force_login(planned)
    check_every_item_off(client, planned)
    client.post("/plan/replan/", {"hours_per_week": "10", "target": "ml-engineer/mid"})
    skill_levels_set(user=planned, levels={"python": 1})  # no re-plan: a level dropped
    html = " ".join(client.get("/plan/").content.decode().split())
    assert "plan-readiness-config" not in html
    assert (
        "now: the levels now leave more to learn, which a re-plan schedules month by month.</p>"
    ) in html
    # The months say so too; they said "Nothing left to learn for this target."
    assert "Nothing left to learn" not in html
    assert (
        '<h2 id="plan-months-title">Month by month</h2> <p>No month is scheduled: the levels'
        " now leave more to learn, and a re-plan puts it on the months.</p>"
    ) in html


def test_a_finished_plan_whose_levels_dropped_does_not_say_every_requirement_is_met(
    client, planned
):
    # Before: with every item done and Python rated down to 1 since, the summary's heading
    # said "You meet every requirement of Mid-level ML Engineer in this plan." (the shared
    # page "Every requirement ... is met.") beside a readiness under 100%.
    client.force_login(planned)
    check_every_item_off(client, planned)
    client.post("/plan/replan/", {"hours_per_week": "10", "target": "ml-engineer/mid"})
    skill_levels_set(user=planned, levels={"python": 1})  # no re-plan: a level dropped
    token = share_link_create(user=planned).token
    heading = (
        '<h2 id="plan-summary-title">Nothing is scheduled: the levels now leave more to learn '
        "for Mid-level ML Engineer.</h2>"
    )
    for url in ["/plan/", f"/shared/{token}/"]:
        html = " ".join(client.get(url).content.decode().split())
        assert heading in html, url
        assert "every requirement" not in html.lower(), url


def _summary(client) -> str:
    html = " ".join(client.get("/plan/").content.decode().split())
    start = html.index('<section class="plan-summary')
    return html[start : html.index("</section>", start)]


def test_a_plan_finished_before_its_chosen_start_month_says_so_not_when_it_starts(client, planned):
    # Before: every item done on 1 December 2026, the summary still said "Starts on 1 January
    # 2030, the start month chosen for it.", as if the work lay ahead; the same after a
    # re-plan (the start month stays January 2030). Decided: say it finished before its start.
    client.force_login(planned)
    check_every_item_off(client, planned)
    finished = (
        '<p>Finished on <span class="nowrap">1 December 2026</span>, before its start on '
        '<span class="nowrap">1 January 2030</span>: all 12 items done, 390&nbsp;h of '
        "learning.</p>"
    )
    assert finished in _summary(client)
    assert "Starts on" not in _summary(client)
    client.post("/plan/replan/", {"hours_per_week": "10", "target": "ml-engineer/mid"})
    assert finished in _summary(client)
    token = share_link_create(user=planned).token  # the shared page says the same
    assert finished in " ".join(client.get(f"/shared/{token}/").content.decode().split())


def test_after_a_re_plan_from_today_the_summary_describes_the_new_months_not_the_old(
    client, planned, today
):
    # Made on 20 January 2026 with month 1 prorated to its 12 days.
    today(dt.date(2026, 1, 20))
    Profile.objects.filter(user=planned).update(start_month=None)
    client.force_login(planned)
    client.post("/plan/replan/", {"hours_per_week": 10, "target": "ml-engineer/mid"})
    assert "month 1 holds the 12 days left of January, 16.8 h" in _summary(client)
    # 10 February: work of month 3 done ahead, then "Re-plan from today": month 1 is now
    # February's 19 days left (this part was right already).
    today(dt.date(2026, 2, 10))
    client.force_login(planned)
    items = Plan.objects.get(user=planned).items.order_by("order")
    client.post(f"/plan/items/{items.filter(start_month=3).first().pk}/done")
    client.post("/plan/replan/", {"hours_per_week": 10, "target": "ml-engineer/mid"})
    summary = _summary(client)
    assert (
        '<p>Starts on <span class="nowrap">10 February 2026</span>, the day it was made: month 1 '
        "holds the 19 days left of "
        "February, 29.4 h of the 43.3 h of a whole month.</p>"
    ) in summary
    assert "January" not in summary
    # Every item done that day, re-planned the next. Before: "Starts on 11 February 2026, the
    # day it was made: month 1 holds the 18 days left of February, 27.9 h ...", a month 1
    # that holds nothing (no month is shown).
    for item in Plan.objects.get(user=planned).items.filter(done_at=None):
        client.post(f"/plan/items/{item.pk}/done")
    today(dt.date(2026, 2, 11))
    client.force_login(planned)
    client.post("/plan/replan/", {"hours_per_week": 10, "target": "ml-engineer/mid"})
    summary = _summary(client)
    finished = 'Finished on <span class="nowrap">10 February 2026</span>: all 12 items done,'
    assert f"<p>{finished} 390&nbsp;h of learning.</p>" in summary
    assert "month 1" not in summary and "days left" not in summary


def test_an_item_done_that_spans_two_months_is_marked_done_in_both(client, planned):
    # Before: Python (46 h) runs from month 1 into month 2; checked off, month 1 said
    # "(continues to month 2) ... · done 1 Dec 2026" while its part in month 2 said only
    # "(continued from month 1)", with no done date.
    client.force_login(planned)
    python = Plan.objects.get(user=planned).items.get(skill__slug="python")
    assert (python.start_month, python.end_month) == (1, 2)
    client.post(f"/plan/items/{python.pk}/done")
    html = " ".join(client.get("/plan/").content.decode().split())
    for month in [1, 2]:
        card = html[html.index(f'id="month-{month}-title"') :]
        name = card.index("<strong>Python</strong>")
        part = card[card.rindex('<li class="plan-item', 0, name) : card.index("</li>", name)]
        assert part.startswith('<li class="plan-item is-done">'), month
        assert '<span class="tag tag-done">Done</span>' in part, month
        assert '<span class="done-on">· done 1 Dec 2026</span>' in part, month
    assert "(continues to month 2)" in html and "(continued from month 1)" in html
    # The Markdown copy ticks both parts too.
    document = client.get("/plan.md").content.decode()
    assert document.count("- [x] Learn Python: None → Working (46 h)") == 2


def test_a_finished_plan_offers_a_next_target_not_a_re_plan_of_nothing(client, planned):
    # Before: with every item checked off ahead of the calendar, the notice said "Every item
    # is done: re-planning from today leaves nothing to schedule." over a "Re-plan from
    # today" button, whose press only took the done items off the months. Decided: say the
    # plan is finished and offer what comes next, the next seniority up or another role.
    client.force_login(planned)
    check_every_item_off(client, planned)
    html = " ".join(client.get("/plan/").content.decode().split())
    assert "Re-plan from today" not in html and "ahead of the calendar" not in html
    assert "leaves nothing to schedule" not in html
    notice = html[html.index('aria-labelledby="plan-finished-title"') :]
    notice = notice[: notice.index("</section>")]
    # Its heading names it for someone navigating by headings, who meets it before the
    # summary; the summary says when it finished, the notice's text only what comes next.
    assert '<h2 id="plan-finished-title">Plan finished: what next</h2>' in notice
    words = re.sub(r"<[^>]+>", " ", notice[notice.index("</h2>") :]).lower()
    assert "done" not in words and "finished" not in words, words
    assert "Finished on" in _summary(client)
    assert '<input type="hidden" name="target" value="ml-engineer/senior">' in notice
    assert ">Plan toward Senior ML Engineer</button>" in notice
    assert '<a href="/report/roles/">Compare your readiness for other roles</a>' in notice

    client.post("/plan/replan/", {"hours_per_week": "10", "target": "ml-engineer/senior"})
    plan = Plan.objects.get(user=planned)
    assert plan.seniority == "senior" and plan.items.filter(done_at=None).exists()
    assert "plan-finished-title" not in client.get("/plan/").content.decode()


def test_items_left_that_your_levels_already_cover_are_said_to_be_covered(client, planned):
    # Before: with an item checked off ahead of the calendar and every item left already met
    # by levels rated since (no re-plan yet), the notice said "Every item is done: re-planning
    # from today leaves nothing to schedule." over items still shown to do.
    client.force_login(planned)
    items = list(Plan.objects.get(user=planned).items.order_by("order"))
    done, left = items[-1], items[:-1]
    client.post(f"/plan/items/{done.pk}/done", headers=HTMX)
    skill_levels_set(user=planned, levels={item.skill.slug: item.to_level for item in left})
    html = " ".join(client.get("/plan/").content.decode().split())
    assert "You are ahead of the calendar" in html and "Re-plan from today" in html
    assert "Every item is done" not in html
    names = [item.skill.name for item in left]
    assert (
        f"<p>Your levels already reach what {', '.join(names[:-1])} and {names[-1]} would "
        "teach: re-planning from today takes them off the months and leaves nothing to "
        "schedule. Items you have done stay done.</p>"
    ) in html
    # The re-plan does what it said: the plan is finished.
    client.post("/plan/replan/", {"hours_per_week": "10", "target": "ml-engineer/mid"})
    assert not Plan.objects.get(user=planned).items.filter(done_at=None).exists()
    html = client.get("/plan/").content.decode()
    assert "plan-finished-title" in html and "ahead of the calendar" not in html


def test_a_finished_plan_whose_next_seniority_has_no_figures_offers_other_roles_only(
    client, user, target
):
    target(user, seniority="senior")  # the seed has no staff-level ML Engineer figures
    client.force_login(user)
    for item in Plan.objects.get(user=user).items.order_by("order"):
        client.post(f"/plan/items/{item.pk}/done", headers=HTMX)
    html = " ".join(client.get("/plan/").content.decode().split())
    assert '<h2 id="plan-finished-title">Plan finished: what next</h2>' in html
    assert "Plan toward" not in html and "Re-plan from today" not in html
    assert "Compare your readiness for other roles" in html


AD = """Senior Machine Learning Engineer at Acme

Requirements
- Python and PyTorch in production
- Spark, Airflow and Snowflake for our pipelines
- Kubernetes and AWS
"""


def test_a_long_plans_notice_offers_only_what_would_shorten_it(client, user, target, monkeypatch):
    # At 60 h/week, the most, "more hours per week" cannot; toward a job ad, whose seniority
    # comes from its title, "a lower seniority" does not; the target is changed on this page.
    monkeypatch.setattr(planning, "LONG_PLAN_MONTHS", 1)
    client.force_login(user)
    target(user, hours=60)

    def notice(url="/plan/"):
        html = client.get(url).content.decode()
        return re.search(r'<p class="notice">(.*?)</p>', html[html.index("plan-summary") :])[1]

    at_most = (
        'This plan runs past 1 month at 60 h/week, the most a plan takes. <a href="#id_target">'
        "A closer target</a> shortens it"
    )
    assert notice() == at_most + ", such as a lower seniority."
    shared = f"/shared/{share_link_create(user=user).token}/"
    assert (
        notice(shared)
        == "This plan runs past 1 month at 60 h/week. A closer target would shorten it."
    )
    ad = job_ad_create(user=user, text=AD)
    assert client.post(f"/report/ads/{ad.pk}/plan/").status_code == 302
    toward_ad = (
        ": a role and seniority, or another saved ad (this ad’s seniority comes from its title)."
    )
    assert notice() == at_most + toward_ad
    client.post("/plan/replan/", {"hours_per_week": 3, "target": f"ad:{ad.pk}"})
    assert Plan.objects.get(user=user).hours_per_week == 3
    assert notice() == (
        'This plan runs past 1 month. Two things shorten it: <a href="#id_hours_per_week">more '
        'hours per week</a>, or <a href="#id_target">a closer target</a>' + toward_ad
    )
    assert "onboarding" not in notice() and "lower seniority" not in notice()
