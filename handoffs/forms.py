from typing import cast

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Contact
from handoffs import subjects
from handoffs.handover_models import DealDocument
from handoffs.models import KIND_DEPARTMENTS, PERSONAL_KINDS, Kind
from handoffs.services import BULK_ACTIONS, default_due
from org.autocomplete import AutocompleteModelChoiceField
from org.fields import PlausibleDateTimeField
from org.models import Department, DepartmentCode, User
from org.once import OnceForm
from org.params import ascii_id
from org.selectors import department_members
from org.widgets import LocalDateTimeInput

# The hand-off kinds grouped by the department that takes them (DESIGN.md's table).
KIND_GROUPS = (
    (
        DepartmentCode.PRODUCTION.label,
        (
            Kind.SITE_SURVEY,
            Kind.TECHNICAL_PARAMETERS,
            Kind.CLAIM_FIX,
            Kind.AGREEMENT_CONFIRMATION,
            Kind.OBLIGATIONS_CHECK,
        ),
    ),
    (
        DepartmentCode.HR.label,
        (Kind.STAFFING_REQUEST, Kind.STAFF_REPLACEMENT, Kind.RELEASE_OF_WORKERS),
    ),
    (
        DepartmentCode.ACCOUNTING.label,
        (Kind.BILLING_DATA, Kind.PAYMENT_QUERY, Kind.FINAL_SETTLEMENT),
    ),
    (DepartmentCode.QUALITY.label, (Kind.QUALITY_IMPROVEMENT, Kind.CLAIM_REVIEW)),
    (DepartmentCode.LEGAL.label, (Kind.CONTRACT_REVIEW, Kind.LEGAL_QUESTION)),
    (DepartmentCode.SALES.label, (Kind.DEAL_HANDOVER,)),
    (_("Any department"), (Kind.INFORMATION_REQUEST,)),
    (_("My own follow-up"), (Kind.EXTENSION_OPPORTUNITY,)),
)


def grouped_kind_choices():
    return [("", "---------")] + [
        (group, [(kind.value, kind.label) for kind in kinds]) for group, kinds in KIND_GROUPS
    ]


def _model_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's picker ``name``, whose choices the form narrows to what the user may pick."""
    return cast(forms.ModelChoiceField, form.fields[name])


def departments_for(kind):
    """The departments that take ``kind`` (all of them when it is any department's)."""
    departments = Department.objects.order_by("name_uk")
    if kind in PERSONAL_KINDS:
        return departments.none()
    allowed = KIND_DEPARTMENTS.get(kind)
    return departments.filter(code__in=allowed) if allowed else departments


class HandoffCreateForm(OnceForm, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=grouped_kind_choices)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.order_by("name_uk"),
        required=False,
        help_text=_("Only the departments that take this kind are offered."),
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    details = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    due_at = PlausibleDateTimeField(
        label=_("Due"),
        widget=LocalDateTimeInput(),
    )
    contract = AutocompleteModelChoiceField(
        label=_("Contract"),
        queryset=None,
        required=False,
        source="contracts",
        forward=("client",),
    )
    claim = AutocompleteModelChoiceField(
        label=_("Claim"), queryset=None, required=False, source="claims", forward=("contract",)
    )
    client = AutocompleteModelChoiceField(
        label=_("Client"), queryset=None, required=False, source="clients"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in subjects.SUBJECTS:
            _model_field(self, name).queryset = subjects.visible(name, user)
        # Choosing the kind reloads the form so that only the departments taking it are offered.
        self.fields["kind"].widget.attrs.update(
            {
                "hx-get": reverse("handoffs:create"),
                "hx-trigger": "change",
                "hx-include": "closest form",
                "hx-target": "#handoff-form",
                "hx-select": "#handoff-form",
                "hx-swap": "outerHTML",
            }
        )
        kind = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        if kind in Kind.values:
            departments = departments_for(kind)
            _model_field(self, "department").queryset = departments
            only = list(departments[:2])
            if not self.is_bound and len(only) == 1 and not self.initial.get("department"):
                self.initial["department"] = only[0].pk
        if not self.is_bound and "due_at" not in self.initial:
            self.initial["due_at"] = timezone.localtime(default_due(None, timezone.now())).replace(
                second=0, microsecond=0
            )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        department = data.get("department")
        if kind and kind not in PERSONAL_KINDS:
            if department is None:
                self.add_error("department", _("Choose the department that should do this."))
            elif not departments_for(kind).filter(pk=department.pk).exists():
                self.add_error("department", _("This department does not take this kind."))
        contract, claim, client = data.get("contract"), data.get("claim"), data.get("client")
        if claim is not None and contract is not None and claim.contract_id != contract.pk:
            self.add_error("claim", _("The claim is on another contract."))
        if contract is not None and client is not None and contract.client_id != client.pk:
            self.add_error("client", _("The contract is with another client."))
        due_at = data.get("due_at")
        if due_at is not None and due_at < timezone.now():
            self.add_error("due_at", _("The due date is in the past."))
        return data


# Room for a page of text; a longer "result" is a paste gone wrong.
TEXT_LIMIT = 20_000


class ResultForm(forms.Form):
    result = forms.CharField(
        label=_("Result"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, found or decided."),
    )


class DealHandoverForm(forms.Form):
    """What sales hand over: the documents, who on the client's side, from when."""

    documents = forms.MultipleChoiceField(
        label=_("Documents handed over"),
        choices=DealDocument.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    other_documents = forms.CharField(
        label=_("Other documents"),
        max_length=500,
        required=False,
        help_text=_("Which ones, if you ticked “Other documents”."),
    )
    client_contact = forms.ModelChoiceField(
        label=_("Contact on the client's side"),
        queryset=Contact.objects.none(),
        required=False,
        help_text=_("Whom the manager works with at the client."),
    )
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    result = forms.CharField(
        label=_("Comment"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, handover, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_contact"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            client__contracts__pk=handover.contract_id
        )
        if not self.is_bound:
            self.initial.setdefault(
                "documents", handover.documents or [DealDocument.SIGNED_CONTRACT]
            )
            self.initial.setdefault("other_documents", handover.other_documents)
            self.initial.setdefault("client_contact", handover.client_contact_id)
            self.initial.setdefault("start_date", handover.start_date)

    def error_text(self) -> str:
        """The errors a line each, each after its field's label (for a page that redirects)."""
        return "\n".join(
            f"{self.fields[name].label}: {error}" if name in self.fields else str(error)
            for name, errors in self.errors.items()
            for error in errors
        )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if (
            DealDocument.OTHER in (data.get("documents") or [])
            and not (data.get("other_documents") or "").strip()
        ):
            self.add_error("other_documents", _("Name the other documents."))
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class IdsField(forms.Field):
    """The ids of the selected rows: each 1–18 ASCII digits (``str.isdigit`` would take "²")."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        ids = [ascii_id(item) for item in values]
        if None in ids:
            raise forms.ValidationError(_("Select the rows and an action."), code="invalid")
        return ids


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=[(action, action) for action in BULK_ACTIONS])
    ids = IdsField()
    result = forms.CharField(max_length=TEXT_LIMIT, required=False)


class AssignForm(forms.Form):
    assignee = AutocompleteModelChoiceField(
        label=_("Assignee"), queryset=User.objects.none(), source="users"
    )

    def __init__(self, *args, department_id, **kwargs):
        super().__init__(*args, **kwargs)
        _model_field(self, "assignee").queryset = department_members(department_id)
        if department_id is not None:
            self.fields["assignee"].widget.params = {"department": department_id}


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, JPEG, PNG, DOCX or XLSX, up to 10 MB.")
    )
