"""The recurring-problem rules (N, D and the categories, edited here) and the audits they
opened (read-only: the rule opens them)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Category, QualityAudit, RecurrenceRule


class RecurrenceRuleForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("categories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only claims of these categories count; none chosen: every category."),
    )

    class Meta:
        model = RecurrenceRule
        fields = ("name", "claims_count", "window_days", "categories", "same_category", "is_active")


@admin.register(RecurrenceRule)
class RecurrenceRuleAdmin(SimpleHistoryAdmin):
    form = RecurrenceRuleForm
    list_display = ("name", "claims_count", "window_days", "categories_display", "is_active")
    list_editable = ("is_active",)

    @admin.display(description=_("categories"))
    def categories_display(self, rule):
        labels = dict(Category.choices)
        return ", ".join(str(labels.get(c, c)) for c in rule.categories) or _("every category")

    def has_delete_permission(self, request, obj=None):
        # A rule that fired is the audits' reason: switch it off instead.
        return super().has_delete_permission(request, obj) and not (obj and obj.audits.exists())


class AuditedClaimInline(admin.TabularInline):
    model = QualityAudit.claims.through
    extra = 0
    can_delete = False
    fields = ("claim",)
    readonly_fields = ("claim",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(QualityAudit)
class QualityAuditAdmin(admin.ModelAdmin):
    list_display = ("site", "rule", "handoff", "window_starts_at", "window_ends_at", "created_at")
    list_select_related = ("site", "rule", "handoff")
    list_filter = ("rule",)
    search_fields = ("site__name", "handoff__title")
    fields = ("rule", "site", "handoff", "window_starts_at", "window_ends_at", "created_at")
    readonly_fields = fields
    inlines = (AuditedClaimInline,)

    def has_add_permission(self, request):
        return False
