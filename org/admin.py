from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from org.forms import AbsenceCoverForm, DepartmentForm
from org.models import AbsenceCover, Department, Notification, User
from org.roles import Role


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ("username", "get_full_name", "email", "department", "role_names", "is_active")
    list_filter = ("is_active", "groups", "department")
    list_select_related = ("department",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Work"), {"fields": ("department", "position", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Work"), {"fields": ("first_name", "last_name", "email", "department", "groups")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_fieldsets(self, request, obj=None):
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

    @admin.display(description=_("roles"))
    def role_names(self, user):
        return ", ".join(
            str(Role(group.name).label) if group.name in Role.values else group.name
            for group in user.groups.all()
        )


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("name_uk", "name_en", "code", "head")
    list_select_related = ("head",)
    readonly_fields = ("code",)
    form = DepartmentForm


@admin.register(AbsenceCover)
class AbsenceCoverAdmin(SimpleHistoryAdmin):
    form = AbsenceCoverForm
    list_display = ("absent", "cover", "starts_on", "ends_on", "reason", "created_by")
    list_filter = ("starts_on",)
    list_select_related = ("absent", "cover", "created_by")
    search_fields = ("absent__last_name", "cover__last_name", "reason")
    date_hierarchy = "starts_on"
    readonly_fields = ("created_by", "created_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "addressed_to", "__str__", "read_at", "email_status")
    list_filter = ("email_status", "created_at")
    list_select_related = ("recipient", "addressed_to")
    search_fields = ("recipient__username", "recipient__last_name", "message")
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request):
        return False
