from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from org.models import Department, User


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

    @admin.display(description=_("roles"))
    def role_names(self, user):
        return ", ".join(str(group) for group in user.groups.all())


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("name_uk", "name_en", "code", "head")
    list_select_related = ("head",)
    readonly_fields = ("code",)
    autocomplete_fields = ("head",)
