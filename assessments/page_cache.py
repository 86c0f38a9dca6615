"""Personal pages served from the cache, keyed by the person's version and the market's.

A personal page (`/skills/`, `/report/`, `/report/roles/`, `/plan/`) is a function of the
person's rows, the market, the day and the request's path, declared query parameters and
htmx header. Rendering it is most of its cost (scoring, planning and ~80-row templates), so
the whole response is rendered once per key

    (release, market version, everyone's version, person's version, local date,
     the user row, path, declared query parameters, htmx or not, host)

for the real person, with a marker where the CSRF token goes (market/page_cache.py fills it
in per response, as for public pages). The rendered unit is the response, not the computed
context: a signed-in request costs about 2.5 `/healthz` before any view runs (session, user),
so rendering anything per request would leave no room for the 0.25 goal.

Never stale, across processes: the versions are read from the database on every request, in
one query (`page_versions`); database triggers change them in the same transaction as any
write of the person's rows or the market (assessments/services/versioning.py and
market/services/versioning.py). The user row (name, staff flag, joining time...) is already
loaded by then and goes into the key as it is; so does today's date, which plans and reports
count from. Requests with waiting messages, with query parameters the page does not declare
(a what-if), and anything but GET are rendered normally.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone

from assessments.models import PersonVersion
from assessments.services.versioning import EVERYONE
from market.models import MarketVersion
from market.page_cache import (
    Viewer,
    entries_delete,
    entry_get,
    entry_set,
    filled,
    has_messages,
    page_key,
)
from market.selectors import market_token_known

# Entries of a version the person has moved past are never read again: free them soon. Their
# keys start with the person's id, so deleting an account deletes them all at once.
PERSONAL_ENTRY_TIMEOUT = 60 * 60
_MARKET = -1
_VERSIONS_SQL = (
    f"SELECT {_MARKET}, token FROM {MarketVersion._meta.db_table} WHERE id = 1 UNION ALL "
    f"SELECT person_id, token FROM {PersonVersion._meta.db_table} WHERE person_id IN (%s, %s)"
)


def page_versions(*, person_id: int) -> tuple[str, str, str] | None:
    """(market, everyone's, the person's) version tokens in one query, in plain SQL (building
    the ORM query would cost more than running it); None before any market data. A person
    (or everyone) without a row has had no write since the triggers exist: ""."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSIONS_SQL, [EVERYONE, person_id])
        tokens = dict(cursor.fetchall())
    if _MARKET not in tokens:
        return None
    return tokens[_MARKET], tokens.get(EVERYONE, ""), tokens.get(person_id, "")


def _user_digest(user) -> str:
    """Every column of the user row as loaded: a rename, a staff flag, a new password or an
    account made again under an old id all give other keys."""
    values = [str(getattr(user, field.attname)) for field in user._meta.concrete_fields]
    return hashlib.sha256("\n".join(values).encode()).hexdigest()[:16]


def _entry_prefix(person_id: int) -> str:
    return f"person:{person_id}:"


def personal_pages_forget(*, person_id: int) -> None:
    """Deletes every cached page of the person from the shared cache and this process's copy
    (an account deletion). Other processes' copies are keyed by the deleted user row's digest
    (its password hash, its joining time), which no request can give again, and go within
    PERSONAL_ENTRY_TIMEOUT."""
    entries_delete(prefix=_entry_prefix(person_id))


def personal_page(view=None, *, query: tuple[str, ...] = ()):
    """Serve a signed-in person's GET of `view` from the cache; see the module's docstring.
    Put it under `login_required`. `query` names the parameters the page reads; a request
    with any other is rendered normally."""

    def decorate(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            user = request.user
            if (
                not settings.PAGE_CACHE
                or request.method != "GET"
                or not user.is_authenticated
                or any(name not in query for name in request.GET)
                or has_messages(request)
            ):
                return view(request, *args, **kwargs)
            versions = page_versions(person_id=user.pk)
            if versions is None:
                return view(request, *args, **kwargs)
            today = timezone.localdate().isoformat()
            audience = f"person:{user.pk}:{_user_digest(user)}"
            key = _entry_prefix(user.pk) + page_key(
                request, versions=(*versions, today), audience=audience, query=query
            )
            viewer = Viewer.of(user)
            entry = entry_get(key)
            if entry is None:
                request.page_cache_personal = True  # the CSRF token's marker in the render
                try:
                    with market_token_known(versions[0]):  # the render reads no second one
                        response = view(request, *args, **kwargs)
                finally:
                    request.page_cache_personal = False
                if response.streaming:
                    return response
                content = response.content
                response.content = filled(content, request, viewer)
                if response.status_code != 200 or response.cookies:
                    return response  # not for keeping
                headers = {
                    k: v
                    for k, v in response.headers.items()
                    if k not in ("Content-Length", "Cache-Control", "Expires")
                }
                entry_set(key, (content, headers), PERSONAL_ENTRY_TIMEOUT)
                return response
            content, headers = entry
            # No Cache-Control here: accounts/middleware.py makes it `no-store, private`, as
            # for every personal response, and the session middleware adds `Vary: Cookie`.
            return HttpResponse(filled(content, request, viewer), headers=headers)

        return cached_view

    return decorate(view) if view is not None else decorate
