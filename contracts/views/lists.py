"""The contract lists: all contracts the user sees, and the manager's portfolio."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from contracts.buttons import stage_badge
from contracts.filters import ContractFilter
from contracts.models import Stage
from contracts.selectors import contract_list, mark_expiry, portfolio_clients, stage_counts
from org.archiving import wants_archived
from org.saved_views import PageKey, with_saved_views
from org.selectors import represented_user_ids

PAGE_SIZE = 50


def _contract_table(request, *, mine):
    user = request.user
    archived = wants_archived(request)
    base = contract_list(user=user, mine=mine, archived=archived)
    without_stage = request.GET.copy()
    without_stage.pop("stage", None)
    unstaged = ContractFilter(without_stage, queryset=base, request=request)
    contract_filter = ContractFilter(request.GET, queryset=base, request=request)
    if not user.is_director:
        del contract_filter.form.fields["manager"]
    counts = stage_counts(unstaged.qs)
    page = Paginator(contract_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for contract in mark_expiry(page.object_list):
        contract.stage_badge = stage_badge(contract.stage)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("stage", None)
    return {
        "filter": contract_filter,
        "page": page,
        "contracts": page.object_list,
        "stage_tabs": [
            {"value": value, "label": label, "count": counts[value]}
            for value, label in Stage.choices
        ],
        "total": sum(counts.values()),
        "current_stage": request.GET.get("stage", ""),
        "query": query.urlencode(),
        "can_create": user.manages_clients,
        "today": timezone.localdate(),
        "archived": archived,
    }


@with_saved_views(PageKey.PORTFOLIO)
def portfolio(request):
    """The support manager's home: their (and their covered colleagues') clients and contracts."""
    context = _contract_table(request, mine=True)
    user = request.user
    manager = context["filter"].form.cleaned_data.get("manager") if user.is_director else None
    if user.is_support_manager and not user.is_director:
        context["clients"] = portfolio_clients(user=user, manager_ids=represented_user_ids(user))
    elif manager is not None:
        context["clients"] = portfolio_clients(user=user, manager_ids=[manager.pk])
    context["is_portfolio"] = True
    return render(request, "contracts/contract_list.html", context)


def contract_list_view(request):
    context = _contract_table(request, mine=False)
    context["is_portfolio"] = False
    return render(request, "contracts/contract_list.html", context)
