"""A real Celery worker, started with the command docker-compose.yml runs, on the CI's
PostgreSQL and Redis. The worker is another process: it reads the test database through
DATABASE_URL, so these tests need PostgreSQL and commit their data (transaction=True)."""

import os
import subprocess
import sys
import time
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
# A Redis database of its own, emptied before each test: no stray message runs.
TEST_REDIS_DB = 13


def wait_for(predicate, timeout=30.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()


@pytest.fixture
def broker_url(redis_url):
    parts = urlsplit(redis_url)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{TEST_REDIS_DB}", "", ""))
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def database_url(transactional_db):  # committed data: the worker reads it
    if connection.vendor != "postgresql":
        pytest.skip(
            "a worker process needs a database it can share: set DATABASE_URL to PostgreSQL"
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
def worker(broker_url, database_url, mail_dir, tmp_path):
    """A running worker process; yields a Celery client bound to the same broker."""
    env = {
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
    executable = Path(sys.executable).parent / WORKER_COMMAND[0]
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [str(executable), *WORKER_COMMAND[1:]],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    client = Celery(broker=broker_url)
    # For failure messages: what the worker said.
    client.worker_log = lambda: (tmp_path / "worker.log").read_text()[-4000:]
    try:
        ready = wait_for(
            lambda: process.poll() is None and client.control.ping(timeout=0.5), timeout=40
        )
        if not ready:
            raise AssertionError(
                f"the worker did not start:\n{(tmp_path / 'worker.log').read_text()}"
            )
        yield client
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        client.close()


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
