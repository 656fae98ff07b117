"""The Cédula de Evaluación's rubric and points (001 §6; reference §3.2): the shipped
IEEN structure adds up to 49, a misconfigured rubric is refused in Spanish when loaded,
the mechanical variables score themselves from the answers, the first variable of a
rubro gates the rest, and each party's results count only complete Cédulas; the
curricular quality per party (004 §47) says who met the capture and averages each rubro."""

from pathlib import Path

import pytest

from contracts.events.capture import PublicCurricular
from contracts.profile import InstituteProfile
from services.capture.adapters.profile_files import shipped_profiles
from services.moderation.adapters.rubric_files import (
    RubricRefused,
    load_rubric,
    shipped_rubric,
    shipped_rubrics,
)
from services.moderation.domain.points import (
    UnknownVariables,
    cedula_points,
    check_marks,
    party_quality,
    party_results,
)
from services.moderation.domain.rubric import Rubric

LONG = "Propongo una red de estancias infantiles con horario extendido " * 6  # ≥ 280
COMPLETE = PublicCurricular(
    fotografia="/fotos/abc.jpg",
    telefonos_publicos=["81 1234 5678"],
    grado_maximo_estudios="Licenciatura",
    estatus_grado="Título",
    cursos=["Diplomado en políticas públicas"],
    historia_profesional_laboral=LONG,
    trayectoria_politica=LONG,
    propuesta_1=LONG,
    propuesta_2=LONG,
    propuesta_genero_grupo=LONG,
)
IEEN = shipped_rubric("ieen-2024")


def every_verifier_mark(met: bool) -> dict[str, bool]:
    return {v.id: met for v in IEEN.verifier_variables}


def test_every_shipped_rubric_loads_and_the_ieen_one_adds_up_to_49() -> None:
    assert set(shipped_rubrics()) >= {"ieen-2024"}
    assert IEEN.total == 49
    assert sum(rubro.max_points for rubro in IEEN.rubros) == 49
    titles = [rubro.titulo for rubro in IEEN.rubros]
    assert titles == [
        "Identidad",
        "Formación académica",
        "Historia profesional y/o laboral",
        "Trayectoria política y/o participación social",
        "¿Por qué quiere ocupar un cargo público?",
        "Propuesta 1",
        "Propuesta 2",
        "Propuesta Género",
    ]
    why = next(r for r in IEEN.rubros if r.id == "motivo_cargo")
    assert why.variables == [] and why.descripcion == "Este rubro no tiene variables a evaluar."
    # The first variable of each scored rubro says the information exists: it is mechanical.
    assert all(r.variables[0].mechanical for r in IEEN.rubros if r.variables)


def test_every_profile_with_the_cedula_names_a_shipped_rubric() -> None:
    profiles: dict[str, InstituteProfile] = shipped_profiles()
    with_cedula = {n for n, p in profiles.items() if p.analysis.cedula_de_evaluacion}
    assert with_cedula == {"estado-de-mexico", "tabasco"}  # 001 §6, 004 §46-47
    for name in with_cedula:
        assert shipped_rubric(profiles[name].analysis.cedula_rubric).total == 49


def test_a_complete_curricular_with_every_verifier_mark_scores_49_of_49() -> None:
    points = cedula_points(IEEN, COMPLETE, every_verifier_mark(True))
    assert (points.total, points.percentage, points.complete) == (49, 100.0, True)


def test_the_mechanical_marks_score_themselves_and_the_rest_wait_for_the_verifier() -> None:
    points = cedula_points(IEEN, COMPLETE, {})
    # Only Identidad and Formación have two mechanical variables (3 + 2); the other five
    # rubros one (3): 5 + 5 + 3 × 5 = 25.
    assert points.total == 25


def test_a_proposal_too_short_closes_its_rubro_whatever_the_verifier_ticked() -> None:
    short = COMPLETE.model_copy(update={"propuesta_1": "Más seguridad para todas."})
    points = cedula_points(IEEN, short, every_verifier_mark(True))
    proposal = next(r for r in points.rubros if r.rubro.id == "propuesta_1")
    assert [v.met for v in proposal.variables] == [False, False, False]
    assert [v.gated for v in proposal.variables] == [False, True, True]
    assert proposal.points == 0
    assert points.total == 42 and points.percentage == round(42 / 49 * 100, 2)
    assert points.complete  # a gated variable needs no mark


def marks_of(answers: PublicCurricular) -> dict[str, bool | None]:
    return {
        v.variable.id: v.met for r in cedula_points(IEEN, answers, {}).rubros for v in r.variables
    }


def test_a_length_counts_characters_other_than_whitespace() -> None:
    just = COMPLETE.model_copy(update={"historia_profesional_laboral": "a " * 279 + "b"})
    too_short = COMPLETE.model_copy(update={"historia_profesional_laboral": "a " * 279})
    assert marks_of(just)["historia_profesional.extension"] is True  # 280 letters
    assert marks_of(too_short)["historia_profesional.extension"] is False  # 279


def test_no_contact_means_costs_two_points_but_the_photo_still_opens_the_rubro() -> None:
    no_contact = COMPLETE.model_copy(update={"telefonos_publicos": None})
    points = cedula_points(IEEN, no_contact, every_verifier_mark(True))
    identity = points.rubros[0]
    assert [v.met for v in identity.variables] == [True, False, True]
    assert identity.points == 5 and points.total == 47


def test_without_a_photo_the_verifier_cannot_mark_the_photo_adequate() -> None:
    no_photo = COMPLETE.model_copy(update={"fotografia": None})
    identity = cedula_points(IEEN, no_photo, every_verifier_mark(True)).rubros[0]
    assert identity.points == 0 and identity.variables[2].gated


def test_unmarked_verifier_variables_leave_the_cedula_pending() -> None:
    marks = every_verifier_mark(True)
    del marks["propuesta_2.poblacion_metas"]
    points = cedula_points(IEEN, COMPLETE, marks)
    assert points.pending == 1 and not points.complete and points.total == 47


def test_the_verifier_marks_every_own_variable_and_no_mechanical_one() -> None:
    marks = check_marks(IEEN, ["identidad.fotografia_adecuada"])
    assert marks["identidad.fotografia_adecuada"] is True
    assert len(marks) == 12 and sum(marks.values()) == 1
    with pytest.raises(UnknownVariables, match=r"^identidad\.fotografia$"):
        check_marks(IEEN, ["identidad.fotografia"])  # the rule scores it
    with pytest.raises(UnknownVariables, match="inventada"):
        check_marks(IEEN, ["inventada"])


def test_party_results_average_only_the_complete_cedulas() -> None:
    full = cedula_points(IEEN, COMPLETE, every_verifier_mark(True))
    half = cedula_points(IEEN, COMPLETE, every_verifier_mark(False))
    pending = cedula_points(IEEN, COMPLETE, {})
    results = party_results([("pri", full), ("pan", half), ("pan", full), (None, pending)])
    assert [r.party for r in results] == ["pan", "pri", None]
    pan = results[0]
    assert (pan.candidacies, pan.scored) == (2, 2)
    assert (pan.lowest, pan.highest) == (half.percentage, 100.0)
    assert pan.average == round((half.percentage + 100.0) / 2, 2)
    independents = results[2]
    assert (independents.candidacies, independents.scored, independents.average) == (1, 0, None)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "prueba.toml"
    path.write_text(text, encoding="utf-8")
    return path


RUBRO = """
nombre = "Prueba"
total = {total}
[[rubros]]
id = "uno"
titulo = "Uno"
  [[rubros.variables]]
  id = "uno.existe"
  nombre = "Existe"
  puntos = 3
  regla = {regla}
  [[rubros.variables]]
  id = "uno.calidad"
  nombre = "Calidad"
  puntos = 2
  verificador = true
"""


def reasons(path: Path) -> str:
    with pytest.raises(RubricRefused) as refused:
        load_rubric(path)
    return str(refused.value)


def test_a_rubric_of_the_right_shape_loads(tmp_path: Path) -> None:
    rule = '{ tipo = "longitud", campo = "propuesta_1", minimo = 10 }'
    rubric: Rubric = load_rubric(write(tmp_path, RUBRO.format(total=5, regla=rule)))
    assert rubric.total == 5 and rubric.rubros[0].max_points == 5


@pytest.mark.parametrize(
    ("total", "rule", "reason"),
    [
        (49, '{ tipo = "respondido", campos = ["fotografia"] }', "suman 5, no 49"),
        (5, '{ tipo = "respondido", campos = ["correo_aclaraciones"] }', "«correo_aclaraciones»"),
        (5, '{ tipo = "longitud", campo = "cursos" }', "no es un texto"),
        (5, '{ tipo = "elementos", campo = "propuesta_1" }', "no es una lista"),
        (5, '{ tipo = "adivinar", campo = "propuesta_1" }', "«rubros.0.variables.0.regla»"),
        (5, '{ tipo = "respondido", campos = ["fotografia"], minimo = 2 }', "«minimo»"),
    ],
)
def test_a_rubric_that_does_not_fit_is_refused_in_spanish(
    tmp_path: Path, total: int, rule: str, reason: str
) -> None:
    assert reason in reasons(write(tmp_path, RUBRO.format(total=total, regla=rule)))


def test_a_variable_scored_both_ways_or_neither_is_refused(tmp_path: Path) -> None:
    both = RUBRO.format(total=5, regla='{ tipo = "respondido", campos = ["fotografia"] }')
    both = both.replace(
        "  verificador = true",
        '  verificador = true\n  regla = { tipo = "respondido", campos = ["cursos"] }',
    )
    assert "no ambas" in reasons(write(tmp_path, both))
    repeated = RUBRO.format(total=5, regla='{ tipo = "respondido", campos = ["fotografia"] }')
    repeated = repeated.replace('"uno.calidad"', '"uno.existe"')
    assert "repetidos: uno.existe" in reasons(write(tmp_path, repeated))
    assert "no es TOML" in reasons(write(tmp_path, "nombre = "))


def test_quality_per_party_says_who_met_the_capture_and_averages_each_rubro() -> None:
    full = cedula_points(IEEN, COMPLETE, every_verifier_mark(True))
    half = cedula_points(IEEN, COMPLETE, every_verifier_mark(False))
    pending = cedula_points(IEEN, COMPLETE, {})
    capture = {"pan": (5, 2), "pri": (3, 0), None: (1, 1)}
    results = party_quality(IEEN, capture, [("pan", full), ("pan", half), (None, pending)])
    assert [r.party for r in results] == ["pan", "pri", None]  # the independents last
    pan, pri, independents = results
    assert (pan.candidacies, pan.captured, pan.scored) == (5, 2, 2)
    assert len(pan.rubro_averages) == len(IEEN.rubros)
    for position, average in enumerate(pan.rubro_averages):
        expected = (full.rubros[position].points + half.rubros[position].points) / 2
        assert average == round(expected, 2)
    assert pan.average_points == round((full.total + half.total) / 2, 2)
    assert pan.average_percentage == round((full.percentage + half.percentage) / 2, 2)
    # a party none of whose candidacies met the capture still shows, with nothing averaged
    assert (pri.candidacies, pri.captured, pri.scored, pri.average_points) == (3, 0, 0, None)
    assert set(pri.rubro_averages) == {None}
    assert (independents.scored, independents.average_percentage) == (0, None)  # pending
