from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def duration_short(value):
    """A duration as the screens show it: "3 дн.", "5 год.", "12 хв." (the largest whole unit);
    under a minute, "less than a minute" (a claim just past due is overdue, not by 0 min)."""
    if value is None:
        return ""
    seconds = abs(int(value.total_seconds()))
    days, hours, minutes = seconds // 86400, seconds // 3600, seconds // 60
    if not minutes:
        return _("less than a minute")
    if days:
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if hours:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


@register.filter
def sort_link(sort, column):
    """The ``?sort=`` value of ``column``'s header (`claims.listing.SortChoice.link`)."""
    return sort.link(column)
