"""The directors' landing page (the admin index): awaiting my decision, my recent
decisions, the figures, then the admin's model lists."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from approvals import services
from approvals.models import Kind
from org.models import Department, DepartmentCode
from org.roles import Role
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _director_permissions():
    perms = Permission.objects.filter(
        content_type__app_label="approvals",
        codename__in=["view_approvalrequest", "change_approvalrequest"],
    )
    for role in (Role.EXECUTIVE_DIRECTOR, Role.GENERAL_DIRECTOR):
        Group.objects.get(name=role).permissions.add(*perms)


def change_url(approval):
    return reverse("admin:approvals_approvalrequest_change", args=[approval.pk])


def test_the_index_shows_awaiting_then_decided_then_figures_then_the_model_lists(
    client, submitted, executive_director
):
    funds = submitted(kind=Kind.EXTRA_FUNDS, title="Нові пилососи", amount=Decimal("12500.00"))
    decided = submitted(kind=Kind.PROPOSAL, title="Ранкова зміна охорони")
    decided = submitted(kind=Kind.EXTRA_FUNDS, title="Рукавички", amount=Decimal("900.00"))
    services.approval_approve(actor=executive_director, request=decided, comment="Так")
    client.force_login(executive_director)

    page = client.get(reverse("admin:index")).content.decode()

    order = [
        page.index('id="awaiting-my-decision"'),
        page.index('id="decided-by-me"'),
        page.index('id="director-figures"'),
        page.index('id="content-main"'),
    ]
    assert order == sorted(order)
    awaiting = page[order[0] : order[1]]
    assert change_url(funds) in awaiting and "12\xa0500,00" in awaiting
    assert "Рукавички" not in awaiting
    recent = page[order[1] : order[2]]
    assert change_url(decided) in recent and "Погоджено" in recent


def test_a_work_plan_is_to_be_decided_before_its_period_begins(
    client, submitted, executive_director
):
    start = timezone.localdate() - datetime.timedelta(days=3)
    submitted(
        kind=Kind.WORK_PLAN,
        period_start=start,
        period_end=start + datetime.timedelta(days=27),
    )
    client.force_login(executive_director)

    page = client.get(reverse("admin:index")).content.decode()

    assert start.strftime("%d.%m.%Y") in page
    assert "її період уже почався" in page


def test_department_figures_link_directors_to_the_handoffs_behind_them(client, executive_director):
    hr = Department.objects.get(code=DepartmentCode.HR)
    production = Department.objects.get(code=DepartmentCode.PRODUCTION)
    late = HandoffFactory(department=hr, due_at=timezone.now() - datetime.timedelta(days=1))
    HandoffFactory(department=hr)
    HandoffFactory(department=production, due_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(executive_director)

    page = client.get(reverse("admin:index")).content.decode()
    overdue_url = f"/dashboards/handoffs/?department={hr.pk}&amp;state=overdue"
    assert overdue_url in page

    listed = client.get("/dashboards/handoffs/", {"department": hr.pk, "state": "overdue"})
    assert listed.status_code == 200
    assert [row.pk for row in listed.context["rows"]] == [late.pk]
    assert "Відділ: Відділ кадрів" in listed.content.decode()


def test_managers_do_not_see_the_landing_blocks(client, manager):
    manager.is_staff = True
    manager.save()
    client.force_login(manager)

    page = client.get(reverse("admin:index")).content.decode()

    assert "decided-by-me" not in page and "director-figures" not in page
