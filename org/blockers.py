"""What stands in the way of an action, each with the link to the page that removes it.

A guard ("the contract cannot be concluded yet: …") that only names what is missing leaves
the user to find where to fix it. A `Blocker` carries that place: its text, the URL of
the page or form that fixes it, and the link's label ("Замовити обстеження"). Pages show
each blocker as its text followed by the link; a service refuses with `BlockedError`,
whose message is HTML that carries the same links (for django messages and 409 rows).

Every blocker has a ``code`` that names the guard; the guard test
(`tests/test_guard_links.py`) builds each one and follows its link, and it fails for a
code it does not know.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django_stubs_ext import StrOrPromise

from org.errors import DomainError


@dataclass(frozen=True)
class Blocker:
    """``text`` (what is missing), and ``action``: the label of the link to ``url``,
    the page that fixes it."""

    code: str
    text: StrOrPromise
    url: str
    action: StrOrPromise

    def __html__(self) -> SafeString:
        return format_html(
            '{} <a class="blocker-fix link-primary text-nowrap" data-guard="{}" href="{}">{}</a>',
            self.text,
            self.code,
            self.url,
            self.action,
        )

    def __str__(self) -> str:
        return str(self.__html__())


def blockers_html(blockers: Iterable[Blocker], separator: str = "; ") -> SafeString:
    """The blockers as one line of HTML, each with its link."""
    return format_html_join(separator, "{}", ((blocker,) for blocker in blockers))


def safe_interpolate(template: StrOrPromise, **parts: StrOrPromise) -> SafeString:
    """``template % parts`` as HTML: the (translated) template and plain parts escaped,
    the parts that are HTML already (`Blocker`, `SafeString`) kept as they are."""
    escaped = {name: conditional_escape(part) for name, part in parts.items()}
    return mark_safe(conditional_escape(template) % escaped)  # nosec B308 B703 # every part escaped above


class BlockedError(DomainError):
    """A refusal because of ``blockers``: the message names each with its link.

    ``template`` has one placeholder, ``%(blockers)s`` unless ``name`` says otherwise, e.g.
    "The contract cannot be concluded yet: %(missing)s." with ``name="missing"``.
    """

    def __init__(
        self,
        template: StrOrPromise,
        blockers: list[Blocker],
        *,
        name: str = "blockers",
        code: str = "not_ready",
    ) -> None:
        message = safe_interpolate(template, **{name: blockers_html(blockers)})
        super().__init__(message, code=code)
        self.blockers = blockers

    @classmethod
    def of(cls, blocker: Blocker, *, code: str = "not_ready") -> BlockedError:
        """The refusal for one blocker: its text and its link, nothing around them."""
        return cls("%(blockers)s", [blocker], code=code)
