"""The portal's search over what the gateway holds: every filter, names without accents
or case, a stable order across pages, and changes (an update, a withdrawal) at once."""

import pytest

from contracts.publication import election_key, profile_key
from services.gateway import public_search
from services.gateway.public_read_model import PublicReadModel
from services.gateway.public_search import PublicSearch, SearchQuery, fold
from tests.support.public_profiles import election, person, profile, public, withdrawn

ANA = person("Ana Sofía", "Núñez", "Ibarra", "Mujer", 34)
LUIS = person("Luis", "Ávila", None, "Hombre", 58)
ROSA = person("Rosa María", "Peña", "López", "Mujer", 25)
NOE = person("Noé", "Zúñiga", None, "No binario", 41)


def searched(**filters: object) -> list[str]:
    found = INDEX.search(SearchQuery.model_validate(filters))
    return [c.candidacy_id for c in found.cards]


def indexed() -> tuple[PublicReadModel, PublicSearch]:
    model, index = PublicReadModel(), PublicSearch()
    model.on_change(index.hear)
    model.apply(election_key("nay-2027"), election(), 1)
    values = [
        profile("F-1", ANA, district="d01", postulant="pan", education="Maestría"),
        profile("F-2", LUIS, district="d01", postulant="morena", education="Licenciatura"),
        profile(
            "F-3",
            ROSA,
            district="d02",
            postulant_kind="coalicion",
            postulant="c-juntos",
            education="Preparatoria",
            action="Persona joven",
        ),
        profile(
            "F-4",
            NOE,
            office="presidencia",
            district=None,
            municipality="m017",
            postulant_kind="independiente",
            postulant=None,
            education=None,
        ),
    ]
    for n, each in enumerate(values, start=2):
        model.apply(profile_key(each.candidacy_id), public(each), n)
    return model, index


MODEL, INDEX = indexed()


def test_a_name_is_found_without_accents_or_case_and_by_any_of_its_words() -> None:
    assert fold("  Ñuño   PÉREZ ") == "nuno perez"
    assert searched(nombre="nunez") == ["F-1"]
    assert searched(nombre="ANA NÚÑEZ") == ["F-1"]
    assert searched(nombre="zuniga noe") == ["F-4"]
    assert searched(nombre="pena lopez rosa") == ["F-3"]
    assert searched(nombre="garcía") == []
    assert searched(nombre="nu") == ["F-1"]  # a word as it is being typed
    assert searched(nombre="ñez") == []  # words are found from their start


@pytest.mark.parametrize("read_max", [public_search.NAMES_READ_MAX, 0])
def test_a_name_beside_filters_is_found_whether_few_or_many_are_left(
    read_max: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Few left by the filters, their names are read; many, the index of words is used:
    either way the same candidacies are found."""
    monkeypatch.setattr(public_search, "NAMES_READ_MAX", read_max)
    assert searched(eleccion="nay-2027", nombre="nunez") == ["F-1"]
    assert searched(eleccion="nay-2027", nombre="ANA NÚÑEZ") == ["F-1"]
    assert searched(eleccion="nay-2027", nombre="nu") == ["F-1"]
    assert searched(eleccion="nay-2027", nombre="ñez") == []
    assert searched(eleccion="nay-2027", nombre="pena lopez rosa") == ["F-3"]
    assert searched(eleccion="nay-2027", nombre="rosa ana") == []
    assert searched(cargo="diputacion", nombre="a") == ["F-2", "F-1"]  # Ávila, Ana
    assert searched(postulacion="c-juntos", nombre="ma") == ["F-3"]  # Rosa María


def test_every_filter_narrows_the_results() -> None:
    assert searched(cargo="diputacion", distrito="d01") == ["F-2", "F-1"]  # Ávila, Núñez
    assert searched(municipio="m017") == ["F-4"]
    assert searched(postulacion="morena") == ["F-2"]
    assert searched(postulacion="c-juntos") == ["F-3"]
    assert searched(postulacion="independiente") == ["F-4"]
    assert searched(sexo="Mujer") == ["F-1", "F-3"]
    assert searched(edad_min=30, edad_max=45) == ["F-1", "F-4"]
    assert searched(edad_min=50) == ["F-2"]
    assert searched(escolaridad="Maestría") == ["F-1"]
    assert searched(accion_afirmativa="Persona joven") == ["F-3"]
    assert searched(sexo="Mujer", distrito="d01", nombre="ana") == ["F-1"]
    assert searched(sexo="Hombre", distrito="d02") == []
    assert INDEX.values_of("accion_afirmativa") == ["Persona joven"]


def test_pages_follow_one_stable_order() -> None:
    everyone = searched(por_pagina=100)
    assert everyone == ["F-2", "F-1", "F-3", "F-4"]
    pages = [searched(por_pagina=1, pagina=n) for n in range(1, 6)]
    assert pages == [["F-2"], ["F-1"], ["F-3"], ["F-4"], []]
    assert INDEX.search(SearchQuery(por_pagina=1)).total == 4


def test_a_contest_shows_every_candidacy_of_one_office_in_one_place() -> None:
    cards = INDEX.contest("nay-2027", "diputacion", "d01", None)
    assert [c.candidacy_id for c in cards] == ["F-2", "F-1"]  # morena, pan
    assert INDEX.contest("nay-2027", "diputacion", None, None) == []


def test_an_update_and_a_withdrawal_reach_the_search_at_once() -> None:
    model, index = indexed()
    renamed = profile("F-1", person("Ana Sofía", "Núñez", "Ibarra", "Mujer", 34), district="d02")
    model.apply(profile_key("F-1"), public(renamed, 2), 10)
    found = index.search(SearchQuery(distrito="d02"))
    assert [c.candidacy_id for c in found.cards] == ["F-1", "F-3"]
    assert index.search(SearchQuery(distrito="d01")).total == 1

    model.apply(profile_key("F-1"), withdrawn("F-1"), 11)
    assert index.card("F-1") is None and "F-1" in index.withdrawn
    assert index.search(SearchQuery(nombre="ana")).total == 0
    model.apply(profile_key("F-2"), None, 12)  # deleted: never public as far as anyone sees
    assert index.card("F-2") is None and "F-2" not in index.withdrawn
    assert len(index) == 2


def test_each_card_carries_its_prepared_json() -> None:
    card = INDEX.card("F-1")
    assert card is not None
    assert b'"candidacy_id":"F-1"' in card.card_json
    assert card.profile_held.value.startswith(b'{"election_id":"nay-2027"')
    assert card.profile_held.etag.startswith('"')


def test_a_party_finds_the_candidacies_of_the_coalitions_it_belongs_to() -> None:
    assert searched(postulacion="pan") == ["F-1", "F-3"]  # «Juntos por Nayarit»: PRI and PAN
    assert searched(postulacion="pri") == ["F-3"]
    assert searched(postulacion="pan", distrito="d02") == ["F-3"]


def test_the_contests_count_their_public_candidacies_as_they_change() -> None:
    model, index = indexed()
    assert index.contests() == {
        ("nay-2027", "diputacion", "d01", None): 2,
        ("nay-2027", "diputacion", "d02", None): 1,
        ("nay-2027", "presidencia", None, "m017"): 1,
    }
    model.apply(profile_key("F-3"), withdrawn("F-3"), 10)
    model.apply(profile_key("F-1"), public(profile("F-1", ANA, district="d02"), 2), 11)
    assert index.contests() == {
        ("nay-2027", "diputacion", "d01", None): 1,
        ("nay-2027", "diputacion", "d02", None): 1,
        ("nay-2027", "presidencia", None, "m017"): 1,
    }
