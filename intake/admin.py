from django.contrib import admin

from intake.models import ClientMailDomain, InboundAttachment, InboundMessage
from org.admin_paging import LargeTableAdminMixin


class InboundAttachmentInline(admin.TabularInline):
    model = InboundAttachment
    extra = 0
    can_delete = False
    readonly_fields = ("filename", "content_type", "size", "file")


@admin.register(InboundMessage)
class InboundMessageAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ("received_at", "from_address", "subject", "outcome", "claim")
    list_filter = ("outcome", "source")
    search_fields = ("subject", "from_address", "message_id")
    list_select_related = ("claim",)
    raw_id_fields = ("claim", "client", "contact", "handled_by")
    inlines = [InboundAttachmentInline]

    def has_add_permission(self, request):
        return False  # mail arrives; nobody types it in

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(ClientMailDomain)
class ClientMailDomainAdmin(admin.ModelAdmin):
    list_display = ("domain", "client")
    search_fields = ("domain", "client__short_name")
    raw_id_fields = ("client",)
