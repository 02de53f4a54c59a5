from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureSnapshot(models.Model):
    """Figures over months of claims that a dashboard shows, computed by the periodic
    refresh (`dashboards.tasks.refresh_dashboard_figures`) so that a page reads one row
    instead of aggregating the claims table on every request."""

    name = models.CharField(_("name"), max_length=50, primary_key=True)
    computed_at = models.DateTimeField(_("computed at"))
    data = models.JSONField(_("figures"), encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("dashboard figures")
        verbose_name_plural = _("dashboard figures")

    def __str__(self):
        return f"{self.name} ({self.computed_at:%d.%m.%Y %H:%M})"
