"""The "Експорт для BAS" page and its downloads."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounting.bas import Batch, bas_download
from accounting.forms import BasExportForm, previous_month
from accounting.selectors import batch_preview, billed_contracts, may_export
from contracts.models import Contract
from org.models import User

PREVIEW_SIZE = 50
DEFAULTS: dict[str, Callable[[], str]] = {
    "month": lambda: previous_month().strftime("%Y-%m"),
    "document": lambda: "acts",
    "format": lambda: "xlsx",
}


class SignedInRequest(HttpRequest):
    """Behind LoginRequiredMiddleware: its user is a `User`."""

    user: User


def _form(request: SignedInRequest) -> BasExportForm:
    if not may_export(request.user):
        raise PermissionDenied(
            _("The BAS export is for accounting, the directors and the contracts' managers.")
        )
    if not request.GET:
        return BasExportForm(request.user)
    # A link that names only the contract (the billing hand-off's) takes the defaults.
    data = request.GET.copy()
    for name, value in DEFAULTS.items():
        data.setdefault(name, value())
    return BasExportForm(request.user, data)


def _contracts(request: SignedInRequest, form: BasExportForm) -> QuerySet[Contract]:
    data = form.cleaned_data
    return billed_contracts(
        request.user, month=data["month"], client=data["client"], contracts=data["contracts"]
    )


@require_GET
def export_page(request: SignedInRequest) -> HttpResponse:
    """The choices, and once they are made, what the download will hold."""
    form = _form(request)
    preview = None
    if form.is_bound and form.is_valid():
        preview = batch_preview(_contracts(request, form), first=PREVIEW_SIZE)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "accounting/bas.html", {"form": form, "preview": preview}, status=status)


@require_GET
def export_download(
    request: SignedInRequest,
) -> HttpResponse | StreamingHttpResponse | FileResponse:
    form = _form(request)
    if not form.is_bound or not form.is_valid():
        if not form.is_bound:
            form = BasExportForm(request.user, {})
            form.is_valid()
        return render(request, "accounting/bas.html", {"form": form}, status=400)
    batch = Batch(form.cleaned_data["month"], list(_contracts(request, form)))
    return bas_download(
        batch, document=form.cleaned_data["document"], fmt=form.cleaned_data["format"]
    )
