"""Near-duplicate proposals, as a verifier meets them: a copy with its verbs conjugated
otherwise and a few words changed is close to the original and shares an LSH band with
it; two proposals on the same subject written by different people are not."""

from contracts.moderation import FlagKind, Prohibition
from services.moderation.domain.near_duplicates import (
    OtherProposal,
    copies,
    fingerprint,
    similarity,
    sketching,
)

HOW = sketching(0.7, 128)
ORIGINAL = (
    "Crearé una red municipal de estancias infantiles con horario extendido de seis de la "
    "mañana a diez de la noche, para que las madres y los padres que trabajan en turnos "
    "nocturnos o en la maquila puedan conservar su empleo. Cada estancia tendrá personal "
    "con formación en educación inicial, comedor con menú diseñado por nutriólogas y "
    "transporte seguro desde las colonias de la periferia. Se financiará con el ahorro "
    "en publicidad oficial y con convenios con las empresas del parque industrial."
)
COPY = (
    "Crearemos una red municipal de estancias infantiles con horario extendido de seis de "
    "la mañana a diez de la noche, para que las madres y los padres que trabajan en turnos "
    "nocturnos o en la maquila puedan conservar su trabajo. Cada estancia tendrá personal "
    "con formación en educacion inicial, comedor con menú diseñado por nutriólogos y "
    "transporte seguro desde las colonias de la periferia. Se financiará con el ahorro en "
    "publicidad oficial y con convenios con las empresas del parque industrial."
)
SAME_SUBJECT = (
    "Las madres trabajadoras de Apodaca necesitan guarderías abiertas de noche. Propongo "
    "abrir cinco centros de cuidado infantil en escuelas públicas que hoy cierran a las dos "
    "de la tarde, con maestras jubiladas como coordinadoras y apoyo del DIF estatal, y un "
    "padrón público de lugares disponibles por colonia para que nadie dependa de favores."
)


def test_a_copy_with_small_changes_is_close_and_shares_a_band() -> None:
    original = fingerprint("e-2027", "propuesta_1", ORIGINAL, HOW)
    copy = fingerprint("e-2027", "propuesta_2", COPY, HOW)
    assert original is not None and copy is not None
    assert similarity(original.signature, copy.signature) >= 0.7
    assert set(original.bands) & set(copy.bands)


def test_a_proposal_on_the_same_subject_by_someone_else_is_not_close() -> None:
    original = fingerprint("e-2027", "propuesta_1", ORIGINAL, HOW)
    other = fingerprint("e-2027", "propuesta_1", SAME_SUBJECT, HOW)
    assert original is not None and other is not None
    assert similarity(original.signature, other.signature) < 0.2
    assert not set(original.bands) & set(other.bands)


def test_every_replica_computes_the_same_fingerprint_and_elections_do_not_meet() -> None:
    once = fingerprint("e-2027", "propuesta_1", ORIGINAL, HOW)
    again = fingerprint("e-2027", "propuesta_1", ORIGINAL, sketching(0.7, 128))
    elsewhere = fingerprint("otra-2027", "propuesta_1", ORIGINAL, HOW)
    assert once == again
    assert once is not None and elsewhere is not None
    assert once.signature == elsewhere.signature
    assert not set(once.bands) & set(elsewhere.bands)


def test_a_short_proposal_is_not_compared() -> None:
    assert fingerprint("e-2027", "propuesta_1", "Más seguridad para todas y todos.", HOW) is None


def test_the_flag_names_the_other_proposal_its_owner_and_how_close_it_is() -> None:
    own = fingerprint("e-2027", "propuesta_2", COPY, HOW)
    original = fingerprint("e-2027", "propuesta_1", ORIGINAL, HOW)
    other = fingerprint("e-2027", "propuesta_1", SAME_SUBJECT, HOW)
    assert own is not None and original is not None and other is not None
    [flag] = copies(
        COPY,
        own,
        [
            OtherProposal("F-PAN-1", "Ana López Pérez", "propuesta_1", original.signature),
            OtherProposal("F-PRI-4", "Rosa Díaz Ochoa", "propuesta_1", other.signature),
        ],
        HOW.threshold,
    )
    assert (flag.kind, flag.prohibition) == (FlagKind.NEAR_DUPLICATE, Prohibition.COPIED_PROPOSAL)
    assert (flag.field, flag.start, flag.end, flag.evidence) == ("propuesta_2", 0, len(COPY), COPY)
    assert flag.other_candidacy_id == "F-PAN-1"
    percent = round(similarity(own.signature, original.signature) * 100)
    assert flag.detail == f"Muy parecida a la propuesta 1 de Ana López Pérez ({percent} %)"
