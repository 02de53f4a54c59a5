"""Journey: the manager answers the client's letter from the claim, starting from a
template, at laptop and phone widths; the claim page then shows the letter, our reply
and the internal comment, each in its own look."""

import re

import pytest
from django.core.files.base import ContentFile

from claims.models import ClaimMessage, ReplyTemplate
from claims.services import IncomingLetter, claim_comment, claim_record_incoming
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.clients.factories import ContactFactory
from tests.e2e.browser import expect
from tests.e2e.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\xdac\xfc\xcf\xc0P\x0f\x00\x04\x85\x01\x80\x84\xa9\x8c"
    b"!\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_manager_answers_the_client_s_letter_from_a_template(page, sign_in, manager, width):
    page.set_viewport_size({"width": width, "height": 900})
    contract = SupportContractFactory(client__account_manager=manager, manager=manager)
    olena = ContactFactory(
        client=contract.client, name="Олена Ковальчук", email="olena.kovalchuk@client.example"
    )
    claim = ClaimFactory(contract=contract, reported_by=olena, subject="Брудні вікна в холі")
    letter = claim_record_incoming(
        claim=claim,
        letter=IncomingLetter(
            message_id="<first@client.example>",
            from_address=olena.email,
            from_name=olena.name,
            subject="Брудні вікна в холі",
            body="Вікна в холі не миті третій тиждень. Прошу вжити заходів. Фото додаю.",
        ),
    )
    claim.files.create(
        message=letter,
        source="email",
        file=ContentFile(PNG, name="hol.png"),
        filename="хол.png",
        content_type="image/png",
        size=len(PNG),
    )
    claim_comment(actor=manager, claim=claim, text="Бригадир попереджений, перевірить завтра.")
    template = ReplyTemplate.objects.get(kind="details")

    sign_in(manager)
    page.goto(f"/claims/{claim.pk}/")
    page.click(f"a[href='/claims/{claim.pk}/reply/']")
    page.wait_for_url(f"**/claims/{claim.pk}/reply/")
    page.select_option("#id_template", str(template.pk))
    expect(page.locator("#id_body")).to_have_value(re.compile(f"№ {claim.pk}"))
    expect(page.locator(f"input[name=to][value='{olena.email}']")).to_be_checked()
    page.screenshot(path=str(ARTIFACTS / f"reply-form-{width}.png"), full_page=True)
    page.click("#reply-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/claims/{claim.pk}/#letter-\d+$"))

    reply = ClaimMessage.objects.get(claim=claim, direction="out")
    assert reply.in_reply_to == "<first@client.example>"
    assert reply.template == template
    expect(page.locator(".letter-in")).to_contain_text("Лист клієнта")
    expect(page.locator(".letter-out")).to_contain_text("Наша відповідь")
    expect(page.locator(".internal-notes")).to_contain_text("Внутрішні коментарі")
    expect(page.locator("#files")).to_contain_text("хол.png")
    width_overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not width_overflow
    page.screenshot(path=str(ARTIFACTS / f"claim-correspondence-{width}.png"), full_page=True)
