"""What a verifier's decision does to what of a candidacy may be public (DESIGN §5):
disabling one public curricular field, or the whole profile, citing a prohibition of
002 §II.A.1; or enabling again what a decision in force disabled, with a reason.

A decision is never changed; a reversal is a decision of its own that names the one it
reverses. The restrictions are what the decisions in force add up to, and each decision
raises their revision by one, so that whoever honours them keeps the latest.
"""

from dataclasses import dataclass

from contracts.events.moderation import Restrictions
from contracts.questionnaires import CURRICULAR, Publicity
from services.moderation.domain.errors import NotFound, Refused

PUBLIC_FIELDS = {f.name: f.label for f in CURRICULAR.fields if f.publicity is Publicity.PUBLIC}
"""The curricular fields a decision may disable, with the label a person reads."""

WHOLE_PROFILE = "Perfil completo"


def field_label(field: str | None) -> str:
    return WHOLE_PROFILE if field is None else PUBLIC_FIELDS.get(field, field)


@dataclass(frozen=True)
class DecisionInForce:
    decision_id: str
    field: str | None  # None: the whole profile


def check_field(field: str | None) -> None:
    if field is not None and field not in PUBLIC_FIELDS:
        raise NotFound(f"«{field}» no es un campo público del cuestionario curricular.")


def disabling(current: Restrictions, field: str | None) -> Restrictions:
    """The restrictions once ``field`` (None: the profile) is disabled; refused when it
    already is."""
    check_field(field)
    if field is None:
        if current.profile_disabled:
            raise Refused("La publicación de este perfil ya está deshabilitada.")
        return current.model_copy(
            update={"profile_disabled": True, "revision": current.revision + 1}
        )
    if field in current.disabled_fields:
        raise Refused(f"La publicación de «{field_label(field)}» ya está deshabilitada.")
    fields = sorted({*current.disabled_fields, field})
    return current.model_copy(update={"disabled_fields": fields, "revision": current.revision + 1})


def enabling(current: Restrictions, reversed_decision: DecisionInForce | None) -> Restrictions:
    """The restrictions once the decision in force is reversed; refused when there is no
    such decision, or it was reversed already."""
    if reversed_decision is None:
        raise Refused("Esa decisión no está vigente: no hay nada que volver a habilitar.")
    field = reversed_decision.field
    if field is None:
        return current.model_copy(
            update={"profile_disabled": False, "revision": current.revision + 1}
        )
    fields = [f for f in current.disabled_fields if f != field]
    return current.model_copy(update={"disabled_fields": fields, "revision": current.revision + 1})
