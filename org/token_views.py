"""The API tokens section of the notifications and settings page: create, revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from org.api_tokens import ApiToken, TokenScope
from org.errors import DomainError
from org.feedback import report_form_errors, report_refusal
from org.fields import PlausibleDateField
from org.requests import AuthenticatedRequest
from org.token_services import NAME_MAX_LENGTH, api_token_create, api_token_revoke
from org.widgets import LocalDateInput

SECTION = "#api-tokens"


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Token name"),
        max_length=NAME_MAX_LENGTH,
        help_text=gettext_lazy("The program that will use it, e.g. “CRM”."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Access"), choices=TokenScope.choices, initial=TokenScope.READ
    )
    expires_on = PlausibleDateField(
        label=gettext_lazy("Valid through"),
        required=False,
        widget=LocalDateInput(),
        help_text=gettext_lazy("Empty: until revoked."),
    )


def active_tokens(request: AuthenticatedRequest) -> list[ApiToken]:
    return list(ApiToken.objects.active().filter(user=request.user))


@require_POST
def api_token_create_view(request: AuthenticatedRequest) -> HttpResponse:
    """Create a token and show its secret on this one page: it is never shown again."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form, prefix=_("API token"))
        return redirect(reverse("notifications") + SECTION)
    try:
        token, secret = api_token_create(actor=request.user, **form.cleaned_data)
    except DomainError as error:
        report_refusal(request, error)
        return redirect(reverse("notifications") + SECTION)
    response = render(request, "org/api_token_created.html", {"token": token, "secret": secret})
    # The secret is in this page only: no cache may keep it.
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def api_token_revoke_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    try:
        api_token_revoke(actor=request.user, token=token)
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(
            request,
            _("The token “%(name)s” is revoked: it no longer opens the API.")
            % {"name": token.name},
        )
    return redirect(reverse("notifications") + SECTION)
