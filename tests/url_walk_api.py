"""The URL walk's cases for the REST API (api/) and the API tokens of the settings page;
tests/test_url_access.py walks them with the others. The walk signs in by session, which
the API accepts as it accepts a token (tests/api checks the tokens themselves)."""

from claims.models import ClaimStatus
from handoffs.models import Status
from org.api_tokens import TokenScope
from org.token_services import api_token_create
from tests.clients.factories import ContactFactory, SiteFactory
from tests.url_walk import WRITE, Case, notification, on_claim, on_client, on_contract, on_handoff

NO_OBJECT_ID = {
    # The lists: visible_to and the user's own rows (tests/api/test_records.py, test_claims.py).
    "api:client-list",
    "api:contact-list",
    "api:site-list",
    "api:contract-list",
    "api:claim-list",
    "api:handoff-list",
    "api:notification-list",
    "api:notification-read-all",
    # The schema and its documentation page: the same for every signed-in user.
    "api:schema",
    "api:docs",
    # A new token is the signed-in user's own.
    "api_token_create",
}


def resolvable_claim(world):
    """A claim in progress whose hand-offs are all done: its manager may resolve it."""
    claim = world.new_claim(ClaimStatus.IN_PROGRESS)
    claim.handoffs.update(status=Status.DONE)
    return {"pk": claim.pk}


def api_token(world):
    token, _secret = api_token_create(actor=world.manager, name="CRM", scope=TokenScope.READ)
    return {"pk": token.pk}


READ = {"get_only": True}
# Hand-offs are their department's to work: the requesting manager sees them, never takes them.
DEPARTMENT_MOVE = {"owner": "staff", "lower": ("manager",), "post_only": True}

CASES = {
    "api:client-detail": Case(on_client, **READ),
    "api:contact-detail": Case(lambda w: {"pk": ContactFactory(client=w.client).pk}, **READ),
    "api:site-detail": Case(lambda w: {"pk": SiteFactory(client=w.client).pk}, **READ),
    "api:contract-detail": Case(on_contract, **READ),
    "api:claim-detail": Case(on_claim(ClaimStatus.NEW), **READ),
    "api:claim-respond": Case(
        on_claim(ClaimStatus.NEW), lower=WRITE, post_only=True, data={"note": "Передзвонили"}
    ),
    "api:claim-resolve": Case(
        resolvable_claim, lower=WRITE, post_only=True, data={"resolution": "Прибрали"}
    ),
    "api:claim-close": Case(
        on_claim(ClaimStatus.RESOLVED),
        lower=WRITE,
        post_only=True,
        data={"client_confirmation": "Підтвердила", "satisfaction": "5"},
    ),
    # Staff of the department read a routed claim's comments; writing is the manager's.
    "api:claim-comments": Case(on_claim(ClaimStatus.NEW), data={"text": "Коментар"}),
    "api:handoff-detail": Case(on_handoff(), owner="staff", **READ),
    "api:handoff-comments": Case(on_handoff(), owner="staff", data={"text": "Коментар"}),
    "api:handoff-take": Case(on_handoff(), **DEPARTMENT_MOVE),
    "api:handoff-complete": Case(
        on_handoff(Status.IN_PROGRESS, "staff"), data={"result": "Виконано"}, **DEPARTMENT_MOVE
    ),
    "api:handoff-decline": Case(
        on_handoff(Status.IN_PROGRESS, "staff"),
        data={"reason": "Не наш відділ"},
        **DEPARTMENT_MOVE,
    ),
    "api:notification-detail": Case(notification, lower=WRITE, **READ),
    "api:notification-read": Case(notification, lower=WRITE, post_only=True),
    # A token is its owner's alone: anyone else's revoke is a 404.
    "api_token_revoke": Case(api_token, lower=WRITE, post_only=True),
}
