"""``get_FOO_display`` without rebuilding the field's choices on every call.

Django's ``Model._get_FIELD_display`` turns the field's whole choice list into a hashable
dict each call, hashing every lazy label, which translates it: a list of 50 rows showing a
kind and a status paid ≈ 100 such rebuilds and ≈ 1,000 translations a page. Choices are
fixed when the class is built, so the dict is built once per field; its labels stay lazy
and are translated, as before, in the language of the request that shows them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

__all__ = ["ChoiceLabels"]

_LABELS: dict[models.Field[Any, Any], dict[Any, Any]] = {}


class ChoiceLabels(models.Model):
    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> str:
        labels = _LABELS.get(field)
        if labels is None:
            labels = _LABELS[field] = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
