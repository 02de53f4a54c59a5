"""Reading settings from the environment, with Docker-style ``*_FILE`` secrets."""

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
