"""Every guard links to the action that removes it, and the link opens for the one who
got the guard.

The guards are found in the code: each `org.blockers.Blocker("code", …)` names one. A
scenario below builds that blocked situation with the factories and returns the HTML the
user sees (the page listing the blockers, the page a refused action leads back to with
its message, the form showing the refusal). A guard added without a scenario fails
`test_every_guard_in_the_code_has_a_scenario`; one whose page shows no link, or a link
that does not open, fails `test_guard_links_to_the_page_that_fixes_it`.
"""

from __future__ import annotations

import ast
import html
import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from approvals.models import Kind as ApprovalKind
from claims.models import Category, Channel, ClaimStatus
from claims.services import claim_register
from contracts.models import Stage
from handoffs.models import Kind, Status
from library import services as library
from org.blockers import BlockedError
from org.models import User
from org.roles import Role
from tests.approvals.factories import ApprovalRequestFactory
from tests.claims.factories import ClaimFactory
from tests.clients.factories import ClientFactory
from tests.contracts.factories import ContractFactory, ObligationFactory
from tests.handoffs.factories import HandoffFactory
from tests.org.factories import UserFactory
from tests.test_code_shape import APP_PACKAGES, ROOT, application_modules

pytestmark = pytest.mark.django_db

# What a scenario gets: the signed-in test client and the user it signed in.
Scenario = Callable[[Client, User], list[str]]
SCENARIOS: dict[str, Scenario] = {}
# The user each scenario signs in (default: a support manager).
ROLES: dict[str, Role] = {}

BLOCKER_CODE = re.compile(r"\bBlocker\(\s*\"([a-z_]+)\"")


def scenario(code: str, role: Role = Role.SUPPORT_MANAGER) -> Callable[[Scenario], Scenario]:
    def register(build: Scenario) -> Scenario:
        SCENARIOS[code] = build
        ROLES[code] = role
        return build

    return register


def guard_codes_in_the_code() -> set[str]:
    return {
        code
        for path in application_modules()
        for code in BLOCKER_CODE.findall(path.read_text(encoding="utf-8"))
    }


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _contract_page_and_refusal(client: Client, contract, move: str) -> list[str]:
    """The contract page listing the blockers, and the page the refused move returns to."""
    page = _text(client.get(reverse("contracts:detail", args=[contract.pk])))
    refused = _text(client.post(reverse(f"contracts:{move}", args=[contract.pk]), follow=True))
    return [page, refused]


def _bare_contract(manager: User, **kwargs):
    """In preparation with nothing conclusion needs: no dates, services, posts or survey."""
    return ContractFactory(
        client=ClientFactory(account_manager=manager), start_date=None, end_date=None, **kwargs
    )


def _terminating_contract(manager: User):
    return ContractFactory(client=ClientFactory(account_manager=manager), stage=Stage.TERMINATION)


@scenario("contract_dates")
@scenario("contract_service_line")
@scenario("contract_staffing")
@scenario("contract_survey")
def _unready_contract(client: Client, manager: User) -> list[str]:
    return _contract_page_and_refusal(client, _bare_contract(manager), "conclude")


@scenario("contract_survey_open")
def _survey_under_way(client: Client, manager: User) -> list[str]:
    contract = _bare_contract(manager)
    HandoffFactory(
        kind=Kind.SITE_SURVEY,
        status=Status.IN_PROGRESS,
        contract=contract,
        client=contract.client,
        requested_by=manager,
    )
    return _contract_page_and_refusal(client, contract, "conclude")


@scenario("contract_survey_already_open")
def _second_survey_requested(client: Client, manager: User) -> list[str]:
    contract = _bare_contract(manager)
    HandoffFactory(
        kind=Kind.SITE_SURVEY, contract=contract, client=contract.client, requested_by=manager
    )
    url = reverse("contracts:request_site_survey", args=[contract.pk])
    return [_text(client.post(url, {"details": "Цех"}, follow=True))]


@scenario("contract_obligations")
def _obligation_unfulfilled(client: Client, manager: User) -> list[str]:
    contract = _terminating_contract(manager)
    ObligationFactory(contract=contract)
    return _contract_page_and_refusal(client, contract, "close")


def _open_handoffs(contract, count: int) -> None:
    for _number in range(count):
        HandoffFactory(contract=contract, client=contract.client, requested_by=contract.manager)


@scenario("contract_open_handoff")
def _handoff_open(client: Client, manager: User) -> list[str]:
    contract = _terminating_contract(manager)
    _open_handoffs(contract, 1)
    return _contract_page_and_refusal(client, contract, "close")


@scenario("contract_more_handoffs")
def _many_handoffs_open(client: Client, manager: User) -> list[str]:
    contract = _terminating_contract(manager)
    _open_handoffs(contract, 7)
    return _contract_page_and_refusal(client, contract, "close")


@scenario("claim_open_handoff")
def _claim_waits_on_a_handoff(client: Client, manager: User) -> list[str]:
    contract = ContractFactory(client=ClientFactory(account_manager=manager), stage=Stage.SUPPORT)
    claim = ClaimFactory(contract=contract, status=ClaimStatus.IN_PROGRESS)
    HandoffFactory(claim=claim, contract=contract, client=contract.client, requested_by=manager)
    page = _text(client.get(reverse("claims:detail", args=[claim.pk])))
    url = reverse("claims:resolve", args=[claim.pk])
    return [page, _text(client.post(url, {"resolution": "Прибрали"}, follow=True))]


@scenario("claim_contract_stage")
def _claim_on_a_contract_in_preparation(client: Client, manager: User) -> list[str]:
    # The form offers only contracts in support; the service guards every other caller.
    contract = ContractFactory(client=ClientFactory(account_manager=manager))
    with pytest.raises(BlockedError) as refused:
        claim_register(
            actor=manager,
            contract=contract,
            category=Category.SERVICE_QUALITY,
            priority="normal",
            subject="Не прибрано",
            description="У холі",
            channel=Channel.PHONE,
        )
    return [str(refused.value.message)]


def _document(author: User, *, text: str = "1. Загальні положення"):
    return library.document_create(
        actor=author,
        kind="instruction",
        number="ПІ-01",
        title="Посадова інструкція менеджера",
        roles=list(Group.objects.filter(name=Role.SUPPORT_MANAGER.value)),
        text=text,
    )


@scenario("library_open_version", role=Role.EXECUTIVE_DIRECTOR)
def _second_draft(client: Client, director: User) -> list[str]:
    document = _document(director)
    url = reverse("library:version_create", args=[document.pk])
    return [_text(client.post(url, {"text": "Нова редакція"}))]


@scenario("library_empty_version", role=Role.EXECUTIVE_DIRECTOR)
def _empty_draft_submitted(client: Client, director: User) -> list[str]:
    version = _document(director, text="").versions.get()
    return [_text(client.post(reverse("library:submit", args=[version.pk]), follow=True))]


@scenario("approval_report_figures")
def _report_without_figures(client: Client, manager: User) -> list[str]:
    report = ApprovalRequestFactory(kind=ApprovalKind.REPORT, author=manager, figures={})
    return [_text(client.post(reverse("approvals:submit", args=[report.pk]), follow=True))]


@scenario("portfolio_not_transferred", Role.GENERAL_DIRECTOR)
def _dismissal_with_a_portfolio(client: Client, director: User) -> list[str]:
    manager = UserFactory(role=Role.SUPPORT_MANAGER)
    ContractFactory(client=ClientFactory(account_manager=manager), manager=manager)
    data = {"manager": manager.pk, "number": "16-к", "date": "2026-12-02"}
    return [_text(client.post(reverse("staffing:dismiss"), data))]


def test_every_guard_in_the_code_has_a_scenario():
    in_the_code = guard_codes_in_the_code()

    assert in_the_code, f"no Blocker(...) found under {ROOT} in {APP_PACKAGES}"
    assert in_the_code == set(SCENARIOS), (
        f"guards without a scenario: {sorted(in_the_code - set(SCENARIOS))}; "
        f"scenarios of no guard: {sorted(set(SCENARIOS) - in_the_code)}"
    )


def test_every_blockers_function_returns_blockers_with_links():
    """A guard listing what is missing (``*_blockers``) returns `Blocker`s, never bare text."""
    listed = {
        f"{path.relative_to(ROOT)}:{node.name}": ast.unparse(node.returns or ast.Constant(None))
        for path in application_modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name.endswith("_blockers")
    }

    assert listed, "no *_blockers function found"
    assert dict.fromkeys(listed, "list[Blocker]") == listed


@pytest.mark.parametrize("code", sorted(SCENARIOS))
def test_guard_links_to_the_page_that_fixes_it(code):
    user = UserFactory(role=ROLES[code], is_staff=ROLES[code] != Role.SUPPORT_MANAGER)
    client = Client()
    client.force_login(user)
    link = re.compile(rf'<a [^>]*data-guard="{code}" href="([^"]+)"')

    shown = SCENARIOS[code](client, user)

    for page in shown:
        hrefs = link.findall(page)
        assert hrefs, f"the guard {code} is shown without its link"
        for href in hrefs:
            assert client.get(html.unescape(href)).status_code == 200, href


def test_guard_message_escapes_what_users_typed(client, manager):
    contract = _terminating_contract(manager)
    HandoffFactory(
        contract=contract,
        client=contract.client,
        requested_by=manager,
        title="<script>alert(1)</script>",
    )
    client.force_login(manager)

    response = client.post(reverse("contracts:close", args=[contract.pk]), follow=True)

    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'data-guard="contract_open_handoff"' in page


def test_survey_link_opens_the_handoff_form_set_to_a_survey_of_the_contract(client, manager):
    contract = _bare_contract(manager)
    client.force_login(manager)
    page = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    href = re.search(r'data-guard="contract_survey" href="([^"]+)"', page).group(1)

    form = client.get(html.unescape(href)).context["form"]

    assert form["kind"].initial == Kind.SITE_SURVEY
    assert form["contract"].initial == contract
