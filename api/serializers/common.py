"""Small shapes every resource shares: a person, a reference, an error."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from org.fields import EARLIEST_YEAR, LATEST_YEAR, validate_plausible_year
from org.models import Department, User
from org.params import ascii_id


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "name"]
        read_only_fields = fields


class DepartmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Department
        fields = ["id", "code", "name"]
        read_only_fields = fields


class BlockerSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text="The page of the app that removes the blocker.")


class ErrorSerializer(serializers.Serializer):
    """Every 4xx answer: a machine-readable ``code`` and the reason in words."""

    code = serializers.CharField(
        help_text=(
            "What went wrong, for programs: e.g. invalid, not_authenticated, "
            "authentication_failed, read_only_token, forbidden, not_found, refused, "
            "conflict, stage, throttled."
        )
    )
    detail = serializers.CharField(help_text="The reason, in the user's language.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Per request field, its errors (code invalid only).",
    )
    blockers = BlockerSerializer(
        many=True, required=False, help_text="What stands in the way, each with its page."
    )


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    author = PersonSerializer(read_only=True)
    text = serializers.CharField(max_length=5000, trim_whitespace=True)
    created_at = serializers.DateTimeField(read_only=True)


class RecordField(serializers.PrimaryKeyRelatedField):
    """A record by id; an id that is not 1–18 ASCII digits is refused before the query
    (SQLite cannot even bind a larger integer)."""

    def to_internal_value(self, data: object) -> object:
        if isinstance(data, bool) or ascii_id(str(data)) is None:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class PlausibleDateTimeField(serializers.DateTimeField):
    """A date and time within the years the business can have (`org.fields`)."""

    def to_internal_value(self, value: object) -> object:
        try:
            # DRF's time-zone check itself overflows at the ends of the calendar (year 1, 9999).
            parsed = super().to_internal_value(value)
        except OverflowError as error:
            raise serializers.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
            ) from error
        try:
            validate_plausible_year(parsed)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return parsed
