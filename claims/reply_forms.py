"""The forms of the claim's correspondence: a reply, the template it starts from, a file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.correspondence import ReplyTemplate
from claims.reply_recipients import Recipient
from org.once import OnceForm

MAX_REPLY_FILES = 5
FILE_HELP = _("PDF, JPEG, PNG, DOCX or XLSX, up to 10 MB each.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern), at most MAX_REPLY_FILES."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data]
        items = [item for item in items if item]
        if len(items) > MAX_REPLY_FILES:
            raise forms.ValidationError(
                _("At most %(count)s files in one reply."), params={"count": MAX_REPLY_FILES}
            )
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def active_templates() -> Any:
    return ReplyTemplate.objects.filter(is_active=True).only("pk", "name", "kind")


class TemplatePickForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Reply template"),
        queryset=ReplyTemplate.objects.none(),
        required=False,
        empty_label=_("— without a template —"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = active_templates()  # type: ignore[attr-defined]


class ReplyForm(OnceForm):
    to = forms.MultipleChoiceField(label=_("To"), widget=forms.CheckboxSelectMultiple, choices=())
    subject = forms.CharField(label=_("Subject"), max_length=900)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}), max_length=50000
    )
    attachments = MultipleFileField(label=_("Files"), required=False, help_text=FILE_HELP)
    template = forms.ModelChoiceField(
        queryset=ReplyTemplate.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, recipients: list[Recipient], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(r.address, r.label) for r in recipients]  # type: ignore[attr-defined]
        self.fields["template"].queryset = ReplyTemplate.objects.all()  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("to", [r.address for r in recipients if r.suggested])


class ClaimFileForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=FILE_HELP)
