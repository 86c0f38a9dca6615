"""The address a request comes from, for the per-address limits (log-in, sign-up, password reset).

Behind reverse proxies REMOTE_ADDR is the nearest proxy, and each proxy appends the address it
received the request from to X-Forwarded-For. With `proxies` trusted proxies in front of the
app, the client is the `proxies`-th entry from the right: anything further left was written
by the client itself and can be forged. With no trusted proxy the header is ignored.

IPv6 addresses count per /64 network, the block one subscriber usually gets, so rotating
addresses inside it does not escape a limit.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

IPV6_NETWORK_PREFIX = 64
UNKNOWN = "unknown"


def client_address(*, remote_addr: str, forwarded_for: str, proxies: int) -> str:
    """The client's address (or IPv6 /64 network) as text; "unknown" when nothing parses.

    proxies = 0: REMOTE_ADDR. proxies = n > 0: the n-th X-Forwarded-For entry from the right
    (the leftmost when the header has fewer entries), REMOTE_ADDR when there is no header.
    """
    candidate = remote_addr
    if proxies > 0 and forwarded_for.strip():
        hops = [hop.strip() for hop in forwarded_for.split(",")]
        candidate = hops[-proxies] if len(hops) >= proxies else hops[0]
    return address_bucket(candidate) or address_bucket(remote_addr) or UNKNOWN


def address_bucket(value: str) -> str | None:
    """An IPv4 address as is, an IPv6 address as its /64 network; None if `value` is no address.
    Accepts the forms proxies write: `1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:443`."""
    text = (value or "").strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        network = ipaddress.IPv6Network(f"{address}/{IPV6_NETWORK_PREFIX}", strict=False)
        return str(network)
    return str(address)


def request_client_address(request: HttpRequest) -> str:
    """The request's client address, trusting settings.CLIENT_IP_PROXY_COUNT proxies."""
    return client_address(
        remote_addr=request.META.get("REMOTE_ADDR", ""),
        forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", ""),
        proxies=settings.CLIENT_IP_PROXY_COUNT,
    )
