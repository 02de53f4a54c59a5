import io

import pytest
from django.core.management import call_command

from contracts import demo
from contracts.models import Contract, Stage, StageEvent
from handoffs.models import Handoff

pytestmark = pytest.mark.django_db


def test_seed_without_demo_clients_creates_nothing_and_says_so():
    lines = demo.seed()

    assert not Contract.objects.exists()
    assert "no demo clients" in lines[0]


@pytest.fixture
def demo_clients():
    from clients import demo as clients_demo
    from org import demo as org_demo

    org_demo.seed()
    clients_demo.seed()


def test_seed_makes_contracts_in_every_stage_through_the_services(demo_clients):
    demo.seed()

    stages = set(Contract.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    assert StageEvent.objects.filter(from_stage="").count() == Contract.objects.count()
    closed = Contract.objects.get(stage=Stage.CLOSED)
    assert not closed.obligations.filter(fulfilled_at__isnull=True).exists()
    preparing = Contract.objects.filter(stage=Stage.PREPARATION)
    assert {c.handoffs.get().status for c in preparing} == {"open", "done"}
    assert Contract.objects.filter(agreements__kind="supplementary").exists()
    assert Contract.objects.filter(agreements__document__endswith=".pdf").exists()


def test_seed_has_live_contracts_ending_soon_and_one_past_its_notice_deadline(demo_clients):
    from contracts.selectors import mark_expiry

    demo.seed()

    live = mark_expiry(list(Contract.objects.filter(stage=Stage.SUPPORT)))
    assert any(c.ending_soon for c in live)
    assert any(c.notice_passed for c in live)


def test_seed_twice_changes_nothing(demo_clients):
    demo.seed()
    before = (Contract.objects.count(), Handoff.objects.count(), StageEvent.objects.count())

    lines = demo.seed()

    assert (Contract.objects.count(), Handoff.objects.count(), StageEvent.objects.count()) == before
    assert "0 new" in lines[0]


def test_seed_demo_command_runs_every_app_twice(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())
    count = Contract.objects.count()
    call_command("seed_demo", stdout=io.StringIO())

    assert Contract.objects.count() == count > 0


def test_seed_has_a_24_7_security_contract_with_its_own_sla(demo_clients):
    demo.seed()

    security = Contract.objects.get(number="ОХ-2024/031")
    assert security.stage == Stage.SUPPORT
    assert security.calendar is not None and security.calendar.always_open
    assert security.sla_hours("critical") == (1, 4)
    assert Contract.objects.filter(calendar=None).exists()
