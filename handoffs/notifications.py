"""Who hears about what happens to a hand-off. Texts are message ids, translated when shown."""

from django.utils.translation import gettext_noop

from org.services import notify

NEW_FOR_DEPARTMENT = gettext_noop("New hand-off for your department: «%(title)s».")
ASSIGNED_TO_YOU = gettext_noop("Hand-off «%(title)s» is assigned to you.")
DONE = gettext_noop("Hand-off «%(title)s» is done: %(result)s")
DECLINED = gettext_noop("Hand-off «%(title)s» was declined: %(reason)s")
REOPENED = gettext_noop("Hand-off «%(title)s» was reopened.")


def _tell(user, actor, message, handoff, **params):
    if user is None or user.pk == actor.pk:
        return
    notify(
        recipient=user,
        message=message,
        params={"title": handoff.title, **params},
        url=handoff.get_absolute_url(),
    )


def handoff_created(handoff, actor):
    if handoff.assignee_id:
        _tell(handoff.assignee, actor, ASSIGNED_TO_YOU, handoff)
    elif handoff.department_id and handoff.department.head_id:
        _tell(handoff.department.head, actor, NEW_FOR_DEPARTMENT, handoff)


def handoff_moved(handoff, action, actor):
    requester = handoff.on_behalf_of or handoff.requested_by
    if action in ("take", "assign"):
        _tell(handoff.assignee, actor, ASSIGNED_TO_YOU, handoff)
    elif action == "complete":
        _tell(requester, actor, DONE, handoff, result=handoff.result[:200])
    elif action == "decline":
        _tell(requester, actor, DECLINED, handoff, reason=handoff.decline_reason[:200])
    elif action == "reopen":
        _tell(handoff.assignee, actor, REOPENED, handoff)
