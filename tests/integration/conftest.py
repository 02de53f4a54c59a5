"""A real Celery worker, started with the command docker-compose.yml runs, on the CI's
PostgreSQL and Redis. The worker is another process: it reads the test database through
DATABASE_URL, so these tests need PostgreSQL and commit their data (transaction=True)."""

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from celery import Celery
from django.db import connection

from config.celery import app as celery_app
from org import tasks_queue

ROOT = Path(__file__).resolve().parents[2]
# The same command as the `worker` service in docker-compose.yml.
WORKER_COMMAND = ["celery", "-A", "config", "worker", "--loglevel=INFO"]
# The same command as the `beat` service (the schedule file in the test's folder).
BEAT_COMMAND = ["celery", "-A", "config", "beat", "--loglevel=INFO"]
# A Redis database of its own, emptied before each test: no stray message runs. Two
# runs sharing a Redis server (two checkouts on one machine) each need their own.
TEST_REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "13"))


def wait_for(predicate, timeout=30.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()


@contextmanager
def _exclusive(url):
    """Held while a test uses the broker database ``url``: the other pytest-xdist workers
    (and other runs on this machine) wait for it. A lock rather than an xdist group:
    `--dist loadgroup` does not group with pytest 9.2 (pytest-xdist issue 1386)."""
    name = hashlib.sha256(url.encode()).hexdigest()[:16]
    with (Path(tempfile.gettempdir()) / f"casedesk-test-broker-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture
def broker_url(redis_url):
    parts = urlsplit(redis_url)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{TEST_REDIS_DB}", "", ""))
    import redis

    with _exclusive(url):
        redis.Redis.from_url(url).flushdb()
        yield url


@pytest.fixture
def database_url(transactional_db):  # committed data: the worker reads it
    if connection.vendor != "postgresql":
        pytest.skip(
            "another process (a worker, pg_dump) must share the database: set DATABASE_URL to PostgreSQL"
        )
    settings = connection.settings_dict
    user = quote(settings["USER"] or "")
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{settings['NAME']}"


@pytest.fixture
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def process_env(broker_url, database_url, mail_dir, tmp_path):
    """The environment of the worker and beat processes: production settings, the test
    database and broker; a test adds its own settings to it."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "integration-test-only",
        "DATABASE_URL": database_url,
        "REDIS_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        # django-environ drops the first slash of the path: three slashes, then an absolute path.
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }


@pytest.fixture
def start_celery(process_env, tmp_path):
    """Start `celery -A config <command>` processes, each in a process group of its own
    (so that a test can kill a worker and its pool children at once, as a container
    kill does); every one still running is stopped at the end."""
    started = []
    executable = Path(sys.executable).parent / WORKER_COMMAND[0]

    def start(command, *, name, extra_env=None):
        log_path = tmp_path / f"{name}.log"
        log = log_path.open("w")
        process = subprocess.Popen(
            [str(executable), *command[1:]],
            cwd=ROOT,
            env={**process_env, **(extra_env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log_path = log_path
        started.append((process, log))
        return process

    yield start
    for process, log in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log.close()


@pytest.fixture
def celery_client(broker_url):
    # Not the current app: the shared tasks the code under test enqueues must keep
    # resolving to the project's app (and the broker `publish_to` points it at).
    client = Celery(broker=broker_url, set_as_current=False)
    yield client
    client.close()


def wait_until_ready(client, process, timeout=40):
    """Wait until ``process``'s worker answers a ping; fail with its log if it does not."""
    ready = wait_for(
        lambda: process.poll() is None and client.control.ping(timeout=0.5), timeout=timeout
    )
    if not ready:
        raise AssertionError(f"the worker did not start:\n{process.log_path.read_text()}")


@pytest.fixture
def worker(start_celery, celery_client):
    """A running worker process; yields a Celery client bound to the same broker."""
    process = start_celery(WORKER_COMMAND, name="worker")
    # For failure messages: what the worker said.
    celery_client.worker_log = lambda: process.log_path.read_text()[-4000:]
    wait_until_ready(celery_client, process)
    return celery_client


@pytest.fixture
def publish_to():
    """Point this process's Celery app at a broker (tasks no longer run in-process)."""
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("task_always_eager", "broker_url", "broker_write_url")}

    def reset_pools():
        # Drop pooled connections made for another URL, and forget a broker outage.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        tasks_queue._broker_down_until = 0.0

    def point(url):
        conf.update(task_always_eager=False, broker_url=url, broker_write_url=None)
        reset_pools()

    yield point
    conf.update(saved)
    reset_pools()
