"""Confirmations said where the person lands. Without JavaScript a form posts and the
redirect's fragment (`/plan/#plan-item-12`) scrolls the page to the control used, where a
message at the page's top is out of view: it is said beside that element instead, and at the
top only when the element is not on the page (a re-plan replaced it, a filter hides it)."""

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.http import HttpRequest

_PLACE = "place:"  # the message's extra_tags: "place:<the element's id>"


def message_placed(request: HttpRequest, sentence: str, *, place: str) -> str:
    """Say `sentence` (a success) beside the element of id `place` on the next page; returns
    the fragment that leads there, "#<place>"."""
    messages.success(request, sentence, extra_tags=f"{_PLACE}{place}")
    return f"#{place}"


def messages_by_place(request: HttpRequest, *, places: Iterable[str]) -> dict[str, object]:
    """The template context for a page showing the elements of ids `places`: `messages`, the
    page's top list (base.html), and `placed_messages`, {element id: message} for those said
    beside an element here (`{% message_at %}`)."""
    places = set(places)
    top: list[Message] = []
    placed: dict[str, Message] = {}
    for message in messages.get_messages(request):
        place = message.extra_tags.removeprefix(_PLACE)
        if message.extra_tags.startswith(_PLACE) and place in places:
            placed[place] = message
        else:
            top.append(message)
    return {"messages": top, "placed_messages": placed}
