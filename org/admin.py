from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.admin import SimpleHistoryAdmin

from org.admin_forms import RightsLimitedUserFormMixin, ViewOnlyPlainFormMixin
from org.admin_paging import LargeTableAdminMixin
from org.errors import DomainError
from org.forms import AbsenceCoverForm, DepartmentForm
from org.models import AbsenceCover, Department, Notification, User
from org.permissions import can_manage_user
from org.roles import Role
from org.services import ABSENCE_COVER_FIELDS, absence_cover_create, absence_cover_update


def admin_actor(request: HttpRequest) -> User:
    """The signed-in user of an admin page, as the services want them (the admin lets in
    only staff users, who are ours)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


# The admin index's screen-reader headers, untranslated in Django's own Ukrainian
# catalogue: listed here so that `make messages` keeps our translations of them.
ADMIN_INDEX_HEADERS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    """Nobody below superuser changes, deactivates, regroups or sets the password of a
    user with more rights than their own (org.permissions.can_manage_user): such a
    user's page opens read-only, and the password form, bulk actions and history
    revert refuse them."""

    list_display = ("username", "full_name", "email", "department", "role_names", "is_active")
    list_filter = ("is_active", "groups", "department")
    list_select_related = ("department",)
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Work"), {"fields": ("department", "position", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Work"), {"fields": ("first_name", "last_name", "email", "department", "groups")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("groups")

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_manage_user(admin_actor(request), obj))

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_manage_user(admin_actor(request), obj))

    def get_form(
        self, request: HttpRequest, obj: User | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[User]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (RightsLimitedUserFormMixin, form), {"actor": request.user})

    def response_action(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> HttpResponse | None:
        """A bulk action runs only when the actor may manage every user it selects."""
        selected = queryset
        # The same reading of the flag as the admin's own action form.
        if not forms.BooleanField(required=False).clean(request.POST.get("select_across")):
            selected = queryset.filter(pk__in=request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
        refused = [user for user in selected if not can_manage_user(admin_actor(request), user)]
        if refused:
            self.message_user(
                request,
                _("You cannot act on users with more rights than your own: %(users)s.")
                % {"users": ", ".join(str(user) for user in refused)},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # django-simple-history's revert page asks for permission on the model, not on this
        # user: without this check a POST would put an old version of them back.
        if request.method == "POST":
            user = self.get_object(request, unquote(object_id))
            if user is None or not self.has_change_permission(request, user):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None) -> Any:
        """The general director appoints and dismisses people (roles, active) but
        cannot hand out superuser status or single permissions."""
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        hidden = {"is_superuser", "user_permissions"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
        ]

    @admin.display(description=_("Full name"), ordering="last_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()

    @admin.display(description=_("roles"))
    def role_names(self, user: User) -> str:
        return ", ".join(
            str(Role(group.name).label) if group.name in Role.values else group.name
            for group in user.groups.all()
        )


@admin.register(Department)
class DepartmentAdmin(ViewOnlyPlainFormMixin, SimpleHistoryAdmin):
    list_display = ("name_uk", "name_en", "code", "head", "calendar")
    list_select_related = ("head", "calendar")
    readonly_fields = ("code",)
    form = DepartmentForm


@admin.register(AbsenceCover)
class AbsenceCoverAdmin(ViewOnlyPlainFormMixin, SimpleHistoryAdmin):
    form = AbsenceCoverForm
    list_display = ("absent", "cover", "starts_on", "ends_on", "reason", "created_by")
    list_filter = ("starts_on",)
    list_select_related = ("absent", "cover", "created_by")
    search_fields = ("absent__last_name", "cover__last_name", "reason")
    date_hierarchy = "starts_on"
    readonly_fields = ("created_by", "created_at")

    def save_model(
        self, request: HttpRequest, obj: AbsenceCover, form: AbsenceCoverForm, change: bool
    ) -> None:
        """Through the services, which check again what the form checked, under locks."""
        data = {name: form.cleaned_data[name] for name in ABSENCE_COVER_FIELDS}
        if change:
            saved = absence_cover_update(actor=admin_actor(request), absence_cover=obj, **data)
        else:
            saved = absence_cover_create(actor=admin_actor(request), **data)
        obj.pk, obj.created_by, obj.created_at = saved.pk, saved.created_by, saved.created_at

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The form checks first; the services check again under locks. When a cover saved
        # in the same instant wins, the services' refusal comes from save_model, which
        # cannot answer with a form error: nothing is written, the reason is shown.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(Notification)
class NotificationAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "recipient", "addressed_to", "__str__", "read_at", "email_status")
    list_filter = ("email_status", "created_at")
    list_select_related = ("recipient", "addressed_to")
    search_fields = ("recipient__username", "recipient__last_name", "message")
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
