"""Roles are Django groups; this module is the one place that says what each may do."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPPORT_MANAGER = "support_manager", _("Support manager")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    EXECUTIVE_DIRECTOR = "executive_director", _("Executive director")
    GENERAL_DIRECTOR = "general_director", _("General director")


DIRECTOR_ROLES = frozenset({Role.EXECUTIVE_DIRECTOR, Role.GENERAL_DIRECTOR})
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_STAFF, Role.DEPARTMENT_HEAD})

# When a user holds several roles, the first one here names them and picks their home.
ROLE_PRECEDENCE = (
    Role.GENERAL_DIRECTOR,
    Role.EXECUTIVE_DIRECTOR,
    Role.SUPPORT_MANAGER,
    Role.DEPARTMENT_HEAD,
    Role.DEPARTMENT_STAFF,
)

# Model permissions ("app_label.codename") each role's group holds. Apps add their
# codenames here as their models land; `sync_role_permissions` applies the table
# after every migrate, so the groups always match the code.
# Both directors read the whole picture in the admin and decide on requests
# (the approvals admin refuses field edits; "change" opens its decision buttons).
DIRECTOR_OVERVIEW = (
    "clients.view_client",
    "clients.view_contact",
    "clients.view_site",
    "contracts.view_contract",
    "contracts.view_serviceline",
    "contracts.view_staffingrequirement",
    "contracts.view_agreement",
    "contracts.view_obligation",
    "contracts.view_stageevent",
    "contracts.view_expirywarning",
    "claims.view_claim",
    "claims.view_routingrule",
    "handoffs.view_handoff",
    "handoffs.view_handoffevent",
    "handoffs.view_handoffcomment",
    "handoffs.view_handoffattachment",
    "claims.view_claimevent",
    "claims.view_claimcomment",
    "approvals.view_approvalrequest",
    "approvals.change_approvalrequest",
)

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.SUPPORT_MANAGER: (),
    Role.DEPARTMENT_STAFF: (),
    Role.DEPARTMENT_HEAD: (),
    Role.EXECUTIVE_DIRECTOR: (
        "org.view_user",
        "org.view_department",
        "org.view_absencecover",
        "org.add_absencecover",
        "org.change_absencecover",
        "org.delete_absencecover",
        *DIRECTOR_OVERVIEW,
        "claims.change_routingrule",
        "claims.add_routingrule",
    ),
    Role.GENERAL_DIRECTOR: (
        "org.view_user",
        "org.add_user",
        "org.change_user",
        "org.view_department",
        "org.change_department",
        "org.view_absencecover",
        *DIRECTOR_OVERVIEW,
    ),
}


def sync_role_permissions(*, using: str = "default", **kwargs: object) -> None:
    """Create the role groups and give each exactly the permissions listed above."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = Q(pk__in=[])
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.using(using).filter(wanted))
