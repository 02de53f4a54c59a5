from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from claims import (
    admin_recurrence,  # noqa: F401  (registers the recurring-problem rules)
    admin_replies,  # noqa: F401  (registers the reply templates and the correspondence)
    services,
)
from claims.models import Claim, ClaimComment, ClaimEvent, RoutingRule
from org.admin_paging import LargeTableAdminMixin
from org.archiving import NoDeleteAdminMixin
from org.errors import DomainError

# Derived by the services (due times from the SLA, promptness once): never typed in.
DERIVED_FIELDS = (
    "status",
    "registered_by",
    "received_at",
    "response_due_at",
    "resolution_due_at",
    "answer_due_on",
    "responded_at",
    "resolved_at",
    "closed_at",
    "time_to_respond",
    "time_to_fix",
    "responded_on_time",
    "fixed_on_time",
    "paused_at",
    "paused_working_seconds",
    "pause_reminded",
)


class ClaimEventInline(admin.TabularInline):
    model = ClaimEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "from_status", "to_status", "actor", "on_behalf_of", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ClaimCommentInline(admin.TabularInline):
    model = ClaimComment
    extra = 0
    fields = ("created_at", "author", "text")
    readonly_fields = ("created_at", "author")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(LargeTableAdminMixin, NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "pk",
        "subject",
        "contract",
        "category",
        "priority",
        "is_formal",
        "status",
        "received_at",
        "resolution_due_at",
        "responded_on_time",
        "fixed_on_time",
    )
    list_filter = (
        "status",
        "priority",
        "category",
        "is_formal",
        "channel",
        # A date filter, not a date hierarchy: the hierarchy lists the years present by a
        # DISTINCT over every claim (0.8 s at a million rows) on each page.
        ("received_at", admin.DateFieldListFilter),
        ("archived_at", admin.EmptyFieldListFilter),
    )
    search_fields = (
        "=id",
        "subject",
        "formal_number",
        "contract__number",
        "contract__client__short_name",
    )
    list_select_related = ("contract__client",)
    raw_id_fields = ("contract", "site", "reported_by", "post")
    readonly_fields = (*DERIVED_FIELDS, "archived_at", "archived_by")
    inlines = (ClaimEventInline, ClaimCommentInline)
    actions = ("archive_selected", "restore_selected")

    def archive(self, actor, record):
        services.claim_archive(actor=actor, claim=record)

    def restore(self, actor, record):
        services.claim_restore(actor=actor, claim=record)

    def save_model(self, request, obj, form, change):
        # A new priority means new due times: the service computes them, as registration does.
        new_priority = obj.priority
        if change and "priority" in form.changed_data:
            obj.priority = form.initial["priority"]
        super().save_model(request, obj, form, change)
        if change and "priority" in form.changed_data:
            try:
                services.claim_set_priority(actor=request.user, claim=obj, priority=new_priority)
            except DomainError as refused:
                self.message_user(request, refused.message, level=messages.ERROR)

    def has_add_permission(self, request):
        # Registering routes the claim and opens hand-offs: that is the claim screen's job.
        return False


@admin.register(RoutingRule)
class RoutingRuleAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "category", "formal_only", "department", "is_active")
    list_editable = ("is_active",)
    list_filter = ("is_active", "formal_only", "department", "category")
    list_select_related = ("department",)
    search_fields = ("category", "department__name_uk", "department__name_en")


@admin.register(ClaimEvent)
class ClaimEventAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = (
        "claim",
        "kind",
        "from_status",
        "to_status",
        "actor",
        "on_behalf_of",
        "created_at",
    )
    list_filter = ("kind", "to_status")
    list_select_related = ("claim", "actor", "on_behalf_of")
    search_fields = ("=claim__id",)  # not the notes: no index holds them, millions of rows
    raw_id_fields = ("claim",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClaimComment)
class ClaimCommentAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ("claim", "author", "created_at")
    list_select_related = ("claim", "author")
    search_fields = ("=claim__id", "text")
    raw_id_fields = ("claim",)
    readonly_fields = ("author", "created_at")

    def has_add_permission(self, request):
        return False
