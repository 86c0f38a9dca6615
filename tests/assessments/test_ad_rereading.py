"""A saved ad's reading stays true: an ad read by an older reading or older matching rules
shows the current one (a GET writes nothing), and `ads_read_again` saves it; an ad the
person's plan aims at keeps the reading the plan was made from until they ask, and then the
plan is re-made, items checked off kept."""

import io
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.ad_analysis import READING_VERSION
from assessments.models import JobAd, JobAdSkill, Plan
from assessments.services import ads as ad_services
from assessments.services.ads import job_ad_create, reading_rules_forget, reading_rules_load
from assessments.services.plans import plan_build, plan_item_check_off
from market.models import Skill
from market.services import taxonomy
from tests.assessments.test_ad_pages import grow
from tests.assessments.test_ad_plans import AD
from tests.assessments.test_page_queries import page_queries
from tests.test_get_never_writes import writes_of


def kinds(ad: JobAd) -> dict[str, str]:
    return dict(ad.skills.values_list("skill__slug", "kind"))


def as_read_before_0010(ad: JobAd) -> None:
    """The ad as saved before a skill named only in its title stopped counting: Machine
    learning a must-have, and no record of what read it."""
    ad.skills.filter(skill__slug="machine-learning").update(kind=JobAdSkill.Kind.MUST)
    JobAd.objects.filter(pk=ad.pk).update(read_with=None)


@pytest.fixture
def ad(user, market):
    return job_ad_create(user=user, text=AD)


def test_a_new_ad_records_the_rules_that_read_it(ad):
    assert ad.read_with == reading_rules_load().key
    assert ad.read_with.startswith(f"{READING_VERSION}:")


def test_an_ad_read_before_the_title_rule_shows_the_current_reading(user_client, ad):
    as_read_before_0010(ad)
    page = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    assert "The ad names Machine learning only in its title" in page
    assert "reads differently now" not in page  # no plan aims at it: nothing to choose
    csv = user_client.get(f"/report/ads/{ad.pk}.csv").content.decode()
    assert "Machine learning" not in csv


def test_showing_ads_read_with_the_current_rules_makes_no_matcher_and_the_rules_once(
    user_client, ad, monkeypatch
):
    # Before: every view of an ad's page or the list made each skill's rules (78 with the
    # seed) to know the key. Now the first page after a market change makes them, and the
    # pages after it none; no page makes a matcher, which only reads an ad again.
    made = []

    def counted(skill):
        made.append(skill.slug)
        return real(skill)

    def no_matcher(**kwargs):
        raise AssertionError("a matcher was made for ads read with the current rules")

    real = taxonomy.skill_rules_of
    monkeypatch.setattr(taxonomy, "skill_rules_of", counted)
    monkeypatch.setattr(ad_services, "skill_rules_of", counted)
    monkeypatch.setattr(ad_services, "skill_matcher_build", no_matcher)
    reading_rules_forget()  # as a process that has not read them yet
    urls = ["/report/ads/", f"/report/ads/{ad.pk}/", f"/report/ads/{ad.pk}.csv", "/report/ads/"]
    counts = []
    for url in urls:
        made.clear()
        assert user_client.get(url).status_code == 200, url
        counts.append(len(made))
    assert counts == [Skill.objects.count(), 0, 0, 0]


def test_the_list_of_ads_takes_the_same_queries_however_many_read_again_change_role(
    user_client, user, ad
):
    # Before: each ad read again whose role changed looked its role up: 13 queries for one
    # such ad, 17 for seven (one more for each of the five with a role to find); now 13.
    def queries() -> int:
        JobAd.objects.filter(user=user).update(read_with=None, role=None)
        with CaptureQueriesContext(connection) as captured:
            assert user_client.get("/report/ads/").status_code == 200
        return len(captured.captured_queries)

    one = queries()
    grow(user, 6)
    assert queries() == one


def test_an_admins_new_alias_reaches_saved_ads(user_client, ad):
    kafka = Skill.objects.get(slug="kafka")
    kafka.aliases += "\nour pipelines"
    kafka.save()
    csv = user_client.get(f"/report/ads/{ad.pk}.csv").content.decode()
    assert "Kafka" in csv


def test_opening_a_stale_ad_writes_nothing_and_the_command_saves_its_reading(user_client, ad):
    as_read_before_0010(ad)
    for url in ["/report/ads/", f"/report/ads/{ad.pk}/", f"/report/ads/{ad.pk}.csv"]:
        assert writes_of(user_client, url) == [], url
    assert kinds(ad)["machine-learning"] == JobAdSkill.Kind.MUST
    out = io.StringIO()
    call_command("ads_read_again", stdout=out)
    assert out.getvalue() == (
        "Read 1 job ads again: 1 changed, 0 kept for the plans that aim at them.\n"
    )
    ad.refresh_from_db()
    assert kinds(ad)["machine-learning"] == JobAdSkill.Kind.TITLE
    assert ad.read_with == reading_rules_load().key
    out = io.StringIO()
    call_command("ads_read_again", stdout=out)
    assert out.getvalue().startswith("Read 0 job ads again")


def test_a_typed_title_is_kept_as_the_title_when_read_again(user, market):
    ad = job_ad_create(user=user, text=AD.split("\n", 1)[1], title="Senior Data Scientist, ML")
    as_read_before_0010(ad)
    call_command("ads_read_again", stdout=io.StringIO())
    ad.refresh_from_db()
    assert ad.title == "Senior Data Scientist, ML"
    assert ad.seniority == "senior"
    assert kinds(ad)["machine-learning"] == JobAdSkill.Kind.TITLE


@pytest.mark.parametrize(
    ("typed", "python"),
    [("Python Wizard", JobAdSkill.Kind.TITLE), ("", JobAdSkill.Kind.MUST)],
    ids=["typed-as-the-first-line", "none-typed"],
)
def test_a_typed_title_that_is_the_first_line_stays_the_title_when_read_again(
    user_client, user, market, typed, python
):
    # Before: a typed title equal to the first line was taken for no typed title when read
    # again, so "Python Wizard" (no job noun) stopped being the title: its page said
    # "Python: was named in the title, now must-have" and ads_read_again saved that.
    ad = job_ad_create(user=user, text="Python Wizard\nWe need SQL and Spark.", title=typed)
    assert kinds(ad)["python"] == python
    JobAd.objects.filter(pk=ad.pk).update(read_with=None)
    page = " ".join(user_client.get(f"/report/ads/{ad.pk}/").content.decode().split())
    assert ("The ad names Python only in its title" in page) == (python == JobAdSkill.Kind.TITLE)
    call_command("ads_read_again", stdout=io.StringIO())
    assert kinds(ad)["python"] == python


def test_planning_toward_an_ad_read_by_older_rules_plans_the_reading_its_page_shows(
    user_client, user, ad, target
):
    target(user, role="ML Engineer", seniority="mid")
    as_read_before_0010(ad)
    assert user_client.post(f"/report/ads/{ad.pk}/plan/").status_code == 302
    plan = Plan.objects.get(user=user)
    assert not plan.items.filter(skill__slug="machine-learning", is_prerequisite=False).exists()
    assert kinds(ad)["machine-learning"] == JobAdSkill.Kind.TITLE
    page = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    assert "reads differently now" not in page


@pytest.fixture
def aimed(user, ad, target):
    """Ada's plan aims at the ad while it is read as before 0010, Python checked off."""
    target(user, role="ML Engineer", seniority="mid")
    as_read_before_0010(ad)
    plan_build(user=user, job_ad=ad)
    plan = Plan.objects.get(user=user)
    assert plan.items.filter(skill__slug="machine-learning").exists()
    python = plan.items.get(skill__slug="python")
    plan_item_check_off(user=user, item=python)
    return plan


def test_an_ad_your_plan_aims_at_keeps_its_reading_and_says_what_would_change(
    user_client, ad, aimed
):
    items = list(aimed.items.values_list("skill__slug", "to_level", "done_at"))
    page = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    assert "This ad reads differently now" in page
    assert "<li>Machine learning: was must-have, now named in the title</li>" in page
    assert "Read it again and re-make my plan" in page
    user_client.get("/plan/")
    out = io.StringIO()
    call_command("ads_read_again", stdout=out)
    assert "1 kept for the plans that aim at them" in out.getvalue()
    assert kinds(ad)["machine-learning"] == JobAdSkill.Kind.MUST  # not moved under the plan
    assert list(aimed.items.values_list("skill__slug", "to_level", "done_at")) == items


def test_reading_it_again_re_makes_the_plan_and_keeps_items_checked_off(user_client, ad, aimed):
    done = aimed.items.get(skill__slug="python")
    response = user_client.post(f"/report/ads/{ad.pk}/reread/")
    assert response.status_code == 302 and response.url == f"/report/ads/{ad.pk}/"
    assert kinds(ad)["machine-learning"] == JobAdSkill.Kind.TITLE
    assert not aimed.items.filter(skill__slug="machine-learning", is_prerequisite=False).exists()
    kept = aimed.items.get(skill__slug="python")
    assert (kept.pk, kept.done_at, kept.to_level) == (done.pk, done.done_at, done.to_level)
    page = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    assert "your plan is re-made from the new reading" in page
    assert "reads differently now" not in page


def test_an_aimed_ad_whose_reading_would_not_change_is_just_stamped(user_client, user, ad, target):
    target(user, role="ML Engineer", seniority="mid")
    plan_build(user=user, job_ad=ad)
    JobAd.objects.filter(pk=ad.pk).update(read_with=None)
    page = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    assert "reads differently now" not in page
    call_command("ads_read_again", stdout=io.StringIO())
    ad.refresh_from_db()
    assert ad.read_with == reading_rules_load().key


def test_another_person_cannot_read_your_ad_again(client, other_user, ad):
    client.force_login(other_user)
    assert client.post(f"/report/ads/{ad.pk}/reread/").status_code == 404


def test_reading_again_is_post_only(user_client, ad):
    assert user_client.get(f"/report/ads/{ad.pk}/reread/").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_migrating_back_past_0011_and_forward_reads_the_ad_again(user, market):
    ad = job_ad_create(user=user, text=AD)
    try:
        call_command("migrate", "assessments", "0010", verbosity=0)  # SQLite: in place
        with connection.cursor() as cursor:
            columns = {
                c.name
                for c in connection.introspection.get_table_description(
                    cursor, JobAd._meta.db_table
                )
            }
        assert "read_with" not in columns
    finally:
        call_command("migrate", verbosity=0)
    ad.refresh_from_db()
    assert ad.read_with is None  # read by an older release: unknown rules
    call_command("ads_read_again", stdout=io.StringIO())
    ad.refresh_from_db()
    assert ad.read_with == reading_rules_load().key
    assert kinds(ad)["machine-learning"] == JobAdSkill.Kind.TITLE


def test_the_plan_page_says_when_the_ad_it_aims_at_reads_differently_and_links_to_its_page(
    user_client, ad, aimed
):
    # Before, only the ad's page said so: /plan/ kept showing the old reading without a word.
    page = user_client.get("/plan/").content.decode()
    assert '<h2 id="plan-ad-reread-title">The ad this plan aims at reads differently now' in page
    assert f'<a href="/report/ads/{ad.pk}/#reread-title">see what would change' in page
    user_client.post(f"/report/ads/{ad.pk}/reread/")
    assert "reads differently now" not in user_client.get("/plan/").content.decode()


def test_the_plan_page_says_nothing_when_the_aimed_ad_reads_the_same_by_newer_rules(
    user_client, user, ad, target
):
    target(user, role="ML Engineer", seniority="mid")
    plan_build(user=user, job_ad=ad)
    JobAd.objects.filter(pk=ad.pk).update(read_with=None)  # read by older rules, same reading
    assert "reads differently now" not in user_client.get("/plan/").content.decode()


def test_the_plan_page_of_a_plan_aimed_at_an_ad_takes_two_queries_more_when_it_is_stale(
    user_client, user, ad, target
):
    # A plan aimed at a role takes none of them (tests/assessments/test_page_queries.py: 18).
    target(user, role="ML Engineer", seniority="mid")
    plan_build(user=user, job_ad=ad)
    user_client.get("/plan/")  # warm: the first request of a client reads its session and user
    fresh = page_queries(user_client, "/plan/", htmx=False)
    as_read_before_0010(ad)
    stale = page_queries(user_client, "/plan/", htmx=False)
    # Rendered: 18 as for a role's plan (the rules are this process's, at the market version
    # the page cache read for its key: no second read), and the ad with its skills when other
    # rules read it; from the page cache: 2 either way.
    assert (fresh, stale) == ((18, 2), (20, 2))


def test_ads_read_again_quiet_says_what_it_saved_and_nothing_on_a_second_run(ad, aimed):
    # `make run` runs it after migrate with --quiet: a start with nothing to read prints nothing.
    other = job_ad_create(user=aimed.user, text=AD)
    as_read_before_0010(other)
    out = io.StringIO()
    call_command("ads_read_again", "--quiet", stdout=out)
    assert out.getvalue() == (
        "Read 2 job ads again: 1 changed, 1 kept for the plans that aim at them.\n"
    )
    out = io.StringIO()
    call_command("ads_read_again", "--quiet", stdout=out)
    assert out.getvalue() == ""  # the plan's ad is still kept: read, not saved
    assert kinds(ad)["machine-learning"] == JobAdSkill.Kind.MUST
    out = io.StringIO()
    call_command("ads_read_again", stdout=out)  # without --quiet, as before
    assert out.getvalue() == (
        "Read 1 job ads again: 0 changed, 1 kept for the plans that aim at them.\n"
    )


def test_make_run_and_serve_read_saved_ads_again_after_migrate_and_the_seed():
    root = Path(__file__).resolve().parents[2]
    for target in ["run", "serve"]:
        # -n prints the commands without running them; -B as if nothing were made yet.
        printed = subprocess.run(
            ["make", "-nB", target],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        commands = [
            line.split("manage.py ", 1)[1].split()[0]
            for line in printed.splitlines()
            if "manage.py " in line
        ]
        assert commands[:3] == ["migrate", "seed_market", "ads_read_again"], target
        assert "manage.py ads_read_again --quiet" in printed


def test_an_aimed_ad_whose_quotes_alone_would_change_shows_and_saves_them_unasked(
    user_client, user, ad, target
):
    # Its quotes are words from the ad, not what the plan was made from: nothing to choose.
    target(user, role="ML Engineer", seniority="mid")
    plan_build(user=user, job_ad=ad)
    now = list(ad.skills.get(skill__slug="python").phrases)
    ad.skills.filter(skill__slug="python").update(phrases=["Python, quoted by older rules"])
    JobAd.objects.filter(pk=ad.pk).update(read_with=None)
    page = user_client.get(f"/report/ads/{ad.pk}/").content.decode()
    assert "reads differently now" not in page and "quoted by older rules" not in page
    assert "reads differently now" not in user_client.get("/plan/").content.decode()
    call_command("ads_read_again", stdout=io.StringIO())
    assert list(ad.skills.get(skill__slug="python").phrases) == now


def test_an_ad_saved_before_its_first_requirement_was_kept_gets_it_when_read_again(
    user_client, user, ad, target
):
    # Aimed at by a plan too: the quote alone changing is nothing for its person to choose.
    first = ad.first_ask
    assert first
    target(user, role="ML Engineer", seniority="mid")
    plan_build(user=user, job_ad=ad)
    JobAd.objects.filter(pk=ad.pk).update(first_ask=None, read_with="5:before first_ask")
    assert writes_of(user_client, "/report/ads/") == []
    assert f"“{first}”" in user_client.get("/report/ads/").content.decode()
    call_command("ads_read_again", stdout=io.StringIO())
    ad.refresh_from_db()
    assert (ad.first_ask, ad.read_with) == (first, reading_rules_load().key)
