"""The password rules a person meets when activating an account."""

import pytest

from services.accounts.domain.passwords import hash_password, password_matches, password_problems


@pytest.mark.parametrize(
    "password",
    ["contraseña123", "Password1234!", "qwertyuiop123", "123456789012", "bienvenido2027"],
)
def test_common_or_patterned_passwords_are_refused(password: str) -> None:
    assert password_problems(password, password, user_inputs=[]) != []


def test_a_long_unrelated_phrase_is_accepted() -> None:
    phrase = "caballo correcto batería grapa 7"
    assert password_problems(phrase, phrase, user_inputs=["lucia.pena"]) == []


def test_short_passwords_are_refused_with_the_minimum_stated() -> None:
    assert password_problems("Ab3$xY9!", "Ab3$xY9!", user_inputs=[]) == [
        "Debe tener al menos 12 caracteres."
    ]


def test_a_password_containing_the_user_name_is_refused() -> None:
    password = "lucia.pena lluvia de marzo"
    assert (
        "nombre de usuario" in password_problems(password, password, user_inputs=["lucia.pena"])[0]
    )


def test_the_confirmation_must_match() -> None:
    assert password_problems("una frase larga rara", "otra", user_inputs=[]) == [
        "La confirmación no coincide con la contraseña."
    ]


def test_hashes_are_argon2id_and_verify_only_the_right_password() -> None:
    stored = hash_password("caballo correcto batería grapa 7")
    assert stored.startswith("$argon2id$")
    assert password_matches(stored, "caballo correcto batería grapa 7")
    assert not password_matches(stored, "caballo correcto batería grapa 8")
    assert not password_matches(None, "cualquiera")
