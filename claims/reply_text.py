"""The placeholders of reply templates, e.g. ``{client}``, and filling them in.

A placeholder is a name in braces and nothing else: no attribute access, no format
specification (``str.format`` on a text an admin typed could read any attribute of what
it is given). Unknown names are refused when the template is saved, and left as they are
(never an error) if one ever reaches a reply.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from claims.models import Claim
    from org.models import User

PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")

PLACEHOLDERS: dict[str, StrOrPromise] = {
    "client": gettext_lazy("the client's name"),
    "contact": gettext_lazy("the contact person who reported the claim"),
    "contract": gettext_lazy("the contract's number"),
    "claim": gettext_lazy("the claim's number"),
    "subject": gettext_lazy("the claim's subject"),
    "due": gettext_lazy("the fix due time, local"),
    "formal_number": gettext_lazy("the number of the formal claim"),
    "answer_due": gettext_lazy("the answer due date of the formal claim"),
    "manager": gettext_lazy("the name of the manager who writes"),
    "position": gettext_lazy("that manager's position"),
}


def placeholder_help() -> str:
    return ", ".join(f"{{{name}}} — {label}" for name, label in PLACEHOLDERS.items())


def unknown_placeholders(text: str) -> list[str]:
    return [name for name in dict.fromkeys(PLACEHOLDER.findall(text)) if name not in PLACEHOLDERS]


def placeholder_errors(text: str) -> str:
    """Why ``text`` cannot be a template ('' when it can)."""
    unknown = unknown_placeholders(text or "")
    if not unknown:
        return ""
    return _("Unknown placeholders: %(unknown)s. Use only these: %(known)s.") % {
        "unknown": ", ".join(f"{{{name}}}" for name in unknown),
        "known": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
    }


def _local(value: date | datetime, format_string: str) -> str:
    # The app's own short form (as on the claim page), whatever the reader's language.
    return formats.date_format(value, format_string)


def placeholder_values(claim: Claim, writer: User) -> dict[str, str]:
    """What each placeholder stands for on ``claim``, written by ``writer``."""
    contract = claim.contract
    return {
        "client": str(contract.client),
        "contact": claim.reported_by.name if claim.reported_by else "",
        "contract": contract.number,
        "claim": str(claim.pk),
        "subject": claim.subject,
        "due": _local(timezone.localtime(claim.resolution_due_at), "d.m.Y H:i"),
        "formal_number": claim.formal_number,
        "answer_due": _local(claim.answer_due_on, "d.m.Y") if claim.answer_due_on else "",
        "manager": writer.get_full_name() or writer.username,
        "position": writer.position,
    }


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each known placeholder replaced by its value."""
    return PLACEHOLDER.sub(lambda found: values.get(found.group(1), found.group(0)), text)
