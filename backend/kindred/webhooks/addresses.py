"""Where a webhook may point: an https URL whose host resolves only to public internet addresses.

The SSRF rule (docs/decisions/webhooks.md), checked when a webhook is registered and again before
every attempt (DNS answers change): https only; no credentials in the URL; no single-label or
special-use names (``localhost``, ``*.local``, ``*.internal``...); and every address the host
resolves to must be public, so nothing private, loopback, link-local, CGNAT, IPv6 ULA, multicast,
reserved or documentation, and no IPv4 hidden in an IPv6 address (mapped, 6to4, NAT64). The
sender then connects to the addresses checked here, never resolving the name again.

``WEBHOOKS_ALLOW_LOOPBACK`` (tests only; the production settings refuse it) also allows loopback
addresses, and http when every address is loopback.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Networks that are never a public receiver, beyond what ``is_global`` already excludes (Python's
# table lags the IANA registries: multicast and 192.0.0.0/24 count as global in 3.11).
NOT_PUBLIC = tuple(ipaddress.ip_network(network) for network in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
    "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10",
    "fec0::/10", "ff00::/8",
))
NAT64 = ipaddress.ip_network("64:ff9b::/96")
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
# Names that never lead to a public receiver (RFC 6761, RFC 6762, RFC 8375, ICANN's .internal).
SPECIAL_USE_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".test", ".invalid", ".example",
                        ".onion", ".arpa")


class Refused(Exception):
    """A webhook URL Kindred will not send to; ``code`` and ``message`` say why (never an address)."""

    def __init__(self, code: str, message: StrOrPromise) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


NOT_PUBLIC_HOST = Refused(
    "not_public_host", _("Kindred sends webhooks only to hosts on the public internet, and this host does not "
                         "resolve to a public address."))


@dataclass(frozen=True)
class Target:
    """Where one request goes: the checked addresses, and the name for the Host header and TLS."""

    scheme: str
    host: str  # ASCII (IDNA) host name or address literal, without brackets
    port: int
    path: str  # path and query, never empty
    addresses: tuple[str, ...]


def is_public(address: IPAddress) -> bool:
    """A public internet address (an IPv4 address inside an IPv6 one is judged as itself)."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is None and address in NAT64:
            inner = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if inner is not None:
            return is_public(inner)
    return address.is_global and not address.is_multicast and not any(address in net for net in NOT_PUBLIC)


def is_loopback(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in LOOPBACK)


def lookup(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (tests replace this to play DNS)."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(answer[4][0]) for answer in answers]


def check_url(url: str) -> Target:
    """The URL's parts if its form is allowed (no DNS yet); :class:`Refused` otherwise."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
        host = (parts.hostname or "").rstrip(".")
    except ValueError as error:  # a port that is not a number, a bad IPv6 literal
        raise Refused("invalid", _("This is not a valid URL.")) from error
    if (parts.scheme not in ("https", "http") or not host
            or (parts.scheme == "http" and not settings.WEBHOOKS_ALLOW_LOOPBACK)):
        raise Refused("https_required", _("A webhook URL must start with https://."))
    if parts.username is not None or parts.password is not None:
        raise Refused("credentials_in_url", _("Leave user names and passwords out of the URL: every delivery is "
                                              "signed, so the receiver can check it came from Kindred."))
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise Refused("invalid", _("This URL's host name is not valid.")) from error
    if _address(host) is None and not (settings.WEBHOOKS_ALLOW_LOOPBACK and host == "localhost"):
        if "." not in host or host == "localhost" or host.endswith(SPECIAL_USE_SUFFIXES):
            raise NOT_PUBLIC_HOST
    path = parts.path or "/"
    return Target(scheme=parts.scheme, host=host, port=port or (443 if parts.scheme == "https" else 80),
                  path=f"{path}?{parts.query}" if parts.query else path, addresses=())


def resolve(url: str) -> Target:
    """The URL checked and its host resolved: every address must be public (or loopback, when
    allowed for tests), and plain http is for loopback only. :class:`Refused` otherwise."""
    target = check_url(url)
    literal = _address(target.host)
    if literal is not None:
        found = [literal]
    else:
        try:
            found = [parsed for parsed in map(_address, lookup(target.host, target.port)) if parsed is not None]
        except (OSError, UnicodeError) as error:  # no such host: the same answer as a private one
            raise NOT_PUBLIC_HOST from error
    loopback = settings.WEBHOOKS_ALLOW_LOOPBACK and bool(found) and all(is_loopback(address) for address in found)
    if not found or not (loopback or all(is_public(address) for address in found)):
        raise NOT_PUBLIC_HOST
    if target.scheme != "https" and not loopback:
        raise Refused("https_required", _("A webhook URL must start with https://."))
    return Target(scheme=target.scheme, host=target.host, port=target.port, path=target.path,
                  addresses=tuple(dict.fromkeys(str(address) for address in found)))


def _address(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])  # a link-local answer may carry a zone
    except ValueError:
        return None
