import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from contracts.models import Contract, Obligation, Schedule, ServiceLine, StaffingRequirement, Stage
from tests.clients.factories import ClientFactory, SiteFactory


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    client = factory.SubFactory(ClientFactory)
    number = factory.Sequence(lambda n: f"КД-{n:04d}")
    title = "Комплексне прибирання та охорона"
    stage = Stage.PREPARATION
    manager = factory.SelfAttribute("client.account_manager")
    start_date = factory.LazyFunction(timezone.localdate)
    end_date = factory.LazyAttribute(lambda c: c.start_date + datetime.timedelta(days=365))
    monthly_value = Decimal("85000.00")


class ServiceLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLine

    contract = factory.SubFactory(ContractFactory)
    service = "Щоденне прибирання приміщень"
    frequency = "щодня"
    price = Decimal("45000.00")


class StaffingRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffingRequirement

    contract = factory.SubFactory(ContractFactory)
    site = factory.SubFactory(SiteFactory, client=factory.SelfAttribute("..contract.client"))
    post = "Прибиральник"
    headcount = 3
    schedule = Schedule.FIVE_BY_EIGHT
    uniform = "Синій комбінезон з логотипом"


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obligation

    contract = factory.SubFactory(ContractFactory)
    description = "Передати ключі та перепустки"
