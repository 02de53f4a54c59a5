from django import template

from org import formatting

register = template.Library()


@register.filter
def duration_short(value):
    """``{{ claim.overdue_by|duration_short }}``: "3 дн.", "5 год." (``org.formatting``)."""
    return formatting.duration_short(value)


@register.filter
def sort_link(sort, column):
    """The ``?sort=`` value of ``column``'s header (`claims.listing.SortChoice.link`)."""
    return sort.link(column)
