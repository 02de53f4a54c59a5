"""The left menu, by role: each entry names a URL and the roles that see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from org.roles import Role

if TYPE_CHECKING:
    from org.models import User


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    icon: str
    roles: frozenset[Role]
    # For department members: only these departments' (codes); empty: every department.
    departments: frozenset[str] = frozenset()

    def shown_to(self, user: User) -> bool:
        if user.roles.isdisjoint(self.roles):
            return False
        if not self.departments or not user.roles.isdisjoint(self.roles - DEPARTMENTS):
            return True
        return user.department is not None and user.department.code in self.departments


class MenuEntry(TypedDict):
    label: str | Promise
    url: str
    icon: str
    active: bool
    name: str


MANAGERS = frozenset({Role.SUPPORT_MANAGER})
DEPARTMENTS = frozenset({Role.DEPARTMENT_STAFF, Role.DEPARTMENT_HEAD})
DIRECTORS = frozenset({Role.EXECUTIVE_DIRECTOR, Role.GENERAL_DIRECTOR})
HEADS = frozenset({Role.DEPARTMENT_HEAD})
GENERAL_DIRECTOR = frozenset({Role.GENERAL_DIRECTOR})
EVERYONE = frozenset(Role)

MENU = (
    MenuItem(_("My work"), "claims:my_work", "bi-briefcase", MANAGERS),
    MenuItem(_("Portfolio"), "contracts:portfolio", "bi-buildings", MANAGERS | DIRECTORS),
    MenuItem(_("Clients"), "clients:list", "bi-person-vcard", MANAGERS | DIRECTORS),
    MenuItem(_("Contracts"), "contracts:list", "bi-file-earmark-text", MANAGERS | DIRECTORS),
    MenuItem(_("Claims"), "claims:list", "bi-exclamation-triangle", EVERYONE),
    MenuItem(_("Inbox"), "handoffs:inbox", "bi-inbox", DEPARTMENTS),
    MenuItem(_("My hand-offs"), "handoffs:mine", "bi-send", MANAGERS),
    MenuItem(_("My requests"), "approvals:mine", "bi-check2-square", MANAGERS),
    MenuItem(_("Client reports"), "reports:list", "bi-file-earmark-pdf", MANAGERS | DIRECTORS),
    MenuItem(_("Unmatched mail"), "intake:list", "bi-envelope-exclamation", MANAGERS | DIRECTORS),
    MenuItem(_("My dashboard"), "dashboards:manager", "bi-bar-chart", MANAGERS),
    MenuItem(_("Department dashboard"), "dashboards:department", "bi-bar-chart", HEADS),
    MenuItem(_("Directors' dashboard"), "dashboards:directors", "bi-bar-chart", DIRECTORS),
    MenuItem(_("Documents"), "library:list", "bi-journal-text", EVERYONE),
    MenuItem(_("Managers"), "staffing:home", "bi-people", GENERAL_DIRECTOR),
    MenuItem(
        _("Export for BAS"),
        "accounting:bas",
        "bi-filetype-xlsx",
        MANAGERS | DEPARTMENTS | DIRECTORS,
        departments=frozenset({"accounting"}),
    ),
    MenuItem(_("Administration"), "admin:index", "bi-shield-lock", DIRECTORS),
)


def menu_for(user: User, current_path: str = "") -> list[MenuEntry]:
    """The entries the user's roles see, the one for the current page marked active.

    Entries whose screens are not installed are left out.
    """
    items: list[MenuEntry] = []
    for item in MENU:
        if not item.shown_to(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "label": item.label,
                "url": url,
                "icon": item.icon,
                "name": item.url_name,
                "active": False,
            }
        )
    # The longest URL that prefixes the path wins: /contracts/portfolio/ over /contracts/.
    matching = [item for item in items if current_path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return items
