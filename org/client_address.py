"""The client's address for sign-in lockout, trusting X-Forwarded-For only from our proxies.

Anyone can send an X-Forwarded-For header. It is read only when the connection itself
(REMOTE_ADDR) comes from an address in ``settings.TRUSTED_PROXIES``; then the chain is
walked from the right, past every trusted proxy, and the first other address is the
client. django-ipware's parser reads the header's entries (ports, brackets, IPv6,
IPv4-mapped forms); it cannot decide trust itself, since it matches proxies inside the
header, which the sender writes.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from python_ipware.modern.parsers import parse_ip, split_proxy_chain

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(settings.TRUSTED_PROXIES))


def _trusted(address: Address, networks: Iterable[Network]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    networks = trusted_networks()
    peer = parse_ip(remote)
    if peer is None or not networks or not _trusted(peer, networks):
        return remote
    chain = split_proxy_chain(request.META.get("HTTP_X_FORWARDED_FOR", ""), strict=False) or []
    for address in reversed(chain):
        if not _trusted(address, networks):
            return str(address)
    # Only proxies in the chain (or no header): the leftmost is the nearest thing to a client.
    return str(chain[0]) if chain else remote
