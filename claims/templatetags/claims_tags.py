from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from org import formatting

register = template.Library()


@register.filter
def duration_short(value):
    """``{{ claim.overdue_by|duration_short }}``: "3 дн.", "5 год." (``org.formatting``)."""
    return formatting.duration_short(value)


@register.filter
def overdue_label(value):
    """``{{ claim.overdue_by|overdue_label }}``: "overdue by 3 h" (a filter, not a
    ``{% blocktranslate %}`` rendered again in each row of a list)."""
    return _("overdue by %(time)s") % {"time": formatting.duration_short(value)}


@register.filter
def select_label(number):
    """``{{ claim.pk|select_label }}``: the row checkbox's label, "Select claim #12"."""
    return _("Select claim #%(number)s") % {"number": number}


@register.filter
def sort_link(sort, column):
    """The ``?sort=`` value of ``column``'s header (`claims.listing.SortChoice.link`)."""
    return sort.link(column)


STATUS_BADGES = {
    "new": "text-bg-primary",
    "in_progress": "text-bg-info",
    "waiting": "text-bg-warning",
    "resolved": "text-bg-success",
}


@register.simple_tag
def claim_status(claim):
    """``{% claim_status claim %}``: the claim's status as a badge. A tag, not an included
    template: a list shows 50 of them, and an include costs more than the badge."""
    return format_html(
        '<span class="badge {}">{}</span>',
        STATUS_BADGES.get(claim.status, "text-bg-secondary"),
        claim.get_status_display(),
    )


NOTHING_MEASURED = mark_safe('<span class="text-body-secondary">—</span>')  # nosec B308 B703
PAUSED_ICON = mark_safe('<i class="bi bi-pause-circle"></i> ')  # nosec B308 B703


@register.simple_tag
def clock(value):
    """``{% clock claim.fix_clock %}``: one due time as a badge (``claims.selectors.Clock``
    composes its label and tooltip), or "—" when nothing was measured."""
    if value.done and value.elapsed is None:
        return NOTHING_MEASURED
    paused = PAUSED_ICON if value.paused else ""
    return format_html(
        '<span class="badge text-bg-{}" title="{}">{}{}</span>',
        value.color,
        value.title,
        paused,
        value.label,
    )
