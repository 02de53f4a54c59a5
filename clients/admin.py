from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from clients import services
from clients.forms import ClientForm, ContactForm
from clients.models import Client, Contact, Site
from org import formatting
from org.admin import admin_actor
from org.admin_forms import ViewOnlyPlainFormMixin
from org.admin_paging import LargeTableAdminMixin
from org.archiving import NoDeleteAdminMixin
from org.models import User
from org.versioning import VersionedAdminMixin


class ContactInlineForm(ContactForm):
    # An inline row renders only its listed fields; the client's own form carries the version.
    carries_version = False


class ContactInlineFormSet(forms.BaseInlineFormSet):
    """Two contacts ticked primary in one submission is ambiguous: which one did the user
    mean? Refused; one ticked is saved through the contacts' rule
    (`clients.services.contact_save`), and the old primary contact loses the mark."""

    def clean(self) -> None:
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

    def archive(self, actor: User, record: Client) -> None:
        services.client_archive(actor=actor, client=record)

    def restore(self, actor: User, record: Client) -> None:
        services.client_restore(actor=actor, client=record)

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm[Client],
        formset: BaseInlineFormSet[Any, Client, Any],
        change: bool,
    ) -> None:
        """Contacts are saved through the contacts' rule; sites as the admin saves them."""
        if formset.model is not Contact:
            super().save_formset(request, form, formset, change)
            return
        actor = admin_actor(request)
        for contact in formset.save(commit=False):
            services.contact_save(actor=actor, contact=contact)
        for contact in formset.deleted_objects:
            contact._history_user = actor
            contact.delete()


@admin.register(Contact)
class ContactAdmin(ViewOnlyPlainFormMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    form = ContactForm
    list_display = ("name", "position", "client", "phone_display", "email", "is_primary")
    list_filter = ("is_primary",)
    search_fields = ("name", "email", "phone", "client__short_name", "client__edrpou")
    list_select_related = ("client",)
    autocomplete_fields = ("client",)

    @admin.display(description=_("phone"), ordering="phone")
    def phone_display(self, contact: Contact) -> str:
        return formatting.phone(contact.phone)

    def save_model(
        self, request: HttpRequest, obj: Contact, form: ContactForm, change: bool
    ) -> None:
        services.contact_save(actor=admin_actor(request), contact=obj)


@admin.register(Site)
class SiteAdmin(LargeTableAdminMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "client", "address", "area_m2")
    search_fields = ("name", "address", "client__short_name", "client__edrpou")
    list_select_related = ("client",)
    autocomplete_fields = ("client",)
