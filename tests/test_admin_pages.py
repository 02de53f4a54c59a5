"""Every admin page of every registered model opens, for each director and for a
view-only user: custom admin forms must not assume the fields a view-only form drops."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from approvals.models import ApprovalAttachment, ApprovalRequest
from handoffs.models import Handoff, HandoffAttachment
from org.models import AbsenceCover, User
from org.roles import Role

pytestmark = pytest.mark.django_db


def seed_every_model():
    call_command("seed_demo", "--allow-production", stdout=open("/dev/null", "w"))  # noqa: SIM115
    managers = list(User.objects.filter(groups__name=Role.SUPPORT_MANAGER).order_by("pk")[:2])
    today = timezone.localdate()
    AbsenceCover.objects.create(
        absent=managers[0],
        cover=managers[1],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=3),
        created_by=User.objects.filter(groups__name=Role.EXECUTIVE_DIRECTOR).first(),
    )
    HandoffAttachment.objects.create(
        handoff=Handoff.objects.first(),
        file=ContentFile(b"%PDF-1.4 demo", name="act.pdf"),
        uploaded_by=managers[0],
    )
    ApprovalAttachment.objects.create(
        request=ApprovalRequest.objects.first(),
        file=ContentFile(b"%PDF-1.4 demo", name="plan.pdf"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=13,
        uploaded_by=managers[0],
    )
    AccessAttempt.objects.create(
        username="someone", ip_address="10.0.0.9", user_agent="test", failures_since_start=1
    )
    AccessLog.objects.create(username="someone", ip_address="10.0.0.9", user_agent="test")
    AccessFailureLog.objects.create(username="someone", ip_address="10.0.0.9", user_agent="test")


def view_only_user(make_user):
    user = make_user(is_staff=True, username="viewer")
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


def test_every_admin_change_page_opens_for_directors_and_view_only_users(client, make_user):
    seed_every_model()
    identities = {
        "general director": User.objects.filter(groups__name=Role.GENERAL_DIRECTOR).first(),
        "executive director": User.objects.filter(groups__name=Role.EXECUTIVE_DIRECTOR).first(),
        "view-only user": view_only_user(make_user),
    }
    # A 500 is counted and listed, not raised: the sweep names every page that fails.
    client.raise_request_exception = False
    failures, opened = [], 0
    for label, user in identities.items():
        client.force_login(user)
        for model in admin.site._registry:
            obj = model._default_manager.order_by("pk").first()
            assert obj is not None, f"no {model._meta.label} to open: create one above"
            info = model._meta.app_label, model._meta.model_name
            urls = [reverse("admin:{}_{}_changelist".format(*info))]
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            for url in urls:
                response = client.get(url)
                # 403 is a fair answer for a model this identity may not see; 500 never is.
                if response.status_code not in (200, 302, 403):
                    failures.append(f"{label} {url}: {response.status_code}")
                opened += response.status_code == 200
    assert failures == []
    # Both directors see most of the admin: a sweep that opened nothing proves nothing.
    assert opened > 40


@pytest.mark.parametrize("url_name", ["admin:clients_client_change", "admin:org_department_change"])
def test_reported_read_only_pages_open_for_the_executive_director(
    client, executive_director, url_name
):
    from tests.clients.factories import ClientFactory
    from tests.org.factories import department

    obj = ClientFactory() if "client" in url_name else department("production")
    client.force_login(executive_director)

    response = client.get(reverse(url_name, args=[obj.pk]))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
