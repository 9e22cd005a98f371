"""The container files (issue 18). Docker does not run where the tests run, so
`docker compose up` is not tried here: these tests read Dockerfile and compose.yaml and
check what GIR relies on. (docker/healthcheck itself runs against real gunicorn servers in
test_two_web_servers.py.)"""

from pathlib import Path

from django.conf import settings

import yaml

ROOT = Path(settings.BASE_DIR)
LONG_RUNNING = ("db", "objectstore", "web", "worker", "scheduler")
S3_NAMES = {
    "GIR_S3_BUCKET",
    "GIR_S3_ENDPOINT_URL",
    "GIR_S3_ACCESS_KEY_ID",
    "GIR_S3_SECRET_ACCESS_KEY",
    "GIR_S3_REGION",
}


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_starts_every_process_with_health_checks():
    services = compose()["services"]
    assert set(services) == {*LONG_RUNNING, "bucket", "migrate"}
    for name in LONG_RUNNING:
        assert services[name]["healthcheck"]["test"], name
    assert services["db"]["image"] == "postgres:15"
    assert services["web"]["command"] == ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
    assert services["worker"]["command"] == ["python", "manage.py", "task_worker"]
    assert services["scheduler"]["command"] == ["python", "manage.py", "task_scheduler"]
    assert "/gezond/" in services["web"]["healthcheck"]["test"]
    # Migrated once, before the web server, worker and scheduler start; the bucket first too.
    for name in ("web", "worker", "scheduler"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["depends_on"]["bucket"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["environment"]["GIR_MIGRATE"] == "1"
    assert "anonymous set none" in services["bucket"]["command"][0]  # a private bucket


def test_compose_gives_every_gir_process_the_same_database_and_storage():
    services = compose()["services"]
    for name in ("migrate", "web", "worker", "scheduler"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://gir:")
        assert env["DATABASE_URL"].endswith("@db:5432/gir")
        assert env["GIR_STORAGE"] == "s3"
        assert set(env) >= S3_NAMES, name
        assert env["GIR_SECRET_KEY"].startswith("${GIR_SECRET_KEY:?")  # refused when unset


def test_dockerfile_builds_from_the_lock_and_runs_as_a_user():
    text = (ROOT / "Dockerfile").read_text()
    assert "FROM python:${PYTHON_VERSION}-slim" in text and "ARG PYTHON_VERSION=3.13" in text
    assert "uv sync --frozen --no-dev" in text
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "libmagic1"):
        assert package in text
    assert "collectstatic --no-input" in text
    assert "\nUSER gir\n" in text
    assert 'CMD ["python", "docker/healthcheck", "http", "/gezond/"]' in text
    assert 'ENTRYPOINT ["docker/entrypoint"]' in text
    assert 'CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]' in text
    entrypoint = ROOT / "docker" / "entrypoint"
    assert entrypoint.stat().st_mode & 0o111 and "manage.py migrate --no-input" in entrypoint.read_text()


def test_dockerignore_keeps_local_data_out_of_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".venv", ".git", "db.sqlite3*", "var/", ".env"):
        assert entry in ignored
