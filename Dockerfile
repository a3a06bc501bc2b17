# Kindred: the API, the PWA (served by WhiteNoise) and the task worker, in one image.
# Build: docker build -t kindred .   Run the whole stack: docker compose up (see docs/deploy.md).
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    KINDRED_VAR_DIR=/app/var \
    PORT=8000

# tzdata: IANA zones for recurrence expansion; curl: the container health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tzdata curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements/ requirements/
RUN pip install -r requirements/base.in -c requirements/lock.txt

COPY backend/ backend/
COPY frontend/ frontend/

# The message catalogs (backend/locale/*/LC_MESSAGES/django.po) compiled by Babel, as `make install` does.
RUN pybabel --quiet compile --domain django --directory backend/locale

# Static files are collected at build time; the throwaway key only satisfies the settings check.
RUN SECRET_KEY=collectstatic-only-not-used-at-runtime-0123456789abcdefghijklmnopqrstuvwxyz \
    python backend/manage.py collectstatic --noinput \
    && useradd --system --uid 10001 --home /app --shell /usr/sbin/nologin kindred \
    && chown -R kindred:kindred /app/var

USER kindred
WORKDIR /app/backend
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/healthz" -H "X-Forwarded-Proto: https" || exit 1
CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
