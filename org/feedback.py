"""How views tell the user what happened: refusals, form errors posted from a page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_stubs_ext import StrOrPromise

from org.errors import DomainError


def report_form_errors(
    request: HttpRequest, form: forms.BaseForm, *, prefix: StrOrPromise = ""
) -> None:
    """Show a small action form's errors as messages, for forms posted from a page that
    redirects back (the page cannot render the bound form in place)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, f"{prefix}: {error}" if prefix else str(error))


def report_refusal(
    request: HttpRequest, error: DomainError, *, form: forms.BaseForm | None = None
) -> None:
    """The one way a view reports a service's refusal.

    ``forbidden`` answers 403 (the product's page, with the reason); with a ``form``, the
    reason goes on the field the code names, else on the whole form; otherwise it is a
    message on the page the view redirects to. (The inbox's HTMX rows answer a refusal
    themselves: 409 with the row as it is now, `handoffs.views.actions._run`.)
    """
    if error.code == "forbidden":
        raise PermissionDenied(error.message) from error
    if form is not None:
        form.add_error(error.code if error.code in form.fields else None, error.message)
    else:
        messages.error(request, error.message)
