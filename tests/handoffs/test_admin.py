import pytest
from django.urls import reverse

from handoffs import services
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_and_shows_hand_offs_with_history(client, make_user, staff):
    admin = make_user(is_staff=True, is_superuser=True)
    handoff = HandoffFactory()
    services.handoff_take(actor=staff, handoff=handoff)
    services.handoff_comment(actor=staff, handoff=handoff, text="Привіт")
    client.force_login(admin)

    for url in (
        reverse("admin:handoffs_handoff_changelist"),
        reverse("admin:handoffs_handoff_change", args=[handoff.pk]),
        reverse("admin:handoffs_handoff_history", args=[handoff.pk]),
        reverse("admin:handoffs_handoffevent_changelist"),
        reverse("admin:handoffs_handoffcomment_changelist"),
        reverse("admin:handoffs_handoffattachment_changelist"),
    ):
        assert client.get(url).status_code == 200, url
