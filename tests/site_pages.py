"""Every page of the site, for the tests that visit them all (`tests/test_site_pages.py`
without a browser, `tests/browser/test_axe.py` with axe-core in Chromium).

The list is checked against the URLconf (`test_every_url_is_a_listed_page_or_a_listed_exception`):
a new URL fails the suite until it is added to PAGES (with example arguments and who sees it)
or to NOT_PAGES (with the reason it is not an HTML page to audit).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Who opens a page: nobody logged in, a person who just signed up (no profile yet), a person
# with a target, ratings, a plan and a share link, and an admin.
AUDIENCES = ("anonymous", "newcomer", "member", "staff")


@dataclass(frozen=True)
class World:
    """What the example arguments of a page may need (made by the tests' `site_world`)."""

    share_token: str = ""
    ad_id: int = 1  # one of the member's saved job ads


@dataclass(frozen=True)
class FormFailure:
    """How to make a page's form fail: open the disclosure `reveal` (its summary's text) if
    the form is folded away, fill these labelled fields, then press `button`."""

    button: str
    fill: dict[str, str] = field(default_factory=dict)
    reveal: str = ""


@dataclass(frozen=True)
class SitePage:
    name: str  # the URL's name: "market:detail"
    audience: str = "anonymous"
    kwargs: dict[str, str] | Callable[[World], dict[str, str]] = field(default_factory=dict)
    query: str = ""  # "{ad_id}" in it becomes the World's
    failure: FormFailure | None = None  # the page's form, rejected, is audited too
    note: str = ""  # tells two entries of one URL apart in test ids

    def __post_init__(self):
        assert self.audience in AUDIENCES, self.audience

    def path(self, world: World = World()) -> str:
        kwargs = self.kwargs(world) if callable(self.kwargs) else self.kwargs
        query = self.query.format(ad_id=world.ad_id)
        return reverse(self.name, kwargs=kwargs) + (f"?{query}" if query else "")

    @property
    def id(self) -> str:
        return "-".join(p for p in (self.name, self.audience, self.note) if p)


PAGES = [
    SitePage("home"),
    SitePage("home", "newcomer"),  # "Choose your target" in place of the report and plan
    SitePage("home", "member"),
    SitePage("signup", failure=FormFailure("Sign up", {"Username": "someone"})),
    SitePage("login", failure=FormFailure("Log in", {"Username": "nobody", "Password": "wrong"})),
    SitePage(
        "password_change",
        "member",
        failure=FormFailure("Change password", {"Old password": "not-my-password"}),
    ),
    SitePage("password_change_done", "member"),
    SitePage("logout"),
    SitePage("logout", "member"),
    SitePage(
        "password_reset",
        failure=FormFailure("Send me a reset link", {"Email": "not-an-address"}),
    ),
    SitePage("password_reset_done"),
    # A valid link redirects to its form (which the reset browser journey fills in); a used
    # or forged one stays and says so.
    SitePage("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "used-or-forged"}),
    SitePage("password_reset_complete"),
    SitePage(
        "account_delete",
        "member",
        failure=FormFailure("Delete my account", {"Your password": "not-my-password"}),
    ),
    SitePage("market:index"),
    SitePage("market:compare"),
    SitePage("market:timeline"),
    SitePage("market:paths"),
    SitePage("market:trends"),
    SitePage("market:resources"),
    SitePage("market:detail", kwargs={"role_slug": "ml-engineer", "seniority": "senior"}),
    SitePage(
        "market:detail",
        kwargs={"role_slug": "aiml-research", "seniority": "senior"},
        note="research",
    ),
    SitePage(
        "assessments:onboarding",
        "newcomer",
        failure=FormFailure("Save profile", {"Hours per week for learning": "0"}),
    ),
    SitePage("assessments:onboarding", "member"),
    SitePage("assessments:skills", "newcomer"),
    SitePage(
        "assessments:skills",
        "member",
        failure=FormFailure(
            "Find skills",
            {"Paste a CV, a LinkedIn “About”, or a job ad": ""},
            reveal="Find skills in a CV, a LinkedIn “About” or a job ad",
        ),
    ),
    SitePage("assessments:skills", "member", query="ad={ad_id}", note="ad"),
    SitePage("assessments:report", "member"),
    SitePage("assessments:report", "member", query="whatif=1&level-pytorch=4", note="whatif"),
    SitePage("assessments:report_roles", "member"),
    SitePage(
        "assessments:report_for",
        "member",
        kwargs={"role_slug": "llmgenai-engineer", "seniority": "mid"},
    ),
    SitePage(
        "assessments:ads",
        "newcomer",
        failure=FormFailure("Read this ad", {"The job ad": ""}),
    ),
    SitePage("assessments:ads", "member"),
    SitePage("assessments:ad", "member", kwargs=lambda world: {"ad_id": world.ad_id}),
    SitePage("assessments:ad_delete", "member", kwargs=lambda world: {"ad_id": world.ad_id}),
    SitePage("assessments:plan", "newcomer"),
    SitePage(
        "assessments:plan",
        "member",
        failure=FormFailure("Re-plan", {"Hours per week": "0"}),
    ),
    SitePage("assessments:shared", kwargs=lambda world: {"token": world.share_token}),
    SitePage("admin:index", "staff"),
    SitePage("admin:market_snapshot_changelist", "staff"),
    SitePage("admin:market_skill_changelist", "staff"),
    SitePage("admin:market_role_changelist", "staff"),
    SitePage("admin:market_refresh", "staff"),
    SitePage("admin:assessments_leveldescriptor_changelist", "staff"),
]

# URL names that are not pages to audit, with the reason. A name ending in ":*" covers a
# whole namespace.
NOT_PAGES = {
    # Change forms are not audited here; the inputs of their inline tables, which Django
    # leaves unlabelled, are named after their rows (tests/market/test_admin_market.py).
    "admin:*": "Django's admin: its own templates; the sample in PAGES covers our pages and "
    "the change lists",
    "healthz": "JSON for load balancers",
    "favicon": "a redirect to the site's icon",
    "account_export": "a JSON file: the person's data, as an attachment",
    "assessments:skills_suggest": "POST only: its result is audited on the skills page",
    "assessments:skills_confirm": "POST only: saves, then redirects to the skills page",
    "assessments:plan_ics": "a calendar file",
    "assessments:plan_csv": "a CSV file",
    "assessments:ad_csv": "a CSV file",
    "assessments:ad_plan": "POST only: aims the plan at the ad, then redirects to the plan",
    "assessments:ad_reread": "POST only: reads the ad again, re-makes the plan, then redirects",
    "assessments:plan_md": "a Markdown file",
    "assessments:plan_replan": "POST only: re-plans, then redirects to the plan",
    "assessments:plan_item_done": "POST only: htmx fragment of the plan page",
    "assessments:plan_item_undo": "POST only: htmx fragment of the plan page",
    "assessments:plan_share": "POST only: creates or revokes the link, then redirects",
    "assessments:report_market_seen": "POST only: hides the market notice, then redirects",
}


def named_patterns() -> Iterator[tuple[str, URLPattern]]:
    """Every named URL pattern of the URLconf, with its name and namespace ("market:detail")."""

    def walk(patterns, namespace: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                prefix = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                yield from walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern

    yield from walk(get_resolver().url_patterns, "")


def url_names() -> Iterator[str]:
    """Every named URL of the URLconf, with its namespace ("market:detail")."""
    return (name for name, _ in named_patterns())


def uncovered_url_names() -> list[str]:
    """URL names that are neither a listed page nor a listed exception."""
    listed = {page.name for page in PAGES} | set(NOT_PAGES)
    namespaces = {name[:-1] for name in NOT_PAGES if name.endswith(":*")}
    return sorted(
        name
        for name in set(url_names())
        if name not in listed and not any(name.startswith(ns) for ns in namespaces)
    )


def pages_for(*audiences: str) -> list[SitePage]:
    return [page for page in PAGES if page.audience in audiences]
