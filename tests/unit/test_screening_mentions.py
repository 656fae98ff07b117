"""Mentions of other parties and candidacies, as a verifier meets them: the election's
own catalogue looked for in a candidacy's text; its own party, its coalition partners and
its own owner are not "other"; an acronym that is also a word («PAN», «Morena») only
where its case says it is the party."""

from contracts.moderation import FlagKind, Prohibition
from services.moderation.domain.findings import (
    Catalogue,
    CoalitionName,
    Flag,
    PartyName,
    PersonName,
    Submission,
)
from services.moderation.domain.mentions import mentions

CATALOGUE = Catalogue(
    parties=(
        PartyName("pan", "Partido Acción Nacional", "PAN"),
        PartyName("pri", "Partido Revolucionario Institucional", "PRI"),
        PartyName("morena", "Morena", "MORENA"),
        PartyName("pt", "Partido del Trabajo", "PT"),
        PartyName("mc", "Movimiento Ciudadano", "MC"),
    ),
    coalitions=(
        CoalitionName("shh", "Sigamos Haciendo Historia", ("morena", "pt")),
        CoalitionName("fcm", "Fuerza y Corazón por México", ("pan", "pri")),
    ),
    people=(
        PersonName("F-PAN-1", "Ana López Pérez", "pan"),
        PersonName("F-MOR-2", "Rosa María Díaz Ochoa", "morena"),
        PersonName("F-IND-1", "Raúl Cantú Garza", None),
        PersonName("F-MOR-1", "Ana López García", "morena"),
    ),
)


def of(text: str, party: str | None = "morena", candidacy: str = "F-MOR-1") -> list[Flag]:
    submission = Submission("e-2027", candidacy, party, {"trayectoria_politica": text})
    return mentions(submission, CATALOGUE)


def seen(text: str, party: str | None = "morena") -> list[str]:
    return [flag.evidence for flag in of(text, party)]


def test_another_partys_acronym_is_flagged_with_the_partys_name() -> None:
    text = "Fui asesora del grupo legislativo del PRI durante seis años."
    [flag] = of(text)
    assert (flag.kind, flag.prohibition) == (FlagKind.PARTY_MENTION, Prohibition.MENTIONS)
    assert text[flag.start : flag.end] == "PRI"
    assert flag.detail == "Menciona al partido PRI (Partido Revolucionario Institucional)"
    assert flag.other_candidacy_id is None


def test_bread_is_not_the_pan_nor_a_brunette_morena() -> None:
    text = (
        "Pan y leche para cada escuela: repartimos pan a diario. "
        "Una morena de ojos claros dirigió el comedor."
    )
    assert seen(text, party="mc") == []
    assert seen("Los gobiernos del PAN y de Morena en la capital.", party="mc") == [
        "PAN",
        "Morena",
    ]


def test_an_acronym_is_a_whole_word() -> None:
    assert seen("Trabajé en PANAMÁ y en la empresa PRIMAVERA de Apodaca.", party="mc") == []


def test_a_full_name_is_flagged_but_a_common_phrase_in_lower_case_is_not() -> None:
    text = (
        "Impulsé un movimiento ciudadano por el agua. Después me invitó Movimiento "
        "Ciudadano; el Partido Revolucionario Institucional me ofreció una regiduría."
    )
    assert seen(text) == ["Movimiento Ciudadano", "Partido Revolucionario Institucional"]


def test_the_own_party_and_its_coalition_partners_are_not_other() -> None:
    text = (
        "Milito en MORENA desde 2014; en Sigamos Haciendo Historia caminamos con el PT. "
        "Enfrente estaba Fuerza y Corazón por México."
    )
    [flag] = of(text)
    assert flag.evidence == "Fuerza y Corazón por México"
    assert flag.detail == "Menciona a la coalición Fuerza y Corazón por México (PAN, PRI)"


def test_for_an_independent_candidacy_every_party_is_other() -> None:
    text = "Nunca milité en MORENA ni en el PT."
    assert seen(text, party=None) == ["MORENA", "PT"]


def test_another_candidacys_person_is_flagged_even_without_accents_or_with_a_typo() -> None:
    exact, typo = of(
        "Con Rosa María Díaz Ochoa fundamos el comedor; Ana Lopes Pérez lo cerró.",
        party="mc",
        candidacy="F-MC-1",
    )
    assert exact.kind is FlagKind.CANDIDACY_MENTION
    assert exact.evidence == "Rosa María Díaz Ochoa"
    assert exact.other_candidacy_id == "F-MOR-2"
    assert exact.detail == "Menciona a Rosa María Díaz Ochoa, de otra candidatura (MORENA)"
    assert typo.evidence == "Ana Lopes Pérez"
    assert typo.other_candidacy_id == "F-PAN-1"
    assert typo.detail.startswith("Menciona a Ana López Pérez, de otra candidatura (PAN); ")
    assert "parecido del 93 %" in typo.detail


def test_a_person_is_known_without_the_second_surname_and_without_accents() -> None:
    [flag] = of("Raul Cantu encabezó la marcha.", party="pan", candidacy="F-PAN-1")
    assert flag.other_candidacy_id == "F-IND-1"
    assert (
        flag.detail
        == "Menciona a Raúl Cantú Garza, de otra candidatura (candidatura independiente)"
    )


def test_the_own_owners_name_is_not_a_mention_even_where_it_holds_anothers() -> None:
    assert of("Soy Ana López García, maestra normalista.") == []


def test_a_first_name_alone_or_in_lower_case_is_not_a_person() -> None:
    text = "Rosa y María coordinan; la rosa maría díaz es una flor."
    assert of(text, party="pan", candidacy="F-PAN-1") == []
