"""The lexicon's words and phrases, as a verifier meets them: found in their inflections,
without case or accents, with the exact span; never inside an innocent word that holds
them; and a malformed lexicon file refused at start with the reason."""

from pathlib import Path

import pytest

from contracts.moderation import FlagKind, Prohibition
from services.moderation.adapters.lexicon_file import (
    SHIPPED,
    LexiconRefused,
    load_lexicon,
    shipped_lexicon,
)
from services.moderation.domain.findings import Flag
from services.moderation.domain.words import plain

LEXICON = shipped_lexicon()


def hits(text: str) -> list[Flag]:
    return LEXICON.hits("motivo_cargo_publico", text)


def evidence(text: str) -> list[str]:
    return [flag.evidence for flag in hits(text)]


def test_the_shipped_lexicon_is_versioned_and_covers_each_category() -> None:
    assert LEXICON.version == "es-mx-v1"
    per_category: dict[str, int] = {}
    for term in LEXICON.terms:
        per_category[term.category] = per_category.get(term.category, 0) + 1
    assert set(per_category) == {
        "sexista_discriminatorio",
        "violencia_politica_genero",
        "llamado_al_voto",
        "ofensivo",
    }
    assert min(per_category.values()) >= 30


@pytest.mark.parametrize("term", [t.term for t in shipped_lexicon().terms])
def test_every_term_of_the_lexicon_is_found_where_it_is_written(term: str) -> None:
    found = hits(f"Lo dijo así: {term} y se fue")
    assert found, term
    assert any(plain(term) in plain(flag.evidence) for flag in found)


def test_a_call_to_vote_is_flagged_with_its_exact_span_and_a_spanish_detail() -> None:
    text = "Durante quince años serví a mi colonia. ¡Vota por mí este domingo!"
    [flag] = hits(text)
    assert flag.kind is FlagKind.LEXICON
    assert flag.prohibition is Prohibition.CAMPAIGN_SLOGANS
    assert text[flag.start : flag.end] == flag.evidence == "Vota por mí"
    assert flag.detail == "Llamado al voto o lema de campaña: “vota por mí”"


def test_inflections_capitals_and_missing_accents_are_the_same_word() -> None:
    text = (
        "Dijeron que éramos unas HISTÉRICAS y unos pendejos; "
        "votemos por el cambio y marquen la boleta; votame."
    )
    assert evidence(text) == [
        "HISTÉRICAS",
        "pendejos",
        "votemos por",
        "marquen la boleta",
        "votame",
    ]
    flags = hits(text)
    assert flags[0].prohibition is Prohibition.SEXIST_LANGUAGE
    assert flags[0].detail == (
        "Lenguaje sexista o discriminatorio: “HISTÉRICAS” (del léxico: “histérica”)"
    )
    assert flags[1].prohibition is Prohibition.OFFENSIVE


def test_language_of_political_violence_against_women_is_flagged_as_a_phrase() -> None:
    text = (
        "Que la regidora regrese a la cocina, decían; y a la síndica: calladita te ves más bonita."
    )
    found = hits(text)
    assert [f.evidence for f in found] == ["regrese a la cocina", "calladita te ves más bonita"]
    assert {f.prohibition for f in found} == {Prohibition.SEXIST_LANGUAGE}
    assert found[1].detail == (
        "Posible violencia política contra las mujeres en razón de género: "
        "“calladita te ves más bonita”"
    )
    assert evidence("Propongo una cocina comunitaria en cada colonia.") == []


def test_innocent_words_that_hold_a_flagged_one_are_not_flagged() -> None:
    text = (
        "Soy devota de San Judas y trabajé en la disputa por el agua de la cuenca. "
        "Doné una computadora a cada escuela de América Latina que visité. "
        "Como diputada promoví la reputación de los servicios públicos, el voto informado "
        "de las personas jóvenes y la votación libre en las asambleas ejidales. "
        "Esterilizamos perros y gatos; el zorro del parque volvió. Pinchar llantas es delito. "
        "En las tortillerías del mercado se ampliará el horario. Juanita Pérez coordinó el "
        "programa. Nace una red de estancias para que las madres conserven su empleo."
    )
    assert hits(text) == []


def test_a_phrase_split_by_punctuation_or_a_line_is_not_that_phrase() -> None:
    assert evidence("Nadie vota. Por eso propongo consultas vecinales.") == ["vota"]
    assert evidence("Cursos:\nvota\npor la paz") == ["vota"]


def test_the_longest_term_speaks_where_two_overlap() -> None:
    assert evidence("Dame tu voto el 2 de junio.") == ["Dame tu voto"]


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "es-mx-v9.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_term_citing_a_prohibition_its_category_cannot_is_refused_by_entry(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        'version = "es-mx-v9"\n[[entradas]]\ntermino = "vota"\n'
        'categoria = "llamado_al_voto"\nprohibicion = "contenido_ofensivo"\n',
    )
    with pytest.raises(LexiconRefused) as refused:
        load_lexicon(path)
    assert str(refused.value) == (
        "El léxico es-mx-v9.toml no es válido: «entradas.0»: La categoría "
        "«llamado_al_voto» cita lemas_campana, no «contenido_ofensivo»."
    )


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("version = = 1", "«(archivo)»: no es TOML válido"),
        ('entradas = []\nversion = "es-mx-v9"', "«entradas»: Debe tener al menos 1 elementos."),
        (
            'version = "nueva"\n[[entradas]]\ntermino = "naco"\ncategoria = "ofensivo"\n'
            'prohibicion = "contenido_ofensivo"\n',
            "«version»: No tiene el formato esperado.",
        ),
        (
            'version = "es-mx-v9"\n[[entradas]]\ntermino = "Naco"\ncategoria = "ofensivo"\n'
            'prohibicion = "contenido_ofensivo"\n[[entradas]]\ntermino = "naco"\n'
            'categoria = "ofensivo"\nprohibicion = "contenido_ofensivo"\n',
            "El término «naco» aparece dos veces.",
        ),
        (
            'version = "es-mx-v9"\n[[entradas]]\ntermino = "naco"\ncategoria = "grosero"\n'
            'prohibicion = "contenido_ofensivo"\n',
            "«entradas.0.categoria»: Debe ser uno de:",
        ),
    ],
)
def test_a_malformed_lexicon_is_refused_with_the_reason(
    tmp_path: Path, body: str, said: str
) -> None:
    with pytest.raises(LexiconRefused) as refused:
        load_lexicon(write(tmp_path, body))
    assert said in str(refused.value)


def test_the_shipped_file_is_the_one_the_service_loads() -> None:
    assert SHIPPED.name == "es-mx-v1.toml"
    assert load_lexicon(SHIPPED).terms == LEXICON.terms
