# syntax=docker/dockerfile:1
# GIR's image: the web server (gunicorn), the task worker and the scheduler all run from it
# (compose.yaml). Built from the lock file; no compiler or uv in the final image.

ARG PYTHON_VERSION=3.13

# --- build: the locked dependencies into /app/.venv with uv ---------------------------------
FROM python:${PYTHON_VERSION}-slim-trixie AS build
# The same uv as the Makefile installs (UV_VERSION).
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app
# Dependencies first (a layer that changes only with the lock), then GIR itself.
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=uv.lock,target=uv.lock \
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    uv sync --frozen --no-dev --no-install-project
COPY . /app
RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev

# --- runtime ---------------------------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim-trixie AS runtime
# WeasyPrint's libraries (Pango, HarfBuzz with subsetting, fonts) for the PDFs, libmagic for
# checking files by content, and the PostgreSQL client for backups (pg_dump, pg_restore).
RUN apt-get update \
    && apt-get install --yes --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        libfontconfig1 fonts-dejavu-core fonts-liberation \
        libmagic1 \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 gir \
    && useradd --system --uid 10001 --gid gir --home-dir /app --no-create-home --shell /usr/sbin/nologin gir
WORKDIR /app
COPY --from=build /app /app
# (XDG_CACHE_HOME: fontconfig keeps its cache where the user gir may write.)
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings \
    GIR_BIND=0.0.0.0:8000 \
    GIR_PROGRESS_DIR=/app/var/progress \
    GIR_MEDIA_ROOT=/app/var/files \
    XDG_CACHE_HOME=/tmp/cache
# The static files, compressed and with hashed names, into the image (a build-time key: the
# settings insist on one when debug is off; nothing is signed with it).
RUN GIR_SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --no-input -v 0 \
    && mkdir -p /app/var/files /app/var/progress \
    && chown -R gir:gir /app/var/files /app/var/progress \
    && chmod 0750 /app/var/files /app/var/progress
USER gir
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "docker/healthcheck", "http", "/gezond/"]
ENTRYPOINT ["docker/entrypoint"]
CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
