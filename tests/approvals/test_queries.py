"""The approvals screens, in the app and in the admin, cost the same number of queries,
at most 12, for 1 row or 50."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from approvals import services
from approvals.models import ApprovalAttachment, Kind
from org.roles import Role
from tests.approvals.factories import ApprovalRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _director_permissions():
    perms = Permission.objects.filter(
        content_type__app_label="approvals",
        codename__in=["view_approvalrequest", "change_approvalrequest"],
    )
    for role in (Role.EXECUTIVE_DIRECTOR, Role.GENERAL_DIRECTOR):
        Group.objects.get(name=role).permissions.add(*perms)


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def change_url(approval):
    return reverse("admin:approvals_approvalrequest_change", args=[approval.pk])


@pytest.mark.parametrize("rows", [1, 50])
def test_my_requests_query_count_does_not_grow_with_rows(
    signed_in, manager, rows, django_assert_max_num_queries
):
    ApprovalRequestFactory.create_batch(rows, author=manager)

    with django_assert_max_num_queries(9):
        response = signed_in.get(reverse("approvals:mine"))

    assert response.status_code == 200
    assert len(response.context["page"].rows) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_query_count_does_not_grow(
    signed_in, manager, executive_director, rows, django_assert_max_num_queries
):
    plan = ApprovalRequestFactory(author=manager)
    for _i in range(rows):
        ApprovalAttachment.objects.create(
            request=plan,
            file="approvals/x.pdf",
            original_name="x.pdf",
            content_type="application/pdf",
            size=10,
            uploaded_by=manager,
        )
        plan = services.approval_submit(actor=manager, request=plan)
        plan = services.approval_return(actor=executive_director, request=plan, comment="Ще")

    with django_assert_max_num_queries(10):
        response = signed_in.get(plan.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_awaiting_list_query_count_does_not_grow(
    client, submitted, executive_director, rows, django_assert_max_num_queries
):
    for _i in range(rows):
        submitted(kind=Kind.WORK_PLAN)
    client.force_login(executive_director)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("admin:approvals_approvalrequest_awaiting"))

    assert response.status_code == 200
    assert len(response.context["page"].rows) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_awaiting_block_query_count_does_not_grow(
    submitted, executive_director, rows, django_assert_max_num_queries
):
    for _i in range(rows):
        submitted(kind=Kind.WORK_PLAN)
    template = Template("{% load approvals_admin %}{% awaiting_my_decision %}")
    request = RequestFactory().get("/admin/")
    request.user = type(executive_director).objects.get(pk=executive_director.pk)

    with django_assert_max_num_queries(3):
        template.render(Context({"request": request}))


@pytest.mark.parametrize("rows", [1, 50])
def test_request_page_query_count_does_not_grow(
    client, manager, executive_director, rows, django_assert_max_num_queries
):
    from approvals.models import ApprovalAttachment

    ApprovalRequestFactory.create_batch(rows - 1, author=manager)
    report = ApprovalRequestFactory(author=manager, kind=Kind.REPORT)
    for _i in range(rows):
        ApprovalAttachment.objects.create(
            request=report,
            file="approvals/x.pdf",
            original_name="x.pdf",
            content_type="application/pdf",
            size=10,
            uploaded_by=manager,
        )
        report = services.approval_submit(actor=manager, request=report)
        report = services.approval_return(
            actor=executive_director, request=report, comment="Ще раз"
        )
    report = services.approval_submit(actor=manager, request=report)
    client.force_login(executive_director)

    with django_assert_max_num_queries(12):
        response = client.get(change_url(report))

    assert response.status_code == 200
    assert response.context["can_decide"]


@pytest.mark.parametrize("rows", [1, 50])
def test_changelist_query_count_does_not_grow(
    client, submitted, executive_director, rows, django_assert_max_num_queries
):
    for _i in range(rows):
        submitted(kind=Kind.WORK_PLAN)
    client.force_login(executive_director)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:approvals_approvalrequest_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_directors_landing_page_query_count_does_not_grow(
    client, manager, executive_director, rows, django_assert_max_num_queries
):
    """The admin index with its awaiting, decided and figures blocks: the same bound for
    1 row of each or 50."""
    import datetime

    from django.utils import timezone

    from tests.claims.factories import ClaimFactory, SupportContractFactory
    from tests.handoffs.factories import HandoffFactory

    for number in range(2 * rows):
        draft = ApprovalRequestFactory(author=manager, kind=Kind.EXTRA_FUNDS)
        approval = services.approval_submit(actor=manager, request=draft)
        if number % 2:
            services.approval_approve(actor=executive_director, request=approval)
    contract = SupportContractFactory(client__account_manager=manager, manager=manager)
    ClaimFactory.create_batch(rows, contract=contract)
    HandoffFactory.create_batch(rows, due_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(executive_director)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:index"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="decided-by-me"' in page and 'id="director-figures"' in page
