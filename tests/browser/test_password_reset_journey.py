"""A forgotten password, reset by email: the mail goes over SMTP to a real server that the
test starts (aiosmtpd), and the person follows its link."""

import email
import email.policy
import queue
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Page, expect

NEW_PASSWORD = "a-Fresh-passphrase-2031"


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages: queue.Queue[email.message.EmailMessage] = queue.Queue()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.put(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(settings):
    """A real SMTP server on loopback, and the site's mail sent to it."""
    received = Inbox()
    port = free_port()
    server = Controller(received, hostname="127.0.0.1", port=port)
    server.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    yield received
    server.stop()


def test_a_person_resets_a_forgotten_password_by_email_and_logs_in_with_it(
    live_server, page: Page, make_user, inbox, csp_violations
):
    make_user("ada", email="ada@example.com")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Reset your password")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_role("button", name="Send me a reset link").click()
    expect(heading).to_have_text("Check your email")

    message = inbox.messages.get(timeout=30)
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Reset your Skillgap password"
    link = re.search(r"http://\S+/accounts/password/reset/\S+/\S+/", message.get_content())
    assert link is not None and link.group(0).startswith(live_server.url)

    page.goto(link.group(0))
    expect(heading).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my new password").click()
    expect(heading).to_have_text("Your new password is set")

    page.get_by_role("main").get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/onboarding/$"))

    page.goto(link.group(0))  # a used link does not work again
    expect(heading).to_have_text("This link does not work any more")
    assert csp_violations == []


def test_an_address_without_an_account_gets_the_same_answer_and_no_mail(
    live_server, page: Page, make_user, inbox, reset_mails_out
):
    make_user("ada", email="ada@example.com")
    page.goto(f"{live_server.url}/accounts/password/reset/")
    page.get_by_label("Email").fill("nobody@example.com")
    page.get_by_role("button", name="Send me a reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    reset_mails_out()
    assert inbox.messages.empty()
