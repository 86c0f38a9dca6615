"""Every page, public or signed in: served under the strict CSP, no inline code or styles,
every form control labelled. A new page that breaks one of these fails here, and a new URL
that is not in `tests/site_pages.py` fails too."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.site_pages import NOT_PAGES, PAGES, SitePage, uncovered_url_names, url_names

pytestmark = pytest.mark.django_db

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


def test_every_url_is_a_listed_page_or_a_listed_exception():
    assert uncovered_url_names() == [], (
        "Add these URLs to PAGES (with example arguments) or NOT_PAGES (with the reason) "
        "in tests/site_pages.py"
    )


def test_a_url_missing_from_the_lists_is_reported(monkeypatch):
    monkeypatch.delitem(NOT_PAGES, "healthz")
    assert uncovered_url_names() == ["healthz"]


def test_axe_core_is_never_served_as_a_static_file():
    assert finders.find("axe.min.js") is None
    assert not [p for p in Path(settings.BASE_DIR, "static").rglob("*") if "axe" in p.name]


def test_every_listed_exception_is_still_a_url():
    names = set(url_names())
    gone = [n for n in NOT_PAGES if not n.endswith(":*") and n not in names]
    assert gone == []


@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.id)
def test_page_is_strict_and_labelled(client, site_world, site_page: SitePage):
    world, users = site_world
    if site_page.audience != "anonymous":
        client.force_login(users[site_page.audience])
    assert_strict_page(client, site_page.path(world))


PUBLIC_NAMES = {p.name for p in PAGES if p.audience == "anonymous"}
SIGNED_IN_PATHS = sorted(
    {p.path() for p in PAGES if p.name not in PUBLIC_NAMES and p.audience != "staff"}
)


@pytest.mark.parametrize("url", SIGNED_IN_PATHS)
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
