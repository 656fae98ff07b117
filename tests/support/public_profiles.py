"""Public documents as publication writes them into the public bucket (contracts/
publication.py), for tests of what the gateway makes of them: the search, the API, the
pages. What reaches the bucket through the real services is tested in
tests/integration/publication/ and in the portal's full-flow tests."""

import datetime as dt

import nats

from contracts.events.capture import (
    CatalogueEntry,
    CoalitionInfo,
    PartyInfo,
    PublicCurricular,
    PublicFormula,
    PublicIdentity,
    PublicPerson,
)
from contracts.publication import (
    EntryState,
    PublicElection,
    PublicEntry,
    PublicProfile,
    election_key,
    profile_key,
)
from services.runtime import bus
from services.runtime.settings import Settings

ELECTION = "nay-2027"
WHEN = dt.datetime(2027, 4, 1, 6, tzinfo=dt.UTC)
PROPOSAL = "Crear una red de estancias infantiles de tiempo completo en cada colonia. " * 4


def person(names: str, first: str, second: str | None, sex: str, age: int) -> PublicPerson:
    return PublicPerson(
        names=names, first_surname=first, second_surname=second, nickname=None, sex=sex, age=age
    )


def profile(
    candidacy_id: str,
    owner: PublicPerson,
    *,
    office: str = "diputacion",
    district: str | None = "d01",
    municipality: str | None = None,
    postulant_kind: str = "partido",
    postulant: str | None = "pan",
    education: str | None = "Licenciatura",
    action: str | None = None,
    alternate: PublicPerson | None = None,
    photo: str | None = None,
    identity: PublicIdentity | None = None,
    proposal: str = PROPOSAL,
    alternate_curricular: PublicCurricular | None = None,
    alternate_identity: PublicIdentity | None = None,
) -> PublicProfile:
    curricular = PublicCurricular(
        grado_maximo_estudios=education,
        propuesta_1=proposal,
        propuesta_2="Becas para estudiantes de preparatoria en zonas rurales. " * 5,
        fotografia=photo,
    )
    return PublicProfile(
        election_id=ELECTION,
        candidacy_id=candidacy_id,
        formula=PublicFormula(
            key=candidacy_id,
            office=office,
            district=district,
            municipality=municipality,
            list_position=None,
            postulant_kind=postulant_kind,
            postulant=postulant,
            status="registrada",
            owner=owner,
            alternate=alternate,
        ),
        capturing_party=postulant if postulant_kind == "partido" else None,
        curricular=curricular,
        identity=identity or PublicIdentity(),
        affirmative_action=action,
        photo_url=f"/fotos/{photo}" if photo else None,
        alternate_curricular=alternate_curricular,
        alternate_identity=alternate_identity or PublicIdentity(),
        alternate_photo_url=f"/fotos/{alternate_curricular.fotografia}"
        if alternate_curricular and alternate_curricular.fotografia
        else None,
        published_at=WHEN,
        updated_at=WHEN,
    )


def public(shown: PublicProfile, sequence: int = 1) -> bytes:
    entry = PublicEntry(
        candidacy_id=shown.candidacy_id,
        election_id=shown.election_id,
        state=EntryState.PUBLIC,
        sequence=sequence,
        profile=shown,
    )
    return entry.model_dump_json().encode()


def withdrawn(candidacy_id: str, sequence: int = 2) -> bytes:
    entry = PublicEntry(
        candidacy_id=candidacy_id,
        election_id=ELECTION,
        state=EntryState.WITHDRAWN,
        sequence=sequence,
        withdrawn_at=WHEN,
    )
    return entry.model_dump_json().encode()


def election(sequence: int = 1) -> bytes:
    catalogue = PublicElection(
        election_id=ELECTION,
        name="Proceso Electoral Local Nayarit 2027",
        institute="Instituto Estatal Electoral de Nayarit",
        time_zone="America/Mazatlan",
        publication_starts="2027-04-01",
        started=True,
        offices=[
            CatalogueEntry(id="diputacion", name="Diputación local"),
            CatalogueEntry(id="presidencia", name="Presidencia municipal"),
        ],
        districts=[
            CatalogueEntry(id="d01", name="Distrito 1 — Tepic"),
            CatalogueEntry(id="d02", name="Distrito 2 — Xalisco"),
        ],
        municipalities=[CatalogueEntry(id="m017", name="Tepic")],
        parties=[
            PartyInfo(id="pan", name="Partido Acción Nacional", acronym="PAN"),
            PartyInfo(id="pri", name="Partido Revolucionario Institucional", acronym="PRI"),
            PartyInfo(id="morena", name="Morena", acronym="MORENA"),
        ],
        coalitions=[
            CoalitionInfo(
                id="c-juntos",
                name="Juntos por Nayarit",
                parties=["pri", "pan"],
                capturing_party="pri",
            )
        ],
        affirmative_actions=[CatalogueEntry(id="indigena", name="Persona indígena")],
        shows_action_type=True,
        sequence=sequence,
    )
    return catalogue.model_dump_json().encode()


async def put_public(settings: Settings, values: dict[str, bytes]) -> None:
    """Write ``values`` (key → JSON) into the public bucket, as publication would."""
    nc = await nats.connect(settings.require_nats_urls())
    try:
        kv = await bus.public_bucket(nc.jetstream(), settings)
        for key, value in values.items():
            await kv.put(key, value)
    finally:
        await nc.close()


__all__ = ["election_key", "profile_key"]
