"""Log-in, password-check and sign-up limits (accounts/throttling.py), through the pages."""

import time

import pytest
from django.contrib.auth.models import User

from accounts import throttling
from accounts.throttling import (
    LOGIN_PER_ADDRESS,
    LOGIN_PER_USERNAME,
    SIGNUP_NAMES_TAKEN_PER_ADDRESS,
    SIGNUP_PER_ADDRESS,
)

pytestmark = pytest.mark.django_db

PAUSED = "Too many failed log-in attempts for this username"
NETWORK_PAUSED = "Too many failed log-in attempts from your network"
# Documentation addresses (RFC 5737): request metadata only, nothing is sent to them.
HOME = "192.0.2.10"
ELSEWHERE = "198.51.100.20"


def log_in(client, username, password, *, path="/accounts/login/", address=HOME, **headers):
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail(client, username, times, **kwargs):
    for _ in range(times):
        response = log_in(client, username, "not-the-password", **kwargs)
        assert "_auth_user_id" not in client.session
    return response


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_then_the_right_one_is_refused_with_a_clear_message(
    client, user, password
):
    fail(client, "ada", LOGIN_PER_USERNAME.allowed)
    response = log_in(client, "ada", password)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= LOGIN_PER_USERNAME.cooldown
    html = response.content.decode()
    assert PAUSED in html and "for 15 minutes, even with the right password" in html
    assert not is_logged_in(client)


def test_the_fifth_failure_already_says_log_in_is_paused(client, user):
    fourth = fail(client, "ada", LOGIN_PER_USERNAME.allowed - 1)
    assert fourth.status_code == 400 and PAUSED not in fourth.content.decode()
    fifth = fail(client, "ada", 1)
    assert fifth.status_code == 429
    html = fifth.content.decode()
    assert "Please enter a correct username and password" in html and PAUSED in html


def test_a_success_resets_the_count(client, user, password):
    fail(client, "ada", LOGIN_PER_USERNAME.allowed - 1)
    assert log_in(client, "ada", password).status_code == 302
    client.post("/accounts/logout/")
    fail(client, "ada", LOGIN_PER_USERNAME.allowed - 1)
    assert log_in(client, "ada", password).status_code == 302


def test_the_cool_down_ends_after_15_minutes(client, user, password, monkeypatch, settings):
    # Local memory: its entries expire by this process's clock, which the test moves (Redis,
    # as CI runs the suite, keeps its own).
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    fail(client, "ada", LOGIN_PER_USERNAME.allowed)
    assert log_in(client, "ada", password).status_code == 429
    later = time.time() + LOGIN_PER_USERNAME.cooldown + 1
    monkeypatch.setattr(time, "time", lambda: later)  # the cache's clock and ours
    assert log_in(client, "ada", password).status_code == 302


def test_failures_count_whatever_the_case_of_the_username(client, user, password):
    for spelling in ("ada", "ADA", "Ada", "aDa", "adA"):
        fail(client, spelling, 1)
    assert log_in(client, "ada", password).status_code == 429


def test_a_paused_username_does_not_stop_another_person_on_the_same_network(
    client, user, other_user, password
):
    fail(client, "ada", LOGIN_PER_USERNAME.allowed)
    assert log_in(client, "mallory", password).status_code == 302


def test_the_admin_log_in_is_throttled_with_the_same_count_as_the_site(client, make_user, password):
    make_user("root", is_staff=True, is_superuser=True)
    fail(client, "root", 3, path="/admin/login/")
    fail(client, "root", 2)  # the site's log-in adds to the same count
    response = log_in(client, "root", password, path="/admin/login/")
    assert PAUSED in response.content.decode()
    assert not is_logged_in(client)
    assert client.get("/admin/").status_code == 302  # still sent to log in


def test_the_admin_log_in_resets_the_count_on_success(client, make_user, password):
    make_user("root", is_staff=True, is_superuser=True)
    fail(client, "root", LOGIN_PER_USERNAME.allowed - 1, path="/admin/login/")
    assert log_in(client, "root", password, path="/admin/login/").status_code == 302
    client.post("/admin/logout/")
    fail(client, "root", LOGIN_PER_USERNAME.allowed - 1, path="/admin/login/")
    assert log_in(client, "root", password, path="/admin/login/").status_code == 302


def spray(client, failures: int, **kwargs):
    """Fails `failures` times from one address, never more than 4 times per username."""
    per_name = LOGIN_PER_USERNAME.allowed - 1
    for n in range(failures):
        response = log_in(client, f"guess{n // per_name}", "not-the-password", **kwargs)
    return response


def test_many_failures_from_one_address_pause_every_log_in_from_it(
    client, user, password, settings
):
    last = spray(client, LOGIN_PER_ADDRESS.allowed)
    assert last.status_code == 429 and NETWORK_PAUSED in last.content.decode()
    response = log_in(client, "ada", password)
    assert response.status_code == 429 and NETWORK_PAUSED in response.content.decode()
    assert log_in(client, "ada", password, address=ELSEWHERE).status_code == 302


def test_x_forwarded_for_is_not_trusted_without_a_proxy(client, user, password, settings):
    settings.CLIENT_IP_PROXY_COUNT = 0
    per_name = LOGIN_PER_USERNAME.allowed - 1
    for n in range(LOGIN_PER_ADDRESS.allowed):  # a new forged address on every try
        log_in(client, f"guess{n // per_name}", "x", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert log_in(client, "ada", password, HTTP_X_FORWARDED_FOR="203.0.113.250").status_code == 429


def test_behind_a_trusted_proxy_the_address_it_saw_is_counted(client, user, password, settings):
    settings.CLIENT_IP_PROXY_COUNT = 1
    proxy = "192.0.2.1"
    spray(client, LOGIN_PER_ADDRESS.allowed, address=proxy, HTTP_X_FORWARDED_FOR="1.1.1.1, " + HOME)
    paused = log_in(client, "ada", password, address=proxy, HTTP_X_FORWARDED_FOR=HOME)
    assert paused.status_code == 429
    # Another client behind the same proxy, even one that forges the header's left part:
    other = log_in(
        client, "ada", password, address=proxy, HTTP_X_FORWARDED_FOR=f"{HOME}, {ELSEWHERE}"
    )
    assert other.status_code == 302


def test_parallel_attempts_cannot_check_more_passwords_than_the_limit():
    # Attempts are counted before their passwords are checked: ten started at once, five run.
    started = [throttling.login_attempt_start(username="ada", address=HOME) for _ in range(10)]
    assert [refusal is None for refusal in started] == [True] * 5 + [False] * 5


def test_signing_up_is_limited_per_address_and_keeps_what_was_typed(client, password):
    for n in range(SIGNUP_PER_ADDRESS.allowed):
        response = client.post(
            "/accounts/signup/",
            {"username": f"person{n}", "password1": password, "password2": password},
            REMOTE_ADDR=HOME,
        )
        assert response.status_code == 302
        client.post("/accounts/logout/")
    refused = client.post(
        "/accounts/signup/",
        {
            "username": "one-more",
            "email": "one@example.com",
            "password1": password,
            "password2": password,
        },
        REMOTE_ADDR=HOME,
    )
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Too many accounts were created from your network. Try again in 1 hour." in html
    assert 'value="one-more"' in html and 'value="one@example.com"' in html
    assert not User.objects.filter(username="one-more").exists()
    elsewhere = client.post(
        "/accounts/signup/",
        {"username": "one-more", "password1": password, "password2": password},
        REMOTE_ADDR=ELSEWHERE,
    )
    assert elsewhere.status_code == 302


def test_a_sign_up_form_with_errors_does_not_use_up_the_allowance(client, password):
    for _ in range(SIGNUP_PER_ADDRESS.allowed + 2):
        client.post(
            "/accounts/signup/",
            {"username": "grace", "password1": password, "password2": "different"},
            REMOTE_ADDR=HOME,
        )
    response = client.post(
        "/accounts/signup/",
        {"username": "grace", "password1": password, "password2": password},
        REMOTE_ADDR=HOME,
    )
    assert response.status_code == 302


def test_asking_for_taken_usernames_again_and_again_pauses_sign_up_without_saying_more(
    client, make_user, password
):
    # "A user with that username already exists" tells who has an account, one name a
    # request: past 20 such answers an hour, the network's sign-ups pause, names unsaid.
    for n in range(SIGNUP_NAMES_TAKEN_PER_ADDRESS.allowed + 1):
        make_user(f"member{n}")
    taken = "A user with that username already exists."
    for n in range(SIGNUP_NAMES_TAKEN_PER_ADDRESS.allowed):
        probe = {"username": f"member{n}", "password1": password, "password2": password}
        response = client.post("/accounts/signup/", probe, REMOTE_ADDR=HOME)
        assert response.status_code == 400 and taken in response.content.decode()
    last = {"username": f"member{n + 1}", "password1": password, "password2": "typo"}
    refused = client.post("/accounts/signup/", last, REMOTE_ADDR=HOME)
    html = refused.content.decode()
    assert refused.status_code == 429 and "Retry-After" in refused
    assert "Too many sign-ups from your network asked for usernames already taken." in html
    assert "Signing up from it is paused for 1 hour." in html
    assert taken not in html and f'value="member{n + 1}"' in html  # kept as typed
    free = {"username": "newcomer", "password1": password, "password2": password}
    assert client.post("/accounts/signup/", free, REMOTE_ADDR=HOME).status_code == 429
    assert not User.objects.filter(username="newcomer").exists()
    assert client.post("/accounts/signup/", free, REMOTE_ADDR=ELSEWHERE).status_code == 302


def test_wrong_passwords_on_the_change_password_page_count_too(user_client, user, password):
    for _ in range(LOGIN_PER_USERNAME.allowed):
        user_client.post(
            "/accounts/password/",
            {
                "old_password": "guess",
                "new_password1": "x-New-pass-77",
                "new_password2": "x-New-pass-77",
            },
            REMOTE_ADDR=HOME,
        )
    response = user_client.post(
        "/accounts/password/",
        {
            "old_password": password,
            "new_password1": "x-New-pass-77",
            "new_password2": "x-New-pass-77",
        },
        REMOTE_ADDR=HOME,
    )
    assert response.status_code == 429 and PAUSED in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 minute"),
        (60, "1 minute"),
        (61, "2 minutes"),
        (900, "15 minutes"),
        (3600, "1 hour"),
        (7200, "2 hours"),
    ],
)
def test_waits_are_said_in_whole_minutes_or_hours(seconds, words):
    assert throttling.wait_text(seconds) == words


def admin_password_change(client, old_password):
    new = "x-New-pass-77"
    return client.post(
        "/admin/password_change/",
        {"old_password": old_password, "new_password1": new, "new_password2": new},
        REMOTE_ADDR=HOME,
    )


def test_wrong_old_passwords_on_the_admin_password_change_count_too(client, make_user, password):
    root = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(root)
    for _ in range(LOGIN_PER_USERNAME.allowed - 1):
        wrong = admin_password_change(client, "guess")
        assert wrong.status_code == 400
        assert "Your old password was entered incorrectly" in wrong.content.decode()
    fifth = admin_password_change(client, "guess")
    assert fifth.status_code == 429 and PAUSED in fifth.content.decode()
    refused = admin_password_change(client, password)  # the right one, while paused
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 15 * 60
    root.refresh_from_db()
    assert root.check_password(password)


def test_the_admin_password_change_shares_the_log_in_count_and_still_works(
    client, make_user, password
):
    root = make_user("root", is_staff=True, is_superuser=True)
    fail(client, "root", LOGIN_PER_USERNAME.allowed - 2)  # the site's log-in
    client.force_login(root)
    admin_password_change(client, "guess")
    assert admin_password_change(client, "guess").status_code == 429
    throttling.login_lock_clear(username="root")
    changed = admin_password_change(client, password)
    assert changed.status_code == 302 and changed["Location"] == "/admin/password_change/done/"
    root.refresh_from_db()
    assert root.check_password("x-New-pass-77")
