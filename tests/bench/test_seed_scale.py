"""The benchmark's seeder: rows related as the services relate them, and its guard."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.test import Client as HttpClient

from bench.management.commands.seed_scale import ensure_bench_database
from bench.middleware import HEADER
from bench.scale import DEMO_USERS, PASSWORD, volumes
from bench.seeding import seed, seeded_scale
from claims.models import Claim, ClaimEvent, ClaimStatus, RoutingRule
from clients.models import Client
from contracts.models import Contract, ExpiryWarning, Stage
from handoffs.models import Handoff, HandoffEvent, Kind, Status
from org.models import Department, User
from org.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return seed(volumes("1k"), log=lambda message: None)


def test_seed_scale_ties_claim_fixes_to_their_claim_contract_and_client(seeded):
    fixes = Handoff.objects.filter(kind=Kind.CLAIM_FIX)
    assert fixes.count() >= Claim.objects.count()
    assert not fixes.filter(claim__isnull=True).exists()
    assert not fixes.exclude(contract_id=F("claim__contract_id")).exists()
    assert not fixes.exclude(client_id=F("contract__client_id")).exists()
    assert not fixes.exclude(due_at=F("claim__resolution_due_at")).exists()
    # Each fix goes to a department the routing rules send its claim's category to.
    routed = set(RoutingRule.objects.values_list("category", "department_id"))
    formal = set(
        RoutingRule.objects.filter(formal_only=True).values_list("department_id", flat=True)
    )
    for category, department, is_formal in fixes.values_list(
        "claim__category", "department_id", "claim__is_formal"
    ):
        assert (category, department) in routed or (is_formal and department in formal)
    # Every hand-off on a contract names that contract's client, as handoff_create does.
    assert (
        not Handoff.objects.filter(contract__isnull=False)
        .exclude(client_id=F("contract__client_id"))
        .exists()
    )


def test_seed_scale_gives_claims_sites_and_contacts_of_their_client(seeded):
    claims = Claim.objects.all()
    assert claims.count() == volumes("1k").claims
    assert (
        not claims.filter(site__isnull=False)
        .exclude(site__client_id=F("contract__client_id"))
        .exists()
    )
    assert (
        not claims.filter(reported_by__isnull=False)
        .exclude(reported_by__client_id=F("contract__client_id"))
        .exists()
    )
    assert not claims.exclude(registered_by_id=F("contract__manager_id")).exists()
    assert claims.filter(site__isnull=False).count() > 0.8 * claims.count()


def test_seed_scale_claims_are_mostly_closed_with_their_promptness_and_events(seeded):
    total = Claim.objects.count()
    open_claims = Claim.objects.open()
    assert 0.02 * total <= open_claims.count() <= 0.05 * total
    assert Claim.objects.overdue().exists()
    assert Claim.objects.overdue().count() < open_claims.count()
    assert not open_claims.filter(contract__stage__in=[Stage.CLOSED, Stage.CANCELLED]).exists()
    closed = Claim.objects.filter(status=ClaimStatus.CLOSED)
    assert closed.count() > 0.9 * total
    assert not closed.filter(
        Q(time_to_fix__isnull=True)
        | Q(time_to_respond__isnull=True)
        | Q(fixed_on_time__isnull=True)
        | Q(satisfaction__isnull=True)
        | Q(resolved_at__gt=F("closed_at"))
    ).exists()
    # One event per transition: registered, responded, resolved, closed.
    events = ClaimEvent.objects.filter(claim__status=ClaimStatus.CLOSED)
    assert events.count() == 4 * closed.count()
    assert not Claim.objects.annotate(n=Count("events")).filter(n=0).exists()
    assert Claim.history.count() >= total


def test_seed_scale_finished_handoffs_have_their_worker_and_times(seeded):
    target = volumes("1k").handoffs
    assert 0.95 * target <= Handoff.objects.count() <= 1.05 * target
    done = Handoff.objects.filter(status=Status.DONE, department__isnull=False)
    assert not done.filter(
        Q(assignee__isnull=True) | Q(completed_at__isnull=True) | Q(started_at__isnull=True)
    ).exists()
    assert not done.exclude(assignee__department_id=F("department_id")).exists()
    personal = Handoff.objects.filter(kind=Kind.EXTENSION_OPPORTUNITY)
    assert personal.exists()
    assert not personal.exclude(
        department__isnull=True, assignee_id=F("contract__manager_id")
    ).exists()
    assert not Handoff.objects.annotate(n=Count("events")).filter(n=0).exists()
    assert (
        HandoffEvent.objects.filter(to_status=Status.DONE).count()
        == Handoff.objects.filter(status=Status.DONE).count()
    )
    assert Handoff.objects.open().filter(department__isnull=False, assignee__isnull=True).exists()
    kinds = set(Handoff.objects.values_list("kind", flat=True))
    assert {
        Kind.CLAIM_FIX,
        Kind.INFORMATION_REQUEST,
        Kind.RELEASE_OF_WORKERS,
        Kind.SITE_SURVEY,
    } <= kinds


def test_seed_scale_contracts_span_every_stage_and_few_clients_hold_most(seeded):
    stages = set(Contract.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    per_client = sorted(
        Client.objects.annotate(n=Count("contracts")).values_list("n", flat=True), reverse=True
    )
    top = per_client[: max(1, len(per_client) // 5)]
    assert sum(top) >= 0.55 * sum(per_client)
    assert not Contract.objects.exclude(manager_id=F("client__account_manager_id")).exists()
    assert (
        not Contract.objects.filter(sites__isnull=False)
        .exclude(sites__client_id=F("client_id"))
        .exists()
    )
    warned = ExpiryWarning.objects.select_related("contract")
    assert all(w.contract.stage == Stage.SUPPORT for w in warned)


def test_seed_scale_staffs_departments_with_a_head_and_signs_in_demo_users(seeded):
    for department in Department.objects.select_related("head"):
        assert department.head is not None
        assert department.head.department_id == department.pk
        assert department.head.has_role(Role.DEPARTMENT_HEAD)
        assert department.members.count() == volumes("1k").members_per_department
    for role, username in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert user.is_active and user.check_password(PASSWORD), role
    assert User.objects.get(username=DEMO_USERS["director"]).is_staff
    assert seeded_scale() == "1k"


def test_seed_scale_refuses_a_database_without_bench_in_its_name():
    with pytest.raises(CommandError, match="bench"):
        call_command("seed_scale", scale="1k")
    assert not Client.objects.exists()
    with pytest.raises(CommandError, match="bench"):
        ensure_bench_database("casedesk")
    ensure_bench_database("casedesk_bench_1m")


def test_query_count_header_only_when_the_bench_setting_is_on(client, settings, manager):
    client.force_login(manager)
    assert HEADER not in client.get("/claims/").headers
    settings.MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]
    counted = HttpClient()
    counted.force_login(manager)
    response = counted.get("/claims/")
    assert response.status_code == 200
    # The session, the user, their roles and the list itself at least.
    assert int(response.headers[HEADER]) >= 4
