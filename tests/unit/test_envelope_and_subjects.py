"""Contracts: envelope rules and subject naming that every service relies on."""

from datetime import datetime
from uuid import uuid4

import pytest
from pydantic import ValidationError

from contracts import subjects
from contracts.envelope import Actor, EventEnvelope, new_event_id, utc_now


def envelope(**changes: object) -> EventEnvelope:
    values: dict[str, object] = {
        "id": new_event_id(),
        "type": "candidacy.submitted",
        "version": 1,
        "occurred_at": utc_now(),
        "producer": "capture",
        "actor": Actor.system("test"),
        "data": {},
    }
    values.update(changes)
    return EventEnvelope.model_validate(values)


def test_event_ids_are_uuid7_and_sort_by_creation() -> None:
    first, second = new_event_id(), new_event_id()
    assert first.version == 7
    assert first < second


def test_an_event_without_a_uuid7_id_is_refused() -> None:
    with pytest.raises(ValidationError, match="UUIDv7"):
        envelope(id=uuid4())


def test_an_event_time_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        envelope(occurred_at=datetime(2027, 6, 1, 12, 0))


def test_subjects_carry_prefix_producer_type_and_version() -> None:
    assert (
        subjects.event_subject("conoceles", "capture", "candidacy.submitted", 2)
        == "conoceles.evt.capture.candidacy.submitted.v2"
    )
    assert subjects.stream_name("conoceles", "capture") == "CONOCELES_EVT_CAPTURE"
    assert subjects.producer_subjects("t1", "capture") == "t1.evt.capture.>"
    assert subjects.request_subject("conoceles", "audit", "proof.inclusion") == (
        "conoceles.req.audit.proof.inclusion"
    )
    assert subjects.durable_name("publication", "on_validated") == "publication__on_validated"


@pytest.mark.parametrize("bad", ["Capture", "cap ture", "cap.ture", "", "captura>", "*"])
def test_a_name_that_could_break_a_subject_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        subjects.event_subject("conoceles", bad, "candidacy.submitted", 1)


@pytest.mark.parametrize("bad", ["Candidacy.Submitted", "candidacy..submitted", "a.>", "a.*"])
def test_an_event_type_with_wildcards_or_capitals_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        subjects.event_subject("conoceles", "capture", bad, 1)


def test_a_save_names_only_the_questionnaires_fields_and_bounds_what_is_typed() -> None:
    from pydantic import ValidationError

    from contracts.capture import QuestionnaireSave

    def save(answers: dict[str, object]) -> QuestionnaireSave:
        return QuestionnaireSave.model_validate(
            {"candidacy_id": "F-1", "cuestionario": "curricular", "respuestas": answers}
        )

    assert save({"pagina_web": "x" * 500}).respuestas["pagina_web"] == "x" * 500
    for bad, says in (
        ({"k" * 100_000: "Sí"}, "no existe en el cuestionario"),
        ({"indigena": "Sí"}, "no existe en el cuestionario"),  # an identity question
        ({"propuesta_1": "a" * 20_001}, "se guardan hasta"),
        ({"telefonos_publicos": ["81 1234 5678"] * 41}, "se guardan hasta"),
    ):
        try:
            save(bad)
        except ValidationError as error:
            message = str(error)
            assert says in message and len(message) < 2_000, message
        else:
            raise AssertionError(f"accepted {next(iter(bad))[:20]}")
