"""Validation errors reach people in Spanish, including a contract's own rules."""

from typing import Literal

import pytest
from pydantic import BaseModel, EmailStr, ValidationError, field_validator

from contracts.errors import Invalid
from contracts.validation_messages import field_problems


class Form(BaseModel):
    correo: EmailStr | None = None
    zona: str | None = None
    orden: Literal["recientes", "antiguas", "nombre"] | None = None

    @field_validator("zona")
    @classmethod
    def _known(cls, zona: str | None) -> str | None:
        if zona == "Gotham":
            raise Invalid("zona horaria desconocida: Gotham")
        return zona


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"zona": "Gotham"}, "Zona horaria desconocida: Gotham."),
        ({"correo": "no-es-correo"}, "No es un correo electrónico válido."),
        ({"orden": "x"}, "Debe ser uno de: 'recientes', 'antiguas' o 'nombre'."),
    ],
)
def test_reasons_are_in_spanish(data: dict[str, str], reason: str) -> None:
    with pytest.raises(ValidationError) as error:
        Form.model_validate(data)
    assert [p.reason for p in field_problems(error.value)] == [reason]


class Choice(BaseModel):
    calidad: Literal["propietaria", "suplente", "ninguna"]


def test_a_list_of_allowed_values_says_o_not_or() -> None:
    with pytest.raises(ValidationError) as error:
        Choice.model_validate({"calidad": "otra"})
    (problem,) = field_problems(error.value)
    assert problem.reason == "Debe ser uno de: 'propietaria', 'suplente' o 'ninguna'."
