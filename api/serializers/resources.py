"""The records as the API shows them: clients, contacts, sites, contracts, notifications."""

from __future__ import annotations

from rest_framework import serializers

from api.serializers.common import PersonSerializer
from clients.models import Client, Contact, Site
from contracts.models import Contract
from org.models import Notification


class ClientRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Client
        fields = ["id", "short_name", "edrpou"]
        read_only_fields = fields


class ClientSerializer(serializers.ModelSerializer):
    account_manager = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Client
        fields = [
            "id",
            "legal_name",
            "short_name",
            "edrpou",
            "vat_number",
            "legal_address",
            "iban",
            "status",
            "account_manager",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "client", "name", "position", "phone", "email", "is_primary"]
        read_only_fields = fields


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "client", "name", "address", "area_m2", "access_notes", "working_notes"]
        read_only_fields = fields


class ContractRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contract
        fields = ["id", "number", "client"]
        read_only_fields = fields


class ContractSerializer(serializers.ModelSerializer):
    client = ClientRefSerializer(read_only=True)
    manager = PersonSerializer(read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "title",
            "client",
            "stage",
            "stage_label",
            "stage_reason",
            "manager",
            "start_date",
            "end_date",
            "signed_on",
            "monthly_value",
            "notice_period_days",
            "auto_renewal",
            "claim_answer_days",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.CharField(read_only=True, help_text="In the user's language.")
    addressed_to = PersonSerializer(
        read_only=True,
        allow_null=True,
        help_text="The absent manager it was meant for, when it reached you as their cover.",
    )

    class Meta:
        model = Notification
        fields = ["id", "text", "url", "addressed_to", "created_at", "read_at"]
        read_only_fields = fields
