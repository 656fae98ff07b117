"""What a verifier's decision does to what of a candidacy may be public (DESIGN §5):
disabling one public curricular field, or the whole profile, citing a prohibition of
002 §II.A.1; or enabling again what a decision in force disabled, with a reason.

A decision is never changed; a reversal is a decision of its own that names the one it
reverses. The restrictions are what the decisions in force add up to, and each decision
raises their revision by one, so that whoever honours them keeps the latest.
"""

from dataclasses import dataclass

from contracts.events.capture import Person, person_of
from contracts.events.moderation import Restrictions
from contracts.moderation import PUBLIC_CURRICULAR, field_label
from services.moderation.domain.errors import NotFound, Refused

PUBLIC_FIELDS = PUBLIC_CURRICULAR
"""The curricular fields a decision may disable, with the label a person reads: the
owner's by their name, the alternate's prefixed (``suplente.propuesta_1``)."""


@dataclass(frozen=True)
class DecisionInForce:
    decision_id: str
    field: str | None  # None: the whole profile


NO_ALTERNATE = "Esta fórmula no tiene suplente: no hay campos de la suplente que deshabilitar."


def check_field(field: str | None, has_alternate: bool = True) -> None:
    """A public curricular field of the owner's, or prefixed ``suplente.``, of the
    alternate's (where the formula has one); nothing else."""
    if field is None:
        return
    person, name = person_of(field)
    if person is Person.ALTERNATE and not has_alternate:
        raise Refused(NO_ALTERNATE)
    if name not in PUBLIC_FIELDS:
        whose = "de la propietaria" if person is Person.OWNER else "de la suplente"
        raise NotFound(
            f"«{field}» no es un campo público del cuestionario curricular {whose}; los de "
            f"la suplente se nombran «suplente.<campo>»."
        )


def disabling(current: Restrictions, field: str | None, has_alternate: bool = True) -> Restrictions:
    """The restrictions once ``field`` (None: the profile) is disabled; refused when it
    already is, or names the alternate of a formula without one."""
    check_field(field, has_alternate)
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
