"""JSON-lines logs on stderr, each record carrying the service and the current trace ids."""

import logging
import sys

from opentelemetry import trace
from pythonjsonlogger.json import JsonFormatter


class _TraceIds(logging.Filter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self._service
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            record.trace_id = format(context.trace_id, "032x")
            record.span_id = format(context.span_id, "016x")
        return True


def setup_json_logs(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            timestamp=False,
        )
    )
    handler.addFilter(_TraceIds(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
