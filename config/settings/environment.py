"""Reading settings from the environment, with Docker-style ``*_FILE`` secrets."""

import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")


def env_secret(name: str, **kwargs: Any) -> str:
    """Return ``name`` from the environment, or the content of the file ``name_FILE`` names.

    Orchestrators mount secrets as files; reading ``SECRET_KEY_FILE`` keeps the
    secret itself out of the process environment.
    """
    path = env.str(f"{name}_FILE", default="")
    if path:
        return Path(path).read_text().strip()
    return env.str(name, **kwargs)


# The addresses a server listens on that no browser can be sent to.
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]"})  # nosec B104 # recognised, never bound


def site_url(environ: Mapping[str, str]) -> str:
    """The address put in links inside e-mails.

    ``SITE_URL`` when it is set; else the ``host:port`` that ``make run`` serves on
    (``SERVED_AT``, which the Makefile gives the web server and the scheduler), so that
    links in e-mails sent by the embedded default open the pages it serves; a server
    listening on every interface is named by the machine's host name.
    """
    explicit = environ.get("SITE_URL", "").strip()
    if explicit:
        return explicit.rstrip("/")
    served_at = environ.get("SERVED_AT", "").strip()
    if not served_at:
        return "http://127.0.0.1:8000"
    host, _colon, port = served_at.rpartition(":")
    if not host or not port.isascii() or not port.isdigit():
        host, port = served_at, ""
    if host in WILDCARD_HOSTS:
        host = socket.gethostname()
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}" if port else f"http://{host}"
