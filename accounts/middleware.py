"""Responses made for a signed-in person are kept by no cache, the browser's included."""

from django.contrib.auth import get_user
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject

from accounts.backends import users_read_with


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with the user taken from the row read together with the session
    (accounts/sessions.py) instead of a second query; Django's `get_user` still checks the
    session against the user's password hash, and the account's active flag still counts."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user_of(request))


def _user_of(request):
    with users_read_with(request.session):
        return get_user(request)  # Django's: loads the user once per request


class PersonalResponsesNotStoredMiddleware:
    """A response that read the signed-in person (their session was used) and says nothing
    of caching itself gets `Cache-Control: no-store, private`. A browser goes Back and
    Forward from its cache without asking the server, even for `no-cache`: a plan whose item
    was checked off in place would come back with the item still open, a report with levels
    since changed, and after logging out Back would show a personal page. Responses that set
    their own Cache-Control (public market pages, `market/page_cache.py`) keep it; requests
    that never read the session are not personal and are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.accessed
            and request.user.is_authenticated
            and not response.has_header("Cache-Control")
        ):
            add_never_cache_headers(response)
        return response
