"""Pydantic's validation errors, said in Spanish for the person who sent the data."""

from typing import Any

from pydantic import ValidationError

from contracts.errors import FieldProblem, Invalid

SPANISH: dict[str, str] = {
    "missing": "Este campo es obligatorio.",
    "int_parsing": "Debe ser un número entero.",
    "int_type": "Debe ser un número entero.",
    "float_parsing": "Debe ser un número.",
    "bool_parsing": "Debe ser verdadero o falso.",
    "string_type": "Debe ser texto.",
    "greater_than": "Debe ser mayor que {gt}.",
    "greater_than_equal": "Debe ser mayor o igual que {ge}.",
    "less_than": "Debe ser menor que {lt}.",
    "less_than_equal": "Debe ser menor o igual que {le}.",
    "string_too_short": "Debe tener al menos {min_length} caracteres.",
    "string_too_long": "Debe tener como máximo {max_length} caracteres.",
    "too_short": "Debe tener al menos {min_length} elementos.",
    "too_long": "Debe tener como máximo {max_length} elementos.",
    "string_pattern_mismatch": "No tiene el formato esperado.",
    "enum": "Debe ser uno de: {expected}.",
    "literal_error": "Debe ser uno de: {expected}.",
    "date_parsing": "Debe ser una fecha AAAA-MM-DD.",
    "date_from_datetime_parsing": "Debe ser una fecha AAAA-MM-DD.",
    "datetime_parsing": "Debe ser una fecha y hora ISO 8601.",
    "uuid_parsing": "Debe ser un identificador UUID.",
    "json_invalid": "No es JSON válido.",
    "model_type": "Debe ser un objeto JSON.",
    "dict_type": "Debe ser un objeto JSON.",
    "list_type": "Debe ser una lista.",
    "extra_forbidden": "Este campo no se admite.",
}
FALLBACK = "El valor no es válido."


def spanish_reason(error: dict[str, Any]) -> str:
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, Invalid):  # a contract's own rule, already in Spanish
        text = str(cause)
        return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
    if error["type"] == "value_error" and "email address" in error.get("msg", ""):
        return "No es un correo electrónico válido."
    template = SPANISH.get(error["type"])
    if template is None:
        return FALLBACK
    context = dict(error.get("ctx", {}))
    if isinstance(context.get("expected"), str):  # pydantic lists choices as "'a' or 'b'"
        head, _, last = context["expected"].rpartition(" or ")
        context["expected"] = f"{head} o {last}" if head else last
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return FALLBACK


def field_problems(error: ValidationError, *, skip: tuple[str, ...] = ()) -> list[FieldProblem]:
    return [
        FieldProblem(
            field=".".join(str(part) for part in item["loc"] if part not in skip) or "(cuerpo)",
            reason=spanish_reason(dict(item)),
        )
        for item in error.errors()
    ]
