"""The staffing app's business actions (see each module)."""

from staffing.services.orders import (
    NewUser,
    OrderDetails,
    end_covers_of,
    manager_appoint,
    manager_dismiss,
)
from staffing.services.transfer import ensure_general_director, portfolio_transfer

__all__ = [
    "NewUser",
    "OrderDetails",
    "end_covers_of",
    "ensure_general_director",
    "manager_appoint",
    "manager_dismiss",
    "portfolio_transfer",
]
