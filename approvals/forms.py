from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.models import PERIOD_KINDS, Kind, PeriodType
from approvals.rules import period_bounds, period_number
from contracts.models import Contract, Stage
from org.autocomplete import AutocompleteModelChoiceField
from org.models import AbsenceCover, User
from org.once import OnceForm
from org.uploads import validate_upload as validate_attachment
from org.versioning import VersionedFormMixin

OPEN_STAGES = [stage for stage in Stage if stage not in (Stage.CLOSED, Stage.CANCELLED)]

MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


class PeriodFields(forms.Form):
    """A calendar period chosen as type + year + month or quarter; cleans to start/end dates."""

    period_type = forms.ChoiceField(label=_("Period"), choices=PeriodType.choices)
    period_year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period_number = forms.IntegerField(
        label=_("Month or quarter"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("Month 1–12 or quarter 1–4; empty for a year."),
    )

    def clean_period(self, cleaned):
        period_type = cleaned.get("period_type")
        year = cleaned.get("period_year")
        number = cleaned.get("period_number")
        if not period_type or year is None:
            return cleaned
        if period_type == PeriodType.MONTH and not (number and 1 <= number <= 12):
            self.add_error("period_number", _("Choose a month, 1–12."))
        elif period_type == PeriodType.QUARTER and not (number and 1 <= number <= 4):
            self.add_error("period_number", _("Choose a quarter, 1–4."))
        else:
            start, end = period_bounds(period_type, year, number)
            cleaned["period_start"], cleaned["period_end"] = start, end
        return cleaned

    def clean(self):
        return self.clean_period(super().clean())


def period_initial(period_type, start) -> dict:
    if not period_type or start is None:
        today = timezone.localdate()
        return {
            "period_type": PeriodType.MONTH,
            "period_year": today.year,
            "period_number": today.month,
        }
    return {
        "period_type": period_type,
        "period_year": start.year,
        "period_number": period_number(period_type, start),
    }


class ReportPeriodForm(PeriodFields):
    """The first step of drafting a report from data: which period."""


class ApprovalRequestForm(OnceForm, VersionedFormMixin, PeriodFields):
    """One form for every kind; the fields a kind does not use are removed."""

    title = forms.CharField(label=_("Title"), max_length=255)
    on_behalf_of = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Myself"),
        help_text=_("A manager you cover today."),
    )
    amount = forms.DecimalField(
        label=_("Amount, UAH"), max_digits=14, decimal_places=2, min_value=0.01
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=500)
    contract = AutocompleteModelChoiceField(
        label=_("Contract"),
        queryset=Contract.objects.none(),
        required=False,
        source="contracts",
        params={"stages": ",".join(OPEN_STAGES)},
    )
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 10}))

    CONTENT_LABELS = {
        Kind.WORK_PLAN: _("Plan"),
        Kind.REPORT: _("Comments on the work done"),
        Kind.EXTRA_FUNDS: _("Justification"),
        Kind.PROPOSAL: _("Proposal"),
        Kind.SHORTCOMINGS_NOTICE: _("Shortcomings found and what is proposed"),
        Kind.WORKING_CONDITIONS: _("What is needed (premises, workplace, equipment) and why"),
    }

    def __init__(self, *args, kind, user, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind not in PERIOD_KINDS:
            for name in ("period_type", "period_year", "period_number"):
                del self.fields[name]
        if kind != Kind.EXTRA_FUNDS:
            for name in ("amount", "purpose", "contract"):
                del self.fields[name]
        else:
            contract = cast(forms.ModelChoiceField, self.fields["contract"])
            contract.queryset = Contract.objects.visible_to(user).open().select_related("client")
        self.fields["content"].label = self.CONTENT_LABELS[kind]
        self.fields["content"].required = kind != Kind.REPORT
        absent_ids = AbsenceCover.objects.active_on(timezone.localdate()).filter(cover=user)
        if creating and absent_ids.exists():
            on_behalf_of = cast(forms.ModelChoiceField, self.fields["on_behalf_of"])
            on_behalf_of.queryset = User.objects.filter(pk__in=absent_ids.values("absent_id"))
        else:
            del self.fields["on_behalf_of"]
        self.order_fields(["on_behalf_of", "title", "period_type", "period_year"])

    def clean(self):
        cleaned = forms.Form.clean(self)
        if self.kind in PERIOD_KINDS:
            cleaned = self.clean_period(cleaned)
        return cleaned

    def service_fields(self) -> dict:
        """The cleaned data as the services take it."""
        data = self.cleaned_data
        return {name: data[name] for name in SERVICE_FIELDS if name in data}


# What the request services take from the form (the others are the form's own).
SERVICE_FIELDS = (
    "title",
    "content",
    "period_type",
    "period_start",
    "period_end",
    "amount",
    "purpose",
    "contract",
    "version",
)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, JPEG, PNG, DOCX or XLSX, up to 10 MB.")
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        validate_attachment(file)
        return file


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
