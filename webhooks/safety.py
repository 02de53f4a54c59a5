"""Which URLs the desk may call: http(s), no user name or password in them, and a host on
the ``WEBHOOK_ALLOWED_HOSTS`` list (empty: none), so that nobody who edits an endpoint
can make the server call an internal address. Checked when an endpoint is saved and again
before every POST (the list may have changed since)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    """``host`` is on the list: the same name, or under an entry that starts with a dot
    (".example.com" allows example.com and its subdomains), case aside."""
    host = host.lower().rstrip(".")
    for entry in allowed:
        entry = entry.strip().lower().rstrip(".")
        if not entry:
            continue
        if entry.startswith("."):
            if host == entry[1:] or host.endswith(entry):
                return True
        elif host == entry:
            return True
    return False


def url_refusal(url: str, allowed: Iterable[str] | None = None) -> str | None:
    """Why the desk must not call ``url`` (None: it may)."""
    allowed = settings.WEBHOOK_ALLOWED_HOSTS if allowed is None else allowed
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018  (a port that is not a number raises here)
    except ValueError:
        return _("This is not a valid URL.")
    if parts.scheme not in ("http", "https"):
        return _("Only http and https addresses are allowed.")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return _("The address must not contain a user name or password.")
    if not host:
        return _("The address has no host.")
    if not host_allowed(host, allowed):
        return _(
            "The host %(host)s is not on the allowed list (the WEBHOOK_ALLOWED_HOSTS setting)."
        ) % {"host": host}
    return None
