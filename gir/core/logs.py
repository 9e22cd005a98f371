"""Logging parts: the request id on every record of a request, and gunicorn's access log as
JSON (config/gunicorn.conf.py), one object a request with the id GIR returned; the query
string is left out, since searches carry names."""

import logging
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from pythonjsonlogger.json import JsonFormatter

# The id of the request this thread is serving (set by gir.core.middleware.request_id_middleware,
# cleared when the response is finished, after Django has logged it).
current_request_id: ContextVar[str | None] = ContextVar("gir_request_id", default=None)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


# gunicorn's atoms (its access-log format letters) -> the field each becomes.
ACCESS_FIELDS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "{x-request-id}o": "request_id",
    "a": "user_agent",
}
# The readable form of the same line, for GIR_LOG_FORMAT=text.
ACCESS_TEXT_FORMAT = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'


class AccessJsonFormatter(JsonFormatter):
    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        atoms = record.args if isinstance(record.args, Mapping) else {}
        for atom, field in ACCESS_FIELDS.items():
            value = atoms.get(atom)
            log_data[field] = None if value in (None, "-") else value
