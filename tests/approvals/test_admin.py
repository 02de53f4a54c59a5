import pytest
from django.contrib.auth.models import Group, Permission
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from approvals.models import ApprovalRequest, Kind, PeriodType, Status
from org.roles import Role
from tests.approvals.factories import ApprovalRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _director_permissions():
    """The permissions the lead adds to ROLE_PERMISSIONS for both director groups."""
    perms = Permission.objects.filter(
        content_type__app_label="approvals",
        codename__in=["view_approvalrequest", "change_approvalrequest"],
    )
    for role in (Role.EXECUTIVE_DIRECTOR, Role.GENERAL_DIRECTOR):
        Group.objects.get(name=role).permissions.add(*perms)


def decide_url(approval, action):
    return reverse("admin:approvals_approvalrequest_decide", args=[approval.pk, action])


def change_url(approval):
    return reverse("admin:approvals_approvalrequest_change", args=[approval.pk])


def test_director_approves_from_the_request_page(client, submitted, executive_director):
    plan = submitted(kind=Kind.WORK_PLAN)
    client.force_login(executive_director)

    page = client.get(change_url(plan))
    assert page.status_code == 200
    assert decide_url(plan, "approve") in page.content.decode()

    response = client.post(decide_url(plan, "approve"), {"comment": ""})

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED


def test_reject_without_comment_shows_an_admin_message(client, submitted, executive_director):
    plan = submitted(kind=Kind.WORK_PLAN)
    client.force_login(executive_director)

    response = client.post(decide_url(plan, "reject"), {"comment": ""}, follow=True)

    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED
    assert response.redirect_chain[-1][0] == change_url(plan)
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_wrong_director_gets_a_message_not_a_decision(client, submitted, general_director):
    plan = submitted(kind=Kind.WORK_PLAN)
    client.force_login(general_director)

    page = client.get(change_url(plan)).content.decode()
    assert decide_url(plan, "approve") not in page

    client.post(decide_url(plan, "approve"))
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED


@pytest.mark.parametrize("action", ["approve", "reject", "return", "acknowledge"])
def test_non_directors_get_403_on_the_decision_views(client, submitted, make_user, action):
    plan = submitted(kind=Kind.WORK_PLAN)
    staff_head = make_user(Role.DEPARTMENT_HEAD, department="hr", is_staff=True)
    superuser = make_user(is_staff=True, is_superuser=True)
    manager = plan.author

    for user in (staff_head, superuser, manager):
        client.force_login(user)
        assert client.post(decide_url(plan, action), {"comment": "x"}).status_code == 403
    client.force_login(manager)
    assert client.get(reverse("admin:approvals_approvalrequest_awaiting")).status_code == 403
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED


def test_decision_views_are_post_only_and_csrf_protected(submitted, executive_director):
    plan = submitted(kind=Kind.WORK_PLAN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(executive_director)

    assert client.get(decide_url(plan, "approve")).status_code == 405
    assert client.post(decide_url(plan, "approve")).status_code == 403
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED


def test_directors_cannot_edit_add_or_delete_requests(client, submitted, executive_director):
    plan = submitted(kind=Kind.WORK_PLAN)
    client.force_login(executive_director)

    response = client.post(change_url(plan), {"title": "Змінено"})
    plan.refresh_from_db()
    assert plan.title != "Змінено"
    assert response.status_code == 403
    assert client.get(reverse("admin:approvals_approvalrequest_add")).status_code == 403
    delete = reverse("admin:approvals_approvalrequest_delete", args=[plan.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ApprovalRequest.objects.filter(pk=plan.pk).exists()


def test_changelist_filters_by_kind_status_author_and_period(client, submitted, executive_director):
    submitted(kind=Kind.WORK_PLAN, title="План березня")
    submitted(kind=Kind.PROPOSAL, title="Ідея щодо журналу")
    ApprovalRequestFactory(title="Неподаний запит")
    client.force_login(executive_director)
    url = reverse("admin:approvals_approvalrequest_changelist")

    everything = client.get(url).content.decode()
    plans = client.get(url, {"kind__exact": "work_plan", "period_year": "2025"}).content.decode()

    assert "Ідея щодо журналу" in everything and "Неподаний запит" not in everything
    assert "План березня" in plans and "Ідея щодо журналу" not in plans
    assert (
        client.get(url, {"status__exact": "submitted", "period_type__exact": "month"}).status_code
        == 200
    )


def test_bulk_approve_approves_plans_and_reports_and_says_why_others_were_skipped(
    client, submitted, executive_director
):
    plans = [submitted(kind=Kind.WORK_PLAN) for _ in range(2)]
    report = submitted(kind=Kind.REPORT)
    funds = submitted(kind=Kind.EXTRA_FUNDS)
    proposal = submitted(kind=Kind.PROPOSAL)
    client.force_login(executive_director)

    response = client.post(
        reverse("admin:approvals_approvalrequest_changelist"),
        {
            "action": "approve_selected",
            "_selected_action": [r.pk for r in [*plans, report, funds, proposal]],
        },
        follow=True,
    )

    statuses = dict(ApprovalRequest.objects.values_list("pk", "status"))
    assert [statuses[p.pk] for p in plans] == [Status.APPROVED, Status.APPROVED]
    assert statuses[report.pk] == Status.APPROVED
    assert statuses[funds.pk] == Status.SUBMITTED
    assert statuses[proposal.pk] == Status.SUBMITTED
    texts = [str(m) for m in response.context["messages"]]
    assert any("3" in text for text in texts)
    assert any("2" in text and proposal.title in text for text in texts)


def test_bulk_approve_of_a_quarterly_plan_passes_it_to_the_general_director(
    client, submitted, executive_director
):
    plan = submitted(
        kind=Kind.WORK_PLAN,
        period_type=PeriodType.QUARTER,
        period_start="2025-01-01",
        period_end="2025-03-31",
    )
    client.force_login(executive_director)

    client.post(
        reverse("admin:approvals_approvalrequest_changelist"),
        {"action": "approve_selected", "_selected_action": [plan.pk]},
    )

    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED
    assert plan.current_approver_role == Role.GENERAL_DIRECTOR


def test_awaiting_tag_renders_count_and_rows_for_directors_only(
    submitted, executive_director, manager
):
    for _i in range(12):
        submitted(kind=Kind.WORK_PLAN)
    template = Template("{% load approvals_admin %}{% awaiting_my_decision %}")

    def render(user):
        request = RequestFactory().get("/admin/")
        request.user = user
        return template.render(Context({"request": request}))

    html = render(executive_director)
    assert "(12)" in html
    assert html.count("/change/") == 10
    assert render(manager).strip() == ""


INDEX_LINES = (
    '{% extends "admin/index.html" %}\n'
    "{% load approvals_admin %}\n"
    "{% block content %}{% awaiting_my_decision %}{{ block.super }}{% endblock %}\n"
)


def test_the_three_index_lines_put_awaiting_on_top_of_the_admin_index(
    client, submitted, executive_director, settings, tmp_path
):
    """What the lead puts into templates/admin/index.html, tried from a temporary folder."""
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin" / "index.html").write_text(INDEX_LINES)
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    plan = submitted(kind=Kind.WORK_PLAN, title="План на травень")
    client.force_login(executive_director)

    page = client.get(reverse("admin:index")).content.decode()

    assert 'id="awaiting-my-decision"' in page
    assert "План на травень" in page
    assert page.index("awaiting-my-decision") < page.index('id="content-main"')
    assert change_url(plan) in page
