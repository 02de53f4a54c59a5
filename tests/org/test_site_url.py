"""The address in e-mail links: SITE_URL, else the one `make run` serves on."""

import socket
import subprocess
from pathlib import Path

import pytest

from config.settings.environment import site_url
from tests.org.test_settings import run_django

ROOT = Path(__file__).resolve().parents[2]


def test_site_url_set_explicitly_wins_over_the_served_address():
    environ = {"SITE_URL": "https://casedesk.example.com/", "SERVED_AT": "127.0.0.1:9000"}

    assert site_url(environ) == "https://casedesk.example.com"


@pytest.mark.parametrize(
    ("served_at", "expected"),
    [
        ("127.0.0.1:9000", "http://127.0.0.1:9000"),
        ("localhost:8123", "http://localhost:8123"),
        ("::1:8000", "http://[::1]:8000"),
        ("desk.local", "http://desk.local"),
    ],
)
def test_site_url_follows_the_address_make_run_serves(served_at, expected):
    assert site_url({"SERVED_AT": served_at}) == expected


@pytest.mark.parametrize("wildcard", ["0.0.0.0", "::"])
def test_site_url_names_the_machine_when_serving_every_interface(wildcard):
    assert site_url({"SERVED_AT": f"{wildcard}:8000"}) == f"http://{socket.gethostname()}:8000"


def test_site_url_defaults_to_the_local_server_without_either():
    assert site_url({}) == "http://127.0.0.1:8000"


def test_local_settings_read_the_served_address():
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )

    result = run_django(
        "config.settings.local", {"SITE_URL": None, "SERVED_AT": "127.0.0.1:8765"}, code
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8765"


def test_make_run_gives_the_server_and_the_scheduler_its_address():
    recipe = subprocess.run(
        ["make", "-n", "run", "HOST=127.0.0.1", "PORT=8765"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout

    exported = recipe.index("export SERVED_AT=127.0.0.1:8765")
    assert exported < recipe.index("run_scheduler") < recipe.index("runserver 127.0.0.1:8765")
