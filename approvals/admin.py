"""The directors' approval screens, in the Django admin.

Directors never edit a request's fields: they decide through the buttons on its page
(custom admin views calling the services) or the bulk approval of plans and reports.
"""

from functools import wraps

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from approvals import selectors
from approvals.forms import DecisionForm
from approvals.models import (
    PERIOD_KINDS,
    Action,
    ApprovalAttachment,
    ApprovalEvent,
    ApprovalRequest,
    ApprovalStep,
    Decision,
    Status,
)
from approvals.rules import may_decide
from approvals.services import DECISION_SERVICES
from approvals.transitions import decision_actions
from org import formatting
from org.admin_paging import LargeTableAdminMixin, ReadOnlyLargeTableAdmin
from org.errors import DomainError
from org.feedback import report_refusal
from org.pagination import keyset_page
from org.params import ascii_id


def directors_only(view):
    """Signed-in users who are not directors get 403 (the admin would only send them to
    its sign-in page); anonymous users go on to the admin's own sign-in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_director:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class PeriodYearFilter(admin.SimpleListFilter):
    title = gettext_lazy("period")
    parameter_name = "period_year"

    def lookups(self, request, model_admin):
        years = ApprovalRequest.objects.filter(period_start__isnull=False).dates(
            "period_start", "year", order="DESC"
        )
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        year = ascii_id(self.value())
        if year is not None and 1 <= year <= 9999:
            return queryset.filter(period_start__year=year)
        return queryset


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(LargeTableAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "title",
        "kind",
        "status",
        "author",
        "period_or_amount",
        "current_approver_role",
        "submitted_at",
    )
    list_filter = (
        "kind",
        "status",
        ("author", admin.RelatedOnlyFieldListFilter),
        "period_type",
        PeriodYearFilter,
    )
    search_fields = ("title", "content", "author__last_name", "author__username")
    list_select_related = ("author", "on_behalf_of")
    ordering = ("-submitted_at", "-id")
    actions = ("approve_selected",)
    change_form_template = "admin/approvals/approvalrequest/change_form.html"
    readonly_fields = (
        "kind",
        "title",
        "content",
        "period_type",
        "period_start",
        "period_end",
        "amount",
        "purpose",
        "contract",
        "status",
        "author",
        "on_behalf_of",
        "current_approver_role",
        "submitted_at",
        "decided_at",
    )
    fields = readonly_fields

    # Nobody adds, deletes or edits requests here: managers write them, services change them.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def has_decide_permission(self, request):
        return request.user.is_director and super().has_change_permission(request)

    def get_queryset(self, request):
        # A draft is the manager's own until it is submitted.
        return ApprovalRequest.objects.visible_to(request.user).exclude(status=Status.DRAFT)

    @admin.display(description=gettext_lazy("period or amount"))
    def period_or_amount(self, approval):
        if approval.period_start:
            return (
                f"{approval.get_period_type_display()}: "
                f"{approval.period_start:%d.%m.%Y}–{approval.period_end:%d.%m.%Y}"
            )
        if approval.amount is not None:
            return formatting.money(approval.amount)
        return formatting.MISSING

    def get_urls(self):
        app_label, model_name = self.opts.app_label, self.opts.model_name
        site = self.admin_site
        return [
            path(
                "awaiting/",
                directors_only(site.admin_view(self.awaiting_view)),
                name=f"{app_label}_{model_name}_awaiting",
            ),
            path(
                "<path:object_id>/decide/<str:action>/",
                directors_only(site.admin_view(require_POST(self.decide_view))),
                name=f"{app_label}_{model_name}_decide",
            ),
            *super().get_urls(),
        ]

    def awaiting_view(self, request):
        """Requests whose current step waits for this director, the oldest first."""
        page = keyset_page(
            ApprovalRequest.objects.awaiting_decision_by(request.user).select_related(
                "author", "on_behalf_of"
            ),
            field="submitted_at",
            cursor=request.GET.get("cursor"),
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Awaiting my decision"),
            "page": page,
        }
        return TemplateResponse(request, "admin/approvals/approvalrequest/awaiting.html", context)

    def decide_view(self, request, object_id, action):
        service = DECISION_SERVICES.get(action)
        if service is None:
            raise Http404
        if not self.has_decide_permission(request):
            raise PermissionDenied
        approval = get_object_or_404(self.get_queryset(request), pk=object_id)
        form = DecisionForm(request.POST)
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        change_url = reverse("admin:approvals_approvalrequest_change", args=[approval.pk])
        try:
            approval = service(actor=request.user, request=approval, comment=comment)
        except DomainError as error:
            report_refusal(request, error)
            return redirect(change_url)
        self.message_user(
            request,
            _("“%(title)s”: %(decision)s.")
            % {"title": approval.title, "decision": Decision(action).label.lower()},
            messages.SUCCESS,
        )
        if ApprovalRequest.objects.awaiting_decision_by(request.user).exists():
            return redirect("admin:approvals_approvalrequest_awaiting")
        return redirect(change_url)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            approval = get_object_or_404(
                selectors.with_details(self.get_queryset(request)), pk=obj.pk
            )
            can_decide = self.has_decide_permission(request) and may_decide(request.user, approval)
            context.update(
                approval=approval,
                steps=selectors.current_steps(approval),
                earlier_steps=selectors.earlier_steps(approval),
                figure_rows=selectors.figure_rows(
                    approval.figures, language=get_language() or "uk"
                ),
                decisions=[(action, Action(action).label) for action in decision_actions(approval)],
                can_decide=can_decide,
                decision_form=DecisionForm(),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(
        description=gettext_lazy("Approve the selected plans and reports"),
        permissions=["decide"],
    )
    def approve_selected(self, request, queryset):
        approve = DECISION_SERVICES[Action.APPROVE]
        approved, skipped = 0, []
        for approval in queryset.order_by("submitted_at", "id"):
            if approval.kind not in PERIOD_KINDS:
                skipped.append(
                    _("“%(title)s”: only plans and reports are approved in bulk")
                    % {"title": approval.title}
                )
                continue
            try:
                approve(actor=request.user, request=approval)
            except DomainError as error:
                skipped.append(f"“{approval.title}”: {error}")
            else:
                approved += 1
        if approved:
            self.message_user(
                request,
                ngettext("%(count)d request approved.", "%(count)d requests approved.", approved)
                % {"count": approved},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext("%(count)d skipped: %(why)s", "%(count)d skipped: %(why)s", len(skipped))
                % {"count": len(skipped), "why": "; ".join(skipped)},
                messages.WARNING,
            )


@admin.register(ApprovalStep)
class ApprovalStepAdmin(ReadOnlyLargeTableAdmin):
    list_display = (
        "request",
        "round",
        "order",
        "approver_role",
        "decision",
        "decided_by",
        "decided_at",
    )
    list_filter = ("approver_role", "decision")
    list_select_related = ("request", "decided_by")
    search_fields = ("request__title",)


@admin.register(ApprovalEvent)
class ApprovalEventAdmin(ReadOnlyLargeTableAdmin):
    list_display = (
        "request",
        "action",
        "from_status",
        "to_status",
        "actor",
        "on_behalf_of",
        "created_at",
    )
    list_filter = ("action", "to_status")
    list_select_related = ("request", "actor", "on_behalf_of")
    search_fields = ("request__title", "comment")


@admin.register(ApprovalAttachment)
class ApprovalAttachmentAdmin(ReadOnlyLargeTableAdmin):
    list_display = (
        "original_name",
        "request",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    )
    list_select_related = ("request", "uploaded_by")
    search_fields = ("original_name", "request__title")
    exclude = ("file",)
