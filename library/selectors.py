"""Reads the library's screens and jobs share: who a document applies to, who has not yet
read a version, what waits for my acknowledgement."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from library.models import (
    Acknowledgement,
    Document,
    DocumentQuerySet,
    DocumentVersion,
    VersionStatus,
)
from org.models import User
from org.roles import Role


def audience_members(document: Document) -> QuerySet[User]:
    """The active people the document applies to, by name."""
    people = User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")
    memberships = User.groups.through.objects.filter(user_id=OuterRef("pk"))
    if document.applies_to_everyone:
        return people.filter(Exists(memberships.filter(group__name__in=Role.values)))
    document_roles = Document.roles.through.objects.filter(document_id=document.pk)
    document_departments = Document.departments.through.objects.filter(document_id=document.pk)
    return people.filter(
        Q(Exists(memberships.filter(group_id__in=document_roles.values("group_id"))))
        | Q(department_id__in=document_departments.values("department_id"))
    )


def not_yet_acknowledged(version: DocumentVersion) -> QuerySet[User]:
    """The people of the version's document who have not acknowledged this version."""
    acknowledged = Acknowledgement.objects.filter(version_id=version.pk, user_id=OuterRef("pk"))
    return audience_members(version.document).exclude(Exists(acknowledged))


def is_in_audience(user: User, document: Document) -> bool:
    return Document.objects.filter(pk=document.pk).applying_to(user).exists()


@dataclass(frozen=True)
class AcknowledgementStatus:
    """Who has read a version and who has not yet: the directors' view of one version."""

    acknowledged: list[Acknowledgement]
    pending: list[User]

    @property
    def audience_count(self) -> int:
        return len(self.acknowledged) + len(self.pending)


def acknowledgement_status(version: DocumentVersion) -> AcknowledgementStatus:
    """Two queries: the acknowledgements (with their people) and who is still missing."""
    acknowledged = list(version.acknowledgements.select_related("user").order_by("acknowledged_at"))
    return AcknowledgementStatus(
        acknowledged=acknowledged, pending=list(not_yet_acknowledged(version))
    )


def library_documents(user: User, *, text: str = "", kind: str = "") -> DocumentQuerySet:
    """The list page's documents the user may see, matching the search, with what each row
    shows (the version in force and whether the user has acknowledged it) in one query."""
    documents = Document.objects.visible_to(user).search(text)
    if kind:
        documents = documents.filter(kind=kind)
    mine = Acknowledgement.objects.filter(version_id=OuterRef("current_version_id"), user=user)
    applies = Document.objects.filter(pk=OuterRef("pk")).applying_to(user)
    return documents.select_related("current_version").annotate(
        applies_to_me=Exists(applies), acknowledged_by_me=Exists(mine)
    )


def versions_awaiting_me(user: User) -> QuerySet[DocumentVersion]:
    """The approved versions the user must still acknowledge, oldest approval first."""
    return (
        DocumentVersion.objects.awaiting_acknowledgement_by(user)
        .select_related("document")
        .order_by("approved_at", "pk")
    )


def awaiting_approval() -> QuerySet[DocumentVersion]:
    """The versions waiting for the general director's decision."""
    return (
        DocumentVersion.objects.filter(status=VersionStatus.SUBMITTED)
        .select_related("document", "created_by")
        .order_by("submitted_at", "pk")
    )


def documents_matching(user: User, text: str, *, limit: int = 10) -> list[Document]:
    """The top bar's search over the library: titles and numbers the user may see."""
    if len(text.strip()) < 2:
        return []
    found = Document.objects.visible_to(user).search(text).select_related("current_version")
    return list(found.order_by("number")[:limit])
