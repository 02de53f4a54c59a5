from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        # The token scheme in the OpenAPI schema (drf-spectacular finds it on import).
        from api import schema  # noqa: F401
