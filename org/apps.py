from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from org.roles import sync_role_permissions

        # Not limited to this app's signal: permissions of apps migrated after
        # `org` exist only once their own post_migrate has run.
        post_migrate.connect(sync_role_permissions, dispatch_uid="org.sync_role_permissions")
