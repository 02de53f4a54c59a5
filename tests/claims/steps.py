"""Steps the claim service tests share: a claim moved on through the services."""

import datetime
import zoneinfo

from claims.services import claim_resolve, claim_respond
from handoffs.models import Status as HandoffStatus

KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")
MONDAY_9 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=KYIV)
H = datetime.timedelta(hours=1)


def finish_handoffs(claim, status=HandoffStatus.DONE):
    claim.handoffs.update(status=status)


def in_progress(register, **kwargs):
    claim = register(**kwargs)
    return claim_respond(actor=claim.contract.manager, claim=claim, note="Передзвонили")


def resolved(register, **kwargs):
    claim = in_progress(register, **kwargs)
    finish_handoffs(claim)
    return claim_resolve(actor=claim.contract.manager, claim=claim, resolution="Прибрали")
