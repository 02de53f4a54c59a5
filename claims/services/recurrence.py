"""The recurring-problem rule: N claims at one site within D days (of some categories, or
of one category) open one quality-audit hand-off to the quality department, linked to
those claims, and tell the manager and the quality head.

Evaluated inside the registration's transaction. A registration pays one indexed count
per active rule (`claim_site_received`); only when the count reaches N is the site locked
and the claims read. A claim is linked to at most one audit of a rule (a unique
constraint), so the same claims never fire a rule twice: a 4th claim in the window finds
only itself unaudited.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from claims.models import AuditedClaim, Claim, QualityAudit, RecurrenceRule
from clients.models import Site
from handoffs.models import Kind as HandoffKind
from handoffs.services import handoff_create
from org.models import Department, DepartmentCode, User
from org.records import lock_row
from org.services import notify

AUDIT_OPENED = gettext_noop(
    "%(count)s claims at the site «%(site)s» within %(days)s days: "
    "a quality audit is opened for the quality department."
)


def _unaudited_in_window(rule: RecurrenceRule, claim: Claim) -> QuerySet[Claim]:
    """The claims at ``claim``'s site received within the rule's days up to it that this
    rule has not yet audited."""
    since = claim.received_at - timedelta(days=rule.window_days)
    claims = Claim.objects.filter(
        site=claim.site, received_at__gt=since, received_at__lte=claim.received_at
    )
    if rule.categories:
        claims = claims.filter(category__in=rule.categories)
    if rule.same_category:
        claims = claims.filter(category=claim.category)
    return claims.exclude(audit_links__rule=rule)


def recurrence_check(claim: Claim, *, actor: User) -> list[QualityAudit]:
    """Fire every active rule that ``claim`` completes; the audits opened (mostly none)."""
    if claim.site_id is None:
        return []
    audits = []
    for rule in RecurrenceRule.objects.filter(is_active=True):
        if not rule.counts(claim.category):
            continue
        if _unaudited_in_window(rule, claim).count() < rule.claims_count:
            continue
        # Two claims at the site registered at once must not both fire: the second waits
        # here and, once the first commits, finds its claims audited.
        site = lock_row(Site.objects.all(), pk=claim.site_id)
        claims = list(_unaudited_in_window(rule, claim).order_by("received_at", "pk"))
        if len(claims) >= rule.claims_count:
            audit = _open_audit(rule, site=site, claims=claims, actor=actor, trigger=claim)
            if audit is not None:
                audits.append(audit)
    return audits


def _details(rule: RecurrenceRule, claims: list[Claim]) -> str:
    lines = [
        _("%(count)s claims at this site within %(days)s days:")
        % {"count": len(claims), "days": rule.window_days}
    ]
    lines += [
        f"#{c.pk} · {formats.date_format(c.received_at, 'd.m.Y')} · "
        f"{c.get_category_display()} · {c.subject}"
        for c in claims
    ]
    return "\n".join(lines)


def _open_audit(
    rule: RecurrenceRule, *, site: Site, claims: list[Claim], actor: User, trigger: Claim
) -> QualityAudit | None:
    quality = Department.objects.filter(code=DepartmentCode.QUALITY).select_related("head").first()
    if quality is None:
        # No quality department set up: nobody to audit; registration goes on.
        return None
    contract = trigger.contract
    handoff = handoff_create(
        actor=actor,
        kind=HandoffKind.QUALITY_AUDIT,
        title=(_("Quality audit: recurring claims at %(site)s") % {"site": site.name})[:255],
        department=quality,
        details=_details(rule, claims),
        client=contract.client,
        contract=contract,
    )
    audit = QualityAudit.objects.create(
        rule=rule,
        site=site,
        handoff=handoff,
        window_starts_at=claims[0].received_at,
        window_ends_at=claims[-1].received_at,
    )
    AuditedClaim.objects.bulk_create(
        [AuditedClaim(audit=audit, claim=c, rule=rule) for c in claims]
    )
    _notify(audit, rule=rule, claims=claims, quality=quality, manager=contract.manager)
    return audit


def _notify(
    audit: QualityAudit,
    *,
    rule: RecurrenceRule,
    claims: list[Claim],
    quality: Department,
    manager: User,
) -> None:
    """The manager hears of it, whoever registered the claim; so does the quality head,
    unless the hand-off's own notice to the department's head already told them (it is
    not sent to the one who files the hand-off)."""
    params = {"count": len(claims), "site": audit.site.name, "days": rule.window_days}
    recipients = [manager]
    head = quality.head
    if head is not None and head.pk != manager.pk and head.pk == audit.handoff.requested_by_id:
        recipients.append(head)
    for recipient in recipients:
        notify(
            recipient=recipient,
            message=AUDIT_OPENED,
            params=params,
            url=audit.handoff.get_absolute_url(),
        )
