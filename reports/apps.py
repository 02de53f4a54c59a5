from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Client reports")

    def ready(self) -> None:
        # The contract's timeline (a lower app) shows the reports sent to the client
        # through the source this app registers with it.
        from reports.timeline import register

        register()
