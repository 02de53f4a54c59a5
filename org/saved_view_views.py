"""The saved views' screens: save the page's current view, and manage one's own views."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from org.errors import DomainError
from org.feedback import report_refusal
from org.requests import AuthenticatedRequest
from org.saved_view_services import (
    saved_view_create,
    saved_view_delete,
    saved_view_rename,
    saved_view_set_default,
)
from org.saved_views import (
    NAME_LIMIT,
    QUERY_LIMIT,
    PageKey,
    SavedView,
    page_key_of,
    page_url,
    team_of,
)


class SaveViewForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=NAME_LIMIT)
    shared = forms.BooleanField(label=gettext_lazy("Share with my team"), required=False)
    is_default = forms.BooleanField(label=gettext_lazy("Open this page with it"), required=False)
    query = forms.CharField(required=False, max_length=QUERY_LIMIT * 4, widget=forms.HiddenInput)


class RenameViewForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=NAME_LIMIT)


def _page(value: str) -> PageKey:
    key = page_key_of(value)
    if key is None:
        raise Http404
    return key


def _own(request: AuthenticatedRequest, pk: int) -> SavedView:
    # Another user's view answers 404: shared views are opened, never changed, by others.
    return get_object_or_404(SavedView, pk=pk, owner=request.user)


def _manage_page(
    request: AuthenticatedRequest,
    key: PageKey,
    *,
    save_form: SaveViewForm | None = None,
    renaming: tuple[int, RenameViewForm] | None = None,
) -> HttpResponse:
    views = SavedView.objects.usable_by(request.user, key)
    mine = [view for view in views if view.owner_id == request.user.pk]
    if renaming is not None:
        for view in mine:
            if view.pk == renaming[0]:
                view.rename_form = renaming[1]  # type: ignore[attr-defined]
    return render(
        request,
        "org/saved_views.html",
        {
            "page_key": key,
            "page_label": key.label,
            "page_url": page_url(key, ""),
            "mine": mine,
            "shared": [view for view in views if view.owner_id != request.user.pk],
            "save_form": save_form
            or SaveViewForm(initial={"query": request.GET.get("query", "")[: QUERY_LIMIT * 4]}),
            "may_share": bool(team_of(request.user)),
        },
    )


def saved_view_manage(request: AuthenticatedRequest, page: str) -> HttpResponse:
    return _manage_page(request, _page(page))


@require_POST
def saved_view_save(request: AuthenticatedRequest, page: str) -> HttpResponse:
    key = _page(page)
    form = SaveViewForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, key, save_form=form)
    try:
        view = saved_view_create(actor=request.user, page=key, **form.cleaned_data)
    except DomainError as error:
        report_refusal(request, error, form=form)
        return _manage_page(request, key, save_form=form)
    messages.success(request, _("The view is saved."))
    return redirect(view.url)


@require_POST
def saved_view_rename_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    view = _own(request, pk)
    form = RenameViewForm(request.POST)
    if form.is_valid():
        try:
            saved_view_rename(actor=request.user, view=view, name=form.cleaned_data["name"])
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(request, _("The view is renamed."))
            return redirect("saved_view_manage", page=view.page)
    return _manage_page(request, PageKey(view.page), renaming=(view.pk, form))


@require_POST
def saved_view_delete_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    view = _own(request, pk)
    saved_view_delete(actor=request.user, view=view)
    messages.success(request, _("The view is deleted."))
    return redirect("saved_view_manage", page=view.page)


@require_POST
def saved_view_default_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    view = _own(request, pk)
    default = request.POST.get("default") == "1"
    saved_view_set_default(actor=request.user, view=view, default=default)
    if default:
        messages.success(request, _("The page now opens with this view."))
    else:
        messages.success(request, _("The page now opens without a view."))
    return redirect("saved_view_manage", page=view.page)
