# syntax=docker/dockerfile:1
# Case desk, production image: gunicorn serves the app on port 8000; the same
# image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    WEB_CONCURRENCY=3

# gunicorn keeps its control socket under $HOME/.gunicorn: the user gets a home of its own.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

# The monthly client reports' PDFs: WeasyPrint draws through Pango, Cyrillic in DejaVu.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them. The
# project installs its dependencies only (`[tool.setuptools] py-modules = []`).
COPY pyproject.toml README.md* ./
RUN pip install . && rm -rf build *.egg-info

COPY . .

# Static files are collected into the image and served by WhiteNoise. The
# SECRET_KEY here exists only for this build step; it is not kept in the image.
RUN SECRET_KEY=build-only-not-a-secret python manage.py collectstatic --noinput \
    && mkdir -p /app/media \
    && chown app:app /app/media

USER app

EXPOSE 8000

# gunicorn reads WEB_CONCURRENCY for its worker count (default 3 above: about
# 2 x CPU + 1 for a small host; override per deployment).
CMD ["gunicorn", "config.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--access-logfile", "-", \
     "--error-logfile", "-", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--worker-tmp-dir", "/dev/shm"]
