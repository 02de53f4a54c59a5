"""Hostile-input cases for the REST API (api/) and the settings page's API tokens: every
list's filters, every move's fields and the registration over a good baseline; the API
answers 400/404/409 with a code, never a 500, and a refused write leaves no row."""

from claims.models import Claim, ClaimComment
from contracts.models import Contract, Stage
from handoffs.models import HandoffComment
from org.api_tokens import TokenScope
from org.token_services import api_token_create
from tests.hostile.cases import Case, pk

PAGE = ("cursor", "page_size")


def claim_registration(manager):
    """A registration the API accepts: the baseline each hostile field is sent over."""
    contract = Contract.objects.filter(manager=manager, stage=Stage.SUPPORT).order_by("pk").first()
    data = {
        "contract": contract.pk,
        "subject": "Не прибрано в холі",
        "description": "Клієнт телефонував о 9:00",
        "category": "service_quality",
        "priority": "high",
        "channel": "phone",
    }
    return "/api/v1/claims/", Claim, data


def token(world):
    made, _secret = api_token_create(
        actor=world.users["manager"], name="CRM", scope=TokenScope.READ
    )
    return {"pk": made.pk}


CLAIM_FILTERS = (
    "q",
    "status",
    "overdue",
    "department",
    "contract",
    "priority",
    "formal",
    "site",
    "post",
)
HANDOFF_FILTERS = ("tab", "q", "kind", "contract", "client", "due_after", "due_before", "status")

API_CASES = {
    "api:client-list": Case("manager", get=("q", "status", "account_manager", *PAGE)),
    "api:client-detail": Case("manager", pk("client")),
    "api:contact-list": Case("manager", get=("client", *PAGE)),
    "api:contact-detail": Case("manager", pk("contact")),
    "api:site-list": Case("manager", get=("client", *PAGE)),
    "api:site-detail": Case("manager", pk("site")),
    "api:contract-list": Case("manager", get=("q", "stage", "manager", "client", *PAGE)),
    "api:contract-detail": Case("manager", pk("contract")),
    "api:claim-list": Case(
        "manager",
        get=(*CLAIM_FILTERS, *PAGE),
        post=(
            "contract",
            "subject",
            "description",
            "category",
            "priority",
            "channel",
            "site",
            "reported_by",
            "received_at",
            "is_formal",
            "formal_number",
            "formal_amount",
        ),
        baseline=claim_registration,
        created=Claim,
    ),
    "api:claim-detail": Case("manager", pk("claim")),
    "api:claim-respond": Case("manager", pk("claim"), get=None, post=("note",)),
    "api:claim-resolve": Case("manager", pk("claim"), get=None, post=("resolution",)),
    "api:claim-close": Case(
        "manager", pk("claim"), get=None, post=("client_confirmation", "satisfaction")
    ),
    "api:claim-comments": Case("manager", pk("claim"), post=("text",), created=ClaimComment),
    "api:handoff-list": Case(
        "staff",
        get=(*HANDOFF_FILTERS, *PAGE),
        reversed_dates=(("due_after", "due_before"),),
    ),
    "api:handoff-detail": Case("staff", pk("handoff")),
    "api:handoff-take": Case("staff", pk("handoff"), get=None, post=()),
    "api:handoff-complete": Case("staff", pk("handoff"), get=None, post=("result",)),
    "api:handoff-decline": Case("staff", pk("handoff"), get=None, post=("reason",)),
    "api:handoff-comments": Case("staff", pk("handoff"), post=("text",), created=HandoffComment),
    "api:notification-list": Case("manager", get=("unread", *PAGE)),
    "api:notification-detail": Case("manager", pk("notification")),
    "api:notification-read": Case("manager", pk("notification"), get=None, post=()),
    "api:notification-read-all": Case("manager", get=None, post=()),
    "api:schema": Case("manager", get=("format", "lang")),
    "api:docs": Case("manager"),
    "api_token_create": Case("manager", get=None, post=("name", "scope", "expires_on")),
    "api_token_revoke": Case("manager", token, get=None, post=()),
}
