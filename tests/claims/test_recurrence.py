"""The recurring-problem rule: 3 claims at one site within 30 days open one quality audit."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape

from claims.models import AuditedClaim, Category, QualityAudit, RecurrenceRule
from handoffs.models import Handoff, Kind
from org.models import DepartmentCode, Notification
from org.roles import Role
from tests.claims.steps import MONDAY_9
from tests.clients.factories import SiteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DAY = datetime.timedelta(days=1)


@pytest.fixture
def quality_head(make_user):
    head = make_user(Role.DEPARTMENT_HEAD, department=DepartmentCode.QUALITY)
    head.department.head = head
    head.department.save(update_fields=["head"])
    return head


@pytest.fixture
def at_site(register, site):
    """Register a claim at ``site`` received ``days`` after MONDAY_9."""

    def make(days, **kwargs):
        received = MONDAY_9 + days * DAY
        with time_machine.travel(received + datetime.timedelta(minutes=1), tick=False):
            return register(site=kwargs.pop("site", site), received_at=received, **kwargs)

    return make


def test_the_default_rule_is_seeded_by_the_migration():
    rule = RecurrenceRule.objects.get()

    assert (rule.claims_count, rule.window_days, rule.categories, rule.is_active) == (
        3,
        30,
        [],
        True,
    )


def test_three_claims_at_a_site_within_30_days_open_one_quality_audit(at_site, site, quality_head):
    first, second = at_site(0), at_site(10)
    assert not QualityAudit.objects.exists()

    third = at_site(25)

    audit = QualityAudit.objects.get()
    assert audit.site == site
    assert set(audit.claims.all()) == {first, second, third}
    assert (audit.window_starts_at, audit.window_ends_at) == (first.received_at, third.received_at)
    handoff = audit.handoff
    assert (handoff.kind, handoff.department.code) == (Kind.QUALITY_AUDIT, DepartmentCode.QUALITY)
    assert handoff.contract == third.contract
    assert f"#{first.pk}" in handoff.details and f"#{third.pk}" in handoff.details


def test_three_claims_spread_over_60_days_open_no_audit(at_site, quality_head):
    at_site(0)
    at_site(30)
    at_site(60)

    assert not QualityAudit.objects.exists()
    assert not Handoff.objects.filter(kind=Kind.QUALITY_AUDIT).exists()


def test_a_fourth_claim_in_the_same_window_does_not_fire_the_rule_again(at_site, quality_head):
    for days in (0, 5, 10):
        at_site(days)

    at_site(12)

    assert QualityAudit.objects.count() == 1
    assert Handoff.objects.filter(kind=Kind.QUALITY_AUDIT).count() == 1


def test_three_new_claims_after_an_audit_open_a_second_one(at_site, quality_head):
    for days in (0, 5, 10):
        at_site(days)
    for days in (12, 14, 20):
        at_site(days)

    assert QualityAudit.objects.count() == 2
    assert AuditedClaim.objects.count() == 6


def test_claims_at_other_sites_or_without_a_site_do_not_count(at_site, register, contract):
    other = SiteFactory(client=contract.client)
    at_site(0)
    at_site(1, site=other)
    register(site=None)
    at_site(2)

    assert not QualityAudit.objects.exists()


def test_a_rule_restricted_to_categories_counts_only_those(at_site, quality_head):
    RecurrenceRule.objects.update(categories=[Category.SAFETY, Category.STAFF_CONDUCT])
    at_site(0, category=Category.SAFETY)
    at_site(1, category=Category.SERVICE_QUALITY)
    at_site(2, category=Category.STAFF_CONDUCT)
    assert not QualityAudit.objects.exists()

    at_site(3, category=Category.SAFETY)

    audit = QualityAudit.objects.get()
    assert {c.category for c in audit.claims.all()} == {Category.SAFETY, Category.STAFF_CONDUCT}


def test_a_same_category_rule_counts_only_the_new_claims_category(at_site, quality_head):
    RecurrenceRule.objects.update(same_category=True)
    at_site(0, category=Category.SAFETY)
    at_site(1, category=Category.SAFETY)
    at_site(2, category=Category.EQUIPMENT)
    assert not QualityAudit.objects.exists()

    at_site(3, category=Category.SAFETY)

    assert QualityAudit.objects.get().claims.count() == 3


def test_an_inactive_rule_never_fires(at_site):
    RecurrenceRule.objects.update(is_active=False)
    for days in (0, 1, 2):
        at_site(days)

    assert not QualityAudit.objects.exists()


def test_the_manager_and_the_quality_head_are_notified(at_site, manager, quality_head):
    for days in (0, 1):
        at_site(days)
    Notification.objects.all().delete()

    at_site(2)

    audit = QualityAudit.objects.get()
    to_manager = Notification.objects.get(recipient=manager)
    assert to_manager.url == audit.handoff.get_absolute_url()
    assert "quality audit" in to_manager.text
    to_head = Notification.objects.get(recipient=quality_head)
    assert to_head.url == audit.handoff.get_absolute_url()


def test_the_same_claim_cannot_be_linked_twice_to_one_rule(at_site, quality_head):
    for days in (0, 1, 2):
        at_site(days)
    link = AuditedClaim.objects.first()

    with pytest.raises(IntegrityError), transaction.atomic():
        AuditedClaim.objects.create(audit=link.audit, claim=link.claim, rule=link.rule)


def test_registration_without_the_rule_firing_costs_one_count_per_rule(
    at_site, register, site, django_assert_num_queries, monkeypatch
):
    from claims.services import recurrence

    claim = at_site(0)
    # Rules (one query) and the one count: nothing else until the count reaches N.
    with django_assert_num_queries(2):
        assert recurrence.recurrence_check(claim, actor=claim.registered_by) == []


# --- the site page and the contract page ------------------------------------------------


def test_the_site_page_shows_its_claim_history_and_the_open_audit(
    manager_client, at_site, contract, site, quality_head
):
    claims = [at_site(days, subject=f"Брудно {days}") for days in (0, 1, 2)]
    audit = QualityAudit.objects.get()

    page = manager_client.get(
        reverse("clients:site_detail", args=[contract.client_id, site.pk])
    ).content.decode()

    assert all(claim.subject in page for claim in claims)
    assert escape(audit.handoff.title) in page
    assert f"{reverse('claims:list')}?site={site.pk}" in page


def test_the_site_page_leaves_out_a_finished_audit(
    manager_client, at_site, contract, site, quality_head
):
    for days in (0, 1, 2):
        at_site(days)
    audit = QualityAudit.objects.get()
    Handoff.objects.filter(pk=audit.handoff_id).update(status="done")

    response = manager_client.get(
        reverse("clients:site_detail", args=[contract.client_id, site.pk])
    )

    assert response.context["audits"] == []


def test_another_managers_site_page_is_not_found(manager_client):
    other = SiteFactory()

    url = reverse("clients:site_detail", args=[other.client_id, other.pk])
    assert manager_client.get(url).status_code == 404


def test_the_contract_page_shows_each_sites_claims_and_open_audit(
    manager_client, at_site, contract, site, quality_head
):
    contract.sites.add(site)
    for days in (0, 1, 2):
        at_site(days)

    response = manager_client.get(reverse("contracts:detail", args=[contract.pk]))

    (history,) = response.context["site_histories"]
    assert history["site"] == site
    assert len(history["claims"]) == 3
    assert [a.pk for a in history["audits"]] == [QualityAudit.objects.get().pk]
    assert escape(QualityAudit.objects.get().handoff.title) in response.content.decode()
