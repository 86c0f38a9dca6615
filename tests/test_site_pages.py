"""Every page, public or signed in: served under the strict CSP, no inline code or styles,
every form control labelled. A new page that breaks one of these fails here."""

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/accounts/signup/",
    "/accounts/login/",
    "/market/",
    "/market/ml-engineer/mid/",
    "/market/aiml-research/senior/",
    "/market/compare/",
    "/market/timeline/",
    "/market/paths/",
    "/market/trends/",
    "/market/resources/",
]
USER_PAGES = [
    "/onboarding/",
    "/skills/",
    "/report/",
    "/report/llmgenai-engineer/senior/",
    "/report/roles/",
    "/plan/",
    "/accounts/password/",
]
LABELLED = {"input", "select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


class PageAudit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.label_for: set[str] = set()
        self.controls: list[tuple[str, dict]] = []
        self.open_labels = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a:
            self.problems.append(f"style attribute on <{tag}>")
        if any(name.startswith("on") or name.startswith("hx-on") for name in a):
            self.problems.append(f"inline event handler on <{tag}>")
        if tag == "script" and "src" not in a and a.get("type") != "application/json":
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("inline <style>")
        if tag == "label":
            self.open_labels += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in LABELLED and a.get("type") not in UNLABELLED_INPUT_TYPES:
            self.controls.append((tag, {**a, "_wrapped": self.open_labels > 0}))

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels = max(0, self.open_labels - 1)

    def unlabelled(self) -> list[str]:
        return [
            f"<{tag} name={a.get('name')!r}>"
            for tag, a in self.controls
            if not (
                a["_wrapped"]
                or a.get("id") in self.label_for
                or a.get("aria-label")
                or a.get("aria-labelledby")
            )
        ]


def audit(response) -> list[str]:
    parser = PageAudit()
    parser.feed(response.content.decode())
    return parser.problems + [f"unlabelled {c}" for c in parser.unlabelled()]


def assert_strict_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert audit(response) == [], url


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_is_strict_and_labelled(client, url):
    assert_strict_page(client, url)


@pytest.fixture
def onboarded_client(client, user, onboard):
    onboard(user, start=None, skills={"python": 3, "sql": 2, "pytorch": 1})
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", USER_PAGES)
def test_signed_in_page_is_strict_and_labelled(onboarded_client, url):
    assert_strict_page(onboarded_client, url)


@pytest.mark.parametrize("url", USER_PAGES)
def test_signed_in_pages_send_anonymous_people_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_htmx_is_configured_to_need_no_inline_styles_or_eval(client):
    html = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html


def test_the_audit_catches_what_it_looks_for():
    parser = PageAudit()
    parser.feed('<p style="x"></p><script>1</script><input name="q"><button onclick="x">')
    assert len(parser.problems) == 3
    assert parser.unlabelled() == ["<input name='q'>"]
