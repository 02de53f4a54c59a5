from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The top layer: the search page and the pickers' endpoint read every app's models."""

    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from org.autocomplete import register_picker_labels
        from search.pickers import SOURCES

        # The forms' pickers (org) render an option with the text the endpoint gives.
        register_picker_labels({name: source.label for name, source in SOURCES.items()})
