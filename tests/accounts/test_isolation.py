"""One person's data never reaches another: every URL of the site, taken from the URLconf.

Each URL name is in exactly one list below. `OWNED` takes the id of something a person owns
(an ad, a plan item): anyone else gets 404 by every method, and nothing of the owner's
changes. Every other URL is opened by a second signed-in person right after the owner opened
it (so a page cache has the owner's copy): the second person sees none of the owner's data,
and their writes change nothing of the owner's. A new URL fails
`test_every_url_is_listed_here` until it is listed; one with an id in its path must go in
`OWNED` or say in `NOT_OWNED_IDS` why not.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from accounts.personal_data import personal_data_export
from assessments.models import Profile
from assessments.services.ads import job_ad_create
from tests.site_pages import named_patterns, url_names

pytestmark = pytest.mark.django_db

OWNER_AD = (
    "Requirements\n- Python and Docker\n- PyTorch\nZanzibarian offices, hybrid; Kafka is a plus\n"
)


@dataclass(frozen=True)
class Owner:
    """What the owner has that a URL can name, and strings found only in the owner's data."""

    ad: int
    item: int
    token: str
    password: str
    markers: tuple[str, ...]


@dataclass(frozen=True)
class Visit:
    """How the URL is opened: its arguments (from the Owner) and, for a URL that writes, a
    valid body (`{password}` is the visitor's own password)."""

    kwargs: Callable[[Owner], dict] = lambda owner: {}
    get: bool = True
    post: dict | None = None
    query: str = ""


# URLs naming something a person owns: someone else gets 404 from each method listed.
OWNED = {
    "assessments:ad": Visit(lambda o: {"ad_id": o.ad}),
    "assessments:ad_csv": Visit(lambda o: {"ad_id": o.ad}),
    "assessments:ad_delete": Visit(lambda o: {"ad_id": o.ad}, post={}),
    "assessments:ad_plan": Visit(lambda o: {"ad_id": o.ad}, get=False, post={}),
    "assessments:ad_reread": Visit(lambda o: {"ad_id": o.ad}, get=False, post={}),
    "assessments:plan_item_done": Visit(lambda o: {"item_id": o.item}, get=False, post={}),
    "assessments:plan_item_undo": Visit(lambda o: {"item_id": o.item}, get=False, post={}),
    # The owner's ad named in a query or a form's value instead of the path.
    "assessments:skills?ad": Visit(query="ad={ad}"),
}

# Every other URL: opened by the owner, then by someone else, who must see none of the
# owner's data, and whose writes (a valid body) change nothing of the owner's.
NOT_OWNED = {
    "home": Visit(),
    "healthz": Visit(),
    "favicon": Visit(),
    "signup": Visit(),
    "login": Visit(),
    "logout": Visit(post={}),
    "password_change": Visit(
        post={
            "old_password": "{password}",
            "new_password1": "an-Other-long-passphrase-77",
            "new_password2": "an-Other-long-passphrase-77",
        }
    ),
    "password_change_done": Visit(),
    "password_reset": Visit(),
    "password_reset_done": Visit(),
    "password_reset_confirm": Visit(lambda o: {"uidb64": "MQ", "token": "forged"}),
    "password_reset_complete": Visit(),
    "account_export": Visit(),
    "account_delete": Visit(post={"password": "{password}"}),
    "market:index": Visit(),
    "market:compare": Visit(),
    "market:timeline": Visit(),
    "market:paths": Visit(),
    "market:trends": Visit(),
    "market:resources": Visit(),
    "market:detail": Visit(lambda o: {"role_slug": "ml-engineer", "seniority": "senior"}),
    "assessments:onboarding": Visit(
        post={
            "background": "other",
            "target": "ml-engineer/mid",
            "hours_per_week": "5",
            "start_month": "2030-02",
        }
    ),
    "assessments:skills": Visit(post={"was": "", "level-sql": "5"}),
    "assessments:skills_suggest": Visit(get=False, post={"text": "Python and Docker"}),
    "assessments:skills_confirm": Visit(get=False, post={"add": "sql", "level-sql": "5"}),
    "assessments:report": Visit(),
    "assessments:report_roles": Visit(),
    "assessments:report_market_seen": Visit(get=False, post={"snapshot": "1"}),
    "assessments:ads": Visit(post={"title": "", "text": "Requirements\n- Python and SQL\n"}),
    "assessments:report_for": Visit(lambda o: {"role_slug": "ml-engineer", "seniority": "senior"}),
    "assessments:plan": Visit(),
    "assessments:plan_ics": Visit(),
    "assessments:plan_csv": Visit(),
    "assessments:plan_md": Visit(),
    "assessments:plan_replan": Visit(
        get=False, post={"hours_per_week": "5", "target": "mlops-engineer/senior"}
    ),
    "assessments:plan_share": Visit(get=False, post={"action": "revoke"}),
}

# URLs outside both lists, with the reason.
ELSEWHERE = {
    "admin:*": "staff only: anyone else gets the admin's log-in page "
    "(tests/market/test_admin_market.py); staff see everyone's data by design",
    "assessments:shared": "the owner's share token shows their plan to whoever holds it, by "
    "design; a revoked or made-up token is 404 (tests/assessments/test_share.py)",
}

# Path arguments that are not ids of something a person owns, with the reason.
NOT_OWNED_IDS = {
    "password_reset_confirm": "the reset link's user id and token: a forged one is refused",
    "assessments:shared": "see ELSEWHERE",
    "market:detail": "a market role and seniority, the same for everyone",
    "assessments:report_for": "a market role and seniority: the report is the visitor's own",
}


def listed() -> set[str]:
    return {name.partition("?")[0] for name in OWNED} | set(NOT_OWNED) | set(ELSEWHERE)


def test_every_url_is_listed_here():
    namespaces = tuple(name[:-1] for name in ELSEWHERE if name.endswith(":*"))
    unlisted = sorted(
        name for name in url_names() if name not in listed() and not name.startswith(namespaces)
    )
    assert not unlisted, (
        f"{unlisted}: say in tests/accounts/test_isolation.py whether each takes the id of "
        "something a person owns (OWNED) or not (NOT_OWNED)"
    )
    assert not {name.partition("?")[0] for name in OWNED if "?" not in name} & set(NOT_OWNED)


def patterns_with_arguments() -> set[str]:
    """URL names whose path takes an argument, the admin's left out (see ELSEWHERE)."""
    return {
        name
        for name, pattern in named_patterns()
        if pattern.pattern.converters and not name.startswith("admin:")
    }


def test_every_url_with_an_argument_in_its_path_is_owned_or_says_why_not():
    unexplained = patterns_with_arguments() - set(OWNED) - set(NOT_OWNED_IDS)
    assert not unexplained, f"{sorted(unexplained)}: add to OWNED, or to NOT_OWNED_IDS with why"
    assert set(NOT_OWNED_IDS) <= patterns_with_arguments()  # no stale entry hides a new one


# The owner's levels and plan as their pages show them, none of which `someone_else` has (all
# of their ratings are 3 or lower, none for Kubernetes or TensorFlow; 8 h/week from 2030).
LEVEL_MARKERS = (
    "Kubernetes: you are at Expert (5)",  # the gap report's strengths
    'id="meaning-kubernetes"><span class="meaning-level">Expert:',  # My skills
)
PLAN_MARKERS = (
    # An item only the owner has (each level kept whole on a line).
    '<strong>TensorFlow</strong>: <span class="nowrap">Aware (1)</span> → '
    '<span class="nowrap">Advanced (4)</span>',
    "at 13 h/week",
    "March 2041",  # the plan's first month
)


@pytest.fixture
def owner(make_user, fill_account, onboard, password) -> tuple:
    person = fill_account(make_user("quetzalia", email="quetzalia@example.org"))
    onboard(person, hours=13, start=dt.date(2041, 3, 1), skills={"kubernetes": 5, "tensorflow": 1})
    Profile.objects.filter(user=person).update(display_name="Quetzalia Q.")
    ad = job_ad_create(user=person, title="Xylophone Wrangler", text=OWNER_AD)
    item = person.plans.get().items.order_by("order").first()
    token = person.share_links.get().token
    markers = (
        *("quetzalia", "Quetzalia Q.", "Xylophone Wrangler", "Zanzibarian", token),
        *LEVEL_MARKERS,
        *PLAN_MARKERS,
    )
    return person, Owner(ad=ad.pk, item=item.pk, token=token, password=password, markers=markers)


@pytest.fixture
def someone_else(make_user, fill_account):
    return fill_account(make_user("mallory"))


def url_of(name: str, visit: Visit, owner: Owner) -> str:
    query = visit.query.format(ad=owner.ad)
    return reverse(name.partition("?")[0], kwargs=visit.kwargs(owner)) + (
        f"?{query}" if query else ""
    )


def body_of(visit: Visit, password: str) -> dict:
    return {key: value.format(password=password) for key, value in (visit.post or {}).items()}


def owners_data(person) -> str:
    document = personal_data_export(user=person)
    del document["exported_at"]
    return json.dumps(document, sort_keys=True)


def openings(table: dict[str, Visit]) -> list:
    """The URLs of `table` that answer GET."""
    return [pytest.param(name, visit, id=name) for name, visit in table.items() if visit.get]


@pytest.mark.parametrize(("name", "visit"), openings(OWNED))
def test_opening_another_persons_thing_is_404(client, owner, someone_else, name, visit):
    person, things = owner
    url = url_of(name, visit, things)
    client.force_login(person)
    assert client.get(url).status_code == 200  # the owner's own: the 404 below is about who
    client.force_login(someone_else)
    assert client.get(url).status_code == 404
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 404


def test_another_persons_ad_is_no_target_of_a_replan(client, owner, someone_else):
    person, things = owner
    before = owners_data(person)
    client.force_login(someone_else)
    theirs = someone_else.plans.get()
    response = client.post("/plan/replan/", {"hours_per_week": "5", "target": f"ad:{things.ad}"})
    assert response.status_code == 400
    assert someone_else.plans.get().job_ad_id == theirs.job_ad_id
    assert owners_data(person) == before


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx"])
@pytest.mark.parametrize(("name", "visit"), openings(NOT_OWNED))
def test_no_page_shows_someone_else_the_owners_data(
    client, owner, someone_else, name, visit, headers
):
    person, things = owner
    url = url_of(name, visit, things)
    client.force_login(person)
    client.get(url, headers=headers)  # a page cache now holds the owner's copy
    client.force_login(someone_else)
    response = client.get(url, headers=headers)
    assert response.status_code in {200, 302}, response.status_code
    text = response.content.decode()
    assert [marker for marker in things.markers if marker in text] == []


def test_the_owners_markers_are_on_the_owners_pages(client, owner):
    """The test above can fail: each marker is on some page the owner opens."""
    person, things = owner
    client.force_login(person)
    seen = ""
    for name, visit in NOT_OWNED.items():
        if visit.get and name not in {"logout"}:
            seen += client.get(url_of(name, visit, things)).content.decode()
    assert [marker for marker in things.markers if marker not in seen] == []


NOT_FOUND = {404}
WRITES = [
    pytest.param(name, visit, answers, id=name)
    for table, answers in ((OWNED, NOT_FOUND), (NOT_OWNED, {200, 302}))
    for name, visit in table.items()
    if visit.post is not None
]


@pytest.mark.parametrize(("name", "visit", "answers"), WRITES)
def test_no_write_by_someone_else_changes_the_owners_data(
    client, owner, someone_else, password, name, visit, answers
):
    """Writing to the owner's things is 404; every other write, with a valid body, goes
    through for the person who sent it and leaves the owner's data as it was."""
    person, things = owner
    before = owners_data(person)
    client.force_login(someone_else)
    url = url_of(name, visit, things)
    assert client.post(url, body_of(visit, password)).status_code in answers
    if answers == NOT_FOUND:
        assert client.post(url, headers={"HX-Request": "true"}).status_code == 404
    assert owners_data(person) == before
