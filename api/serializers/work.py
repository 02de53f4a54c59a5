"""Claims and hand-offs, and what each of their moves takes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.common import (
    DepartmentSerializer,
    PersonSerializer,
    PlausibleDateTimeField,
    RecordField,
)
from api.serializers.resources import ContractRefSerializer
from claims.forms import registrable_contracts
from claims.models import Channel, Claim
from claims.services.registration import CLOCK_SKEW
from clients.models import Contact, Site
from contracts.models import Contract, Priority
from handoffs.models import Handoff

TEXT_LIMIT = 5000


class ClaimSerializer(serializers.ModelSerializer):
    contract = ContractRefSerializer(read_only=True)
    registered_by = PersonSerializer(read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "contract",
            "site",
            "reported_by",
            "channel",
            "category",
            "priority",
            "subject",
            "description",
            "is_formal",
            "formal_number",
            "formal_amount",
            "answer_due_on",
            "status",
            "registered_by",
            "received_at",
            "response_due_at",
            "resolution_due_at",
            "responded_at",
            "resolved_at",
            "closed_at",
            "resolution",
            "client_confirmation",
            "satisfaction",
            "responded_on_time",
            "fixed_on_time",
        ]
        read_only_fields = fields


class ClaimRegisterSerializer(serializers.Serializer):
    """What registering a claim takes: the same fields as the screen's form."""

    contract = RecordField(
        queryset=Contract.objects.none(),
        help_text="A contract you may act on, in support or termination.",
    )
    subject = serializers.CharField(max_length=255)
    description = serializers.CharField(max_length=TEXT_LIMIT, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=Claim._meta.get_field("category").choices)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE)
    site = RecordField(
        queryset=Site.objects.none(),
        allow_null=True,
        default=None,
        help_text="A site of the contract's client.",
    )
    reported_by = RecordField(
        queryset=Contact.objects.none(),
        allow_null=True,
        default=None,
        help_text="A contact of the contract's client.",
    )
    received_at = PlausibleDateTimeField(
        required=False, allow_null=True, default=None, help_text="Empty: now."
    )
    is_formal = serializers.BooleanField(default=False)
    formal_number = serializers.CharField(max_length=50, allow_blank=True, default="")
    formal_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, allow_null=True, default=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        contracts = registrable_contracts(request.user)
        clients = contracts.values("client_id")
        self.fields["contract"].queryset = contracts
        self.fields["site"].queryset = Site.objects.filter(client_id__in=clients)
        self.fields["reported_by"].queryset = Contact.objects.filter(client_id__in=clients)

    def validate_received_at(self, value: Any) -> Any:
        if value is not None and value > timezone.now() + CLOCK_SKEW:
            raise serializers.ValidationError(_("A claim cannot be received in the future."))
        return value


class RespondSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=TEXT_LIMIT, help_text="What the client was told.")


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=TEXT_LIMIT, help_text="How it was resolved.")


class CloseSerializer(serializers.Serializer):
    client_confirmation = serializers.CharField(
        max_length=TEXT_LIMIT, help_text="Who confirmed the fix, when and how."
    )
    satisfaction = serializers.IntegerField(min_value=1, max_value=5)


class HandoffSerializer(serializers.ModelSerializer):
    department = DepartmentSerializer(read_only=True, allow_null=True)
    requested_by = PersonSerializer(read_only=True)
    assignee = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Handoff
        fields = [
            "id",
            "kind",
            "title",
            "details",
            "department",
            "client",
            "contract",
            "claim",
            "requested_by",
            "assignee",
            "status",
            "due_at",
            "result",
            "decline_reason",
            "created_at",
            "started_at",
            "completed_at",
        ]
        read_only_fields = fields


class CompleteSerializer(serializers.Serializer):
    result = serializers.CharField(
        max_length=TEXT_LIMIT, help_text="What was done, found or decided."
    )


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_LIMIT, help_text="Why (the requester sees it).")
