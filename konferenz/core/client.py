"""The client's address, the one place that reads it (login lockout, rate
limits).

Behind the reverse proxy every request comes from the proxy's address; the
proxy appends the address it saw to ``X-Forwarded-For``. That header is
believed only when the request comes from one of ``SIKO_TRUSTED_PROXIES``:
anybody else could write anything into it. ``SIKO_PROXY_COUNT`` proxies stand
in a row (nginx alone: 1), so the client is the entry that many places from
the right of the chain the last proxy received plus its own peer address;
django-ipware reads that chain.
"""

import ipaddress

from django.conf import settings
from ipware import get_client_ip


def _networks():
    return [
        ipaddress.ip_network(entry, strict=False)
        for entry in getattr(settings, "SIKO_TRUSTED_PROXIES", ())
    ]


def _is_trusted_proxy(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks())


def client_address(request) -> str:
    """The address of whoever sent ``request`` ("" when unknown)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not request.META.get("HTTP_X_FORWARDED_FOR") or not _is_trusted_proxy(remote):
        return remote
    count = max(int(getattr(settings, "SIKO_PROXY_COUNT", 1)), 1)
    # Each proxy but the last wrote its peer into the header; the last one's
    # peer is the proxy we talk to, whose own entry is the rightmost.
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=count - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or remote
