from django.contrib import admin

from library.models import Acknowledgement, Document, DocumentVersion, VersionEvent


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = DocumentVersion
    fields = ("number", "status", "effective_from", "approved_by", "approved_at")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = VersionEvent
    show_change_link = False
    fields = ("created_at", "action", "actor", "comment")
    readonly_fields = fields


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Titles, numbers and whom a document applies to; versions move through the library's
    own screens (the general director approves there)."""

    list_display = ("number", "title", "kind", "current_version", "applies_to_everyone")
    list_filter = ("kind",)
    search_fields = ("number", "title")
    filter_horizontal = ("roles", "departments")
    readonly_fields = ("current_version", "created_by", "created_at")
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    list_display = ("document", "number", "status", "effective_from", "approved_by")
    list_filter = ("status",)
    search_fields = ("document__number", "document__title")
    list_select_related = ("document", "approved_by")
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):
    list_display = ("version", "user", "acknowledged_at")
    search_fields = ("version__document__number", "user__last_name")
    list_select_related = ("version__document", "user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
