"""The pages Django shows when something is missing or broken are the site's own: with debug
off, a wrong address or a server error kept the person on a bare, unstyled page with no way on."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.test import Client, RequestFactory
from django.utils.html import escape
from django.views.defaults import server_error

from accounts.views import bad_request
from assessments.models import JOB_AD_MAX_CHARS
from assessments.services.ads import job_ad_create
from tests.conftest import SITE_AD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/no-such-page/", "/market/no-such-role/mid/"])
def test_a_missing_page_is_a_site_page_with_its_navigation(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found · Skillgap</title>" in html
    assert "<h1>Page not found</h1>" in html
    assert '<nav aria-label="Main"' in html
    assert '<a href="/market/">explore the market data</a>' in html


def test_a_missing_address_says_there_is_no_page_there(client):
    html = client.get("/no-such-page/").content.decode()
    assert "There is no page at this address: the link may be mistyped" in html


@pytest.mark.parametrize(
    ("path", "sentence"),
    [
        ("/report/ads/99999/", "No such job ad among yours."),
        ("/skills/?ad=99999", "No such job ad among yours."),
        ("/report/no-such-role/senior/", "No market figures for this role and seniority."),
        ("/shared/no-such-token/", "This share link does not exist or was revoked."),
    ],
)
def test_a_missing_page_says_what_is_missing_as_the_page_found_it(user_client, path, sentence):
    # It said only "There is no page at this address: the link may be mistyped, or what it
    # pointed to was removed", for a job ad the person deleted as for a mistyped address; the
    # page had found what was missing and said so in its 404, which the 404 page left out.
    response = user_client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert f'<p class="not-found-reason">{sentence}</p>' in html
    assert "There is no page at this address" not in html
    assert '<a href="/market/">explore the market data</a>' in html


@pytest.mark.parametrize("whose", ["someone else's", "deleted"])
@pytest.mark.parametrize("path", ["/report/ads/{}/", "/report/ads/{}.csv", "/skills/?ad={}"])
def test_a_job_ad_not_among_yours_leads_back_to_your_job_ads(
    user_client, user, make_user, whose, path
):
    # Its 404 said "No such job ad among yours." and offered only the home page and the market.
    ad = job_ad_create(user=make_user("bob") if whose == "someone else's" else user, text=SITE_AD)
    ad_id = ad.pk
    if whose == "deleted":
        ad.delete()
    response = user_client.get(path.format(ad_id))
    assert response.status_code == 404
    html = response.content.decode()
    assert '<p class="not-found-reason">No such job ad among yours.</p>' in html
    assert '<p><a href="/report/ads/">Go to your job ads</a></p>' in html


@pytest.mark.parametrize(
    ("method", "path", "sentence", "back"),
    [
        ("post", "/plan/items/99999/done", "No such item in your plan.", ("/plan/", "plan")),
        ("post", "/plan/items/99999/undo", "No such item in your plan.", ("/plan/", "plan")),
        (
            "get",
            "/plan.csv",
            "Make a plan first: choose a target on your profile.",
            ("/onboarding/", "profile"),
        ),
    ],
)
def test_a_missing_plan_item_or_plan_leads_back_to_where_it_is_made(
    make_user, method, path, sentence, back
):
    # Their 404s said what was missing and offered only the home page and the market.
    person = Client()  # this module's `client` checks CSRF tokens, which these posts lack
    person.force_login(make_user("ada"))
    response = getattr(person, method)(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<p class="not-found-reason">{escape(sentence)}</p>' in html
    url, what = back
    assert f'<p><a href="{url}">Go to your {what}</a></p>' in html


def test_a_missing_page_without_a_way_back_offers_none(user_client):
    html = user_client.get("/report/no-such-role/senior/").content.decode()
    assert "No market figures for this role and seniority." in html
    assert "Go to your" not in html


def test_a_reason_django_wrote_for_developers_is_not_shown(make_user):
    # Django's get_object_or_404 says "No Snapshot matches the given query." in its Http404;
    # the 404 page showed it to staff as the reason. Only what the project wrote for people
    # (accounts.views.NotFound) is shown; anything else gets the page's own sentence.
    staff = Client()
    staff.force_login(make_user("boss", is_staff=True, is_superuser=True))
    response = staff.get("/admin/market/snapshot/99999/export.csv")  # get_object_or_404
    assert response.status_code == 404
    html = response.content.decode()
    assert "matches the given query" not in html and "not-found-reason" not in html
    assert "There is no page at this address" in html


def test_only_a_not_found_the_project_raised_gives_its_reason():
    from django.http import Http404
    from django.urls import Resolver404

    from accounts.views import NotFound, not_found_reason

    assert not_found_reason(NotFound("No such job ad among yours.")) == (
        "No such job ad among yours."
    )
    assert not_found_reason(Http404("No Snapshot matches the given query.")) == ""
    assert not_found_reason(Resolver404({"path": "x"})) == ""
    assert not_found_reason(None) == ""


def test_staff_see_the_reason_the_project_wrote_for_them(make_user):
    staff = Client()
    staff.force_login(make_user("boss", is_staff=True, is_superuser=True))
    response = staff.get("/admin/market/snapshot/1/export.xml")
    assert response.status_code == 404
    sentence = escape("Unknown export format 'xml': use csv or json.")
    assert f'<p class="not-found-reason">{sentence}</p>' in response.content.decode()


def test_a_server_error_page_is_styled_and_leads_home():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>Something went wrong · Skillgap</title>" in html
    assert 'rel="stylesheet" href="/static/css/site.css"' in html
    assert '<a href="/">Go to the home page</a>' in html


# A request Django refuses before any view reads it answers 400 through handler400
# (accounts.views.bad_request). htmx swaps a 400 in (base.html's htmx-config): it got Django's
# bare "Bad Request (400)" page, put in place of the paste form that sent it.
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "paste"}
TOO_BIG = "What you sent is larger than 5 MB, the most this site takes at once"
TOO_MANY = "What you sent has more than 1,000 fields, the most this site takes at once"
UNREADABLE = "What you sent could not be read, so nothing was done"


@pytest.fixture
def client():
    # As a browser's: the CSRF check reads the body first, before the login check or the view.
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    return client


def oversized_paste(client, **headers):
    text = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    return client.post("/skills/suggest/", {"text": text}, **headers)


def too_many_fields(client, **headers):
    fields = {f"level-skill-{n}": "3" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    return client.post("/skills/suggest/", fields, **headers)


def assert_site_page_saying(response, sentence):
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Request not accepted · Skillgap</title>" in html
    assert '<nav aria-label="Main"' in html
    assert re.search(rf'<p class="request-error" role="alert"[^>]*>{sentence}', html)


def assert_fragment_saying(response, sentence):
    assert response.status_code == 400
    html = response.content.decode().strip()
    assert re.fullmatch(rf'<p class="request-error" role="alert"[^>]*>{sentence}[^<]*</p>', html)
    # Put at the top of the target, not in its place: the form and its text stay.
    assert response.headers["HX-Reswap"] == "afterbegin"
    assert "HX-Request" in response.headers["Vary"]


def test_a_paste_over_the_upload_limit_gets_a_site_page_naming_the_limit(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
    assert_site_page_saying(oversized_paste(client), TOO_BIG)


def test_a_paste_over_the_upload_limit_with_htmx_gets_the_sentence_alone(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
    assert_fragment_saying(oversized_paste(client, **HTMX), TOO_BIG)


def test_the_limit_named_is_the_setting(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440  # Django's default, 2.5 MB
    assert "larger than 2.5 MB," in oversized_paste(client).content.decode()


def test_too_many_fields_gets_a_site_page_naming_the_limit(client):
    assert_site_page_saying(too_many_fields(client), TOO_MANY)


def test_too_many_fields_with_htmx_gets_the_sentence_alone(client):
    assert_fragment_saying(too_many_fields(client, **HTMX), TOO_MANY)


def test_another_refused_request_gets_a_generic_sentence():
    request = RequestFactory().post("/skills/suggest/")
    assert_site_page_saying(bad_request(request, SuspiciousOperation("bad")), UNREADABLE)
    htmx_request = RequestFactory().post("/skills/suggest/", **HTMX)
    assert_fragment_saying(bad_request(htmx_request, SuspiciousOperation("bad")), UNREADABLE)


def test_a_request_for_a_host_not_allowed_gets_the_site_page_not_a_server_error(client):
    assert_site_page_saying(client.get("/", HTTP_HOST="evil.example"), UNREADABLE)


def test_any_job_ad_the_form_accepts_fits_under_the_upload_limit():
    # Over the limit the person gets the 400 page and loses the form's own message, which
    # counts characters. The worst a valid ad can send: every character percent-encoded from
    # 3 UTF-8 bytes (9 bytes), the title too, and the CSRF token.
    worst = 9 * (JOB_AD_MAX_CHARS + 200) + 200
    assert worst < settings.DATA_UPLOAD_MAX_MEMORY_SIZE
