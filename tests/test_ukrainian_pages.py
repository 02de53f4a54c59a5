"""Pages rendered in Ukrainian show no English interface words left over from the
templates or the code (the brand name aside)."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from approvals.models import ApprovalRequest
from claims.models import Claim
from clients.models import Client
from contracts.models import Contract
from handoffs.models import Handoff
from org.models import User
from tests.visible_text import visible

pytestmark = pytest.mark.django_db

# Words the templates and code use in English; none may reach a Ukrainian page.
ENGLISH_UI_WORDS = {
    "Save",
    "Cancel",
    "Submit",
    "Search",
    "Filter",
    "Reset",
    "Delete",
    "Edit",
    "Close",
    "Status",
    "Due",
    "Overdue",
    "Assignee",
    "Client",
    "Clients",
    "Contract",
    "Contracts",
    "Claim",
    "Claims",
    "Inbox",
    "Approve",
    "Reject",
    "Return",
    "Home",
    "Sign",
    "out",
    "New",
    "Add",
    "Back",
    "Next",
    "Previous",
    "Newer",
    "Older",
    "Details",
    "Result",
    "Take",
    "Start",
    "Complete",
    "Decline",
    "Reopen",
    "Comment",
    "Comments",
    "Timeline",
    "Notifications",
    "Portfolio",
    "Dashboard",
    "Site",
    "Sites",
    "Services",
    "Staffing",
    "Agreement",
    "Agreements",
    "Obligations",
    "Priority",
    "Category",
    "Channel",
    "None",
    "Yes",
    "No",
    "Unknown",
    "Today",
    "days",
    "hours",
    "minutes",
    "ago",
    "from",
    "to",
}
ALLOWED = {"Case", "desk", "CSV", "EDRPOU", "IBAN", "UAH", "EN", "UK", "PDF"}


def english_words(html):
    words = set(re.findall(r"[A-Za-z][A-Za-z-]+", visible(html)))
    return sorted((words & ENGLISH_UI_WORDS) - ALLOWED)


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())


def pages_for(username):
    contract = Contract.objects.filter(manager__username="manager").order_by("pk").first()
    client = Client.objects.filter(account_manager__username="manager").order_by("pk").first()
    claim = Claim.objects.filter(contract__manager__username="manager").order_by("pk").first()
    handoff = Handoff.objects.filter(department__code="production").order_by("pk").first()
    request = ApprovalRequest.objects.filter(author__username="manager").order_by("pk").first()
    return {
        "manager": [
            reverse("contracts:portfolio"),
            reverse("contracts:detail", args=[contract.pk]),
            reverse("clients:list"),
            reverse("clients:detail", args=[client.pk]),
            reverse("claims:list"),
            reverse("claims:detail", args=[claim.pk]),
            reverse("claims:my_work"),
            reverse("claims:register") + f"?contract={contract.pk}",
            reverse("handoffs:mine"),
            reverse("handoffs:create") + f"?contract={contract.pk}",
            reverse("approvals:mine"),
            reverse("approvals:detail", args=[request.pk]),
            reverse("notifications"),
            reverse("dashboards:manager"),
            reverse("search") + "?q=КП",
        ],
        "production_head": [
            reverse("handoffs:inbox"),
            reverse("handoffs:inbox") + "?tab=overdue",
            reverse("handoffs:detail", args=[handoff.pk]),
            reverse("dashboards:department"),
        ],
        "executive": [reverse("dashboards:directors"), reverse("contracts:list")],
    }[username]


@pytest.mark.parametrize("username", ["manager", "production_head", "executive"])
def test_ukrainian_pages_have_no_english_interface_words(client, demo, username):
    client.force_login(User.objects.get(username=username))
    leftovers = {}
    for url in pages_for(username):
        response = client.get(url)
        assert response.status_code == 200, url
        found = english_words(response.content.decode())
        if found:
            leftovers[url] = found

    assert not leftovers, f"English words on Ukrainian pages: {leftovers}"


def test_the_check_catches_an_untranslated_word():
    assert english_words("<p>Збережено</p><button>Save</button>") == ["Save"]
    assert english_words('<input placeholder="Search">') == ["Search"]
    assert english_words("<script>Save()</script><p>Case desk</p>") == []


def test_the_same_pages_in_english_do_show_english(client, demo, settings):
    client.force_login(User.objects.get(username="manager"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("contracts:portfolio"))

    assert response["Content-Language"] == "en"
    assert english_words(response.content.decode())
