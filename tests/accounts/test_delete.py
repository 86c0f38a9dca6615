"""Delete my account: /accounts/delete/."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from accounts.throttling import LOGIN_PER_USERNAME
from assessments.models import PlanItem
from assessments.services.ads import job_ad_create
from market.models import Skill, Snapshot

pytestmark = pytest.mark.django_db

DELETE = "/accounts/delete/"
DELETED = "Your account and all its data were deleted. Goodbye!"


def every_table() -> dict[str, list[tuple]]:
    """Every row of every table of the database, sorted, by table."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def counts(tables: dict[str, list[tuple]]) -> dict[str, int]:
    return {table: len(rows) for table, rows in tables.items()}


def test_the_page_says_what_will_be_deleted(user_client, user, fill_account):
    fill_account(user)
    response = user_client.get(DELETE)
    assert response.status_code == 200
    html = response.content.decode()
    ratings = user.skill_levels.count()
    assert f"<li>Skill ratings: {ratings}</li>" in html
    assert "<li>Your profile and target</li>" in html
    # Before: "Learning plans and their items: 1", the count of plans alone.
    items = PlanItem.objects.filter(plan__user=user).count()
    assert items > 1
    assert f"<li>Learning plans: 1 ({items} items)</li>" in html
    assert "<li>Share links of your plan: 1</li>" in html
    assert "you are logged out on every device" in html
    assert '<a href="/accounts/export/">Download my data</a>' in html
    assert '<label for="id_password">Your password</label>' in html
    assert user.skill_levels.count() == ratings  # looking deletes nothing


def test_the_page_takes_a_fixed_number_of_queries(
    user_client, user, fill_account, django_assert_max_num_queries
):
    fill_account(user)
    with django_assert_max_num_queries(14):  # the session, the user, one or two per section
        assert user_client.get(DELETE).status_code == 200


def test_the_page_is_only_for_a_logged_in_person(client):
    response = client.get(DELETE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post(DELETE, {"password": "x"})["Location"].startswith("/accounts/login/")


def test_deleting_removes_every_row_of_the_person_and_leaves_everyone_else_as_they_were(
    client, make_user, password, fill_account
):
    other = fill_account(make_user("mallory"))
    other_client = Client()
    other_client.force_login(other)
    before_ada = every_table()

    ada = fill_account(make_user("ada"))
    client.force_login(ada)
    laptop = Client()
    laptop.force_login(ada)  # a second device
    with_ada = every_table()

    response = client.post(DELETE, {"password": password})

    assert response.status_code == 302 and response["Location"] == "/"
    after = every_table()
    # Every table, row for row, is as it was before Ada signed up: Mallory's rows untouched.
    assert after == before_ada
    grown = {t for t, n in counts(with_ada).items() if n > counts(before_ada)[t]}
    assert {
        "auth_user",
        "accounts_session",
        "assessments_profile",
        "assessments_skilllevel",
        "assessments_skilllevelchange",
        "assessments_plan",
        "assessments_planitem",
        "assessments_sharelink",
        "assessments_jobad",
        "assessments_jobadskill",
    } <= grown, "the person had rows in each table the test looks at"
    assert not User.objects.filter(username="ada").exists()
    assert laptop.get(DELETE)["Location"].startswith("/accounts/login/")  # logged out there too
    assert other_client.get(DELETE).status_code == 200  # Mallory stays logged in


def test_after_deleting_the_share_link_and_the_downloads_are_gone(
    client, user, password, fill_account
):
    fill_account(user)
    link = f"/shared/{user.share_links.get().token}/"
    assert Client().get(link).status_code == 200
    client.force_login(user)
    downloads = ["/plan.ics", "/plan.csv", "/plan.md", f"/report/ads/{user.job_ads.get().pk}.csv"]
    assert [client.get(path).status_code for path in downloads] == [200] * 4

    client.post(DELETE, {"password": password})

    assert Client().get(link).status_code == 404  # whoever the person sent it to
    assert [client.get(path).status_code for path in downloads] == [302] * 4  # to log in


def test_after_deleting_the_person_is_logged_out_and_told_so(user_client, password):
    response = user_client.post(DELETE, {"password": password}, follow=True)
    html = response.content.decode()
    assert DELETED in html
    assert response.context["user"].is_anonymous
    assert "_auth_user_id" not in user_client.session


def test_a_wrong_password_deletes_nothing_and_keeps_the_person_logged_in(
    user_client, user, fill_account
):
    fill_account(user)
    before = counts(every_table())
    response = user_client.post(DELETE, {"password": "not-my-password"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "That is not your password. Nothing was deleted." in html
    assert 'aria-invalid="true" aria-describedby="id_password_helptext id_password_error"' in html
    assert '<a href="#id_password">Your password: That is not your password.' in html
    assert counts(every_table()) == before
    assert user_client.get("/onboarding/").context["user"] == user


def test_an_empty_password_is_refused_next_to_its_field(user_client, user):
    response = user_client.post(DELETE, {"password": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_guessing_the_password_on_the_delete_page_is_throttled(user_client, user, password):
    for _ in range(LOGIN_PER_USERNAME.allowed):
        user_client.post(DELETE, {"password": "guess"})
    response = user_client.post(DELETE, {"password": password})
    assert response.status_code == 429
    assert "Too many failed log-in attempts for this username" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert user_client.get("/onboarding/").status_code == 200  # still logged in


def test_an_admin_s_snapshots_stay_without_their_name_and_their_admin_log_goes(
    client, make_user, password
):
    admin = make_user("root", is_staff=True, is_superuser=True)
    snapshot = Snapshot.objects.create(
        label="Refresh", source="upload", analysis_date="2026-01-01", created_by=admin
    )
    LogEntry.objects.log_actions(
        user_id=admin.pk, queryset=[Skill.objects.first()], action_flag=CHANGE
    )
    client.force_login(admin)
    html = client.get(DELETE).content.decode()
    assert "Market snapshots you imported (1). They are the market everyone sees" in html
    client.post(DELETE, {"password": password})
    snapshot.refresh_from_db()
    assert snapshot.created_by is None
    assert not LogEntry.objects.exists()


def test_delete_only_answers_get_and_post(user_client):
    assert user_client.put(DELETE).status_code == 405


def test_the_same_username_can_sign_up_again_and_starts_with_nothing_of_the_old_account(
    client, user, password, fill_account
):
    fill_account(user)
    job_ad_create(user=user, title="Xylophone Wrangler", text="Requirements\n- Python\n")
    client.force_login(user)
    pages = ["/skills/", "/report/", "/report/ads/", "/plan/", "/accounts/delete/"]
    for page in pages:  # each in the page cache now
        assert client.get(page).status_code == 200
    assert "Xylophone Wrangler" in client.get("/report/ads/").content.decode()
    assert "Learning plans" in client.get(DELETE).content.decode()
    client.post(DELETE, {"password": password})

    response = client.post(
        "/accounts/signup/",
        {"username": "ada", "email": "", "password1": password, "password2": password},
    )

    assert response.status_code == 302 and response["Location"] == "/onboarding/"
    again = User.objects.get(username="ada")
    assert client.get("/accounts/export/").json()["job_ads"] == []
    for page in pages:  # no cached copy of the old account's pages
        html = client.get(page).content.decode()
        assert "Xylophone Wrangler" not in html and "Learning plans" not in html, page
    assert not again.skill_levels.exists() and not again.plans.exists()


def test_a_plan_of_one_item_is_said_in_the_singular(user_client, user, fill_account):
    fill_account(user)
    first = PlanItem.objects.filter(plan__user=user).order_by("order").first()
    PlanItem.objects.filter(plan__user=user).exclude(pk=first.pk).delete()
    assert PlanItem.objects.filter(plan__user=user).count() == 1
    assert "<li>Learning plans: 1 (1 item)</li>" in user_client.get(DELETE).content.decode()
