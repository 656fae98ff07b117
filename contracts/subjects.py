"""How streams, subjects and consumers are named.

Every name starts with the deployment's *prefix* (its instance name), so several
deployments or test runs share one NATS server without seeing each other.

- events: ``<prefix>.evt.<producer>.<type>.v<version>``, stored in the producer's stream
  ``<PREFIX>_EVT_<PRODUCER>``; the stream holds only that producer's events, so a
  consumer binds to exactly the stream it needs.
- requests: ``<prefix>.req.<service>.<operation>``, answered by the queue group
  ``<service>`` so replicas share the load.
"""

import re

_TOKEN = re.compile(r"^[a-z][a-z0-9_]*$")
_TYPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")


def _token(value: str, what: str) -> str:
    if not _TOKEN.match(value):
        raise ValueError(f"{what} {value!r} must be lowercase letters, digits and _")
    return value


def event_subject(prefix: str, producer: str, event_type: str, version: int) -> str:
    if not _TYPE.match(event_type):
        raise ValueError(f"event type {event_type!r} must be dotted lowercase words")
    return f"{_token(prefix, 'prefix')}.evt.{_token(producer, 'producer')}.{event_type}.v{version}"


def producer_subjects(prefix: str, producer: str) -> str:
    return f"{_token(prefix, 'prefix')}.evt.{_token(producer, 'producer')}.>"


def stream_name(prefix: str, producer: str) -> str:
    return f"{_token(prefix, 'prefix')}_evt_{_token(producer, 'producer')}".upper()


def request_subject(prefix: str, service: str, operation: str) -> str:
    if not _TYPE.match(operation):
        raise ValueError(f"operation {operation!r} must be dotted lowercase words")
    return f"{_token(prefix, 'prefix')}.req.{_token(service, 'service')}.{operation}"


def queue_group(service: str) -> str:
    return _token(service, "service")


def durable_name(consumer_service: str, handler: str) -> str:
    """One durable consumer per (service, handler): replicas share it, so each event is
    handled once per handler, however many replicas run."""
    return f"{_token(consumer_service, 'service')}__{_token(handler, 'handler')}"


def max_deliveries_advisory(stream: str, durable: str) -> str:
    """Subject on which the server announces that a consumer exhausted max_deliver."""
    return f"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{stream}.{durable}"


def public_bucket(prefix: str) -> str:
    """The key-value bucket of a deployment's public documents (contracts/publication.py)."""
    return f"{_token(prefix, 'prefix')}_public"
