"""Questionnaire answers as a capturist meets them: Spanish problems per field, the skip
logic, "Prefiero no contestar", lengths counted without spaces, completeness."""

from contracts.questionnaires import CURRICULAR, IDENTITY, NOT_APPLICABLE, PREFER_NOT
from services.capture.domain.answers import check_answers, correction_problems, counted_length

TEXT_300 = "palabra " * 38  # 266 letters without the spaces: too short for 280
TEXT_OK = "propuesta " * 40  # 360 letters without spaces


def reasons(checked: object, name: str) -> list[str]:
    return [p.reason for p in checked.problems if p.field == name]  # type: ignore[attr-defined]


def test_lengths_count_letters_not_spaces() -> None:
    assert counted_length("a b\tc\n") == 3
    checked = check_answers(CURRICULAR, {"propuesta_1": TEXT_300})
    assert reasons(checked, "propuesta_1") == ["Tiene 266 caracteres; el mínimo es 280."]
    assert checked.answers["propuesta_1"] == TEXT_300.strip()  # a draft keeps what was typed


def test_a_wrong_option_is_refused_and_not_kept() -> None:
    checked = check_answers(CURRICULAR, {"grado_maximo_estudios": "Bachillerato"})
    assert reasons(checked, "grado_maximo_estudios") == ["Elija una de las opciones."]
    assert "grado_maximo_estudios" not in checked.answers


def test_no_disability_makes_its_follow_ups_not_applicable() -> None:
    checked = check_answers(IDENTITY, {"discapacidad": "No", "discapacidad_tipo": "Física"})
    for follow_up in ("discapacidad_temporalidad", "discapacidad_tipo", "discapacidad_dificultad"):
        assert checked.answers[follow_up] == NOT_APPLICABLE
    assert checked.answers["discapacidad_sensorial"] == NOT_APPLICABLE  # two levels down


def test_a_yes_asks_its_follow_ups() -> None:
    checked = check_answers(IDENTITY, {"migrante": "Sí"})
    assert {"entidad_nacimiento", "pais_residencia", "tiempo_extranjero"} <= set(checked.missing)


def test_every_identity_question_accepts_prefer_not_to_answer() -> None:
    answers = {f.name: PREFER_NOT for f in IDENTITY.fields if f.applies_when is None}
    checked = check_answers(IDENTITY, answers)
    assert checked.problems == []
    assert checked.missing == []
    assert set(checked.completeness.values()) == {100}


def test_the_curricular_questionnaire_needs_one_public_contact_means() -> None:
    base = {
        "fotografia": "a" * 64,
        "grado_maximo_estudios": "Sin estudios",
        "historia_profesional_laboral": TEXT_OK,
        "trayectoria_politica": TEXT_OK,
        "propuesta_1": TEXT_OK,
        "propuesta_2": TEXT_OK,
        "propuesta_genero_grupo": TEXT_OK,
        "correo_aclaraciones": "persona@ejemplo.mx",
    }
    without = check_answers(CURRICULAR, base)
    assert without.missing == ["medio_de_contacto_publico"]
    assert without.answers["estatus_grado"] == NOT_APPLICABLE  # "Sin estudios"
    complete = check_answers(CURRICULAR, {**base, "telefonos_publicos": ["81 1234 5678"]})
    assert complete.submittable


def test_unknown_fields_and_long_lists_are_reported() -> None:
    checked = check_answers(
        CURRICULAR, {"apodo": "x", "correos_publicos": ["a@b.mx", "c@d.mx", "e@f.mx", "g@h.mx"]}
    )
    assert reasons(checked, "apodo") == ["Este campo no existe."]
    assert reasons(checked, "correos_publicos") == ["Son 4; el máximo es 3."]


def test_completeness_is_a_percentage_per_section() -> None:
    checked = check_answers(CURRICULAR, {"propuesta_1": TEXT_OK})
    assert checked.completeness["propuestas"] == 33
    assert checked.completeness["trayectoria"] == 0


def test_a_draft_keeps_a_malformed_address_or_phone_with_its_problem() -> None:
    typed = {
        "pagina_web": "mi sitio punto com",
        "correo_aclaraciones": "ana@",
        "telefonos_publicos": ["81 12", "81 1234 5678"],
    }
    checked = check_answers(CURRICULAR, typed)
    assert checked.answers["pagina_web"] == "mi sitio punto com"
    assert checked.answers["correo_aclaraciones"] == "ana@"
    assert checked.answers["telefonos_publicos"] == ["81 12", "81 1234 5678"]
    assert reasons(checked, "pagina_web") == ["Escriba una dirección web completa (https://…)."]
    assert reasons(checked, "correo_aclaraciones") == ["No es un correo electrónico válido."]
    assert "correo_aclaraciones" in checked.missing  # kept, but not an answer to submit
    assert not checked.submittable


def test_a_correction_refuses_a_problem_or_an_emptied_answer_only_in_what_it_changes() -> None:
    checked = check_answers(
        CURRICULAR, {"propuesta_1": TEXT_300, "propuesta_2": "", "trayectoria_politica": TEXT_OK}
    )
    problems = correction_problems(checked, ["propuesta_2", "trayectoria_politica"])
    assert [(p.field, p.reason) for p in problems] == [
        ("propuesta_2", "Escriba la respuesta corregida; no puede quedar vacía.")
    ]  # propuesta_1 is short, but the correction does not change it
    too_short = correction_problems(checked, ["propuesta_1"])
    assert [p.reason for p in too_short] == ["Tiene 266 caracteres; el mínimo es 280."]
