"""The site page: its details, the staffing posts on it, its claim history and any open
quality audit. Claims, contracts and audits are read through the site's reverse relations:
they sit above clients, which never imports them."""

from django.shortcuts import get_object_or_404, render

from clients.views import _visible_client
from org.selectors import may_act_on

HISTORY_LIMIT = 20


def site_detail(request, pk, site_pk):
    client = _visible_client(request, pk)
    site = get_object_or_404(client.sites, pk=site_pk)
    claims = list(
        site.claims.visible_to(request.user)
        .select_related("contract", "post")
        .order_by("-received_at", "-pk")[:HISTORY_LIMIT]
    )
    audits = list(
        site.quality_audits.open().select_related("handoff__department", "handoff__assignee")
    )
    return render(
        request,
        "clients/site_detail.html",
        {
            "client": client,
            "site": site,
            "claims": claims,
            "history_limit": HISTORY_LIMIT,
            "audits": audits,
            "staffing": list(site.staffing.select_related("contract").order_by("contract", "pk")),
            "can_edit": may_act_on(request.user, client),
        },
    )
