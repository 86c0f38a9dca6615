"""The site's own 404, for views of every app (a module of its own: nothing to import)."""

from typing import NamedTuple

from django.http import Http404


class Back(NamedTuple):
    """The 404 page's way back: the list the missing thing belongs in."""

    url: str
    words: str


class NotFound(Http404):
    """A 404 whose message was written for the people who see it ("No such job ad among
    yours."): the 404 page shows it as the reason. A plain Http404's message is Django's or a
    library's, written for developers ("No Snapshot matches the given query.", from
    get_object_or_404), and is not shown. `back` is the link to the list the missing thing
    belongs in, which the page offers as the way back."""

    def __init__(self, reason: str, *, back: Back | None = None):
        super().__init__(reason)
        self.back = back
