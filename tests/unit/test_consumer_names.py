"""The durable consumers every service declares, by the names the server knows them by.

The NATS server keeps each durable consumer's position under its name. Changing a name
here is not a rename: it creates a new consumer that replays the whole stream against an
inbox that has none of its events, so every past event takes effect again. A consumer
added on purpose is added to this list; a name is never changed.
"""

import importlib

import pytest

from contracts import subjects
from contracts.services import BACKEND_SERVICES
from services.runtime.inbox import EventConsumer
from services.runtime.service_host import ServiceDefinition

DEPLOYED_DURABLE_NAMES = {
    "accounts__candidacy_registered",
    "accounts__candidacy_submitted",
    "accounts__candidacy_validated",
    "accounts__candidacy_withdrawn",
    "accounts__change_completed",
    "accounts__change_request_decided",
    "accounts__change_request_filed",
    "accounts__change_window_opened",
    "accounts__correction_decided",
    "accounts__correction_requested",
    "accounts__dead_letters",
    "accounts__incident_assigned",
    "accounts__incident_moved",
    "accounts__incident_opened",
    "accounts__incident_overdue",
    "accounts__completeness_reminded",
    "accounts__consent_rejected",
    "accounts__election_configured",
    "accounts__moderation_decided",
    "accounts__party_warned",
    "accounts__supervisor_edited",
    "accounts__window_extended",
    "audit__append_from_accounts",
    "audit__append_from_audit",
    "audit__append_from_capture",
    "audit__append_from_incidents",
    "audit__append_from_moderation",
    "audit__append_from_publication",
    "audit__dead_letters",
    "audit__note_candidacy",
    "capture__change_request_decided",
    "capture__consent_rejected",
    "capture__consent_verified",
    "capture__dead_letters",
    "capture__open_capture_windows",
    "incidents__dead_letters",
    "incidents__dead_letters_of_accounts",
    "incidents__dead_letters_of_audit",
    "incidents__dead_letters_of_capture",
    "incidents__dead_letters_of_moderation",
    "incidents__dead_letters_of_publication",
    "incidents__election_configured",
    "moderation__candidacy_registered",
    "moderation__candidacy_validated",
    "moderation__candidacy_withdrawn",
    "moderation__consent_review_requested",
    "moderation__consent_uploaded",
    "moderation__change_completed",
    "moderation__change_window_opened",
    "moderation__dead_letters",
    "moderation__election_configured",
    "moderation__projection_updated",
    "publication__bucket_profile_published",
    "publication__bucket_profile_updated",
    "publication__bucket_profile_withdrawn",
    "publication__candidacy_registered",
    "publication__candidacy_submitted",
    "publication__candidacy_validated",
    "publication__candidacy_withdrawn",
    "publication__dead_letters",
    "publication__election_configured",
    "publication__moderation_decided",
    "publication__photo_validated",
    "publication__projection_updated",
    "publication__publication_authorised",
}


def test_no_durable_consumer_changes_its_name() -> None:
    durable = set()
    for service in BACKEND_SERVICES:
        definition: ServiceDefinition = importlib.import_module(
            f"services.{service}.service"
        ).definition
        consumers = definition.consumers
        durable |= {subjects.durable_name(service, c.name) for c in consumers}
        if consumers:
            durable.add(subjects.durable_name(service, "dead_letters"))
    assert durable == DEPLOYED_DURABLE_NAMES


def test_a_consumer_cannot_be_declared_without_writing_its_name() -> None:
    async def handle(*_: object) -> None: ...

    with pytest.raises(TypeError):
        EventConsumer("by_position", "capture", "candidacy.registered", 1, handler=handle)  # type: ignore[misc]
