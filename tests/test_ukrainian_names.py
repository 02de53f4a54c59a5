"""A person's name is never put where Ukrainian grammar would need another case
("замість Олена Коваленко", "заміщуєте Олена Коваленко"): the phrases are built so that
the name stands alone (after a colon, in brackets, as the subject)."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from approvals.models import Action, ApprovalEvent, ApprovalRequest
from approvals.notifications import AWAITING, OUTCOMES
from claims.digest import _digest_email, digest_for
from claims.models import Claim, ClaimEvent
from contracts.models import Contract, StageEvent
from handoffs.models import Handoff, HandoffEvent
from org.emails import notification_email
from org.models import AbsenceCover, Notification, User
from org.services import notify
from tests.visible_text import visible

pytestmark = pytest.mark.django_db

# Words after which a name would have to change its ending (genitive, accusative, dative…).
GOVERNING_WORDS = ("замість", "від", "для", "заміщуєте", "заміщує", "у", "до")


def declension_slips(text, people):
    """Each place where a full name follows a word that governs another case."""
    names = set()
    for first, last in people:
        names.add((first.lower(), last.lower()))
        names.add((last.lower(), first.lower()))
    slips = []
    for word in GOVERNING_WORDS:
        # The word itself, then exactly whitespace: "заміщує: Олена" is fine.
        for match in re.finditer(rf"(?<![\w'’-]){word}\s+([\w'’-]+)\s+([\w'’-]+)", text, re.I):
            if (match.group(1).lower(), match.group(2).lower()) in names:
                slips.append(match.group(0))
    return slips


def people():
    return [(u.first_name, u.last_name) for u in User.objects.exclude(first_name="")]


@pytest.fixture
def covered(settings):
    """The demo, with manager2 (Андрій Мельник) covering for manager (Олена Коваленко)
    today and having acted for her on each kind of record."""
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    absent = User.objects.get(username="manager")
    cover = User.objects.get(username="manager2")
    today = timezone.localdate()
    AbsenceCover.objects.create(
        absent=absent,
        cover=cover,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=7),
        created_by=User.objects.get(username="executive"),
    )
    for model, owner in (
        (StageEvent, {"contract__manager": absent}),
        (ClaimEvent, {"claim__contract__manager": absent}),
        (HandoffEvent, {"handoff__department__code": "production"}),
        (ApprovalEvent, {"request__author": absent}),
    ):
        for event in model.objects.filter(**owner).order_by("pk")[:3]:
            event.pk = None
            event.actor, event.on_behalf_of = cover, absent
            event.save()
    director = User.objects.get(username="executive")
    for message, params in (
        (AWAITING, {"title": "Закупівля", "author": str(cover)}),
        (OUTCOMES[Action.APPROVE], {"title": "Закупівля", "director": str(director)}),
    ):
        notify(recipient=absent, message=message, params=params, url=reverse("notifications"))
    return absent, cover


def urls(absent):
    contract = Contract.objects.filter(manager=absent).order_by("pk").first()
    claim = Claim.objects.filter(contract__manager=absent).order_by("pk").first()
    handoff = Handoff.objects.filter(department__code="production").order_by("pk").first()
    request = ApprovalRequest.objects.filter(author=absent).order_by("pk").first()
    return {
        "manager2": [
            reverse("home"),
            reverse("contracts:portfolio"),
            reverse("contracts:detail", args=[contract.pk]),
            reverse("contracts:timeline", args=[contract.pk]),
            reverse("claims:detail", args=[claim.pk]),
            reverse("claims:my_work"),
            reverse("handoffs:mine"),
            reverse("handoffs:detail", args=[handoff.pk]),
            reverse("approvals:mine"),
            reverse("approvals:detail", args=[request.pk]),
            reverse("notifications"),
        ],
        "production_head": [
            reverse("home"),
            reverse("handoffs:inbox"),
            reverse("handoffs:detail", args=[handoff.pk]),
        ],
        "executive": [
            reverse("home"),
            reverse("approvals:detail", args=[request.pk]),
            reverse("contracts:detail", args=[contract.pk]),
            reverse("claims:detail", args=[claim.pk]),
        ],
    }


def test_pages_never_put_a_name_after_a_word_that_declines_it(client, covered):
    absent, _cover = covered
    who = people()
    slips = {}
    for username, pages in urls(absent).items():
        client.force_login(User.objects.get(username=username))
        for url in pages:
            response = client.get(url, follow=True)
            assert response.status_code == 200, url
            found = declension_slips(visible(response.content.decode()), who)
            if found:
                slips[f"{username} {url}"] = found
    assert not slips, f"Names needing declension: {slips}"


def test_emails_never_put_a_name_after_a_word_that_declines_it(covered):
    _absent, cover = covered
    who = people()
    texts = []
    for notification in Notification.objects.filter(recipient=cover, addressed_to__isnull=False):
        message = notification_email(notification)
        texts += [message.subject, message.body]
    assert texts, "no cover notice was written"
    now = timezone.now()
    digest = digest_for(cover, now=now)
    message = _digest_email(cover, digest, now)
    texts += [message.subject, message.body]

    slips = [slip for text in texts for slip in declension_slips(text, who)]
    assert not slips, f"Names needing declension in e-mails: {slips}"


def test_the_check_catches_a_name_after_such_a_word():
    who = [("Олена", "Коваленко")]
    assert declension_slips("Андрій Мельник замість Олена Коваленко", who)
    assert declension_slips("Ви заміщуєте Коваленко Олена.", who)
    assert not declension_slips("Андрій Мельник (заміщує: Олена Коваленко)", who)
    assert not declension_slips("Виконавець: Олена Коваленко", who)
    with translation.override("uk"):
        assert declension_slips("для олена коваленко", who)


def test_time_spans_show_one_unit():
    from org.templatetags.org_tags import timesince_one, timeuntil_one

    today = datetime.date(2026, 1, 1)
    later = today + datetime.timedelta(days=58)  # Django's own: "1 місяць, 4 тижні"
    with translation.override("uk"):
        assert timeuntil_one(later, today) == "1\xa0місяць"
        assert timesince_one(today, later) == "1\xa0місяць"
        assert timeuntil_one(today + datetime.timedelta(days=5), today) == "5\xa0днів"
    assert timeuntil_one(None, today) == ""
