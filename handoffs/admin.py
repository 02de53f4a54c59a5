from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from handoffs import services
from handoffs.models import Escalation, Handoff, HandoffAttachment, HandoffComment, HandoffEvent
from org.admin_paging import LargeTableAdminMixin
from org.archiving import NoDeleteAdminMixin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = HandoffEvent
    fields = ("created_at", "from_status", "to_status", "actor", "on_behalf_of", "assignee", "note")
    readonly_fields = fields


class CommentInline(ReadOnlyInline):
    model = HandoffComment
    fields = ("created_at", "author", "text")
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = HandoffAttachment
    fields = ("uploaded_at", "uploaded_by", "file")
    readonly_fields = fields


@admin.register(Handoff)
class HandoffAdmin(LargeTableAdminMixin, NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "kind", "department", "status", "assignee", "requested_by", "due_at")
    # A date filter, not a date hierarchy, over millions of rows: see the claim admin.
    list_filter = (
        "status",
        "department",
        "kind",
        ("due_at", admin.DateFieldListFilter),
        ("archived_at", admin.EmptyFieldListFilter),
    )
    # Not the details: long texts no index holds, a scan of every hand-off per search.
    search_fields = ("title", "contract__number", "client__short_name")
    list_select_related = ("department", "assignee", "requested_by")
    autocomplete_fields = ("assignee", "requested_by", "on_behalf_of")
    # Raw ids: the admins of clients, contracts and claims belong to their apps.
    raw_id_fields = ("client", "contract", "claim")
    # Status changes go through the services (events, history, signals), not this form.
    readonly_fields = (
        "status",
        "created_at",
        "started_at",
        "completed_at",
        "archived_at",
        "archived_by",
    )
    inlines = (EventInline, CommentInline, AttachmentInline)
    actions = ("archive_selected", "restore_selected")

    def archive(self, actor, record):
        services.handoff_archive(actor=actor, handoff=record)

    def restore(self, actor, record):
        services.handoff_restore(actor=actor, handoff=record)


@admin.register(HandoffEvent)
class HandoffEventAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ("handoff", "from_status", "to_status", "actor", "on_behalf_of", "created_at")
    list_filter = ("to_status",)
    search_fields = ("handoff__title",)  # not the notes: no index holds them, millions of rows
    list_select_related = ("handoff", "actor", "on_behalf_of")
    raw_id_fields = ("handoff", "actor", "on_behalf_of", "assignee")


@admin.register(HandoffComment)
class HandoffCommentAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ("handoff", "author", "created_at")
    search_fields = ("handoff__title", "text")
    list_select_related = ("handoff", "author")
    raw_id_fields = ("handoff", "author")


@admin.register(HandoffAttachment)
class HandoffAttachmentAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "handoff", "uploaded_by", "uploaded_at")
    search_fields = ("handoff__title", "file")
    list_select_related = ("handoff", "uploaded_by")
    raw_id_fields = ("handoff", "uploaded_by")


@admin.register(Escalation)
class EscalationAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "level", "handoff", "claim", "due_at")
    list_filter = ("level", "created_at")
    list_select_related = ("handoff", "claim")
    readonly_fields = ("handoff", "claim", "level", "due_at", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
