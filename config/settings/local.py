"""The embedded default: SQLite, tasks in-process, e-mail printed to the console."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "local-development-only-not-a-secret"  # noqa: F405
# One line per task run drowns the runserver log; failures still show.
LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}  # noqa: F405
# The demo answers a claim opened by e-mail with the acknowledgement template.
INTAKE_AUTO_ACKNOWLEDGE = env.bool("INTAKE_AUTO_ACKNOWLEDGE", default=True)
