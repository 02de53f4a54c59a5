"""The create forms and a valid submit of each, for the tests that post them (duplicate
submits, hostile input): ``make(manager)`` gives (url, model created, form data)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from approvals.models import ApprovalRequest
from claims.models import Claim
from clients.models import Client
from contracts.models import Contract
from handoffs.models import Handoff
from org.models import Department
from tests.claims.factories import SupportContractFactory
from tests.clients.factories import ClientFactory


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def claim_form(manager):
    contract = SupportContractFactory(client__account_manager=manager, manager=manager)
    return (
        reverse("claims:register"),
        Claim,
        {
            "contract": contract.pk,
            "subject": "Не вийшов охоронець",
            "description": "Пост №2 порожній з 8:00",
            "category": "staff_absence",
            "priority": "high",
            "channel": "phone",
            "received_at": local(timezone.now()),
        },
    )


def client_form(manager):
    return (
        reverse("clients:create"),
        Client,
        {
            "legal_name": 'ТОВ "Нова Хвиля"',
            "short_name": "Нова Хвиля",
            "edrpou": "32855961",
            "legal_address": "м. Одеса, вул. Дерибасівська, 1",
            "status": "active",
            "account_manager": manager.pk,
        },
    )


def contract_form(manager):
    client = ClientFactory(account_manager=manager)
    return (
        reverse("contracts:create"),
        Contract,
        {
            "client": client.pk,
            "number": "КД-77",
            "title": "Прибирання",
            "monthly_value": "1000.00",
            "notice_period_days": 30,
            "claim_answer_days": 30,
        },
    )


def handoff_form(manager):
    return (
        reverse("handoffs:create"),
        Handoff,
        {
            "kind": "information_request",
            "department": Department.objects.get(code="accounting").pk,
            "title": "Дані за березень",
            "due_at": local(timezone.now() + datetime.timedelta(days=2)),
        },
    )


def approval_form(manager):
    return (
        reverse("approvals:create", args=["extra_funds"]),
        ApprovalRequest,
        {
            "title": "Пилососи",
            "amount": "150000.00",
            "purpose": "Два промислові пилососи",
            "content": "Старі зламалися",
        },
    )


CREATE_FORMS = [claim_form, client_form, contract_form, handoff_form, approval_form]
