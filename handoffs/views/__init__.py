"""The hand-off screens: the inbox, one-click actions, the hand-off page, a manager's side."""

from handoffs.views.actions import assign, complete, decline, reopen, row_more, start, take
from handoffs.views.inbox import bulk, inbox, inbox_export
from handoffs.views.page import attach, attachment, comment, detail
from handoffs.views.requests import create, mine

__all__ = [
    "assign",
    "attach",
    "attachment",
    "bulk",
    "comment",
    "complete",
    "create",
    "decline",
    "detail",
    "inbox",
    "inbox_export",
    "mine",
    "reopen",
    "row_more",
    "start",
    "take",
]
