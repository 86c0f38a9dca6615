"""How much pasted text a person may have read for skills (accounts/throttling.py): the
views that read text count it first, and answer 429 with the form as sent once over."""

from accounts.client_address import request_client_address
from accounts.throttling import Refusal, text_reading_take
from assessments.views.htmx import HtmxHttpRequest


def text_reading_refusal(request: HtmxHttpRequest, text: str) -> Refusal | None:
    """Counts `text` towards the person's and their address's allowance before it is read;
    why it may not be read, if it may not."""
    return text_reading_take(
        user_id=request.user.pk, address=request_client_address(request), characters=len(text)
    )
