"""Enqueueing tasks so that a web request never waits on, nor fails with, the broker."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from celery import Task
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

# After a failed publish this process stops trying for a while, so that a request
# enqueueing several tasks pays the broker timeout once, not once per task. Only an
# optimisation of this process: the outbox rows are the record, the sweep sends them.
BROKER_BACKOFF_SECONDS = 30.0
_broker_down_until = 0.0


# A task of any signature: the callers pass its arguments as they are.
AnyTask = Task[Any, Any]


def enqueue_on_commit(task: AnyTask, *args: object) -> None:
    """Send ``task`` to the broker once the current transaction commits.

    If the broker cannot be reached the error is logged and swallowed: the work is
    recorded in the database (an outbox row) and a periodic sweep enqueues it again,
    so the request still succeeds and nothing is lost.
    """

    def send() -> None:
        global _broker_down_until
        eager = task.app.conf.task_always_eager
        if not eager and time.monotonic() < _broker_down_until:
            logger.info("%s%r left for the periodic sweep: broker down", task.name, args)
            return
        try:
            if eager:
                task.apply_async(args=args)
            else:
                publish(task, args)
        except Exception:  # kombu, redis and the task itself raise many unrelated types
            logger.warning("%s%r not run now: left for the periodic sweep", task.name, args)
            if not eager:
                _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS

    transaction.on_commit(send)


def enqueue_many_on_commit(task: AnyTask, args_list: Iterable[tuple[object, ...]]) -> None:
    """``enqueue_on_commit`` for many calls of ``task``, sent over one broker connection.

    On a broker error the rest are left, like a single one, to the periodic sweep.
    """
    calls = [tuple(args) for args in args_list]

    def send() -> None:
        global _broker_down_until
        eager = task.app.conf.task_always_eager
        if not eager and time.monotonic() < _broker_down_until:
            logger.info("%d × %s left for the periodic sweep: broker down", len(calls), task.name)
            return
        try:
            if eager:
                for args in calls:
                    task.apply_async(args=args)
            else:
                publish_many(task, calls)
        except Exception:  # kombu, redis and the task itself raise many unrelated types
            logger.warning(
                "%d × %s not run now: left for the periodic sweep", len(calls), task.name
            )
            if not eager:
                _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS

    transaction.on_commit(send)


def publish(task: AnyTask, args: tuple[object, ...]) -> None:
    """Publish on a connection of its own with short socket timeouts and no retries:
    an unreachable or frozen broker costs the request at most about the timeout."""
    timeout = settings.CELERY_WEB_PUBLISH_TIMEOUT
    options = {
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "max_retries": 0,  # kombu's own connection retries (the default is to retry)
        "connect_retries_timeout": timeout,
    }
    # Celery hands `connection` to its producer; celery-types does not list it.
    with task.app.connection_for_write(connect_timeout=timeout, transport_options=options) as conn:
        task.apply_async(args=args, connection=conn, retry=False)  # type: ignore[call-arg]


def publish_many(task: AnyTask, args_list: Iterable[tuple[object, ...]]) -> None:
    """``publish`` for many calls on one connection (one connect, then one write each)."""
    timeout = settings.CELERY_WEB_PUBLISH_TIMEOUT
    options = {
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "max_retries": 0,
        "connect_retries_timeout": timeout,
    }
    with task.app.connection_for_write(connect_timeout=timeout, transport_options=options) as conn:
        for args in args_list:
            task.apply_async(args=args, connection=conn, retry=False)  # type: ignore[call-arg]
