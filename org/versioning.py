"""Optimistic versions for records edited through forms: no save silently erases another.

One mechanism for every editable record:

- ``VersionedModel`` gives the model a ``version`` that every save moves on by one;
- ``VersionedFormMixin`` carries the version the form was opened with (a hidden field);
- ``lock_version`` is what an update service calls: it locks the row and refuses a
  stale version with ``StaleVersionError``;
- ``render_conflict`` is what an edit view answers then: 409, the changes made since
  the form was opened (from django-simple-history) and the form again, with the
  user's own edits laid over the current version, so that a second submit saves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, cast

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router, transaction
from django.db.models import Manager, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from org.choices import ChoiceLabels
from org.errors import ConflictError

VERSION_FIELD = "version"
# Bookkeeping that moves with every save: not worth showing as a change.
UNSHOWN_FIELDS = {VERSION_FIELD, "updated_at", "created_at"}

if TYPE_CHECKING:
    # What the mixins are mixed into (the stubs then know fields, initial, get_form …).
    _FormBase = forms.BaseForm
    _AdminBase = admin.ModelAdmin[Any]
else:
    _FormBase = object
    _AdminBase = object


class VersionedModel(ChoiceLabels):
    # db_default: PostgreSQL stores a constant default in the catalogue, so adding the
    # column to a big table does not rewrite it; default: new instances know it at once.
    # A plain integer: a CHECK (>= 0) added with the column would make PostgreSQL scan it.
    version = models.IntegerField(gettext_lazy("version"), default=1, db_default=1, editable=False)

    if TYPE_CHECKING:
        # django-simple-history's manager (untyped), which each concrete model declares.
        history: Any

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding or self.pk is None:
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            # Count on from the stored row, locked, not from this copy: a copy loaded
            # before someone else's save would otherwise write a version already used,
            # and a form opened at that version would pass its check.
            stored = (
                type(self)
                ._base_manager.using(using)
                .select_for_update()
                .filter(pk=self.pk)
                .values_list(VERSION_FIELD, flat=True)
                .first()
            )
            self.version = (stored if stored is not None else self.version) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, VERSION_FIELD}
            super().save(*args, **kwargs)


class StaleVersionError(ConflictError):
    """The record was saved by someone else after the form was opened."""

    def __init__(self, *, current: VersionedModel, expected: int) -> None:
        super().__init__(
            _(
                "Someone else saved this record after you opened the form "
                "(your version %(expected)s, now %(current)s). Nothing was overwritten."
            )
            % {"expected": expected, "current": current.version},
            code="stale_version",
        )
        self.current = current
        self.expected = expected


VersionedT = TypeVar("VersionedT", bound=VersionedModel)


def lock_version(
    queryset: QuerySet[VersionedT] | Manager[VersionedT], *, pk: object, version: int | None
) -> VersionedT:
    """The row ``pk`` of ``queryset``, locked until the transaction ends, at ``version``.

    Lock and compare rather than a bare ``filter(pk=…, version=v).update(…)``: the
    services then change the locked instance and ``save()`` it, so that simple-history
    records the change (it records nothing for ``QuerySet.update()``), and a second
    saver of the same version waits here and then sees the moved version. ``version``
    None (admin actions, tasks, the seed) takes the row as it is now.
    """
    instance = queryset.select_for_update(of=("self",)).get(pk=pk)
    if version is not None and instance.version != version:
        raise StaleVersionError(current=instance, expected=version)
    return instance


class VersionedFormMixin(_FormBase):
    """Carries the version the form was opened with as a hidden field.

    Only when editing: a ModelForm's instance, or ``version_of`` for a plain form.
    ``carries_version = False`` leaves it out (the admin's inline rows, which render
    only their listed fields).
    """

    carries_version = True

    def __init__(self, *args: Any, version_of: VersionedModel | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        record: VersionedModel | None = (
            version_of if version_of is not None else getattr(self, "instance", None)
        )
        if self.carries_version and record is not None and record.pk is not None:
            self.fields[VERSION_FIELD] = forms.IntegerField(
                widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1
            )
            self.initial[VERSION_FIELD] = record.version
        self.versioned_record = record


class AdminVersionCheckFormMixin(VersionedFormMixin):
    """The admin saves without the services: the form itself refuses a stale version."""

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        opened = (cleaned or {}).get(VERSION_FIELD)
        record = self.versioned_record
        if opened is not None and record is not None and record.pk is not None:
            now = (
                type(record)
                ._base_manager.filter(pk=record.pk)
                .values_list(VERSION_FIELD, flat=True)
                .first()
            )
            if now is not None and now != opened:
                raise forms.ValidationError(
                    _(
                        "Someone else saved this record after you opened it (your version "
                        "%(expected)s, now %(current)s). Reload the page and make your "
                        "change again; nothing was saved."
                    )
                    % {"expected": opened, "current": now},
                    code="stale_version",
                )
        return cleaned


class VersionedAdminMixin(_AdminBase):
    """Admin change forms carry the version they were opened with and refuse a stale one."""

    change_form_template = "admin/versioned_change_form.html"

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        versioned = type(f"Versioned{form.__name__}", (AdminVersionCheckFormMixin, form), {})
        return cast("type[forms.ModelForm[Any]]", versioned)


# --- the 409 page ---------------------------------------------------------------------


class Change(TypedDict):
    field: str | Promise
    then: str
    now: str
    who: object
    when: object


def _display(field: models.Field[Any, Any], value: object) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        model = field.related_model
        if isinstance(model, str):  # not resolved yet: never so once the apps are loaded
            return str(value)
        related = model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    return str(value)


def changes_since(record: VersionedModel, version: int) -> list[Change]:
    """What was changed in ``record`` after ``version``: field, value then and now, who, when."""
    history = list(
        record.history.filter(version__gte=version).order_by("history_date", "history_id")
    )
    rows: list[Change] = []
    for previous, current in pairwise(history):
        if current.version <= previous.version:
            continue
        delta = current.diff_against(previous)
        for change in delta.changes:
            if change.field in UNSHOWN_FIELDS:
                continue
            try:
                field = type(record)._meta.get_field(change.field)
            except FieldDoesNotExist:
                continue
            if not isinstance(field, models.Field):
                continue
            rows.append(
                {
                    "field": field.verbose_name,
                    "then": _display(field, change.old),
                    "now": _display(field, change.new),
                    "who": current.history_user,
                    "when": current.history_date,
                }
            )
    return rows


def opened_version(record: VersionedT, version: int) -> VersionedT:
    """The record as it was at ``version``, from its history (or as it is, if none)."""
    historical = record.history.filter(version=version).order_by("-history_date").first()
    return cast(VersionedT, historical.instance) if historical is not None else record


def render_conflict(
    request: HttpRequest,
    template: str,
    context: Mapping[str, object],
    *,
    form: forms.BaseForm,
    error: StaleVersionError,
    form_for: Callable[[VersionedModel, QueryDict | None], forms.BaseForm],
) -> HttpResponse:
    """Answer a stale save: 409, what changed since, and the form to re-apply the edit.

    ``form`` is the valid, stale form; ``form_for(record, data)`` builds the same edit
    form for a record (``data`` None: unbound). The fields the user changed are those
    that differ from the version they opened; the new form shows the current version
    with those laid over it, and carries the current version, so that a second submit
    saves both people's edits.
    """
    current = error.current
    probe = form_for(opened_version(current, error.expected), request.POST)
    yours = [name for name in probe.changed_data if name != VERSION_FIELD and name in form.fields]
    reapply = form_for(current, None)
    for name in yours:
        if name in form.cleaned_data and not reapply.fields[name].disabled:
            reapply.initial[name] = form.cleaned_data[name]
    reapply.initial[VERSION_FIELD] = current.version
    conflict = {
        "message": error.message,
        "changes": changes_since(current, error.expected),
        "yours": [str(form.fields[name].label or name) for name in yours],
    }
    return render(request, template, {**context, "form": reapply, "conflict": conflict}, status=409)
