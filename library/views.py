"""The library's screens: the list, a document, a version (read, approve, acknowledge)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from library import services
from library.forms import ApproveForm, DocumentForm, ReturnForm, VersionFields
from library.models import (
    PUBLISHED,
    Document,
    DocumentVersion,
    Kind,
    VersionQuerySet,
    may_edit_library,
)
from library.selectors import (
    acknowledgement_status,
    awaiting_approval,
    is_in_audience,
    library_documents,
    versions_awaiting_me,
)
from library.transitions import VERSION_FLOW
from org.errors import DomainError
from org.feedback import report_refusal
from org.models import User
from org.params import SEARCH_QUERY_LIMIT, has_control_characters
from org.roles import Role


class SignedInRequest(HttpRequest):
    """Every library view is behind LoginRequiredMiddleware: its user is a `User`."""

    user: User


PAGE_SIZE = 50
SIDE_LIST_SIZE = 20
BADGE_CAP = 99


def _versions(request: SignedInRequest) -> VersionQuerySet:
    return DocumentVersion.objects.visible_to(request.user)


def _search_text(request: SignedInRequest) -> str:
    text = request.GET.get("q", "")[:SEARCH_QUERY_LIMIT].strip()
    return "" if has_control_characters(text) else text


def document_list(request: SignedInRequest) -> HttpResponse:
    user = request.user
    text = _search_text(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    documents = library_documents(user, text=text, kind=kind)
    is_general_director = user.has_role(Role.GENERAL_DIRECTOR)
    return render(
        request,
        "library/list.html",
        {
            "page": Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page")),
            "q": text,
            "kind": kind,
            "kinds": Kind.choices,
            "awaiting_me": list(versions_awaiting_me(user)[:SIDE_LIST_SIZE]),
            "awaiting_approval": (
                list(awaiting_approval()[:SIDE_LIST_SIZE]) if is_general_director else []
            ),
            "can_create": may_edit_library(user),
        },
    )


def acknowledgement_badge(request: SignedInRequest) -> HttpResponse:
    """The menu's count of versions waiting for my acknowledgement, loaded after the page
    (HTMX) so that no page pays a query for it: one query, counting at most CAP + 1 rows."""
    pending = versions_awaiting_me(request.user).order_by()[: BADGE_CAP + 1].count()
    shown = f"{BADGE_CAP}+" if pending > BADGE_CAP else str(pending)
    # Rendered without the request: the menu's context processors are the page's, not this.
    html = render_to_string("library/_badge.html", {"pending": pending, "shown": shown})
    return HttpResponse(html)


def document_create(request: SignedInRequest) -> HttpResponse:
    if not may_edit_library(request.user):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(request, _("Document created: its first version is a draft."))
            return redirect(document.versions.get())
    return render(request, "library/document_form.html", {"form": form})


def document_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        Document.objects.visible_to(request.user)
        .select_related("current_version")
        .prefetch_related("roles", "departments"),
        pk=pk,
    )
    versions = _versions(request).filter(document=document).select_related("approved_by")
    return render(
        request,
        "library/document_detail.html",
        {
            "document": document,
            "versions": versions,
            "roles": [Role(group.name).label for group in document.roles.all()],
            "can_edit": may_edit_library(request.user),
        },
    )


def version_create(request: SignedInRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    if not may_edit_library(request.user):
        raise PermissionDenied
    latest = document.versions.order_by("-number").first()
    form = VersionFields(
        request.POST or None, request.FILES or None, initial={"text": latest.text if latest else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_create(
                actor=request.user, document=document, **form.cleaned_data
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(request, _("New version drafted."))
            return redirect(version)
    return render(
        request, "library/version_form.html", {"form": form, "document": document, "version": None}
    )


def version_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(_versions(request).select_related("document"), pk=pk)
    if not may_edit_library(request.user):
        raise PermissionDenied
    if version.status not in VERSION_FLOW["edit"].sources:
        messages.error(request, _("Only a draft can be edited."))
        return redirect(version)
    form = VersionFields(
        request.POST or None,
        request.FILES or None,
        initial={"text": version.text, "change_note": version.change_note},
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.VERSION_FIELDS}
        try:
            services.version_update(
                actor=request.user, version=version, data=data, file=form.cleaned_data["file"]
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(request, _("Version saved."))
            return redirect(version)
    context = {"form": form, "document": version.document, "version": version}
    return render(request, "library/version_form.html", context)


def version_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    version = get_object_or_404(
        _versions(request).select_related("document__current_version", "created_by", "approved_by"),
        pk=pk,
    )
    published = version.status in PUBLISHED
    applies = published and is_in_audience(user, version.document)
    mine = version.acknowledgements.filter(user=user).first() if applies else None
    allowed = {transition.name for transition in VERSION_FLOW.allowed(version.status)}
    return render(
        request,
        "library/version_detail.html",
        {
            "version": version,
            "document": version.document,
            "my_acknowledgement": mine,
            "can_acknowledge": applies and mine is None and "acknowledge" in allowed,
            "can_edit": may_edit_library(user) and "edit" in allowed,
            "can_decide": user.has_role(Role.GENERAL_DIRECTOR) and "approve" in allowed,
            "status": acknowledgement_status(version) if user.is_director and published else None,
            "events": version.events.select_related("actor", "on_behalf_of"),
            "approve_form": ApproveForm(),
            "return_form": ReturnForm(),
        },
    )


def _act(
    request: SignedInRequest, pk: int, act: Callable[[DocumentVersion], object], success: str
) -> HttpResponse:
    version = get_object_or_404(_versions(request), pk=pk)
    try:
        act(version)
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, success)
    return redirect(version)


@require_POST
def version_submit(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda version: services.version_submit(actor=request.user, version=version),
        _("Version sent to the general director for approval."),
    )


@require_POST
def version_approve(request: SignedInRequest, pk: int) -> HttpResponse:
    form = ApproveForm(request.POST)
    if not form.is_valid():
        version = get_object_or_404(_versions(request), pk=pk)
        messages.error(request, _("Give the date the version is in force from."))
        return redirect(version)
    return _act(
        request,
        pk,
        lambda version: services.version_approve(
            actor=request.user, version=version, **form.cleaned_data
        ),
        _("Version approved."),
    )


@require_POST
def version_return(request: SignedInRequest, pk: int) -> HttpResponse:
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda version: services.version_return(
            actor=request.user, version=version, comment=comment
        ),
        _("Version returned for revision."),
    )


@require_POST
def version_acknowledge(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda version: services.acknowledgement_record(actor=request.user, version=version),
        _("Thank you: your acknowledgement is recorded."),
    )


def version_file(request: SignedInRequest, pk: int) -> FileResponse:
    """Download a version's file, only for those who may see the version."""
    version = get_object_or_404(_versions(request), pk=pk)
    if not version.file:
        raise Http404
    try:
        return FileResponse(
            version.file.open("rb"),
            as_attachment=True,
            filename=version.file_name or version.file.name.rsplit("/", 1)[-1],
        )
    except FileNotFoundError:
        raise Http404 from None
