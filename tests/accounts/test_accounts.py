import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_sign_up_logs_the_user_in_and_sends_them_to_onboarding(client, password):
    response = client.post(
        "/accounts/signup/",
        {"username": "grace", "email": "", "password1": password, "password2": password},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:onboarding")
    assert User.objects.filter(username="grace").exists()
    assert client.get("/onboarding/").context["user"].username == "grace"


def test_sign_up_keeps_the_optional_email_and_welcomes_the_person_by_name(client, password):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "grace",
            "email": "grace@example.com",
            "password1": password,
            "password2": password,
        },
        follow=True,
    )
    assert User.objects.get(username="grace").email == "grace@example.com"
    assert "Welcome, grace! Tell us where you stand." in response.content.decode()


@pytest.mark.parametrize("url", ["/accounts/signup/", "/accounts/login/"])
def test_a_signed_in_person_is_sent_on_from_sign_up_and_log_in(user_client, url):
    response = user_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:report")


@pytest.mark.parametrize(
    "next_page", ["/accounts/login/", "/accounts/login/?next=/accounts/login/", "/accounts/login/?"]
)
def test_a_signed_in_person_sent_to_log_in_with_log_in_as_next_lands_on_the_report(
    user_client, next_page
):
    response = user_client.get("/accounts/login/", {"next": next_page})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:report")


def test_logging_in_with_log_in_as_next_lands_on_the_report(client, user, password):
    response = client.post(
        "/accounts/login/?next=/accounts/login/",
        {"username": "ada", "password": password, "next": "/accounts/login/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:report")


def test_sign_up_form_has_the_labels_people_look_for(client):
    html = client.get("/accounts/signup/").content.decode()
    for label in ("Username", "Password", "Password confirmation"):
        assert f">{label}</label>" in html


# An input without a name: shown to password managers, never submitted.
UNNAMED = "(no name)"

# What a browser or password manager fills each field of the account forms with.
AUTOCOMPLETE = {
    "/accounts/signup/": {
        "username": "username",
        "email": "email",
        "password1": "new-password",
        "password2": "new-password",
    },
    "/accounts/login/": {"username": "username", "password": "current-password"},
    "/accounts/password/reset/": {"email": "email"},
    "/accounts/password/": {
        UNNAMED: "username",
        "old_password": "current-password",
        "new_password1": "new-password",
        "new_password2": "new-password",
    },
    "/accounts/delete/": {UNNAMED: "username", "password": "current-password"},
}


@pytest.mark.parametrize("url", AUTOCOMPLETE)
def test_each_account_field_says_what_a_browser_may_fill_it_with(client, user, url):
    if url in {"/accounts/password/", "/accounts/delete/"}:
        client.force_login(user)
    html = client.get(url).content.decode()
    fields = {}
    for tag in re.findall(r"<input [^>]*>", html):
        if 'type="hidden"' not in tag:
            name = re.search(r' name="([^"]+)"', tag)
            fields[name.group(1) if name else UNNAMED] = tag
    found = {name: re.search(r'autocomplete="([^"]*)"', tag) for name, tag in fields.items()}
    assert {name: m.group(1) if m else None for name, m in found.items()} == AUTOCOMPLETE[url]


@pytest.mark.parametrize("url", ["/accounts/password/", "/accounts/delete/"])
def test_a_form_asking_for_the_current_password_names_the_account_to_password_managers(
    client, user, url
):
    client.force_login(user)
    html = client.get(url).content.decode()
    # In the same form as the password, holding this account's name, out of sight, never sent.
    [form] = [f for f in re.findall(r"<form .*?</form>", html, re.S) if "current-password" in f]
    [box] = re.findall(r'<input [^>]*autocomplete="username"[^>]*>', form)
    assert f'value="{user.username}"' in box
    assert " hidden" in box and " readonly" in box
    assert " name=" not in box


@pytest.mark.parametrize("url", ["/accounts/signup/", "/accounts/password/reset/"])
def test_the_email_box_takes_as_many_characters_as_an_account_keeps(client, url):
    html = client.get(url).content.decode()
    [box] = re.findall(r'<input type="email"[^>]*>', html)
    assert f'maxlength="{User._meta.get_field("email").max_length}"' in box  # 254


def test_duplicate_username_is_refused_with_a_message_and_keeps_what_was_typed(
    client, user, password
):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "ada",
            "email": "ada@example.com",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 400
    assert "A user with that username already exists." in response.content.decode()
    assert 'value="ada@example.com"' in response.content.decode()
    assert User.objects.filter(username="ada").count() == 1


def test_mismatched_password_confirmation_is_refused(client, password):
    response = client.post(
        "/accounts/signup/",
        {"username": "grace", "password1": password, "password2": password + "x"},
    )
    assert "The two password fields didn" in response.content.decode()
    assert not User.objects.filter(username="grace").exists()


def test_log_in_with_the_right_password_opens_the_report_or_onboarding_before_a_target(
    client, user, password, onboard
):
    # The report sends a person without a target on to onboarding (with why).
    response = client.post(
        "/accounts/login/", {"username": "ada", "password": password}, follow=True
    )
    assert response.redirect_chain == [("/report/", 302), ("/onboarding/", 302)]
    assert "Choose a target role first" in response.content.decode()

    client.logout()
    onboard(user)
    response = client.post("/accounts/login/", {"username": "ada", "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:report")


@pytest.mark.parametrize(
    ("next_page", "landing"),
    [
        ("/plan/", "/plan/"),
        ("https://evil.example/", "/report/"),
        ("//evil.example/", "/report/"),
        ("/\\evil.example/", "/report/"),
    ],
)
def test_log_in_follows_next_within_the_site_only(client, user, password, next_page, landing):
    response = client.post(
        "/accounts/login/", {"username": "ada", "password": password, "next": next_page}
    )
    assert response.status_code == 302
    assert response["Location"] == landing


def test_wrong_password_says_so_and_does_not_log_in(client, user):
    response = client.post("/accounts/login/", {"username": "ada", "password": "nope"})
    assert response.status_code == 400
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_log_out_needs_post(user_client):
    # A GET (a typed or bookmarked address) asks, with a button that posts; it was an empty 405.
    asked = user_client.get("/accounts/logout/")
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "<title>Log out · Skillgap</title>" in html
    assert '<form method="post" action="/accounts/logout/">' in html
    assert '<button type="submit">Log me out</button>' in html
    assert "_auth_user_id" in user_client.session
    response = user_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "_auth_user_id" not in user_client.session


def test_change_password(user_client, user, password):
    response = user_client.post(
        "/accounts/password/",
        {
            "old_password": password,
            "new_password1": "another-Long-passphrase-7",
            "new_password2": "another-Long-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("another-Long-passphrase-7")
    # As the "done" page says: the person stays logged in on this device.
    done = user_client.get(response["Location"])
    assert done.status_code == 200
    assert done.context["user"] == user


def test_change_password_with_wrong_old_password_is_refused(user_client, user, password):
    response = user_client.post(
        "/accounts/password/",
        {
            "old_password": "wrong",
            "new_password1": "another-Long-passphrase-7",
            "new_password2": "another-Long-passphrase-7",
        },
    )
    assert "Your old password was entered incorrectly" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(password)


def test_every_page_is_served_with_a_strict_content_security_policy(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_the_csrf_cookie_is_out_of_reach_of_page_scripts(client):
    # No script reads it: forms post the token, htmx sends base.html's hx-headers.
    assert client.get("/accounts/login/").cookies["csrftoken"]["httponly"] is True


def test_pages_need_no_inline_script(client):
    html = client.get("/accounts/signup/").content.decode()
    assert "<script>" not in html
    assert " on" + "click=" not in html


def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]  # a monitor sees now, not a cached answer


def test_healthz_reports_503_when_the_database_does_not_answer(client, monkeypatch):
    monkeypatch.setattr("accounts.views.database_is_up", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_the_log_out_address_tells_someone_logged_out_so(client):
    response = client.get("/accounts/logout/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>You are logged out</h1>" in html
    assert '<a href="/accounts/login/">Log in</a>' in html


def test_the_icon_browsers_ask_for_on_their_own_is_the_sites(client):
    # Chromium asks for /favicon.ico on /healthz (JSON names no icon): it was a 404.
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"
    assert "max-age=86400" in response["Cache-Control"]
