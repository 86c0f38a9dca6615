"""The site's own 404, for views of every app (a module of its own: nothing to import)."""

from django.http import Http404


class NotFound(Http404):
    """A 404 whose message was written for the people who see it ("No such job ad among
    yours."): the 404 page shows it as the reason. A plain Http404's message is Django's or a
    library's, written for developers ("No Snapshot matches the given query.", from
    get_object_or_404), and is not shown. `back` is a link (address, words) to the list the
    missing thing belongs in, which the page offers as the way back."""

    def __init__(self, reason: str, *, back: tuple[str, str] | None = None):
        super().__init__(reason)
        self.back = back
