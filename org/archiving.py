"""Users archive records; nobody but a superuser deletes them.

Clients, contracts, claims and hand-offs carry ``archived_at`` and ``archived_by``.
Archived rows drop out of the lists (``visible_to`` leaves them out unless asked),
their pages still open, and the admin offers directors an "archive" action instead of
"delete selected".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.contrib import admin, messages
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from org.choices import ChoiceLabels
from org.errors import DomainError
from org.records import save_with_history
from org.requests import signed_in_user

if TYPE_CHECKING:
    from org.models import User

    _AdminBase = admin.ModelAdmin[Any]
else:
    _AdminBase = object

ArchivableT = TypeVar("ArchivableT", bound="ArchivableModel")
# An admin's archive or restore service: (actor, record), raising DomainError to refuse.
ArchiveService = Callable[[Any, Any], object]


class ArchivableQuerySet(models.QuerySet[ArchivableT]):
    def live(self) -> Self:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> Self:
        return self.filter(archived_at__isnull=False)

    def by_archived(self, archived: bool | None) -> Self:
        """``archived`` False: live rows only (the default of lists); True: archived only;
        None: both (a record's own page)."""
        if archived is None:
            return self
        return self.archived() if archived else self.live()


def wants_archived(request: HttpRequest) -> bool:
    """Whether a list is asked for its archived rows (``?archived=1``) instead of live ones."""
    return request.GET.get("archived") == "1"


class ArchivableModel(ChoiceLabels):
    archived_at = models.DateTimeField(
        gettext_lazy("archived at"), null=True, blank=True, editable=False
    )
    archived_by = models.ForeignKey(
        "org.User",
        verbose_name=gettext_lazy("archived by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


def archive_record(
    queryset: models.QuerySet[ArchivableT] | models.Manager[ArchivableT],
    *,
    pk: object,
    actor: User,
    archive: bool = True,
) -> ArchivableT:
    """Archive (or restore) the row ``pk``: locked, stamped, saved so history records it.

    The row is re-read under a lock, so two people archiving at once give one change and
    one clear refusal, not two history rows.
    """
    record = queryset.select_for_update(of=("self",)).get(pk=pk)
    if archive and record.is_archived:
        raise DomainError(_("It is already archived."), code="archived")
    if not archive and not record.is_archived:
        raise DomainError(_("It is not archived."), code="not_archived")
    record.archived_at = timezone.now() if archive else None
    record.archived_by = actor if archive else None
    return save_with_history(record, actor=actor, update_fields=["archived_at", "archived_by"])


class NoDeleteAdminMixin(_AdminBase):
    """Only a superuser deletes (and so cascades to contacts, sites, agreements …).

    Directors get "archive" and "restore" actions; the admin names the app's services
    by defining ``archive(actor, record)`` and ``restore(actor, record)``.
    """

    archive: ArchiveService | None = None
    restore: ArchiveService | None = None

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if not self.has_delete_permission(request):
            actions.pop("delete_selected", None)
        user = signed_in_user(request)
        may_archive = user.is_superuser or user.is_director
        if self.archive is None or not may_archive:
            actions.pop("archive_selected", None)
        if self.restore is None or not may_archive:
            actions.pop("restore_selected", None)
        return actions

    def _each(
        self,
        request: HttpRequest,
        queryset: models.QuerySet[Any],
        service: ArchiveService | None,
        done_message: Callable[[int], str],
    ) -> None:
        if service is None:  # the action is offered only with its service
            raise ImproperlyConfigured(f"{type(self).__name__} names no service for this action")
        done, refused = 0, []
        for record in queryset:
            try:
                service(signed_in_user(request), record)
            except DomainError as error:
                refused.append(f"{record}: {error.message}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description=gettext_lazy("Archive the selected records"))
    def archive_selected(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        self._each(
            request,
            queryset,
            self.archive,
            lambda n: ngettext("%(count)d record archived.", "%(count)d records archived.", n),
        )

    @admin.action(description=gettext_lazy("Restore the selected records from the archive"))
    def restore_selected(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        self._each(
            request,
            queryset,
            self.restore,
            lambda n: ngettext("%(count)d record restored.", "%(count)d records restored.", n),
        )
