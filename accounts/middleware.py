"""Responses made for a signed-in person are kept by no cache, the browser's included; bodies
larger than the site takes are refused unread."""

from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.core.exceptions import RequestDataTooBig
from django.urls import reverse
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


class OversizedBodyRefusedMiddleware:
    """Refuses a request whose body is larger than any this site takes, before anything reads
    it. Django limits a body's form fields (DATA_UPLOAD_MAX_MEMORY_SIZE), not its files, and
    CsrfViewMiddleware reads the whole body of every POST (for its token) before the view: a
    multipart body of any size was written to a temporary file, from anyone with a CSRF cookie
    (any page gives one), and the admin's upload page could refuse a huge file only once it was
    read. The upload page takes MARKET_UPLOAD_MAX_BYTES and the form around it from staff, and
    says so itself; any other body over DATA_UPLOAD_MAX_MEMORY_SIZE gets the 400 page that
    names it."""

    UPLOAD_FORM_BYTES = 1024 * 1024  # the upload page's other fields and multipart framing

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = _content_length(request)
        upload_limit = settings.MARKET_UPLOAD_MAX_BYTES + self.UPLOAD_FORM_BYTES
        if length <= min(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, upload_limit):
            return self.get_response(request)  # nearly every request: no URL looked up
        upload_page = reverse("admin:market_refresh")
        # Only staff get the upload page's limit: for anyone else CSRF would read the body
        # before the admin turns them away.
        if request.path == upload_page and request.user.is_staff:
            if length > upload_limit:
                from market.admin_refresh import upload_refused

                return upload_refused(request, length)
        elif length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            from accounts.views import bad_request  # the 400 page (views import this module)

            return bad_request(request, RequestDataTooBig())
        return self.get_response(request)


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body it cannot size
