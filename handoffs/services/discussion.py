"""Talking about a hand-off: comments and attached files, for whoever sees it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from handoffs.models import Handoff, HandoffAttachment, HandoffComment
from org.errors import DomainError
from org.models import User
from org.uploads import validate_upload


def _may_discuss(actor: User, handoff: Handoff) -> bool:
    """Whoever sees the hand-off may talk about it: the department, the requester, directors."""
    return Handoff.objects.visible_to(actor).filter(pk=handoff.pk).exists()


@transaction.atomic
def handoff_comment(*, actor: User, handoff: Handoff, text: str) -> HandoffComment:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("The comment is empty."))
    if not _may_discuss(actor, handoff):
        raise DomainError(_("You may not comment on this hand-off."), code="forbidden")
    return HandoffComment.objects.create(handoff=handoff, author=actor, text=text)


def validate_attachment(file: File) -> None:
    try:
        validate_upload(file)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None


@transaction.atomic
def handoff_attach(*, actor: User, handoff: Handoff, file: File) -> HandoffAttachment:
    if not _may_discuss(actor, handoff):
        raise DomainError(_("You may not attach files to this hand-off."), code="forbidden")
    validate_attachment(file)
    return HandoffAttachment.objects.create(handoff=handoff, file=file, uploaded_by=actor)
