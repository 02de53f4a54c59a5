"""Every role's screens at laptop width (1280 px) and phone width (390 px): the page is no
wider than the window, the primary action is on screen, and no table cell is squeezed to
a letter per line. A screenshot of each is saved for CI's artifacts, in
$E2E_SCREENSHOT_DIR (default artifacts/screenshots/, git-ignored)."""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from approvals import services as approval_services
from approvals.models import Kind as ApprovalKind
from handoffs.models import Kind, Status
from library import services as library_services
from org.models import Department, DepartmentCode
from org.roles import Role
from tests.approvals.factories import ApprovalRequestFactory
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.e2e.browser import expect, uk
from tests.handoffs.factories import HandoffFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = (1280, 390)
SCREENSHOTS = Path(
    os.environ.get("E2E_SCREENSHOT_DIR")
    or Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
)
# Long enough to wrap in any column; the unbroken word must not widen a phone's page.
LONG_TITLE = (
    "Перевірити графік прибирання виробничого цеху та погодити заміну двох працівників "
    "нічної зміни з представником клієнта Обслуговування-Вентиляційних-Систем"
)

# For every table cell with more than three characters of text: its content box and how
# many lines its text takes. A cell narrower than ~1.5 em whose text takes a line for every
# other character is the squeeze the directors' landing page had.
SQUEEZED_CELLS = """() => {
  const squeezed = [];
  for (const cell of document.querySelectorAll("td, th")) {
    const text = cell.innerText.replace(/\\s+/g, " ").trim();
    const box = cell.getBoundingClientRect();
    if (text.length <= 3 || box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(cell);
    const width = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lines = new Set(
      Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top))
    ).size;
    const narrow = width < 1.5 * parseFloat(style.fontSize);
    if (narrow && lines >= text.length / 2) {
      squeezed.push(`${text.slice(0, 40)}: ${Math.round(width)} px wide, ${lines} lines`);
    }
  }
  return squeezed;
}"""


def check_screen(page, *, name, path, action=None):
    """Open ``path`` at each width and check it; returns what was wrong, for every width."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        page.wait_for_load_state("load")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        where = f"{name} at {width} px ({path})"
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            problems.append(f"{where}: the page is {scroll_width} px wide")
        if action is not None:
            target = page.locator(action).first
            if not target.is_visible():
                problems.append(f"{where}: the primary action {action} is not visible")
            else:
                box = target.bounding_box()
                if box["x"] < 0 or box["x"] + box["width"] > inner_width:
                    problems.append(f"{where}: the primary action {action} is off screen")
        problems += [f"{where}: squeezed cell {cell}" for cell in page.evaluate(SQUEEZED_CELLS)]
    return problems


@pytest.fixture
def portfolio(manager):
    contract = SupportContractFactory(client__account_manager=manager, manager=manager)
    claim = ClaimFactory(contract=contract, subject=LONG_TITLE)
    production = Department.objects.get(code=DepartmentCode.PRODUCTION)
    for days in (-2, 1, 3):
        HandoffFactory(
            department=production,
            kind=Kind.CLAIM_FIX,
            title=LONG_TITLE,
            contract=contract,
            client=contract.client,
            claim=claim,
            requested_by=manager,
            due_at=timezone.now() + datetime.timedelta(days=days),
        )
    return {"contract": contract, "claim": claim, "production": production}


def test_a_managers_screens_fit_laptops_and_phones(page, sign_in, manager, portfolio):
    contract, claim = portfolio["contract"], portfolio["claim"]
    sign_in(manager)

    problems = [
        *check_screen(page, name="manager-home", path="/", action="main .page-actions > *"),
        *check_screen(
            page,
            name="manager-my-work",
            path="/claims/my-work/",
            action="main .page-actions .btn-primary",
        ),
        *check_screen(
            page,
            name="manager-contract",
            path=contract.get_absolute_url(),
            action="main .page-actions .btn-primary",
        ),
        *check_screen(
            page,
            name="manager-claim",
            path=f"/claims/{claim.pk}/",
            action="main .page-actions .btn-primary",
        ),
        *check_screen(page, name="manager-hand-offs", path="/handoffs/mine/"),
        *check_screen(page, name="manager-notifications", path="/accounts/notifications/"),
    ]

    assert not problems, "\n".join(problems)


def test_department_screens_fit_and_the_phone_menu_opens(
    page, sign_in, make_user, manager, portfolio
):
    staff = make_user(Role.DEPARTMENT_STAFF, department="production")
    handoff = HandoffFactory(
        department=portfolio["production"],
        assignee=staff,
        status=Status.OPEN,
        title=LONG_TITLE,
        contract=portfolio["contract"],
        client=portfolio["contract"].client,
        requested_by=manager,
    )
    sign_in(staff)

    problems = [
        *check_screen(page, name="staff-inbox", path="/", action="main .page-actions > *"),
        *check_screen(
            page,
            name="staff-hand-off",
            path=handoff.get_absolute_url(),
            action="main .page-actions button",
        ),
        *check_screen(page, name="staff-claim", path=f"/claims/{portfolio['claim'].pk}/"),
    ]
    assert not problems, "\n".join(problems)

    # At 390 px (the last width checked) the menu is one tap away, and so is search.
    page.goto("/")
    expect(page.locator("input[name=due_after]")).to_have_attribute("placeholder", "дд.мм.рррр")
    expect(page.locator(".topbar a[href='/search/']")).to_be_visible()
    page.click(f".topbar button[aria-label='{uk('Menu')}']")
    menu = page.locator("#menu-offcanvas")
    expect(menu).to_be_visible()
    menu.locator("a[href='/claims/']").click()
    page.wait_for_url("**/claims/")


def test_a_department_heads_inbox_and_dashboard_fit(page, sign_in, department_head, portfolio):
    sign_in(department_head)

    problems = [
        *check_screen(page, name="head-inbox", path="/", action="main .page-actions > *"),
        *check_screen(
            page,
            name="head-dashboard",
            path="/dashboards/department/",
            action="main .page-actions > *",
        ),
    ]

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", [Role.EXECUTIVE_DIRECTOR, Role.GENERAL_DIRECTOR])
def test_the_directors_landing_page_is_readable_however_many_wait(
    page, sign_in, make_user, manager, portfolio, role
):
    director = make_user(role, is_staff=True)
    # Extra funds wait for the executive director, proposals for the general director.
    kind = ApprovalKind.EXTRA_FUNDS if role == Role.EXECUTIVE_DIRECTOR else ApprovalKind.PROPOSAL
    for number in range(12):
        draft = ApprovalRequestFactory(
            author=manager,
            kind=kind,
            title=f"{number + 1}. {LONG_TITLE}",
            amount=Decimal("12500.00") if kind == ApprovalKind.EXTRA_FUNDS else None,
        )
        approval_services.approval_submit(actor=manager, request=draft)
    sign_in(director)

    problems = check_screen(
        page,
        name=f"{role}-landing",
        path="/",
        action="#awaiting-my-decision a[href*='/change/']",
    )

    assert not problems, "\n".join(problems)
    assert page.url.endswith("/admin/")
    expect(page.locator("[data-testid=awaiting-count]")).to_have_text("(12)")
    # The figures lead to the hand-offs behind them, which directors may open.
    page.locator("#director-figures a[href*='state=open']").first.click()
    expect(page.locator("main h1")).to_have_text(uk("Hand-offs behind the figure"))


def _library_document(author, approver):
    """A document with a long title in force, and its next version drafted."""
    document = library_services.document_create(
        actor=author,
        kind="instruction",
        number="ПІ-2026-0001-ВИРОБНИЦТВО",
        title=LONG_TITLE,
        roles=list(Group.objects.filter(name=Role.SUPPORT_MANAGER.value)),
        text="1. Загальні положення",
        change_note=LONG_TITLE,
    )
    first = document.versions.get()
    library_services.version_submit(actor=author, version=first)
    library_services.version_approve(
        actor=approver, version=first, effective_from=timezone.localdate()
    )
    library_services.version_create(
        actor=author, document=document, text="Нова редакція", change_note=LONG_TITLE
    )
    return document, first


def test_the_librarys_tables_become_cards_on_a_phone(
    page, sign_in, manager, executive_director, general_director
):
    document, in_force = _library_document(executive_director, general_director)
    problems = []
    for user, who in ((manager, "manager"), (executive_director, "director")):
        sign_in(user)
        problems += [
            *check_screen(page, name=f"{who}-library-version", path=in_force.get_absolute_url()),
            *check_screen(page, name=f"{who}-library", path="/library/"),
            *check_screen(page, name=f"{who}-library-document", path=document.get_absolute_url()),
        ]

    assert not problems, "\n".join(problems)
    # The document's page at 390 px (checked last): each version is a card, its cells labelled.
    expect(page.locator("table.table-cards thead").first).to_be_hidden()
    expect(page.locator("table.table-cards td[data-label]").first).to_be_visible()


def test_the_squeeze_check_catches_a_title_one_letter_per_line(page):
    page.set_content(
        "<table style='width: 300px'><tr>"
        "<th style='width: 1px; word-break: break-all'>Звіт про виконану роботу</th>"
        "<td style='white-space: nowrap'>Звіт про виконану роботу за минулий місяць</td>"
        "</tr></table>"
    )

    assert len(page.evaluate(SQUEEZED_CELLS)) == 1
