"""The general director's screen of managers: the managers and their orders, appointment,
dismissal, and the transfer of a portfolio with its preview."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from clients.models import Client
from org.errors import DomainError
from org.feedback import report_refusal
from org.models import User
from org.roles import Role
from staffing import services
from staffing.forms import AppointForm, DismissForm, TransferForm
from staffing.models import PortfolioTransfer
from staffing.selectors import (
    Portfolio,
    PortfolioCounts,
    recent_orders,
    recent_transfers,
    support_managers,
)

PAGE_SIZE = 50
RECENT_TRANSFERS = 10
# The preview names at most this many clients of a whole portfolio (and says how many more).
PREVIEW_CLIENTS = 30


class SignedInRequest(HttpRequest):
    """Every view here is behind LoginRequiredMiddleware: its user is a `User`."""

    user: User


def _general_director(request: SignedInRequest) -> User:
    if not request.user.has_role(Role.GENERAL_DIRECTOR):
        raise PermissionDenied
    return request.user


def home(request: SignedInRequest) -> HttpResponse:
    user = _general_director(request)
    return render(
        request,
        "staffing/home.html",
        {
            "managers": list(support_managers()[:PAGE_SIZE]),
            "orders": Paginator(recent_orders(user), PAGE_SIZE).get_page(request.GET.get("page")),
            "transfers": list(recent_transfers(user)[:RECENT_TRANSFERS]),
        },
    )


def appoint(request: SignedInRequest) -> HttpResponse:
    actor = _general_director(request)
    form = AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.manager_appoint(
                actor=actor,
                order=form.order(),
                user=form.cleaned_data.get("user"),
                new_user=form.new_user(),
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(
                request,
                _("%(person)s is appointed support manager by order № %(number)s.")
                % {"person": order.person, "number": order.number},
            )
            return redirect("staffing:home")
    return render(request, "staffing/appoint.html", {"form": form})


def dismiss(request: SignedInRequest) -> HttpResponse:
    actor = _general_director(request)
    initial = {"manager": request.GET.get("manager", "")}
    form = DismissForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.manager_dismiss(
                actor=actor,
                manager=form.cleaned_data["manager"],
                order=form.order(),
                transfer_to=form.cleaned_data.get("transfer_to"),
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(
                request,
                _("%(person)s is dismissed by order № %(number)s; the account is deactivated.")
                % {"person": order.person, "number": order.number},
            )
            return redirect(order.transfer or "staffing:home")
    return render(request, "staffing/dismiss.html", {"form": form})


def _preview(form: TransferForm) -> dict[str, object]:
    """What the transfer would move now: the counts per kind and the clients."""
    manager = form.cleaned_data["from_manager"]
    chosen = form.chosen_clients()
    if chosen is None:
        portfolio = Portfolio(manager.pk)
        clients = list(portfolio.clients().order_by("short_name", "pk")[: PREVIEW_CLIENTS + 1])
    else:
        portfolio = Portfolio(manager.pk, tuple(client.pk for client in chosen))
        clients = chosen
    counts = portfolio.counts()
    return {
        "counts": counts,
        "preview_clients": clients[:PREVIEW_CLIENTS],
        "more_clients": max(counts.clients - PREVIEW_CLIENTS, 0) if chosen is None else 0,
    }


def transfer(request: SignedInRequest) -> HttpResponse:
    """GET with the form's fields previews; POST moves."""
    actor = _general_director(request)
    context: dict[str, object] = {}
    if request.method == "POST":
        form = TransferForm(request.POST)
        if form.is_valid():
            try:
                done = services.portfolio_transfer(
                    actor=actor,
                    from_manager=form.cleaned_data["from_manager"],
                    to_manager=form.cleaned_data["to_manager"],
                    clients=form.chosen_clients(),
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                report_refusal(request, error, form=form)
            else:
                messages.success(request, _("The portfolio is transferred."))
                return redirect(done)
    elif "to_manager" in request.GET:
        form = TransferForm(request.GET)
        if form.is_valid():
            context = _preview(form)
    else:
        form = TransferForm(initial={"from_manager": request.GET.get("from_manager", "")})
    return render(request, "staffing/transfer.html", {"form": form, **context})


def transfer_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = _general_director(request)
    record = get_object_or_404(
        PortfolioTransfer.objects.visible_to(user).select_related(
            "from_manager", "to_manager", "actor"
        ),
        pk=pk,
    )
    counts = PortfolioCounts(**record.counts)
    clients = Client.objects.filter(pk__in=record.client_ids).order_by("short_name", "pk")
    return render(
        request,
        "staffing/transfer_detail.html",
        {
            "transfer": record,
            "counts": counts,
            "clients": list(clients[:PREVIEW_CLIENTS]) if record.client_ids else [],
            "orders": list(record.orders.all()),
        },
    )
