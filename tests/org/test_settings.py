import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def run_django(settings_module, extra_env, code="import django; django.setup()"):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "SECRET_KEY_FILE", "DJANGO_SETTINGS_MODULE"}
    }
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    for key, value in extra_env.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_django("config.settings.production", {})

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_refuses_to_run_tasks_without_a_broker():
    result = run_django(
        "config.settings.production",
        {"SECRET_KEY": "x", "REDIS_URL": None, "CELERY_BROKER_URL": ""},
    )

    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_production_reads_secret_key_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"

    result = run_django(
        "config.settings.production",
        {"SECRET_KEY_FILE": str(secret), "REDIS_URL": "redis://127.0.0.1:1/0"},
        code,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "from-a-file"


def test_settings_come_from_the_environment(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], "
        "s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND, s.CSRF_TRUSTED_ORIGINS)"
    )
    result = run_django(
        "config.settings.production",
        {
            "SECRET_KEY": "x",
            "DEBUG": "true",
            "ALLOWED_HOSTS": "casedesk.example.com,10.0.0.5",
            "DATABASE_URL": "postgres://u:p@db:5432/casedesk",
            "REDIS_URL": "redis://redis:6379/0",
            "EMAIL_URL": "smtp+tls://user:pw@smtp.example.com:587",
            "CSRF_TRUSTED_ORIGINS": "https://casedesk.example.com",
        },
        code,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",  # production never runs with DEBUG, whatever the environment says
        "['casedesk.example.com',",
        "'10.0.0.5']",
        "django.db.backends.postgresql",
        "redis://redis:6379/0",
        "False",
        "django.core.mail.backends.smtp.EmailBackend",
        "['https://casedesk.example.com']",
    ]


def test_embedded_default_uses_sqlite_and_runs_tasks_in_process():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.TIME_ZONE, s.LANGUAGE_CODE)"
    )
    env = {"DATABASE_URL": None, "REDIS_URL": None, "CELERY_BROKER_URL": None}
    result = run_django("config.settings.local", env, code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "Europe/Kyiv", "uk"]


@pytest.mark.django_db
def test_suite_runs_on_postgresql_in_ci():
    if os.environ.get("CI") != "true":
        pytest.skip("only CI is bound to PostgreSQL; locally SQLite is the default")
    assert connection.vendor == "postgresql", "CI must run the suite on PostgreSQL"
    assert settings.REDIS_URL, "CI must give the suite a Redis server"


@pytest.mark.parametrize("preload", [None, "true"])
def test_deploy_check_passes_with_production_settings(preload):
    code = (
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    result = run_django(
        "config.settings.production",
        {
            # As an operator would make it: long and random (check W009 wants 50+ characters).
            "SECRET_KEY": "k3!Qz8#vR2@pL6$wT9^mN4&bH7*cJ1(xF5)dG0_sY3+eA8=uK2-iO6~nB9",
            "REDIS_URL": "redis://127.0.0.1:1/0",
            "ALLOWED_HOSTS": "casedesk.example.com",
            "SECURE_HSTS_PRELOAD": preload,
            # The browser journeys set it for this process; a deployment never does.
            "DJANGO_ALLOW_ASYNC_UNSAFE": None,
        },
        code,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_caches_compiled_templates_and_keeps_checked_connections():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TEMPLATES[0]['OPTIONS']['loaders'][0][0]); "
        "print(s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )

    result = run_django(
        "config.settings.production",
        {"SECRET_KEY": "x", "REDIS_URL": "redis://127.0.0.1:1/0", "CONN_MAX_AGE": None},
        code,
    )

    assert result.returncode == 0, result.stderr
    loader, connections = result.stdout.strip().splitlines()
    assert loader == "django.template.loaders.cached.Loader"
    assert connections == "60 True"
