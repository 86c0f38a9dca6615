"""Every page, public or signed in: served under the strict CSP, no inline code or styles,
every form control labelled. A new page that breaks one of these fails here, and a new URL
that is not in `tests/site_pages.py` fails too."""

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from market.models import Role
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


PERSONAL_PAGES = [
    p for p in PAGES if p.name not in PUBLIC_NAMES and p.audience in {"newcomer", "member"}
]


@pytest.mark.parametrize("site_page", PERSONAL_PAGES, ids=lambda p: p.id)
def test_a_personal_page_is_kept_by_no_cache_so_back_fetches_it_anew(
    client, site_world, site_page: SitePage
):
    world, users = site_world
    client.force_login(users[site_page.audience])
    response = client.get(site_page.path(world))
    assert response.status_code == 200
    assert {"no-store", "private"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }


def test_plan_exports_and_htmx_fragments_of_a_person_are_kept_by_no_cache(client, site_world):
    _, users = site_world
    client.force_login(users["member"])
    for response in [
        client.get("/plan.csv"),
        client.get("/report/", headers={"HX-Request": "true"}),
    ]:
        assert "no-store" in response["Cache-Control"]


def test_public_pages_keep_their_own_caching(client, site_world):
    _, users = site_world
    assert "public" in client.get("/market/")["Cache-Control"]
    client.force_login(users["member"])
    cache_control = client.get("/market/")["Cache-Control"]
    assert "private" in cache_control and "no-store" not in cache_control


class PageWords(HTMLParser):
    """What a page says to people: its <title>, headings and the text of its body (not
    scripts, JSON data, or what is hidden from everyone)."""

    SILENT = {"script", "style", "template"}

    def __init__(self):
        super().__init__()
        self.title = ""
        self.headings: list[str] = []
        self.text: list[str] = []
        self._open: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag not in {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col"}:
            self._open.append(tag)
        if tag in {"h1", "h2", "h3", "h4"}:
            self._heading = []

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open.pop() != tag:
                pass
        if tag in {"h1", "h2", "h3", "h4"} and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data):
        if self.SILENT & set(self._open):
            return
        if self._open and self._open[-1] == "title":
            self.title += data
            return
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)


# Words of the code and the data pipeline that once reached pages (issue 10): a snapshot's
# internal "(seed)" label, a source table's snake_case name, "Role x level groups", and
# seniorities in lower case after a role ("ML Engineer · senior").
INTERNAL_WORDS = [
    (re.compile(r"\(seed\)"), "the internal (seed) label"),
    (re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"), "a snake_case identifier"),
    (re.compile(r"\bx level\b|\blevel groups?\b", re.I), "the pipeline's 'role x level'"),
    (re.compile(r"[·:]\s*(?:entry|mid|senior|staff)\b"), "a lower-case seniority"),
]


def people_words_problems(html: str, role_slugs) -> list[str]:
    words = PageWords()
    words.feed(html)
    text = " ".join(" ".join(words.text).split())
    problems = [
        f"{why}: {found.group(0)!r}"
        for pattern, why in INTERNAL_WORDS
        for found in [pattern.search(f"{words.title} {text}")]
        if found
    ]
    problems += [f"a role's slug: {slug!r}" for slug in role_slugs if re.search(
        rf"(?<![/\w-]){re.escape(slug)}(?![/\w-])", text)]  # fmt: skip
    titles = [words.title.strip(), *words.headings]
    problems += [f"a title in lower case: {t!r}" for t in titles if t and not t[0].isupper()]
    return problems


@pytest.mark.parametrize(
    "site_page", [p for p in PAGES if p.audience != "staff"], ids=lambda p: p.id
)
def test_page_shows_people_no_internal_names_and_capitalised_titles(
    client, site_world, site_page: SitePage
):
    world, users = site_world
    if site_page.audience != "anonymous":
        client.force_login(users[site_page.audience])
    html = client.get(site_page.path(world)).content.decode()
    slugs = [slug for slug in Role.objects.values_list("slug", flat=True) if "-" in slug]
    assert people_words_problems(html, slugs) == []


def test_the_words_check_finds_each_internal_name():
    html = (
        "<title>ML Engineer · senior · Skillgap</title><h1>gap report</h1>"
        "<p>AI/ML Skills Demand Analysis (seed) from mobius_analytics_engine, "
        "42 Role x level groups, see ml-engineer</p><script>var a_b = 1;</script>"
    )
    assert len(people_words_problems(html, ["ml-engineer"])) == 6
    assert people_words_problems("<title>Plan</title><h1>Senior ML Engineer</h1>", []) == []


def test_htmx_is_configured_to_need_no_inline_styles_or_eval(client):
    html = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html


def htmx_swaps(config: dict, status: int) -> bool:
    """Whether htmx swaps a response of `status` in: the first rule of `responseHandling`
    whose code (a regular expression) matches, as htmx 2 reads it."""
    rule = next(r for r in config["responseHandling"] if re.search(r["code"], str(status)))
    return rule["swap"]


def test_htmx_swaps_in_a_rejected_form_answered_400_or_429_and_no_other_error(client):
    # Rejected forms answer 400 with the form and its errors (assessments/views); htmx's own
    # default swaps no 4xx, so the person would see nothing happen.
    html = client.get("/").content.decode()
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html)[1]
    config = json.loads(unescape(meta))
    assert htmx_swaps(config, 400)
    swapped = [s for s in (200, 201, 400, 403, 404, 422, 429, 500, 503) if htmx_swaps(config, s)]
    assert swapped == [200, 201, 400, 429]  # 429: the paste box with "paused for ..." in it
    assert not htmx_swaps(config, 204)


def test_the_audit_catches_what_it_looks_for():
    parser = PageAudit()
    parser.feed('<p style="x"></p><script>1</script><input name="q"><button onclick="x">')
    assert len(parser.problems) == 3
    assert parser.unlabelled() == ["<input name='q'>"]
