from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from clients import services
from clients.forms import ClientForm, ContactForm
from clients.models import Client, Contact, Site
from org.admin_forms import ViewOnlyPlainFormMixin
from org.archiving import NoDeleteAdminMixin
from org.versioning import VersionedAdminMixin


class ContactInlineForm(ContactForm):
    # An inline row renders only its listed fields; the client's own form carries the version.
    carries_version = False


class ContactInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        primary = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_primary") and not form.cleaned_data.get("DELETE")
        ]
        if len(primary) > 1:
            raise forms.ValidationError(_("A client has one primary contact; tick only one."))


class ContactInline(admin.TabularInline):
    model = Contact
    form = ContactInlineForm
    formset = ContactInlineFormSet
    fields = ("name", "position", "phone", "email", "is_primary")
    extra = 0


class SiteInline(admin.StackedInline):
    model = Site
    fields = (("name", "area_m2"), "address", "access_notes", "working_notes")
    extra = 0


@admin.register(Client)
class ClientAdmin(
    NoDeleteAdminMixin, ViewOnlyPlainFormMixin, VersionedAdminMixin, SimpleHistoryAdmin
):
    # The same checks as the screens: IBAN compacted, duplicate EDRPOU named.
    form = ClientForm
    list_display = ("short_name", "edrpou", "status", "account_manager", "updated_at")
    list_filter = ("status", "account_manager", ("archived_at", admin.EmptyFieldListFilter))
    search_fields = ("short_name", "legal_name", "edrpou")
    list_select_related = ("account_manager",)
    autocomplete_fields = ("account_manager",)
    readonly_fields = ("created_at", "updated_at", "archived_at", "archived_by")
    inlines = (ContactInline, SiteInline)
    actions = ("archive_selected", "restore_selected")

    def archive(self, actor, record):
        services.client_archive(actor=actor, client=record)

    def restore(self, actor, record):
        services.client_restore(actor=actor, client=record)


@admin.register(Contact)
class ContactAdmin(ViewOnlyPlainFormMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    form = ContactForm
    list_display = ("name", "position", "client", "phone", "email", "is_primary")
    list_filter = ("is_primary",)
    search_fields = ("name", "email", "phone", "client__short_name", "client__edrpou")
    list_select_related = ("client",)
    autocomplete_fields = ("client",)


@admin.register(Site)
class SiteAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "client", "address", "area_m2")
    search_fields = ("name", "address", "client__short_name", "client__edrpou")
    list_select_related = ("client",)
    autocomplete_fields = ("client",)
