"""Settings for the test suite: SQLite unless DATABASE_URL points at PostgreSQL."""

from config.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-not-a-secret"  # nosec B105 # the test suite's own, never deployed
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Tests that need a real worker run it against REDIS_URL themselves; the rest run
# tasks in-process so that an effect is visible as soon as its transaction commits.
CELERY_TASK_ALWAYS_EAGER = True
AXES_ENABLED = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Serve static files from the apps and static/ directly, as runserver does, so that
# browser tests need no collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The webhook relay is woken on commit only where a test asks for it (tests/webhooks).
WEBHOOK_RELAY_ON_COMMIT = False
WEBHOOK_ALLOWED_HOSTS = []
