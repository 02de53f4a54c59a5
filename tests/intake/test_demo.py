import pytest

from intake import demo, measure
from intake.models import ClientMailDomain, InboundMessage, Outcome
from tests.claims.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_its_letters_once(contact, contract):
    ClaimFactory(contract=contract, reported_by=contact)
    first = demo.seed()
    assert "5 demo letters" in first[0]
    outcomes = set(InboundMessage.objects.values_list("outcome", flat=True))
    assert outcomes == {Outcome.CREATED, Outcome.THREADED, Outcome.TRIAGE, Outcome.IGNORED}
    assert "0 demo letters" in demo.seed()[0]
    assert InboundMessage.objects.count() == 5
    assert ClientMailDomain.objects.get().client == contract.client


def test_the_demo_claim_has_a_letter_our_reply_a_comment_and_a_photo(contact, contract):
    claim = ClaimFactory(contract=contract, reported_by=contact)

    demo.seed()
    demo.seed()

    letters = list(claim.correspondence.order_by("pk"))
    assert [letter.direction for letter in letters] == ["in", "out"]
    assert letters[1].in_reply_to == letters[0].message_id
    assert claim.comments.count() == 1
    photo = claim.files.get()
    assert (photo.filename, photo.source, photo.message) == ("фото.png", "email", letters[0])


def test_the_demo_without_clients_still_seeds_triage():
    assert "2 demo letters" in demo.seed()[0]


def test_the_measured_batch_mixes_every_outcome():
    addresses = measure._world(3)
    measure._ingest(measure._batch(40, addresses))
    outcomes = set(InboundMessage.objects.values_list("outcome", flat=True))
    assert {Outcome.CREATED, Outcome.THREADED, Outcome.TRIAGE, Outcome.IGNORED} <= outcomes
    assert InboundMessage.objects.count() == 40
