"""A learning plan aimed at a saved job ad: made from the ad's report, named after the ad on
every page and export, kept through re-planning, and re-aimed when the ad is deleted."""

import json
import re
from datetime import timedelta

import pytest
from django.db.models import RestrictedError
from icalendar import Calendar

from assessments.models import JobAd, Plan, Profile
from assessments.services.ads import job_ad_create
from assessments.services.plans import (
    plan_active_for,
    plan_build,
    plan_detail_for,
    plan_item_check_off,
    plan_schedule_for,
)
from assessments.services.profile import profile_update
from assessments.services.skills import skill_level_set
from market.models import Role, Skill

AD = """Senior Machine Learning Engineer at Acme

Requirements
- Python and PyTorch in production
- Airflow and Snowflake for our pipelines

Nice to have
- Docker is a plus
"""
LABEL = "the job ad “Senior Machine Learning Engineer at Acme”"


@pytest.fixture
def ad(user, market):
    return job_ad_create(user=user, text=AD)


@pytest.fixture
def aimed(user_client, user, ad, target):
    """Ada, aiming at mid-level ML Engineer, then planning toward the senior ad."""
    target(user, role="ML Engineer", seniority="mid")
    response = user_client.post(f"/report/ads/{ad.pk}/plan/")
    assert response.status_code == 302 and response.url == "/plan/"
    return Plan.objects.get(user=user)


def test_plan_toward_an_ad_aims_the_plan_at_it_and_schedules_what_it_asks(aimed, ad):
    assert aimed.job_ad == ad
    # Weighed by the role and seniority the ad's title names, not the profile's target.
    assert (aimed.role.name, aimed.seniority) == ("ML Engineer", "senior")
    planned = set(aimed.items.values_list("skill__slug", flat=True))
    asked = {"python", "pytorch", "airflow", "snowflake", "docker"}
    assert asked <= planned  # every gap of the ad (its prerequisites may come too)
    to_levels = dict(
        aimed.items.filter(is_prerequisite=False).values_list("skill__slug", "to_level")
    )
    assert "machine-learning" not in to_levels  # named only in its title: not asked for
    assert to_levels["snowflake"] == 4  # a senior ad's must-have: Advanced
    assert to_levels["docker"] == 2  # its nice-to-have: Beginner
    assert "tensorflow" not in planned  # the role asks for it; the ad does not


def test_the_report_and_the_ranking_say_the_plan_aims_at_the_ad_not_at_the_target(
    user_client, user, aimed
):
    # Their "Next" sent the person to /plan/ "to turn these gaps into a plan", or said the plan
    # "follows your target": it aims at the ad, and shows none of the target's gaps.
    ad_next = "your learning plan aims at the job ad “Senior Machine Learning Engineer at Acme”"
    report = user_client.get("/report/").content.decode()
    assert f"{ad_next}, not at these gaps" in report
    assert "choose Mid-level ML Engineer as its target" in report
    assert "turn these gaps into a month-by-month learning plan" not in report
    roles = user_client.get("/report/roles/").content.decode()
    assert ad_next[0].upper() + ad_next[1:] in roles
    assert "Your learning plan follows your target" not in roles
    # Aimed back at the target: the sentences are as before.
    user_client.post("/plan/replan/", {"hours_per_week": "10", "target": "ml-engineer/mid"})
    assert Plan.objects.get(user=user).job_ad is None
    report = user_client.get("/report/").content.decode()
    assert "work through your learning plan</a>: it closes these gaps" in report
    assert "aims at the job ad" not in report
    roles = user_client.get("/report/roles/").content.decode()
    assert "Your learning plan follows your target, Mid-level ML Engineer" in roles


def test_the_plan_page_and_every_export_name_the_ad(user_client, aimed):
    page = user_client.get("/plan/").content.decode()
    assert f"Ready for {LABEL} in about" in page
    assert f"Target: {LABEL} ·" in page
    assert f'<option value="ad:{aimed.job_ad_id}" selected>Senior Machine' in page
    calendar = Calendar.from_ical(user_client.get("/plan.ics").content)
    assert str(calendar["X-WR-CALNAME"]).startswith(
        "Skillgap plan: the job ad “Senior Machine Learning Engineer at Acme"
    )
    markdown = user_client.get("/plan.md").content.decode()
    assert markdown.startswith(f"# Learning plan: {LABEL}\n")
    csv = user_client.get("/plan.csv").content.decode()
    assert "Snowflake" in csv


def test_the_plan_pages_done_list_tags_a_job_ads_nice_to_have_as_plan_md_does(user_client, aimed):
    for slug in ("docker", "python"):
        item = aimed.items.filter(skill__slug=slug).first()
        assert user_client.post(f"/plan/items/{item.pk}/done").status_code == 302
    # Done before a re-plan: they are listed only under Done, not in the months.
    done_at = max(aimed.items.exclude(done_at=None).values_list("done_at", flat=True))
    Plan.objects.filter(pk=aimed.pk).update(planned_at=done_at + timedelta(seconds=1))
    page = user_client.get("/plan/").content.decode()
    done = page.split('id="plan-done-title"')[1].split("</section>")[0]
    items = {re.search(r"<strong>([^<]+)</strong>", li)[1]: li for li in done.split("<li>")[1:]}
    assert set(items) == {"Docker", "Python"}
    assert '<span class="tag">nice-to-have</span>' in items["Docker"]
    assert "nice-to-have" not in items["Python"]
    assert re.search(r"^- \[x\] Docker \(nice-to-have\): ", user_client.get("/plan.md").text, re.M)


def test_the_shared_page_names_the_ad(client, user_client, aimed):
    user_client.post("/plan/share/", {"action": "create"})
    token = aimed.user.share_links.get().token
    assert LABEL in client.get(f"/shared/{token}/").content.decode()


def test_the_ads_report_says_the_plan_aims_at_it(user_client, aimed):
    html = user_client.get(f"/report/ads/{aimed.job_ad_id}/").content.decode()
    assert "Your learning plan aims at this ad." in html
    assert "Plan toward this ad" not in html


def test_checking_off_and_new_hours_keep_the_ad_as_the_target(user, aimed):
    item = aimed.items.order_by("order").first()
    plan_item_check_off(user=user, item=item)
    profile_update(
        user=user,
        background="other",
        target_role=Role.objects.get(name="ML Engineer"),
        target_seniority="mid",
        hours_per_week=5,
        start_month=None,
    )
    aimed.refresh_from_db()
    assert aimed.job_ad_id is not None and aimed.hours_per_week == 5


def test_choosing_a_target_role_aims_the_plan_at_it(user_client, user, aimed):
    response = user_client.post(
        "/plan/replan/", {"hours_per_week": "6", "target": "mlops-engineer/senior"}
    )
    assert response.status_code == 302
    aimed.refresh_from_db()
    assert (aimed.job_ad, aimed.role.slug, aimed.seniority) == (None, "mlops-engineer", "senior")


def test_choosing_an_ad_on_the_plan_page_aims_the_plan_at_it(user_client, user, ad, target):
    target(user)
    plan_build(user=user)
    response = user_client.post("/plan/replan/", {"hours_per_week": "7", "target": f"ad:{ad.pk}"})
    assert response.status_code == 302
    plan = Plan.objects.get(user=user)
    assert (plan.job_ad, plan.hours_per_week) == (ad, 7)
    user.profile.refresh_from_db()
    assert user.profile.target_role.name == "ML Engineer"  # the profile's target stays


def test_another_person_cannot_plan_toward_your_ad(client, other_user, ad, target):
    target(other_user)
    plan_build(user=other_user)
    client.force_login(other_user)
    assert client.post(f"/report/ads/{ad.pk}/plan/").status_code == 404
    assert Plan.objects.get(user=other_user).job_ad is None


def test_planning_toward_an_ad_is_post_only(user_client, ad):
    assert user_client.get(f"/report/ads/{ad.pk}/plan/").status_code == 405


def test_an_ad_without_a_role_and_a_person_without_a_target_get_a_clear_refusal(
    user_client, user, market
):
    ad = job_ad_create(user=user, text="Wizard of Data\nPython and SQL required")
    response = user_client.post(f"/report/ads/{ad.pk}/plan/", follow=True)
    assert "This ad&#x27;s title names no role we know" in response.content.decode()
    assert not Plan.objects.filter(user=user).exists()


def test_an_ad_without_a_role_is_weighed_by_the_target_role(user_client, user, target, market):
    target(user, role="MLOps Engineer", seniority="mid")
    ad = job_ad_create(user=user, text="Senior Wizard\nPython and SQL required")
    user_client.post(f"/report/ads/{ad.pk}/plan/")
    plan = Plan.objects.get(user=user)
    assert (plan.job_ad, plan.role.name, plan.seniority) == (ad, "MLOps Engineer", "senior")


def test_deleting_the_ad_warns_then_aims_the_plan_at_the_target_keeping_done_items(
    user_client, user, aimed
):
    done = aimed.items.order_by("order").first()
    plan_item_check_off(user=user, item=done)
    confirm = user_client.get(f"/report/ads/{aimed.job_ad_id}/delete/").content.decode()
    assert "it will aim at your target, Mid-level ML Engineer, instead" in confirm
    response = user_client.post(f"/report/ads/{aimed.job_ad_id}/delete/", follow=True)
    assert "Your plan now aims at your target, Mid-level ML Engineer." in (
        response.content.decode()
    )
    plan = Plan.objects.get(user=user)
    assert (plan.job_ad, plan.role.name, plan.seniority) == (None, "ML Engineer", "mid")
    assert plan.items.filter(pk=done.pk, done_at__isnull=False).exists()
    assert not JobAd.objects.filter(user=user).exists()


def test_deleting_the_ad_of_a_plan_without_a_target_deletes_the_plan(user_client, user, ad):
    plan_build(user=user, job_ad=ad)  # the ad's title names ML Engineer; no profile target
    user_client.post(f"/report/ads/{ad.pk}/delete/")
    assert not Plan.objects.filter(user=user).exists()
    assert not JobAd.objects.filter(user=user).exists()


def test_a_plan_toward_an_ad_without_a_target_has_its_page(user_client, user, ad):
    plan_build(user=user, job_ad=ad)
    html = user_client.get("/plan/").content.decode()
    assert f"Ready for {LABEL} in about" in html


def test_a_newer_market_offers_to_replan_toward_the_same_ad(
    user_client, user, aimed, publish_snapshot
):
    publish_snapshot(
        "ML Engineer", "senior", {"Python": ("90.0", "Critical"), "Snowflake": ("30.0", "High")}
    )
    html = user_client.get("/plan/").content.decode()
    assert "The market data was refreshed" in html
    assert f'<input type="hidden" name="target" value="ad:{aimed.job_ad_id}">' in html
    user_client.post("/plan/replan/", {"hours_per_week": "10", "target": f"ad:{aimed.job_ad_id}"})
    plan = Plan.objects.get(user=user)
    assert plan.job_ad_id == aimed.job_ad_id and plan.snapshot.label == "Refresh"
    snowflake = {g.skill: g for g in plan_detail_for(plan=plan).report.result.gaps}["snowflake"]
    assert snowflake.share_pct == 30.0  # now measured in the newer market


def catch_up_form(html: str) -> dict[str, str]:
    """The hidden fields of the plan page's "Re-plan from today" form."""
    section = html[html.index('id="plan-catch-up-title"') :]
    form = section[: section.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))


def test_replanning_from_today_keeps_the_ad_as_the_target(user_client, user, aimed):
    item = aimed.items.order_by("order").first()
    user_client.post(f"/plan/items/{item.pk}/done")  # ahead of the calendar: the offer shows
    html = user_client.get("/plan/").content.decode()
    assert "You are ahead of the calendar" in html
    fields = catch_up_form(html)
    assert fields["target"] == f"ad:{aimed.job_ad_id}"
    response = user_client.post("/plan/replan/", fields)
    assert response.status_code == 302
    assert Plan.objects.get(user=user).job_ad_id == aimed.job_ad_id


def test_replanning_from_today_toward_an_ad_works_without_a_target_role(user_client, user, ad):
    plan = plan_build(user=user, job_ad=ad).plan  # starts today
    # The last item (a later month's): ahead of the calendar, so the offer shows.
    last = plan.items.order_by("order").last()
    assert last.start_month > 1
    user_client.post(f"/plan/items/{last.pk}/done")
    fields = catch_up_form(user_client.get("/plan/").content.decode())
    response = user_client.post("/plan/replan/", fields)
    assert response.status_code == 302
    assert Plan.objects.get(user=user).job_ad_id == ad.pk


def test_readiness_in_the_plan_is_the_ads_readiness(user_client, user, aimed):
    skill_level_set(user=user, skill=Skill.objects.get(slug="python"), level=4)
    report = user_client.get(f"/report/ads/{aimed.job_ad_id}/").context["report"]
    detail = plan_detail_for(plan=Plan.objects.get(user=user))
    assert detail.report.result.readiness == pytest.approx(report.result.result.readiness)


def test_the_data_export_names_the_ad_a_plan_aims_at(user_client, aimed):
    document = json.loads(user_client.get("/accounts/export/").content)
    [plan] = document["plans"]
    assert plan["job_ad"]["title"] == "Senior Machine Learning Engineer at Acme"
    assert plan["job_ad"]["created_at"] == document["job_ads"][0]["created_at"]


def test_deleting_the_account_deletes_the_ad_and_the_plan_aimed_at_it(
    user_client, user, aimed, password
):
    response = user_client.post("/accounts/delete/", {"password": password})
    assert response.status_code == 302
    assert not Plan.objects.exists() and not JobAd.objects.exists()


def test_an_ad_a_plan_aims_at_is_not_deleted_behind_the_plans_back(aimed):
    with pytest.raises(RestrictedError):
        aimed.job_ad.delete()


def test_a_plan_toward_an_ad_learns_one_alternative_of_a_list(user, market):
    ad = job_ad_create(
        user=user, text="Senior Machine Learning Engineer\nRequirements\n- Python, AWS or GCP\n"
    )
    skill_level_set(user=user, skill=Skill.objects.get(slug="gcp"), level=2)
    plan = plan_build(user=user, job_ad=ad).plan
    planned = set(plan.items.filter(is_prerequisite=False).values_list("skill__slug", flat=True))
    assert "gcp" in planned and not {"aws", "python"} & planned


SERVING_AD = """Senior Machine Learning Engineer - Recommendations

You will own our models from training to production.

What you bring
* 5+ years of Python; deep experience with PyTorch
* Strong SQL; building pipelines in Airflow and Spark
* Docker, Kubernetes and Docker for model serving
* AWS (SageMaker, S3, EC2)

Bonus points
* Scala
* Terraform
* LangChain
"""


def test_a_plan_toward_an_ad_learns_docker_and_kubernetes_before_serving_and_spark_after_basics(
    user, target
):
    # Docker at 3 met Model serving's and Production ML's minimum (2): both came months before
    # Docker 3 -> 4 and Kubernetes, which nothing tied to serving; Spark 0 -> 4 (116 h) came
    # first, as a Foundation.
    target(user, role="ML Engineer", seniority="mid")
    levels = {"python": 3, "sql": 3, "docker": 3, "pytorch": 2, "machine-learning": 2, "aws": 2}
    for slug, level in levels.items():
        skill_level_set(user=user, skill=Skill.objects.get(slug=slug), level=level)
    plan_build(user=user, job_ad=job_ad_create(user=user, text=SERVING_AD))
    items = list(Plan.objects.get(user=user).items.order_by("order").select_related("skill"))
    order = [i.skill.slug for i in items]
    assert order[:4] == ["python", "sql", "numpy", "pytorch"]  # the fundamentals first
    assert order.index("docker") < order.index("kubernetes") < order.index("model-serving")
    assert order.index("model-serving") < order.index("production-ml")
    phase = {i.skill.slug: i.phase for i in items}
    assert (phase["spark"], phase["kubernetes"]) == ("Specialization", "Specialization")
    assert {(i.from_level, i.to_level) for i in items if i.skill.slug == "docker"} == {(3, 4)}


NICE_KUBERNETES_AD = """Senior Machine Learning Engineer

Requirements
- Model serving in production

Nice to have
- Kubernetes
"""


def test_a_saved_plans_nice_to_haves_pass_is_the_schedules(user, target):
    # Kubernetes at 1 meets Model serving's link (min_level 1): the schedule waits for nothing
    # and learns the nice-to-have Kubernetes 1 -> 2 in its own pass, after Model serving; the
    # saved plan's badges read the same pass (they read every link, so said it was not).
    target(user, role="ML Engineer", seniority="mid")
    for slug, level in {"python": 3, "docker": 3, "kubernetes": 1}.items():
        skill_level_set(user=user, skill=Skill.objects.get(slug=slug), level=level)
    plan_build(user=user, job_ad=job_ad_create(user=user, text=NICE_KUBERNETES_AD))
    detail = plan_detail_for(plan=plan_active_for(user=user))
    items = {i.skill: i for i in detail.schedule.items}
    assert (items["model-serving"].from_level, items["model-serving"].to_level) == (0, 4)
    assert (items["kubernetes"].from_level, items["kubernetes"].to_level) == (1, 2)
    assert items["model-serving"].order < items["kubernetes"].order
    fresh = plan_schedule_for(report=detail.report, hours_per_week=10, today=detail.plan.starts_on)
    passes = {i.skill: i.in_nice_to_haves_pass for i in fresh.items}
    assert passes["kubernetes"] and not passes["model-serving"]
    assert {s: i.in_nice_to_haves_pass for s, i in items.items()} == passes
    assert items["kubernetes"].needed_by == ()  # no must-have waits for it


def test_a_saved_plan_in_the_quickest_order_has_no_nice_to_haves_pass(user, target):
    # One group of items, must-haves and nice-to-haves alike: no month reads "X, then
    # Nice-to-haves · Foundations", on the page as in the schedule.
    target(user, role="ML Engineer", seniority="mid")
    Profile.objects.filter(user=user).update(plan_order="quickest")
    plan_build(user=user, job_ad=job_ad_create(user=user, text=AD))
    detail = plan_detail_for(plan=plan_active_for(user=user))
    assert detail.schedule.order == "quickest"
    assert {i.skill for i in detail.schedule.items if i.nice_to_have} == {"docker"}
    assert not any(i.in_nice_to_haves_pass for i in detail.schedule.items)
    assert not any("Nice-to-haves" in m.phase for m in detail.schedule.months)
