"""The library of reply templates (edited here), and the correspondence and files of the
claims (read-only: written from the claim page and by the mail intake)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from claims.correspondence import ClaimAttachment, ClaimMessage, ReplyTemplate
from claims.reply_text import placeholder_help
from org.admin_paging import LargeTableAdminMixin


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ("name", "kind", "subject", "body", "is_active", "position")
        widgets = {"body": forms.Textarea(attrs={"rows": 14, "cols": 90})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A view-only user's form has no fields to help with.
        if "body" in self.fields:
            self.fields["body"].help_text = _("Placeholders: %(placeholders)s.") % {
                "placeholders": placeholder_help()
            }


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(SimpleHistoryAdmin):
    form = ReplyTemplateForm
    list_display = ("name", "kind", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "subject", "body")


class ReadOnlyAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClaimMessage)
class ClaimMessageAdmin(ReadOnlyAdmin):
    list_display = ("claim", "direction", "subject", "status", "sent_by", "created_at")
    list_filter = ("direction", "status", "automatic")
    list_select_related = ("claim", "sent_by")
    search_fields = ("=claim__id", "subject", "message_id", "from_address")
    raw_id_fields = ("claim",)


@admin.register(ClaimAttachment)
class ClaimAttachmentAdmin(ReadOnlyAdmin):
    list_display = ("filename", "claim", "source", "size", "uploaded_by", "uploaded_at")
    list_filter = ("source",)
    list_select_related = ("claim", "uploaded_by")
    search_fields = ("=claim__id", "filename")
    raw_id_fields = ("claim", "message")
