"""The public projection carries exactly the questionnaires' public fields: a field made
public (or private) in the questionnaire and not in the contract would fail here."""

from contracts.events.capture import (
    PublicCurricular,
    PublicIdentity,
    PublicProjection,
)
from contracts.questionnaires import CURRICULAR, IDENTITY, Publicity
from services.capture.domain.publicity import public_curricular, public_identity


def test_the_public_curricular_fields_are_exactly_the_questionnaires_public_ones() -> None:
    public = {f.name for f in CURRICULAR.fields if f.publicity is Publicity.PUBLIC}
    assert set(PublicCurricular.model_fields) == public


def test_the_public_identity_fields_are_exactly_those_public_with_consent() -> None:
    public = {f.name for f in IDENTITY.fields if f.publicity is Publicity.IF_CONSENTED}
    assert set(PublicIdentity.model_fields) == public


def test_an_unanswered_or_not_applicable_answer_is_absent_from_the_json() -> None:
    identity = public_identity({"indigena": "Sí", "pueblo_indigena": "No aplica", "x": 1})
    curricular = public_curricular({"propuesta_1": "Texto", "correo_aclaraciones": "a@b.mx"})
    assert identity.model_dump(mode="json") == {"indigena": "Sí"}
    assert curricular.model_dump(mode="json") == {"propuesta_1": "Texto"}
    assert PublicIdentity().model_dump(mode="json") == {}


def test_every_field_of_the_projection_is_declared_and_frozen() -> None:
    for model in (PublicCurricular, PublicIdentity, PublicProjection):
        assert model.model_config.get("frozen") is True
    for model in (PublicCurricular, PublicIdentity):
        assert model.model_config.get("extra") == "forbid"
