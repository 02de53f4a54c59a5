import datetime

import factory
from django.utils import timezone

from claims.models import Category, Channel, Claim, ClaimComment, ClaimStatus
from contracts.models import Priority, Stage
from tests.contracts.factories import ContractFactory


class SupportContractFactory(ContractFactory):
    stage = Stage.SUPPORT


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim row as stored; use ``claims.services.claim_register`` for a routed one."""

    class Meta:
        model = Claim

    contract = factory.SubFactory(SupportContractFactory)
    channel = Channel.PHONE
    category = Category.SERVICE_QUALITY
    priority = Priority.NORMAL
    subject = factory.Sequence(lambda n: f"Скарга {n}")
    description = "Не прибрано в холі"
    status = ClaimStatus.NEW
    registered_by = factory.SelfAttribute("contract.manager")
    received_at = factory.LazyFunction(timezone.now)
    response_due_at = factory.LazyAttribute(lambda c: c.received_at + datetime.timedelta(hours=8))
    resolution_due_at = factory.LazyAttribute(
        lambda c: c.received_at + datetime.timedelta(hours=72)
    )


class ClaimCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimComment

    claim = factory.SubFactory(ClaimFactory)
    author = factory.SelfAttribute("claim.contract.manager")
    text = "Зателефонувала клієнту"
