from django import template
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from org import formatting

register = template.Library()


@register.filter
def overdue_by(due_at, now=None):
    """How long past ``due_at``: "3 days overdue", or hours on the first day."""
    if due_at is None:
        return ""
    late = (now or timezone.now()) - due_at
    if late.total_seconds() <= 0:
        return ""
    if late.days >= 1:
        return ngettext("%(count)s day overdue", "%(count)s days overdue", late.days) % {
            "count": late.days
        }
    hours = max(1, int(late.total_seconds() // 3600))
    return ngettext("%(count)s hour overdue", "%(count)s hours overdue", hours) % {"count": hours}


@register.filter
def link_to(obj):
    """The object's page, or "" while the app that shows it has no such page yet."""
    if obj is None:
        return ""
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return ""


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with ``changes`` applied (None removes a key)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


STATUS_BADGES = {
    "open": "text-bg-secondary",
    "in_progress": "text-bg-primary",
    "done": "text-bg-success",
    "declined": "text-bg-danger",
}


@register.filter
def status_badge(status):
    return STATUS_BADGES.get(status, "text-bg-light")


@register.filter
def working_hours(value):
    """Working time waited: "5 год", "1 год 30 хв" (`org.formatting.working_hours`)."""
    return formatting.working_hours(value)


@register.filter
def waited_label(value):
    """``{{ h.waited|waited_label }}``: "waiting 5 h" in working hours. A filter rather than
    ``{% blocktranslate %}``, which costs each of the inbox's 50 rows a template render."""
    return _("waiting %(time)s") % {"time": formatting.working_hours(value)}
