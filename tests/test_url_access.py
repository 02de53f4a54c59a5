"""The URL walk: every URL pattern of the project, and for each one that takes an object
id, proof that only the rightful user gets in.

For each such pattern, CASES says how to build its object and who owns it. Then, on GET
and on POST: anonymous users are sent to a sign-in page, and a signed-in user without a
role, a manager of another portfolio, a member of another department and the pattern's
lower roles get 403 or 404 (405 on GET of a POST-only URL); the owner gets 200 or 302
(on GET, or on POST for a POST-only URL), so each case is real.

A pattern that is in neither CASES nor NO_OBJECT_ID fails the walk: a new URL needs a case.
The admin's generic per-object pages (change, delete, history) are walked for one object
of every registered model by the same rules, with a staff user without permissions as the
lower role and a superuser as the owner.
"""

import datetime
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse
from django.utils import timezone

from claims.models import ClaimEvent, ClaimStatus
from contracts.models import ExpiryWarning, Stage, StageEvent
from handoffs.models import (
    Escalation,
    EscalationLevel,
    HandoffComment,
    HandoffEvent,
    Status,
)
from org.models import AbsenceCover
from org.roles import Role
from tests import url_walk_api, url_walk_apps
from tests.claims.factories import ClaimCommentFactory
from tests.org.factories import UserFactory
from tests.url_walk import CASES as CORE_CASES
from tests.url_walk import Case, World
from tests.url_walker import (
    ADMIN_DENIED,
    ADMIN_OBJECT_SUFFIXES,
    ALLOWED,
    NO_OBJECT_ID_PREFIXES,
    Walk,
    admin_generic_names,
    url_names,
)
from tests.url_walker import NO_OBJECT_ID as CORE_NO_OBJECT_ID

pytestmark = pytest.mark.django_db

CASES = {**CORE_CASES, **url_walk_apps.CASES, **url_walk_api.CASES}
NO_OBJECT_ID = CORE_NO_OBJECT_ID | url_walk_apps.NO_OBJECT_ID | url_walk_api.NO_OBJECT_ID


@pytest.fixture
def quiet_refusals():
    """Each 403 and 404 is logged with its traceback; a 500 (an error) still is."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def test_every_url_with_an_object_id_lets_in_only_its_rightful_user(quiet_refusals, request):
    world = World()
    walk = Walk(world=world)
    names = list(dict.fromkeys(url_names()))
    generic = admin_generic_names(set(names))

    missing = [
        name
        for name in names
        if name not in CASES
        and name not in NO_OBJECT_ID
        and name not in generic
        and not name.startswith(NO_OBJECT_ID_PREFIXES)
    ]
    assert missing == [], f"URL patterns without an access case (add them to CASES): {missing}"
    stale = [name for name in [*CASES, *NO_OBJECT_ID] if name not in names]
    assert stale == [], f"cases for URL names that no longer exist: {stale}"

    walked = 0
    for name in names:
        case = CASES.get(name)
        if case is None:
            continue
        url = reverse(name, kwargs=case.build(world))
        admin_page = name.startswith("admin:")
        walk.outsiders(url, name, case, admin_page=admin_page)
        method = "post" if case.post_only else "get"
        walk.check(case.owner, method, url, ALLOWED, name, data=case.data)
        walked += 1

    walked += walk_admin_objects(walk, world, generic)

    # The counts the terminal summary prints (tests/conftest.py).
    request.node.user_properties.append(
        ("url_walk", {"patterns": walked, "requests": walk.requests, "leaks": len(walk.leaks)})
    )
    assert walk.leaks == [], "\n".join(walk.leaks)
    assert walked >= len(CASES)


def walk_admin_objects(walk, world, generic):
    """change, delete, history and a history version of one object of every model."""
    make_admin_objects(world)
    case = Case(build=None, owner="superuser", lower=("staff_without_permissions",))
    walked = 0
    for name, model in generic.items():
        if not name.endswith(ADMIN_OBJECT_SUFFIXES):
            continue
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"no {model._meta.label} for the admin walk: make one"
        if name.endswith("_simple_history"):
            version = obj.history.order_by("history_id").first()
            if version is None:  # made by a data migration, before history was kept
                obj.save()
                version = obj.history.get()
            url = reverse(name, args=[obj.pk, version.history_id])
        else:
            url = reverse(name, args=[obj.pk])
        walk.outsiders(url, name, case, denied=ADMIN_DENIED, admin_page=True)
        # Some admins forbid deleting even for superusers (records are archived, not deleted).
        owner_allowed = ALLOWED | ({403} if name.endswith("_delete") else set())
        walk.check("superuser", "get", url, owner_allowed, name)
        walked += 1
    return walked


def make_admin_objects(world):
    """Rows of the models that the cases above did not already create."""
    url_walk_apps.make_admin_objects(world)
    approval = world.new_approval(submitted=True)
    ClaimCommentFactory(claim=world.claim, author=world.manager)
    actor = {"actor": world.manager}
    ClaimEvent.objects.create(claim=world.claim, to_status=ClaimStatus.NEW, **actor)
    StageEvent.objects.create(contract=world.contract, to_stage=Stage.SUPPORT, **actor)
    HandoffEvent.objects.create(handoff=world.handoff, to_status=Status.OPEN, **actor)
    HandoffComment.objects.create(handoff=world.handoff, author=world.manager, text="Прошу")
    ExpiryWarning.objects.get_or_create(
        contract=world.contract,
        threshold_days=90,
        defaults={"deadline": timezone.localdate() + datetime.timedelta(days=90)},
    )
    Escalation.objects.create(
        handoff=world.handoff, level=EscalationLevel.DEPARTMENT, due_at=timezone.now()
    )
    other = UserFactory(role=Role.SUPPORT_MANAGER)
    AbsenceCover.objects.create(
        absent=world.manager,
        cover=other,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=2),
        created_by=world.people["executive"],
    )
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        extra = {"failures_since_start": 1} if model is AccessAttempt else {}
        model.objects.create(username="x", ip_address="10.0.0.1", user_agent="test", **extra)
    return approval
