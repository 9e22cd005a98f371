"""Structured logs with a request id (issue 18): every record of a request carries the id
the answer returns in X-Request-ID; a client's own id counts only behind a trusted proxy."""

import copy
import io
import json
import logging.config
import re
import uuid

from django.conf import settings as django_settings

import pytest

pytestmark = pytest.mark.django_db

HEX_ID = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture
def json_log():
    """The project's LOGGING as configured, with the console handler writing into a buffer."""
    buffer = io.StringIO()
    config = copy.deepcopy(django_settings.LOGGING)
    config["formatters"]["json"] = {**config["formatters"]["json"]}
    config["handlers"]["console"] = {**config["handlers"]["console"], "formatter": "json", "stream": buffer}
    logging.config.dictConfig(config)
    try:
        yield buffer
    finally:
        logging.config.dictConfig(django_settings.LOGGING)


def records(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_every_record_of_a_request_carries_its_id(client, json_log):
    response = client.get("/bestaat-niet/")
    request_id = response["X-Request-ID"]
    assert HEX_ID.match(request_id)
    logged = [r for r in records(json_log) if r["logger"] == "django.request"]
    assert logged, json_log.getvalue()
    record = logged[0]
    assert record["request_id"] == request_id
    assert record["level"] == "WARNING"
    assert record["message"] == "Not Found: /bestaat-niet/"
    assert {"time", "pid"} <= set(record)
    assert "request" not in record  # its text would carry the query string
    # the next request gets another id
    assert client.get("/bestaat-niet/")["X-Request-ID"] != request_id


def test_a_clients_id_is_ignored_without_a_trusted_proxy(client, settings):
    settings.GIR_TRUSTED_PROXY_COUNT = 0
    sent = uuid.uuid4().hex
    response = client.get("/gezond/", HTTP_X_REQUEST_ID=sent)
    assert HEX_ID.match(response["X-Request-ID"])
    assert response["X-Request-ID"] != sent


def test_a_trusted_proxys_id_is_taken_when_well_formed(client, settings):
    settings.GIR_TRUSTED_PROXY_COUNT = 1
    sent = uuid.uuid4().hex
    assert client.get("/gezond/", HTTP_X_REQUEST_ID=sent)["X-Request-ID"] == sent
    odd = client.get("/gezond/", HTTP_X_REQUEST_ID='"><script>x</script>')["X-Request-ID"]
    assert HEX_ID.match(odd)


def test_log_format_follows_debug_unless_set(monkeypatch):
    import importlib

    import config.settings as production

    try:
        monkeypatch.setenv("GIR_SECRET_KEY", "k" * 50)
        monkeypatch.delenv("GIR_LOG_FORMAT", raising=False)
        monkeypatch.setenv("GIR_DEBUG", "0")
        assert importlib.reload(production).GIR_LOG_FORMAT == "json"
        assert importlib.reload(production).LOGGING["handlers"]["console"]["formatter"] == "json"
        monkeypatch.setenv("GIR_DEBUG", "1")
        assert importlib.reload(production).GIR_LOG_FORMAT == "text"
        monkeypatch.setenv("GIR_LOG_FORMAT", "json")
        assert importlib.reload(production).GIR_LOG_FORMAT == "json"
        monkeypatch.setenv("GIR_LOG_FORMAT", "xml")
        with pytest.raises(RuntimeError, match="json or text"):
            importlib.reload(production)
    finally:
        monkeypatch.undo()
        importlib.reload(production)
