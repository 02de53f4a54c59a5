from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from contracts import services
from contracts.models import (
    Agreement,
    Contract,
    ExpiryWarning,
    Obligation,
    ServiceLine,
    StaffingRequirement,
    StageEvent,
)
from org import formatting
from org.admin_paging import LargeTableAdminMixin, ReadOnlyLargeTableAdmin
from org.archiving import NoDeleteAdminMixin
from org.versioning import VersionedAdminMixin


class ServiceLineInline(admin.TabularInline):
    model = ServiceLine
    extra = 0


class StaffingInline(admin.TabularInline):
    model = StaffingRequirement
    extra = 0
    raw_id_fields = ("site",)


class ObligationInline(admin.TabularInline):
    model = Obligation
    extra = 0
    raw_id_fields = ("fulfilled_by",)
    readonly_fields = ("fulfilled_by", "fulfilled_at")


class AgreementInline(admin.StackedInline):
    model = Agreement
    extra = 0
    raw_id_fields = ("created_by",)

    def has_delete_permission(self, request, obj=None):
        # Agreements are confirmed in writing: a record of them stays.
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(Contract)
class ContractAdmin(
    LargeTableAdminMixin, NoDeleteAdminMixin, VersionedAdminMixin, SimpleHistoryAdmin
):
    list_display = (
        "number",
        "client",
        "title",
        "stage",
        "manager",
        "start_date",
        "end_date",
        "monthly_value_display",
    )
    list_filter = (
        "stage",
        "auto_renewal",
        "manager",
        ("archived_at", admin.EmptyFieldListFilter),
    )
    actions = ("archive_selected", "restore_selected")
    search_fields = (
        "number",
        "title",
        "client__short_name",
        "client__legal_name",
        "client__edrpou",
    )
    list_select_related = ("client", "manager")
    date_hierarchy = "end_date"
    raw_id_fields = ("client",)
    autocomplete_fields = ("manager",)
    filter_horizontal = ("sites",)
    # The stage moves only through the transitions (contracts/services.py), which write its events.
    readonly_fields = (
        "stage",
        "stage_reason",
        "created_at",
        "updated_at",
        "archived_at",
        "archived_by",
    )
    inlines = (ServiceLineInline, StaffingInline, ObligationInline, AgreementInline)
    fieldsets = (
        (None, {"fields": ("client", "number", "title", "manager", "sites")}),
        (
            _("Term and value"),
            {
                "fields": (
                    ("start_date", "end_date", "signed_on"),
                    ("monthly_value", "vat_rate"),
                    ("notice_period_days", "auto_renewal"),
                    "claim_answer_days",
                )
            },
        ),
        (
            _("Claim SLA, working hours"),
            {
                "classes": ("collapse",),
                "fields": (
                    "calendar",
                    ("sla_critical_response_hours", "sla_critical_resolution_hours"),
                    ("sla_high_response_hours", "sla_high_resolution_hours"),
                    ("sla_normal_response_hours", "sla_normal_resolution_hours"),
                    ("sla_low_response_hours", "sla_low_resolution_hours"),
                ),
            },
        ),
        (
            _("Stage"),
            {
                "fields": (
                    "stage",
                    "stage_reason",
                    "created_at",
                    "updated_at",
                    "archived_at",
                    "archived_by",
                )
            },
        ),
    )

    @admin.display(description=_("Monthly value"), ordering="monthly_value")
    def monthly_value_display(self, contract: Contract) -> str:
        return formatting.money(contract.monthly_value)

    def archive(self, actor, record):
        services.contract_archive(actor=actor, contract=record)

    def restore(self, actor, record):
        services.contract_restore(actor=actor, contract=record)


@admin.register(ServiceLine)
class ServiceLineAdmin(LargeTableAdminMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("service", "contract", "frequency", "quantity", "unit", "price_display")
    search_fields = ("service", "contract__number", "contract__client__short_name")
    list_select_related = ("contract__client",)
    raw_id_fields = ("contract",)

    @admin.display(description=_("Price per unit"), ordering="price")
    def price_display(self, line: ServiceLine) -> str:
        return formatting.money(line.price)


@admin.register(StaffingRequirement)
class StaffingRequirementAdmin(LargeTableAdminMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("post", "headcount", "schedule", "site", "contract")
    list_filter = ("schedule",)
    search_fields = ("post", "contract__number", "contract__client__short_name", "site__name")
    list_select_related = ("contract__client", "site")
    raw_id_fields = ("contract", "site")


@admin.register(Agreement)
class AgreementAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ("date", "kind", "contract", "confirmed_by", "created_by")
    list_filter = ("kind",)
    search_fields = ("summary", "confirmed_by", "contract__number", "contract__client__short_name")
    list_select_related = ("contract__client", "created_by")
    raw_id_fields = ("contract", "created_by")
    date_hierarchy = "date"


@admin.register(Obligation)
class ObligationAdmin(SimpleHistoryAdmin):
    list_display = ("description", "contract", "department", "fulfilled_by", "fulfilled_at")
    list_filter = ("department", ("fulfilled_at", admin.EmptyFieldListFilter))
    search_fields = ("description", "contract__number", "contract__client__short_name")
    list_select_related = ("contract__client", "department", "fulfilled_by")
    raw_id_fields = ("contract", "fulfilled_by")


@admin.register(StageEvent)
class StageEventAdmin(ReadOnlyLargeTableAdmin):
    list_display = ("created_at", "contract", "from_stage", "to_stage", "actor", "on_behalf_of")
    list_filter = ("to_stage",)
    search_fields = ("contract__number", "contract__client__short_name", "reason")
    list_select_related = ("contract__client", "actor", "on_behalf_of")
    date_hierarchy = "created_at"


@admin.register(ExpiryWarning)
class ExpiryWarningAdmin(ReadOnlyLargeTableAdmin):
    list_display = ("created_at", "contract", "deadline", "threshold_days")
    list_filter = ("threshold_days",)
    search_fields = ("contract__number", "contract__client__short_name")
    list_select_related = ("contract__client",)
    date_hierarchy = "created_at"
