"""The titles and details of the hand-offs a contract's moves open, worded in one place.

The services decide which hand-offs to open, for which department and by when; these
functions only word them (in the language active when they are filed).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from contracts.models import Contract, StaffingRequirement
from handoffs.models import Kind
from org.formatting import money


@dataclass(frozen=True)
class HandoffText:
    title: str
    details: str = ""


def format_date(day: datetime.date | None) -> str:
    """``day`` as 31.12.2026; a dash if there is none (the guards of the moves that
    word a date make sure there is one)."""
    return formats.date_format(day, "d.m.Y") if day is not None else "—"


def _names(contract: Contract) -> dict[str, str]:
    return {"number": contract.number, "client": contract.client.short_name}


def staffing_details(
    contract: Contract, staffing: Iterable[StaffingRequirement] | None = None
) -> str:
    """The contract's term and every post on it, a line each: what HR staffs or releases."""
    if staffing is None:
        staffing = contract.staffing.select_related("site")
    lines = ["— " + "; ".join(_post_parts(requirement)) for requirement in staffing]
    term = _("Term: %(start)s – %(end)s.") % {
        "start": format_date(contract.start_date),
        "end": format_date(contract.end_date),
    }
    return "\n".join([term, _("Staffing:"), *lines])


def _post_parts(requirement: StaffingRequirement) -> list[str]:
    parts = [f"{requirement.post} × {requirement.headcount}", requirement.get_schedule_display()]
    if requirement.site:
        parts.append(f"{requirement.site.name} ({requirement.site.address})")
    if requirement.requirements:
        parts.append(_("requirements: %(text)s") % {"text": requirement.requirements})
    if requirement.uniform:
        parts.append(_("uniform: %(text)s") % {"text": requirement.uniform})
    return parts


# --- concluding ----------------------------------------------------------------------


def staffing_request(contract: Contract) -> HandoffText:
    return HandoffText(
        _("Staffing for contract № %(number)s, %(client)s") % _names(contract),
        staffing_details(contract),
    )


def billing_data(contract: Contract) -> HandoffText:
    return HandoffText(
        _("Billing data for contract № %(number)s, %(client)s") % _names(contract),
        _(
            "Monthly value: %(value)s. Term: %(start)s – %(end)s. Invoices and acts of services monthly."
        )
        % {
            "value": money(contract.monthly_value),
            "start": format_date(contract.start_date),
            "end": format_date(contract.end_date),
        },
    )


def deal_handover(contract: Contract) -> HandoffText:
    return HandoffText(
        _("Deal handover: contract № %(number)s, %(client)s") % _names(contract),
        _(
            "Hand the concluded deal over to the contract's manager: tick the documents handed over, name the contact on the client's side and confirm the start date (%(start)s)."
        )
        % {"start": format_date(contract.start_date)},
    )


# --- beginning the termination -------------------------------------------------------


def termination_texts(contract: Contract, *, reason: str) -> dict[str, HandoffText]:
    """The hand-off of each kind a termination opens, by kind."""
    names = _names(contract)
    end = contract.end_date
    ends = (
        _("The contract ends on %(date)s.") % {"date": format_date(end)}
        if end
        else _("The contract has no end date.")
    )
    return {
        Kind.RELEASE_OF_WORKERS: HandoffText(
            _("Release of workers: contract № %(number)s, %(client)s") % names,
            "\n".join([ends, _("Reason: %(reason)s") % {"reason": reason}]),
        ),
        Kind.OBLIGATIONS_CHECK: HandoffText(
            _("Obligations check: contract № %(number)s, %(client)s") % names,
            "\n".join([ends, _obligations_to_check(contract)]),
        ),
        Kind.FINAL_SETTLEMENT: HandoffText(
            _("Final settlement: contract № %(number)s, %(client)s") % names,
            "\n".join([ends, _("Prepare the reconciliation act and the final invoice.")]),
        ),
        Kind.EXTENSION_OPPORTUNITY: HandoffText(
            _("Look for an extension: contract № %(number)s, %(client)s") % names, ends
        ),
    }


def _obligations_to_check(contract: Contract) -> str:
    obligations = [o.description for o in contract.obligations.all() if not o.is_fulfilled]
    if not obligations:
        return _("No obligations are listed on the contract: check the contract's text.")
    return _("Obligations to check:") + "\n" + "\n".join(f"— {o}" for o in obligations)


# --- the expiry warning --------------------------------------------------------------


def expiry_texts(contract: Contract, *, staffing: str) -> dict[str, HandoffText]:
    """The hand-off of each kind a first expiry warning opens, by kind; ``staffing`` is
    the contract's `staffing_details`."""
    names = _names(contract)
    ends = _("The contract ends on %(date)s; notice must be given by %(notice)s.") % {
        "date": format_date(contract.end_date),
        "notice": format_date(contract.notice_deadline),
    }
    return {
        Kind.RELEASE_OF_WORKERS: HandoffText(
            _("Expiry warning and release of workers: contract № %(number)s, %(client)s") % names,
            "\n".join([ends, staffing]),
        ),
        Kind.EXTENSION_OPPORTUNITY: HandoffText(
            _("Look for an extension: contract № %(number)s, %(client)s") % names, ends
        ),
    }


# --- the site survey -----------------------------------------------------------------


def site_survey(contract: Contract, *, details: str) -> HandoffText:
    """What production is asked to survey: the manager's words, then the contract's sites."""
    sites = [f"— {site.name}: {site.address}" for site in contract.sites.all()]
    parts = [details.strip(), (_("Sites:") + "\n" + "\n".join(sites)) if sites else ""]
    return HandoffText(
        _("Site survey: contract № %(number)s, %(client)s") % _names(contract),
        "\n".join(part for part in parts if part),
    )
