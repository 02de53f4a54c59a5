import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clients import services
from clients.filters import ClientFilter
from clients.forms import ClientCreateForm, ClientForm, ContactForm, SiteForm
from clients.models import Client
from clients.selectors import (
    client_list,
    with_open_contract_counts,
)
from org.archiving import wants_archived
from org.errors import DomainError
from org.feedback import report_refusal
from org.once import already_sent, create_once, repeated_submit
from org.selectors import current_cover, may_act_on
from org.versioning import StaleVersionError, render_conflict

PAGE_SIZE = 50


class ClientPaginator(Paginator):
    """Counts the filtered clients without the per-client contract join the rows carry."""

    def __init__(self, object_list, per_page, *, count_from):
        super().__init__(object_list, per_page)
        self._count_from = count_from

    @cached_property
    def count(self):
        return self._count_from.count()


def _visible_client(request, pk):
    # Archived clients still open by their address; only the lists leave them out.
    return get_object_or_404(
        Client.objects.visible_to(request.user, archived=None).select_related("account_manager"),
        pk=pk,
    )


def _managed_client(request, pk):
    """The client, if the user sees it (else 404) and may change it (else 403)."""
    client = _visible_client(request, pk)
    if not may_act_on(request.user, client):
        raise PermissionDenied
    return client


def client_list_view(request):
    if not request.user.manages_clients:
        raise PermissionDenied
    archived = wants_archived(request)
    filterset = ClientFilter(
        request.GET or None, queryset=client_list(user=request.user, archived=archived)
    )
    clients = filterset.qs
    paginator = ClientPaginator(with_open_contract_counts(clients), PAGE_SIZE, count_from=clients)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "clients/client_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "clients": page.object_list,
            "can_create": request.user.manages_clients,
            "archived": archived,
        },
    )


def client_detail(request, pk):
    client = _visible_client(request, pk)
    return render(
        request,
        "clients/client_detail.html",
        {
            "client": client,
            "cover": current_cover(client.account_manager),
            "contacts": list(client.contacts.all()),
            "sites": list(client.sites.all()),
            "contracts": list(client.contracts.visible_to(request.user)),
            "can_edit": may_act_on(request.user, client),
        },
    )


def client_create(request):
    if not request.user.manages_clients:
        raise PermissionDenied
    if (repeated := repeated_submit(request, fallback="clients:list")) is not None:
        return repeated
    form = ClientCreateForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            client, created = create_once(
                user=request.user,
                # OnceForm's declared field hides from mypy the str the form puts there.
                token=form.once_token,  # type: ignore[arg-type, unused-ignore]
                create=lambda: services.client_create(actor=request.user, **form.cleaned_data),
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            if not created or client is None:
                return already_sent(request, client, fallback="clients:list")
            messages.success(request, _("Client %(client)s registered.") % {"client": client})
            return redirect(client)
    return render(request, "clients/client_form.html", {"form": form, "client": None})


def client_update(request, pk):
    client = _managed_client(request, pk)

    def form_for(record, data):
        # A copy, so that rejected input does not show up in the page's title and breadcrumbs.
        return ClientForm(data, instance=copy.copy(record), user=request.user)

    form = form_for(client, request.POST if request.method == "POST" else None)
    context = {"client": client}
    if request.method == "POST" and form.is_valid():
        try:
            client = services.client_update(actor=request.user, client=client, **form.cleaned_data)
        except StaleVersionError as error:
            return render_conflict(
                request,
                "clients/client_form.html",
                context,
                form=form,
                error=error,
                form_for=form_for,
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(request, _("Client %(client)s saved.") % {"client": client})
            return redirect(client)
    return render(request, "clients/client_form.html", {**context, "form": form})


def contact_create(request, pk):
    client = _managed_client(request, pk)
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(
                actor=request.user, client=client, **form.cleaned_data
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(request, _("Contact %(contact)s added.") % {"contact": contact.name})
            return redirect(client)
    return render(
        request, "clients/contact_form.html", {"form": form, "client": client, "contact": None}
    )


def contact_update(request, pk, contact_pk):
    client = _managed_client(request, pk)
    contact = get_object_or_404(client.contacts, pk=contact_pk)

    def form_for(record, data):
        return ContactForm(data, instance=copy.copy(record))

    form = form_for(contact, request.POST if request.method == "POST" else None)
    context = {"client": client, "contact": contact}
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_update(
                actor=request.user, contact=contact, **form.cleaned_data
            )
        except StaleVersionError as error:
            return render_conflict(
                request,
                "clients/contact_form.html",
                context,
                form=form,
                error=error,
                form_for=form_for,
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(request, _("Contact %(contact)s saved.") % {"contact": contact.name})
            return redirect(client)
    return render(request, "clients/contact_form.html", {**context, "form": form})


@require_POST
def contact_delete(request, pk, contact_pk):
    client = _managed_client(request, pk)
    contact = get_object_or_404(client.contacts, pk=contact_pk)
    try:
        services.contact_delete(actor=request.user, contact=contact)
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, _("Contact %(contact)s deleted.") % {"contact": contact.name})
    return redirect(client)


def site_create(request, pk):
    client = _managed_client(request, pk)
    form = SiteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_create(actor=request.user, client=client, **form.cleaned_data)
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(request, _("Site %(site)s added.") % {"site": site.name})
            return redirect(client)
    return render(request, "clients/site_form.html", {"form": form, "client": client, "site": None})


def site_update(request, pk, site_pk):
    client = _managed_client(request, pk)
    site = get_object_or_404(client.sites, pk=site_pk)

    def form_for(record, data):
        return SiteForm(data, instance=copy.copy(record))

    form = form_for(site, request.POST if request.method == "POST" else None)
    context = {"client": client, "site": site}
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_update(actor=request.user, site=site, **form.cleaned_data)
        except StaleVersionError as error:
            return render_conflict(
                request,
                "clients/site_form.html",
                context,
                form=form,
                error=error,
                form_for=form_for,
            )
        except DomainError as error:
            report_refusal(request, error, form=form)
        else:
            messages.success(request, _("Site %(site)s saved.") % {"site": site.name})
            return redirect(client)
    return render(request, "clients/site_form.html", {**context, "form": form})


@require_POST
def site_delete(request, pk, site_pk):
    client = _managed_client(request, pk)
    site = get_object_or_404(client.sites, pk=site_pk)
    try:
        services.site_delete(actor=request.user, site=site)
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, _("Site %(site)s deleted.") % {"site": site.name})
    return redirect(client)
