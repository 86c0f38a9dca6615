"""Password reset by email: /accounts/password/reset/ and its done, confirm, complete pages."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.test import Client

from accounts.mail import ConsoleBackend
from accounts.throttling import (
    LOGIN_PER_USERNAME,
    PASSWORD_RESET_MAILS_PER_EMAIL,
    PASSWORD_RESET_PER_ADDRESS,
    login_attempt_start,
)

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"
NEW_PASSWORD = "a-Fresh-passphrase-2031"
HOUR = 60 * 60  # the mail says "The link works once, for 1 hour."
LINK = re.compile(r"http://testserver(/accounts/password/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def ada(make_user):
    return make_user("ada", email="ada@example.com")


def reset_link(message) -> str:
    return LINK.search(message.body).group(1)


def choose_password(client, link: str, password: str = NEW_PASSWORD):
    form_page = client.get(link, follow=True)  # the token moves into the session
    assert form_page.status_code == 200
    return client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )


def test_the_log_in_page_links_to_the_reset(client):
    html = client.get("/accounts/login/").content.decode()
    assert f'<a href="{RESET}">Forgot your password?</a>' in html


def test_the_reset_page_asks_for_a_labelled_email(client):
    response = client.get(RESET)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_email">Email</label>' in html
    assert 'autocomplete="email"' in html
    assert "<script>" not in html and "style=" not in html


def test_a_reset_mail_carries_a_link_that_sets_a_new_password(client, ada, password, sent_mail):
    response = client.post(RESET, {"email": "ada@example.com"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/done/"
    [message] = sent_mail()
    assert message.to == ["ada@example.com"]
    assert message.subject == "Reset your Skillgap password"
    assert message.from_email == "Skillgap <noreply@localhost>"
    assert "Your username, in case you forgot it too: ada" in message.body
    assert "The link works once, for 1 hour." in message.body

    done = choose_password(client, reset_link(message))
    assert done.status_code == 302 and done["Location"] == "/accounts/password/reset/complete/"
    complete = client.get(done["Location"]).content.decode()
    assert "Your new password is set" in complete

    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD) and not ada.check_password(password)
    login = client.post("/accounts/login/", {"username": "ada", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_an_email_matches_whatever_its_case(client, ada, sent_mail):
    client.post(RESET, {"email": "ADA@Example.com"})
    assert [m.to for m in sent_mail()] == [["ada@example.com"]]


def test_the_answer_is_the_same_whether_or_not_the_email_has_an_account(client, ada, sent_mail):
    known = client.post(RESET, {"email": "ada@example.com"}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    strip_token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')
    known_html = strip_token.sub("", known.content.decode())
    assert known_html == strip_token.sub("", unknown.content.decode())
    assert "If an account uses the address you gave" in known_html
    assert len(sent_mail()) == 1


def test_the_pages_after_the_request_say_how_long_the_link_works_as_the_mail_does(
    client, ada, sent_mail, settings
):
    # They said "for a limited time" while the mail said "for 1 hour": a person waiting for
    # the mail, or holding a dead link, could not tell whether a minute or a day had passed.
    done = client.post(RESET, {"email": "ada@example.com"}, follow=True).content.decode()
    assert "It works once, for 1 hour." in done
    assert "The link works once, for 1 hour." in sent_mail()[0].body
    dead = client.get("/accounts/password/reset/MQ/used-or-forged/").content.decode()
    assert "A reset link works once, for 1 hour: this one was used already or is too old." in dead
    settings.PASSWORD_RESET_TIMEOUT = 15 * 60
    assert "It works once, for 15 minutes." in client.get(RESET + "done/").content.decode()


def test_a_link_works_once(client, ada, sent_mail):
    client.post(RESET, {"email": "ada@example.com"})
    link = reset_link(sent_mail()[0])
    choose_password(client, link)
    again = client.get(link, follow=True).content.decode()
    assert "<h1>This link does not work any more</h1>" in again
    assert "<title>This link does not work any more · Skillgap</title>" in again
    assert 'href="/accounts/password/reset/"' in again


def later(monkeypatch, seconds: int) -> None:
    """The reset tokens' clock (Django's token generator) moves `seconds` ahead."""
    now = PasswordResetTokenGenerator._now
    monkeypatch.setattr(
        PasswordResetTokenGenerator, "_now", lambda self: now(self) + timedelta(seconds=seconds)
    )


def test_a_link_stops_working_after_the_hour_the_mail_promises(client, ada, sent_mail, monkeypatch):
    client.post(RESET, {"email": "ada@example.com"})
    link = reset_link(sent_mail()[0])
    later(monkeypatch, HOUR - 60)
    assert (
        "<h1>This link does not work any more</h1>"
        not in client.get(link, follow=True).content.decode()
    )
    later(monkeypatch, 120)  # an hour and a minute after the mail
    page = Client().get(link, follow=True).content.decode()
    assert "<h1>This link does not work any more</h1>" in page


def test_a_link_opened_in_time_but_used_after_the_hour_sets_nothing(
    client, ada, password, sent_mail, monkeypatch
):
    client.post(RESET, {"email": "ada@example.com"})
    form_page = client.get(reset_link(sent_mail()[0]), follow=True)  # within the hour
    later(monkeypatch, HOUR + 60)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "<h1>This link does not work any more</h1>" in response.content.decode()
    ada.refresh_from_db()
    assert ada.check_password(password)


def test_a_tampered_link_does_not_work(client, ada, sent_mail):
    client.post(RESET, {"email": "ada@example.com"})
    link = reset_link(sent_mail()[0])
    tampered = link[:-2] + ("a/" if link[-2] != "a" else "b/")
    assert "This link does not work any more" in client.get(tampered, follow=True).content.decode()


def test_a_weak_new_password_is_refused_next_to_its_field(client, ada, sent_mail):
    client.post(RESET, {"email": "ada@example.com"})
    response = choose_password(client, reset_link(sent_mail()[0]), password="12345678")
    assert response.status_code == 400
    html = response.content.decode()
    assert "This password is too common." in html
    # At the new password, where it was typed (it was at the confirmation, Django's place).
    assert (
        'aria-invalid="true" aria-describedby="id_new_password1_helptext id_new_password1_error"'
        in html
    )
    assert 'id="id_new_password2_error"' not in html
    summary_line = "New password: This password is too common."
    assert f'<a href="#id_new_password1">{summary_line}</a></li>' in html
    assert 'class="error-summary" role="alert"' in html


def test_setting_a_new_password_ends_a_log_in_cool_down(client, ada, sent_mail):
    for _ in range(LOGIN_PER_USERNAME.allowed):
        client.post("/accounts/login/", {"username": "ada", "password": "wrong"})
    client.post(RESET, {"email": "ada@example.com"})
    choose_password(client, reset_link(sent_mail()[0]))
    login = client.post("/accounts/login/", {"username": "ada", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_reset_requests_are_limited_per_address(client, ada, sent_mail):
    for _ in range(PASSWORD_RESET_PER_ADDRESS.allowed):
        assert client.post(RESET, {"email": "ada@example.com"}).status_code == 302
    refused = client.post(RESET, {"email": "ada@example.com"})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Too many password-reset requests from your network. Try again in 1 hour." in html
    assert 'value="ada@example.com"' in html
    assert len(sent_mail()) == PASSWORD_RESET_MAILS_PER_EMAIL.allowed  # one inbox's allowance


def test_one_inbox_gets_at_most_three_reset_mails_an_hour_from_any_number_of_addresses(
    client, ada, make_user, sent_mail
):
    # Each request from another network, so that no per-address limit applies: 6 answers, all
    # the same, and 3 mails; an inbox is counted by its address in any case.
    make_user("bob", email="bob@example.com")
    answers = {
        client.post(RESET, {"email": email}, REMOTE_ADDR=f"203.0.113.{n}")["Location"]
        for n, email in enumerate(["ada@example.com", "ADA@Example.com"] * 3)
    }
    assert answers == {"/accounts/password/reset/done/"}
    assert [m.to for m in sent_mail()] == [["ada@example.com"]] * 3
    client.post(RESET, {"email": "bob@example.com"}, REMOTE_ADDR="203.0.113.99")
    assert [m.to for m in sent_mail()][3:] == [["bob@example.com"]]  # another inbox: its own


def test_a_reset_request_naming_a_host_not_allowed_is_refused_and_sends_nothing(
    client, ada, sent_mail
):
    # Host header poisoning: the mail's link is built from the request's host, which Django
    # checks against ALLOWED_HOSTS (DJANGO_ALLOWED_HOSTS) before any view runs.
    response = client.post(RESET, {"email": "ada@example.com"}, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert sent_mail() == []


def test_an_account_without_email_gets_no_mail(client, make_user, sent_mail):
    make_user("noemail")
    client.post(RESET, {"email": ""})
    assert sent_mail() == []


def test_the_cool_down_of_another_username_is_left_alone(client, ada, make_user, sent_mail):
    make_user("bob")
    for _ in range(LOGIN_PER_USERNAME.allowed):
        client.post("/accounts/login/", {"username": "bob", "password": "wrong"})
    client.post(RESET, {"email": "ada@example.com"})
    choose_password(client, reset_link(sent_mail()[0]))
    assert login_attempt_start(username="bob", address="127.0.0.1") is not None


def printed_on_the_console(message) -> str:
    """The mail as development's mail backend prints it."""
    stream = io.StringIO()
    ConsoleBackend(stream=stream).send_messages([message])
    return stream.getvalue()


def test_the_reset_link_reaches_the_console_whole_on_a_line_of_its_own(
    client, make_user, sent_mail, settings
):
    # The mail's lines were longer than 78 characters (the link is longer still), so Python's
    # email package sent the text quoted-printable: in the console (development's mail
    # backend) the link came broken by "=" at line ends and "=3D", not to be copied.
    settings.ALLOWED_HOSTS = ["skillgap.example.com"]
    make_user("a-rather-long-username-42", email="ada@example.com")
    client.post(RESET, {"email": "ada@example.com"}, headers={"host": "skillgap.example.com"})
    [message] = sent_mail()
    link = re.search(r"^http://skillgap\.example\.com/\S+/$", message.body, re.M).group(0)
    assert len(link) > 78
    sent = printed_on_the_console(message)
    assert "Content-Transfer-Encoding: 7bit" in sent
    assert f"\n{link}\n" in sent
    assert "Your username, in case you forgot it too: a-rather-long-username-42\n" in sent


def test_a_reset_mail_to_a_name_beyond_ascii_is_sent_8bit_with_the_link_whole(
    client, make_user, sent_mail
):
    make_user("zoë", email="zoe@example.com")
    client.post(RESET, {"email": "zoe@example.com"})
    [message] = sent_mail()
    link = re.search(r"^http://testserver/\S+/$", message.body, re.M).group(0)
    sent = printed_on_the_console(message)
    assert "Content-Transfer-Encoding: 8bit" in sent
    assert f"\n{link}\n" in sent and "Hello zoë," in sent
