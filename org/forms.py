from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from org.models import AbsenceCover, Department, User
from org.roles import Role


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class DepartmentForm(forms.ModelForm):
    """The head, who hears of the department's new and overdue work, must hold the head
    role in this department: the role decides what they may do, this field who is told."""

    class Meta:
        model = Department
        fields = ["name_uk", "name_en", "head"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = User.objects.filter(
            department=self.instance, groups__name=Role.DEPARTMENT_HEAD, is_active=True
        )
        self.fields["head"].help_text = _(
            "Only users of this department with the department head role can be chosen."
        )


class AbsenceCoverForm(forms.ModelForm):
    """The executive director's form: who is away, when, and which manager acts for them."""

    class Meta:
        model = AbsenceCover
        fields = ["absent", "cover", "starts_on", "ends_on", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        managers = User.objects.filter(groups__name=Role.SUPPORT_MANAGER, is_active=True)
        self.fields["absent"].queryset = managers
        self.fields["cover"].queryset = managers

    def clean(self):
        cleaned = super().clean()
        absent, cover = cleaned.get("absent"), cleaned.get("cover")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if absent and cover and absent == cover:
            self.add_error("cover", _("A manager cannot cover for themself."))
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The absence cannot end before it starts."))
        if not (absent and cover and starts_on and ends_on) or self.errors:
            return cleaned
        overlapping = AbsenceCover.objects.filter(
            starts_on__lte=ends_on, ends_on__gte=starts_on
        ).exclude(pk=self.instance.pk)
        clash = overlapping.filter(absent=absent).first()
        if clash:
            raise forms.ValidationError(
                _("%(manager)s already has a cover for %(start)s–%(end)s.")
                % {
                    "manager": absent,
                    "start": f"{clash.starts_on:%d.%m.%Y}",
                    "end": f"{clash.ends_on:%d.%m.%Y}",
                }
            )
        if overlapping.filter(absent=cover).exists():
            self.add_error("cover", _("This manager is away themself during that time."))
        if overlapping.filter(cover=absent).exists():
            self.add_error("absent", _("This manager covers for someone else during that time."))
        return cleaned
