"""Demo: the posts and shifts claims name, and a site whose three claims in a month
opened a quality audit. Registered through the services, keyed on (contract, subject)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from claims.models import Claim, QualityAudit
from claims.posts import posts_for, shifts_of
from claims.services import claim_register
from contracts.models import Contract, StaffingRequirement
from org.errors import DomainError

# subject, category, days since received: three claims at one site within a month.
RECURRING = [
    ("Сходи між поверхами знову не прибрані", "service_quality", 25),
    ("Ранкова зміна прибиральників не вийшла вчасно", "staff_absence", 14),
    ("Сміття біля входу не вивезли третій день", "service_quality", 5),
]


def post_and_shift(contract: Contract, site) -> tuple[StaffingRequirement | None, str]:
    """The contract's first post at ``site`` and its last shift (24 h or night where it has them)."""
    post = posts_for(contract, site).first()
    return (post, shifts_of(post)[-1]) if post is not None else (None, "")


def seed_recurring(contract: Contract) -> list[str]:
    """Three claims at the contract's busiest site within a month: the rule opens an audit."""
    site = contract.client.sites.order_by("pk").first()
    if site is None:
        return ["Claims: the demo contract has no site, so no recurring-problem audit."]
    post, shift = post_and_shift(contract, site)
    now = timezone.now()
    for subject, category, days_ago in RECURRING:
        if Claim.objects.filter(contract=contract, subject=subject).exists():
            continue
        received = now - timedelta(days=days_ago)
        try:
            claim_register(
                actor=contract.manager,
                contract=contract,
                category=category,
                priority="normal",
                subject=subject,
                description=f"{subject}. Клієнт телефонував {received:%d.%m} о {received:%H:%M}.",
                channel="phone",
                site=site,
                post=post,
                shift=shift,
                received_at=received,
            )
        except DomainError as refused:
            return [f"Claims: recurring demo claims not created: {refused.message}"]
    audits = QualityAudit.objects.filter(site=site).count()
    return [f"Claims: {audits} quality audit(s) opened at the site {site.name}."]
