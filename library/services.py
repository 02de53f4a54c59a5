"""The library's business actions: drafting, approving and acknowledging document versions.

Each locks the version (or document) it changes, so that two clicks at once cannot both
pass the guards; the general director's decisions are recorded as `VersionEvent`s.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from library.models import (
    Acknowledgement,
    AcknowledgementReminder,
    Document,
    DocumentVersion,
    Kind,
    VersionAction,
    VersionEvent,
    VersionStatus,
    may_edit_library,
)
from library.selectors import audience_members, is_in_audience, not_yet_acknowledged
from library.transitions import VERSION_FLOW
from org.blockers import BlockedError, Blocker
from org.errors import DomainError
from org.models import Department, User
from org.records import lock_row, model_update, save_with_history
from org.roles import Role
from org.services import Notice, notify_many
from org.uploads import validate_document

VERSION_FIELDS = ("text", "change_note")

NEW_VERSION_MESSAGE = gettext_noop(
    "“%(title)s” (%(number)s), version %(version)s, is in force from %(date)s: "
    "read it and acknowledge."
)
REMINDER_MESSAGE = gettext_noop(
    "Reminder: read and acknowledge “%(title)s” (%(number)s), version %(version)s."
)


def _ensure_editor(user: User) -> None:
    if not may_edit_library(user):
        raise DomainError(
            _("Only directors and department heads write library documents."), code="forbidden"
        )


def _ensure_general_director(user: User) -> None:
    if not user.has_role(Role.GENERAL_DIRECTOR):
        raise DomainError(
            _("Only the general director approves library documents."), code="forbidden"
        )


def _record(version: DocumentVersion, action: str, actor: User, comment: str = "") -> None:
    VersionEvent.objects.create(version=version, action=action, actor=actor, comment=comment)


def _attach(version: DocumentVersion, file: UploadedFile | None) -> None:
    """Keep the version's file, checked as every upload is (its name and its content)."""
    if file is not None:
        try:
            validate_document(file)
        except ValidationError as error:
            raise DomainError(" ".join(error.messages), code="file") from error
        version.file_name = file.name or ""
        version.file.save(file.name or "document", file, save=False)


@transaction.atomic
def document_create(
    *,
    actor: User,
    kind: Kind | str,
    number: str,
    title: str,
    applies_to_everyone: bool = False,
    roles: Iterable[Group] = (),
    departments: Iterable[Department] = (),
    text: str = "",
    file: UploadedFile | None = None,
    change_note: str = "",
) -> Document:
    """A new document with its first version as a draft."""
    _ensure_editor(actor)
    number = number.strip()
    if Document.objects.filter(number__iexact=number).exists():
        raise DomainError(_("A document with this number already exists."), code="number")
    document = Document.objects.create(
        kind=kind,
        number=number,
        title=title.strip(),
        applies_to_everyone=applies_to_everyone,
        created_by=actor,
    )
    document.roles.set(roles)
    document.departments.set(departments)
    _new_version(document, actor=actor, text=text, file=file, change_note=change_note, number=1)
    return document


def _new_version(
    document: Document,
    *,
    actor: User,
    text: str,
    file: UploadedFile | None,
    change_note: str,
    number: int,
) -> DocumentVersion:
    version = DocumentVersion(
        document=document, number=number, text=text, change_note=change_note, created_by=actor
    )
    _attach(version, file)
    version.save()
    _record(version, VersionAction.CREATED, actor)
    return version


@transaction.atomic
def version_create(
    *,
    actor: User,
    document: Document,
    text: str,
    file: UploadedFile | None = None,
    change_note: str = "",
) -> DocumentVersion:
    """The document's next version, as a draft: one open version at a time."""
    _ensure_editor(actor)
    document = lock_row(Document.objects.all(), pk=document.pk)
    open_version = (
        document.versions.filter(status__in=(VersionStatus.DRAFT, VersionStatus.SUBMITTED))
        .order_by("pk")
        .first()
    )
    if open_version is not None:
        raise BlockedError.of(
            Blocker(
                "library_open_version",
                _("This document already has a version in preparation: finish that one first."),
                reverse("library:version", args=[open_version.pk]),
                _("Open the version in preparation"),
            ),
            code="open_version",
        )
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    return _new_version(
        document, actor=actor, text=text, file=file, change_note=change_note, number=last + 1
    )


@transaction.atomic
def version_update(
    *,
    actor: User,
    version: DocumentVersion,
    data: Mapping[str, Any],
    file: UploadedFile | None = None,
) -> list[str]:
    """Change a draft's text or note (and replace its file); returns what changed."""
    _ensure_editor(actor)
    version = lock_row(DocumentVersion.objects.all(), pk=version.pk)
    VERSION_FLOW.check("edit", version.status)
    changed = model_update(version, fields=VERSION_FIELDS, data=data, actor=actor)
    if file is not None:
        _attach(version, file)
        version.save(update_fields=["file", "file_name"])
        changed.append("file")
    if changed:
        _record(version, VersionAction.EDITED, actor)
    return changed


@transaction.atomic
def version_submit(*, actor: User, version: DocumentVersion) -> DocumentVersion:
    """Send a draft to the general director."""
    _ensure_editor(actor)
    version = lock_row(DocumentVersion.objects.all(), pk=version.pk)
    transition = VERSION_FLOW.check("submit", version.status)
    if not version.text.strip() and not version.file:
        raise BlockedError.of(
            Blocker(
                "library_empty_version",
                _("Write the text of the version or attach its file first."),
                reverse("library:version_edit", args=[version.pk]),
                _("Add the text or the file"),
            ),
            code="empty_version",
        )
    version.status = transition.leaves(version.status)
    version.submitted_at = timezone.now()
    save_with_history(version, actor=actor, update_fields=["status", "submitted_at"])
    _record(version, VersionAction.SUBMITTED, actor)
    return version


@transaction.atomic
def version_approve(
    *,
    actor: User,
    version: DocumentVersion,
    effective_from: datetime.date,
    comment: str = "",
) -> DocumentVersion:
    """The general director approves the version, in force from ``effective_from``, and
    the document's people are told to read it. From today or earlier: it replaces the
    version in force now. From a later day: the version in force stays so until that day,
    when `versions_bring_into_force` makes the switch (its people may read it meanwhile)."""
    _ensure_general_director(actor)
    version = lock_row(DocumentVersion.objects.select_related("document"), pk=version.pk)
    transition = VERSION_FLOW.check("approve", version.status)
    document = lock_row(Document.objects.all(), pk=version.document_id)
    version.status = transition.leaves(version.status)
    version.approved_by = actor
    version.approved_at = timezone.now()
    version.effective_from = effective_from
    version.save(update_fields=["status", "approved_by", "approved_at", "effective_from"])
    _record(version, VersionAction.APPROVED, actor, comment)
    if effective_from <= timezone.localdate():
        _bring_into_force(document, version, actor=actor)
    _tell_audience(version, document)
    return version


def _bring_into_force(document: Document, version: DocumentVersion, *, actor: User) -> None:
    """``version`` is the one in force: every older approved version of the document (the
    one in force until now, one approved for a later day that this overtakes) is superseded."""
    older = document.versions.filter(status=VersionStatus.APPROVED, number__lt=version.number)
    for previous_id in older.order_by("number").values_list("pk", flat=True):
        _supersede(previous_id, actor=actor)
    document.current_version = version
    document.save(update_fields=["current_version"])


def versions_bring_into_force(*, today: datetime.date | None = None) -> int:
    """The daily job: the approved versions whose day has come replace the versions in
    force. Safe to run twice: a version already in force or superseded is left alone."""
    day = today or timezone.localdate()
    due = (
        DocumentVersion.objects.filter(status=VersionStatus.APPROVED, effective_from__lte=day)
        .exclude(document__current_version=models.F("pk"))
        .order_by("document_id", "number")
        .values_list("pk", flat=True)
    )
    return sum(version_bring_into_force(version_id=pk, today=day) for pk in due)


@transaction.atomic
def version_bring_into_force(*, version_id: int, today: datetime.date) -> int:
    """One due version, its document locked: 1 if it came into force, else 0."""
    version = lock_row(DocumentVersion.objects.all(), pk=version_id)
    document = lock_row(Document.objects.select_related("current_version"), pk=version.document_id)
    current = document.current_version
    due = version.effective_from is not None and version.effective_from <= today
    if version.status != VersionStatus.APPROVED or not due or current == version:
        return 0
    if current is not None and current.number > version.number:
        # A later version came into force first: this one never will.
        _supersede(version.pk, actor=version.approved_by or version.created_by)
        return 0
    _bring_into_force(document, version, actor=version.approved_by or version.created_by)
    return 1


def _supersede(version_id: int, *, actor: User) -> None:
    previous = lock_row(DocumentVersion.objects.all(), pk=version_id)
    transition = VERSION_FLOW.check("supersede", previous.status)
    previous.status = transition.leaves(previous.status)
    previous.superseded_at = timezone.now()
    previous.save(update_fields=["status", "superseded_at"])
    _record(previous, VersionAction.SUPERSEDED, actor)


def _tell_audience(version: DocumentVersion, document: Document) -> None:
    params = {
        "title": document.title,
        "number": document.number,
        "version": version.number,
        "date": f"{version.effective_from:%d.%m.%Y}",
    }
    url = version.get_absolute_url()
    notify_many(
        [
            Notice(recipient=person, message=NEW_VERSION_MESSAGE, params=params, url=url)
            for person in audience_members(document)
        ]
    )


@transaction.atomic
def version_return(*, actor: User, version: DocumentVersion, comment: str) -> DocumentVersion:
    """The general director sends the version back to its author with what to change."""
    _ensure_general_director(actor)
    if not comment.strip():
        raise DomainError(_("Say what must change."), code="comment")
    version = lock_row(DocumentVersion.objects.all(), pk=version.pk)
    transition = VERSION_FLOW.check("return", version.status)
    version.status = transition.leaves(version.status)
    version.submitted_at = None
    version.save(update_fields=["status", "submitted_at"])
    _record(version, VersionAction.RETURNED, actor, comment.strip())
    return version


@transaction.atomic
def acknowledgement_record(*, actor: User, version: DocumentVersion) -> Acknowledgement:
    """``actor`` has read ``version``: recorded once, however many times they click."""
    version = DocumentVersion.objects.select_related("document").get(pk=version.pk)
    VERSION_FLOW.check("acknowledge", version.status)
    if not is_in_audience(actor, version.document):
        raise DomainError(_("This document does not apply to you."), code="forbidden")
    # The unique constraint decides a race of two clicks; get_or_create reads the winner.
    acknowledgement, _created = Acknowledgement.objects.get_or_create(version=version, user=actor)
    return acknowledgement


def acknowledgements_remind(*, now: datetime.datetime | None = None) -> int:
    """The periodic job: remind whoever has not acknowledged a version approved at least
    LIBRARY_REMINDER_AFTER_DAYS ago, once per person and version. Returns how many."""
    moment = now or timezone.now()
    cutoff = moment - datetime.timedelta(days=settings.LIBRARY_REMINDER_AFTER_DAYS)
    due = DocumentVersion.objects.filter(status=VersionStatus.APPROVED, approved_at__lte=cutoff)
    return sum(
        version_remind(version_id=pk, now=moment)
        for pk in due.order_by("pk").values_list("pk", flat=True)
    )


@transaction.atomic
def version_remind(*, version_id: int, now: datetime.datetime) -> int:
    """Remind one version's missing readers. The version is locked and each reminder row is
    written before anyone is told, so a second run (a retry, a duplicate beat) finds them
    and reminds nobody twice."""
    version = lock_row(DocumentVersion.objects.select_related("document"), pk=version_id)
    if version.status != VersionStatus.APPROVED:
        return 0
    reminded = AcknowledgementReminder.objects.filter(version_id=version.pk, user_id=OuterRef("pk"))
    people = list(not_yet_acknowledged(version).exclude(Exists(reminded)))
    if not people:
        return 0
    AcknowledgementReminder.objects.bulk_create(
        AcknowledgementReminder(version=version, user=person, sent_at=now) for person in people
    )
    document = version.document
    params = {"title": document.title, "number": document.number, "version": version.number}
    url = version.get_absolute_url()
    notify_many(
        [
            Notice(recipient=person, message=REMINDER_MESSAGE, params=params, url=url)
            for person in people
        ]
    )
    return len(people)
