"""Requests about working conditions (the job description's 3.3: premises, a workplace,
equipment) go to the executive director through the same approvals flow."""

import pytest
from django.urls import reverse

from approvals import services
from approvals.models import ApprovalRequest, ApproverRole, Kind, Status

pytestmark = pytest.mark.django_db


def test_the_manager_writes_one_and_the_executive_director_decides_it(
    client, manager, executive_director, general_director
):
    client.force_login(manager)
    assert (
        reverse("approvals:create", args=[Kind.WORKING_CONDITIONS])
        in client.get(reverse("approvals:choose_kind")).content.decode()
    )
    form = client.get(reverse("approvals:create", args=[Kind.WORKING_CONDITIONS]))
    assert "Що потрібно" in form.content.decode()

    response = client.post(
        reverse("approvals:create", args=[Kind.WORKING_CONDITIONS]),
        {
            "title": "Ноутбук для виїздів на об'єкти",
            "content": "Акти на об'єктах складаю від руки: потрібен ноутбук.",
            "once_token": form.context["form"].once_token,
        },
    )

    request = ApprovalRequest.objects.get(kind=Kind.WORKING_CONDITIONS)
    assert response.status_code == 302
    services.approval_submit(actor=manager, request=request)
    assert [step.approver_role for step in request.steps.all()] == [ApproverRole.EXECUTIVE_DIRECTOR]
    decided = services.approval_approve(
        actor=executive_director, request=request, comment="Видати з резерву"
    )
    assert decided.status == Status.APPROVED
