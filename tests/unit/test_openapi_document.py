"""The OpenAPI document says what the server does: how a client signs in, what each path
parameter may be, and what the gateway answers before any route does (405, 413, 400)."""

from typing import Any

from openapi_spec_validator import validate

from services.gateway.api import api
from services.gateway.openapi import build_openapi
from services.gateway.routes import setup_routes  # noqa: F401  (declares every route)


def document() -> dict[str, Any]:
    built = build_openapi(api.routes, version="1")
    validate(built)
    return built


def operations(built: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m.upper(), p, op) for p, item in built["paths"].items() for m, op in item.items()]


def test_signed_in_operations_declare_the_bearer_token_and_the_session_cookie() -> None:
    built = document()
    schemes = built["components"]["securitySchemes"]
    assert schemes["bearer"] == {**schemes["bearer"], "type": "http", "scheme": "bearer"}
    assert schemes["cookie"]["in"] == "cookie"
    for method, path, operation in operations(built):
        if "401" in operation["responses"]:
            assert operation.get("security") == [{"bearer": []}, {"cookie": []}], (method, path)
    public = built["paths"]["/api/v1/auditoria/checkpoint"]["get"]
    assert "security" not in public


def test_path_parameters_are_as_long_and_shaped_as_the_server_accepts() -> None:
    for method, path, operation in operations(document()):
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "path":
                continue
            schema = parameter["schema"]
            bounded = "maxLength" in schema or "enum" in schema or "pattern" in schema
            assert bounded, (method, path, parameter["name"])
    file_ = document()["paths"]["/api/v1/archivos/{sha256}"]["get"]["parameters"][0]
    assert file_["schema"]["pattern"] == "^[0-9a-f]{64}$"


def test_what_the_gateway_refuses_before_any_route_is_documented() -> None:
    for method, path, operation in operations(document()):
        assert {"405", "422"} <= operation["responses"].keys(), (method, path)
        if method in ("POST", "PUT", "PATCH"):
            assert {"400", "413"} <= operation["responses"].keys(), (method, path)


def test_the_registration_systems_feed_is_documented_with_its_change_and_its_receipt() -> None:
    built = document()
    operation = built["paths"]["/api/v1/elecciones/{election_id}/registro/cambios"]["post"]
    sent = operation["requestBody"]["content"]["application/json"]["schema"]
    answered = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert sent == {"$ref": "#/components/schemas/RegistryChangeBody"}
    assert answered == {"$ref": "#/components/schemas/RegistryChangeReceipt"}
    assert {"401", "403", "409", "422"} <= operation["responses"].keys()
    kinds = built["components"]["schemas"]["RegistryChangeKind"]["enum"]
    assert kinds == ["registro", "sustitucion", "cancelacion", "correccion"]


def test_the_candidacy_list_documents_its_page_its_filters_and_its_count() -> None:
    built = document()
    operation = built["paths"]["/api/v1/candidaturas"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert {"pagina", "por_pagina", "cargo", "partido", "estado", "estatus", "q"} <= set(parameters)
    per_page = parameters["por_pagina"]["schema"]
    assert (per_page["minimum"], per_page["maximum"], per_page["default"]) == (1, 200, 50)
    assert "422" in operation["responses"]
    reply = built["components"]["schemas"]["CandidacyList"]["properties"]
    assert {"candidacies", "total", "pagina", "por_pagina", "paginas"} <= set(reply)
