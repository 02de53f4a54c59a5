"""Webhook endpoints and their delivery log, for the administrators (superusers, or
whoever is given the webhooks permissions: no role holds them by default)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from org.admin import admin_actor
from org.admin_paging import LargeTableAdminMixin
from org.outbox import Event
from org.tasks_queue import enqueue_on_commit
from webhooks.forms import EndpointForm
from webhooks.models import Delivery, Endpoint
from webhooks.services import deliveries_resend, endpoint_rotate_secret
from webhooks.tasks import send_webhook_deliveries


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ("url", "description", "is_active", "event_names", "created_at")
    list_filter = ("is_active",)
    search_fields = ("url", "description")
    actions = ["rotate_secret"]

    def get_fields(self, request: HttpRequest, obj: Endpoint | None = None) -> Any:
        may_change = self.has_change_permission(request, obj)
        fields = ["url", "description", "events" if may_change else "event_names", "is_active"]
        if obj is None:
            return fields
        # The secret signs every delivery: only those who may change the endpoint see it.
        return [*fields, "signing_secret", "created_at"] if may_change else [*fields, "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Endpoint | None = None) -> Any:
        if not self.has_change_permission(request, obj):
            return self.get_fields(request, obj)
        return ["signing_secret", "created_at"]

    @admin.display(description=_("events"))
    def event_names(self, endpoint: Endpoint) -> str:
        labels = dict(Event.choices)
        return ", ".join(str(labels.get(name, name)) for name in endpoint.events) or "—"

    @admin.display(description=_("signing secret"))
    def signing_secret(self, endpoint: Endpoint) -> str:
        return format_html("<code>{}</code>", endpoint.secret)

    @admin.action(description=_("Generate a new signing secret"), permissions=["change"])
    def rotate_secret(self, request: HttpRequest, queryset: QuerySet[Endpoint]) -> None:
        actor = admin_actor(request)
        for endpoint in queryset:
            endpoint_rotate_secret(actor=actor, endpoint=endpoint)
        self.message_user(request, _("New secrets generated: give them to the receivers."))


@admin.register(Delivery)
class DeliveryAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "created_at",
        "event",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
    )
    list_filter = ("status", "event", "endpoint", "created_at")
    list_select_related = ("endpoint",)
    search_fields = ("=id", "=event_id", "last_error")
    actions = ["resend"]

    def get_fields(self, request: HttpRequest, obj: Delivery | None = None) -> Any:
        return [
            "payload_pretty" if field.name == "payload" else field.name
            for field in Delivery._meta.fields
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Delivery | None = None) -> Any:
        return self.get_fields(request, obj)

    @admin.display(description=_("payload"))
    def payload_pretty(self, delivery: Delivery) -> str:
        text = json.dumps(delivery.payload, ensure_ascii=False, indent=2, sort_keys=True)
        return format_html('<pre class="mb-0" style="white-space: pre-wrap">{}</pre>', text)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        # Every field is the log's: nothing to save (the list's action sends again).
        extra_context = {**(extra_context or {}), "show_save": False}
        extra_context["show_save_and_continue"] = False
        return super().changeform_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # deliveries come from the outbox

    @admin.action(description=_("Send again now"), permissions=["change"])
    def resend(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        ids = deliveries_resend(actor=admin_actor(request), deliveries=queryset)
        if ids and settings.WEBHOOK_RELAY_ON_COMMIT:
            # Sent by a worker, never in this request; with no broker, by the next sweep.
            enqueue_on_commit(send_webhook_deliveries, ids)
        skipped = queryset.count() - len(ids)
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery will be sent again now.",
                "%(count)d deliveries will be sent again now.",
                len(ids),
            )
            % {"count": len(ids)},
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delivery is being sent this moment and was left to that attempt.",
                    "%(count)d deliveries are being sent this moment and were left to that attempt.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
