"""Every kind of response the site sends carries the security headers: pages, htmx fragments,
error pages (400, 403, 404, 500), the admin, downloads, /healthz and static files. A response
that a middleware high in the list answers itself (a static file, from WhiteNoise) or refuses
(a host not allowed, from CommonMiddleware) skips the middleware below it."""

from unittest import mock

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# One response of each kind: (who asks, method, path, request options); "{ad}" is the member's
# saved job ad.
RESPONSES = {
    "page": ("anonymous", "get", "/market/", {}),
    "htmx fragment": ("member", "get", "/report/", {"headers": {"HX-Request": "true"}}),
    "400 host not allowed": ("anonymous", "get", "/", {"HTTP_HOST": "evil.example"}),
    "403 no csrf token": ("member, csrf checked", "post", "/plan/share/", {"data": {"a": "1"}}),
    "404": ("anonymous", "get", "/no-such-page/", {}),
    "500": ("anonymous", "get", "/healthz", {}),
    "admin": ("staff", "get", "/admin/", {}),
    "plan.csv": ("member", "get", "/plan.csv", {}),
    "plan.ics": ("member", "get", "/plan.ics", {}),
    "plan.md": ("member", "get", "/plan.md", {}),
    "ad csv": ("member", "get", "/report/ads/{ad}.csv", {}),
    "account export": ("member", "get", "/accounts/export/", {}),
    "healthz": ("anonymous", "get", "/healthz", {}),
    "static file": ("anonymous", "get", "/static/css/site.css", {}),
    "static svg": ("anonymous", "get", "/static/favicon.svg", {}),
}
STATUS = {"400 host not allowed": 400, "403 no csrf token": 403, "404": 404, "500": 500}


@pytest.fixture
def respond(site_world, settings):
    """The response of one kind (RESPONSES), with static files served as in production."""
    settings.WHITENOISE_USE_FINDERS = True  # WhiteNoise answers from static/, no collectstatic
    world, users = site_world

    def respond(kind: str, *, secure: bool = False):
        who, method, path, options = RESPONSES[kind]
        client = Client(raise_request_exception=False, enforce_csrf_checks="csrf" in who)
        if who != "anonymous":
            client.force_login(users[who.split(",")[0]])
        path = path.format(ad=world.ad_id)
        if kind == "500":
            with mock.patch("accounts.views.database_is_up", side_effect=RuntimeError("down")):
                return client.get(path, secure=secure)
        return getattr(client, method)(path, secure=secure, **options)

    return respond


@pytest.mark.parametrize("kind", RESPONSES)
def test_every_kind_of_response_carries_the_security_headers(respond, kind):
    response = respond(kind)
    assert response.status_code == STATUS.get(kind, 200)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"  # browsers without CSP frame-ancestors
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


@pytest.mark.parametrize("kind", ["page", "static file", "404", "400 host not allowed"])
def test_over_https_in_production_every_kind_of_response_carries_hsts(respond, settings, kind):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = respond(kind, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
