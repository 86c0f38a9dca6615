"""Responses made for a signed-in person are kept by no cache, the browser's included."""

from django.utils.cache import add_never_cache_headers


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
