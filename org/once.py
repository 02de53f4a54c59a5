"""One-time form tokens: the same create form submitted twice creates one record.

A create form mixes in ``OnceForm``: it carries a hidden random token, rendered with
the page. The view first answers a token already used with ``repeated_submit``, then runs
its service through ``create_once``: the token's row and the new record are written
in one transaction, under a unique constraint, so even a concurrent second submit
(which waits on the first's row) finds what the first created, and the view leads
there with a message instead of creating another.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from org.models import SubmittedForm, User

FIELD = "once_token"
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
RecordT = TypeVar("RecordT", bound=models.Model)


class Linkable(Protocol):
    """A record with a page of its own: what a create form makes."""

    def get_absolute_url(self) -> str: ...


def new_token() -> str:
    return secrets.token_urlsafe(24)


class OnceTokenField(forms.CharField):
    """A hidden token; one that is not ours (tampered, NUL, too long) is no token at all:
    the submit then simply creates, as a page without the field would."""

    widget = forms.HiddenInput

    def clean(self, value: object) -> str:
        return value if isinstance(value, str) and TOKEN.fullmatch(value) else ""


class OnceForm(forms.Form):
    """Mixin for a create form (``class XForm(OnceForm, forms.ModelForm)``). The token is
    taken out of ``cleaned_data`` (services never see it) into ``self.once_token``."""

    # The form's metaclass takes the field out of the class; an instance carries the
    # submitted token there as text.
    once_token: str = OnceTokenField(required=False)  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.once_token = ""  # nosec B105 # no token yet, not a password
        if not self.is_bound:
            self.initial[FIELD] = new_token()

    def full_clean(self) -> None:
        super().full_clean()
        if hasattr(self, "cleaned_data"):
            self.once_token = self.cleaned_data.pop(FIELD, "") or ""


def create_once(
    *, user: User, token: str, create: Callable[[], RecordT]
) -> tuple[RecordT | None, bool]:
    """``create()`` (a service call that returns the new record), once per form token.

    Returns ``(record, True)`` the first time and ``(the record it made, False)`` for a
    repeated submit. Without a token (an old page, a script) it simply creates.
    """
    if not token:
        return create(), True
    with transaction.atomic():
        try:
            # A savepoint: the refused insert must not break the surrounding transaction.
            with transaction.atomic():
                submitted = SubmittedForm.objects.create(user=user, token=token)
        except IntegrityError:
            # A concurrent twin got here first (this insert waited for its commit).
            earlier = SubmittedForm.objects.get(user=user, token=token)
            try:
                # What the first submit of this very form created: the same kind of record.
                return cast("RecordT | None", earlier.created_object), False
            except ObjectDoesNotExist:
                return None, False
        record = create()
        submitted.content_type = ContentType.objects.get_for_model(record)
        submitted.object_id = record.pk
        submitted.save(update_fields=["content_type", "object_id"])
        return record, True


def repeated_submit(request: HttpRequest, *, fallback: str) -> HttpResponse | None:
    """For a POST whose token was used already: the answer that leads to what the first
    submit created. Checked before the form validates, because a repeated form may no
    longer validate (its EDRPOU or number now exists) and must not show that as an error."""
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    token = OnceTokenField().clean(request.POST.get(FIELD))
    earlier = (
        SubmittedForm.objects.filter(user=request.user, token=token).first() if token else None
    )
    if earlier is None:
        return None
    record: Linkable | None
    try:
        record = cast("Linkable | None", earlier.created_object)
    except ObjectDoesNotExist:
        record = None
    return already_sent(request, record, fallback=fallback)


def already_sent(request: HttpRequest, record: Linkable | None, *, fallback: str) -> HttpResponse:
    """The answer to a repeated submit: to the record the first one created, saying so."""
    messages.info(request, _("This form was already sent; here is what it created."))
    return redirect(record if record is not None else fallback)
