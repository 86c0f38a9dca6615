"""Public pages served from the cache, keyed by the market version.

A public page (`/`, the `/market/...` pages) is the same for everyone until the market
changes, except for base.html's account links (signed in or not, staff or not, the
username), the CSRF token and flash messages. So each page is rendered once per key

    (release, market version, path, declared query parameters, htmx or not, host, viewer kind)

for a stand-in viewer (`Viewer`: anonymous, member or staff) on a copy of the request that
carries nothing personal, with markers where the username and the CSRF token go; each
response fills the markers in for the real person. Whatever else a view or template reads
about the person (email, session, permissions...) raises `PersonalData`, and that request is
rendered normally, uncached. A person with messages waiting gets a normal render too.

Never stale: the market version (market.selectors.market_version) is read from the database
on every request and changes in the same transaction as any market write, so no process can
serve a page older than the last committed change; the release digest does the same for code,
templates and static files.

Anonymous responses are public (ETag, Last-Modified, `Cache-Control: public, max-age`, 304 on
a matching conditional request); a signed-in person's are `private, no-cache`.

Personal pages (`/skills/`, `/report/`, `/plan/`...) use the same key, entries and markers
with the person's version as one more part: assessments/page_cache.py.
"""

import copy
import hashlib
import re
import secrets
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.html import escape
from django.utils.http import http_date
from django_htmx.middleware import HtmxDetails

from market.selectors import market_version

# Markers left in a shared render where each response puts its own values.
CSRF_MARKER = "csrf-token-4b7e19d0c2a8f356"
NAME_MARKER = "viewer-name-4b7e19d0c2a8f356"
ENTRY_TIMEOUT = 24 * 60 * 60  # entries never go stale (versioned keys); this only frees space
NOT_FORWARDED = ("HTTP_COOKIE", "HTTP_AUTHORIZATION", "CSRF_COOKIE")


class PersonalData(Exception):
    """A shared render tried to read something about the person beyond the viewer kind."""


class Viewer:
    """Who a shared render is for: only what base.html's account links read."""

    def __init__(self, kind: str) -> None:
        self.kind = kind  # "anonymous" | "member" | "staff"
        self.is_authenticated = kind != "anonymous"
        self.is_anonymous = not self.is_authenticated
        self.is_staff = kind == "staff"
        self.username = NAME_MARKER if self.is_authenticated else ""

    @classmethod
    def of(cls, user) -> "Viewer":
        if not user.is_authenticated:
            return cls("anonymous")
        return cls("staff" if user.is_staff else "member")

    def get_username(self) -> str:
        return self.username

    def __str__(self) -> str:
        return self.username

    def __getattr__(self, name: str):
        if name.startswith("_"):  # copy, pickle and hasattr probes
            raise AttributeError(name)
        raise PersonalData(f"user.{name}")


class _NoSession:
    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        raise PersonalData(f"session.{name}")

    def __getitem__(self, name: str):
        raise PersonalData(f"session[{name!r}]")

    def __contains__(self, name: str):
        raise PersonalData(f"session has {name!r}")


def shared_render_context(request: HttpRequest) -> dict:
    """Context processor: in a shared render, the stand-in viewer and the markers; in a
    personal page's render, the CSRF token's marker."""
    if getattr(request, "page_cache_personal", False):  # assessments/page_cache.py
        return {"csrf_token": CSRF_MARKER}
    viewer = getattr(request, "page_cache_viewer", None)
    if viewer is None:
        return {}
    return {"user": viewer, "perms": viewer, "csrf_token": CSRF_MARKER, "messages": ()}


@dataclass(frozen=True)
class Release:
    digest: str  # of the code, templates and static manifest this process serves
    changed_at: float  # newest modification time among them (for Last-Modified)


@cache
def release() -> Release:
    """What this process serves besides the database: our Python code and templates, the
    collected static files' manifest and Django's version. Read once per process."""
    base = Path(settings.BASE_DIR)
    roots = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    roots += [Path(a.path) for a in apps.get_app_configs() if Path(a.path).is_relative_to(base)]
    roots.append(base / settings.ROOT_URLCONF.split(".")[0])  # settings, urls
    files = sorted(
        {
            p
            for root in roots
            if root.exists()
            for p in root.rglob("*")
            if p.suffix in (".py", ".html")
        }
    )
    manifest = Path(settings.STATIC_ROOT or base / "staticfiles") / "staticfiles.json"
    if manifest.exists():
        files.append(manifest)
    digest = hashlib.sha256(django.get_version().encode())
    for path in files:
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
        digest.update(path.read_bytes())
    newest = max((p.stat().st_mtime for p in files), default=0.0)
    return Release(digest=digest.hexdigest()[:16], changed_at=newest)


def page_key(request: HttpRequest, *, versions: tuple[str, ...], audience: str, query) -> str:
    """The cache key of a page: everything its render may depend on. `audience` is who it was
    rendered for (a viewer kind, or one person)."""
    parts = [
        release().digest,
        *versions,
        audience,
        "htmx" if request.htmx else "page",
        request.scheme,
        request.get_host(),
        request.path,
        *(f"{name}={request.GET.get(name, '')}" for name in query),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]


def _shared_request(request: HttpRequest, viewer: Viewer, query) -> HttpRequest:
    """A copy of the request with nothing personal in it: no cookies, no session, no
    messages, the stand-in viewer, and only the query parameters the key holds."""
    shared = copy.copy(request)
    shared.META = {k: v for k, v in request.META.items() if k not in NOT_FORWARDED}
    shared.COOKIES = {}
    shared.user = viewer
    shared.session = _NoSession()
    shared._messages = ()
    shared.GET = QueryDict(mutable=True)
    for name in query:
        if name in request.GET:
            shared.GET.setlist(name, request.GET.getlist(name))
    shared.htmx = HtmxDetails(shared)
    shared.page_cache_viewer = viewer
    return shared


def has_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0  # loads them without marking them read


def private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _public(response: HttpResponse, *, etag: str, last_modified: float) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


_CSRF_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
_CSRF_BYTES_KEPT = 256 - 256 % len(CSRF_ALLOWED_CHARS)  # 248: each character 4 bytes' worth


def csrf_token(request: HttpRequest) -> str:
    """The CSRF token for a signed-in person's page served from the cache: Django's
    `get_token` (a fresh random mask, then the request's CSRF secret shifted by it;
    CsrfViewMiddleware unmasks it), with two differences measured to matter there.

    The mask is drawn from one `secrets.token_bytes` call (42 -> 7 us; Django draws it one
    `secrets.choice` at a time), each byte kept only below 248 so that every one of the 62
    characters is equally likely (no modulo bias).

    The cookie is not sent again. Django's `get_token` re-sends it on every response to
    renew its expiry (CSRF_COOKIE_AGE, a year); a signed-in person got theirs at log-in
    (Django rotates it then), and a session ends long before it would expire
    (SESSION_COOKIE_AGE, checked by a test), while every page rendered normally (any form
    shown again) still renews it. Building the header cost 18 us of every cached page.
    A request without the cookie gets Django's new secret and cookie."""
    if "CSRF_COOKIE" not in request.META:
        return get_token(request)  # no secret yet: Django makes it and sets the cookie
    secret = request.META["CSRF_COOKIE"]  # the middleware's checked 32-character secret
    size = len(CSRF_ALLOWED_CHARS)
    mask: list[int] = []
    while len(mask) < CSRF_SECRET_LENGTH:
        drawn = secrets.token_bytes(2 * CSRF_SECRET_LENGTH)
        mask += [byte % size for byte in drawn if byte < _CSRF_BYTES_KEPT]
    del mask[CSRF_SECRET_LENGTH:]
    chars = CSRF_ALLOWED_CHARS
    return "".join([chars[m] for m in mask]) + "".join(
        [chars[(_CSRF_INDEX[s] + m) % size] for s, m in zip(secret, mask, strict=True)]
    )


def filled(content: bytes, request: HttpRequest, viewer: Viewer) -> bytes:
    if viewer.is_anonymous:  # public pages post nothing for anonymous people: no token
        return content.replace(CSRF_MARKER.encode(), b"")
    name = escape(request.user.get_username()).encode()
    token = csrf_token(request).encode()
    return content.replace(CSRF_MARKER.encode(), token).replace(NAME_MARKER.encode(), name)


def entry_get(key: str):
    """From this process's memory, else from the shared cache (and kept here): an entry never
    changes once written, so a local copy is never stale."""
    entry = caches["local"].get(key)
    if entry is None:
        entry = caches["default"].get(key)
        if entry is not None:
            caches["local"].set(key, entry, ENTRY_TIMEOUT)
    return entry


def entry_set(key: str, entry, timeout: int = ENTRY_TIMEOUT) -> None:
    caches["default"].set(key, entry, timeout)
    caches["local"].set(key, entry, timeout)


def entries_delete(*, prefix: str) -> None:
    """Deletes every entry whose key starts with `prefix` from the shared cache and this
    process's copy. The cache API deletes only keys one knows, and page keys are digests, so
    this reads the stores: Redis by SCAN (deletions are rare), local memory under its lock."""
    for store in (caches["default"], caches["local"]):
        made = store.make_key(prefix)
        if isinstance(store, RedisCache):
            client = store._cache.get_client(write=True)
            keys = list(client.scan_iter(match=_REDIS_GLOB.sub(r"\\\1", made) + "*", count=1000))
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])
        elif isinstance(store, LocMemCache):
            with store._lock:
                for key in [key for key in store._cache if key.startswith(made)]:
                    store._delete(key)
        else:  # config/settings.py configures no other
            raise ImproperlyConfigured(f"Cannot delete entries by prefix from {store!r}.")


_REDIS_GLOB = re.compile(r"([\\*?\[\]])")


def not_for_keeping(response: HttpResponse) -> HttpResponse:
    """Marks a public page's response as one to render for this request only: the key holds
    the declared query parameters as sent, so a view whose parameters take made-up values
    keeps only the pages of values it knows (the cache would otherwise grow with each)."""
    response.page_cache_keep = False
    return response


def public_page(view=None, *, query: tuple[str, ...] = ()):
    """Serve a view whose page depends only on the market (and on the declared `query`
    parameters and the HX-Request header) from the cache; see the module's docstring."""

    def decorate(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            version = market_version() if settings.PAGE_CACHE else None
            if version is None or has_messages(request):
                return private(view(request, *args, **kwargs))
            viewer = Viewer.of(request.user)
            key = page_key(request, versions=(version.token,), audience=viewer.kind, query=query)
            etag = f'"{key[5:37]}"'
            last_modified = max(version.changed_at.timestamp(), release().changed_at)
            if viewer.is_anonymous:
                not_modified = get_conditional_response(
                    request, etag=etag, last_modified=int(last_modified)
                )
                if not_modified is not None:
                    return _public(not_modified, etag=etag, last_modified=last_modified)
            entry = entry_get(key)
            if entry is None:
                try:
                    response = view(_shared_request(request, viewer, query), *args, **kwargs)
                except PersonalData:
                    return private(view(request, *args, **kwargs))
                if (
                    response.status_code != 200
                    or response.streaming
                    or response.cookies
                    or not getattr(response, "page_cache_keep", True)
                ):
                    return private(view(request, *args, **kwargs))  # not for sharing
                headers = {k: v for k, v in response.headers.items() if k != "Content-Length"}
                entry = (response.content, headers)
                entry_set(key, entry)
            content, headers = entry
            response = HttpResponse(filled(content, request, viewer), headers=headers)
            if viewer.is_anonymous:
                return _public(response, etag=etag, last_modified=last_modified)
            return private(response)

        return cached_view

    return decorate(view) if view is not None else decorate
