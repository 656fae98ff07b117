"""Builds the OpenAPI 3.1 document from the routes' declarations (api.py)."""

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from contracts.errors import DEFAULT_TITLE, HTTP_STATUS, ErrorCode
from services.gateway.api import ApiRoute
from services.gateway.params import PATH_PARAMETERS
from services.gateway.problems import PROBLEM_CONTENT_TYPE, Problem

REF = "#/components/schemas/{model}"
PROBLEM_REF = "#/components/schemas/Problem"
SECURITY_SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "Token de acceso de POST /api/v1/sesion (clientes móviles).",
    },
    "cookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": "conoceles_acceso",
        "description": "Sesión del navegador (con su token CSRF en cada cambio).",
    },
}
SIGNED_IN: list[dict[str, list[str]]] = [{"bearer": []}, {"cookie": []}]
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# What the gateway answers for any route, before the route's own handler runs.
GATEWAY_RESPONSES = {  # status: (component name, description)
    "400": (
        "SolicitudMalFormada",
        "La solicitud está mal formada (p. ej., un formulario multipart cortado)",
    ),
    "405": ("MetodoNoAdmitido", "El método HTTP no se admite en esta dirección"),
    "413": ("ContenidoDemasiadoGrande", "El contenido enviado es demasiado grande"),
    "422": ("SolicitudInvalida", "La solicitud tiene datos inválidos (p. ej., un carácter nulo)"),
}


def build_openapi(routes: list[ApiRoute], *, version: str) -> dict[str, Any]:
    models: set[type[BaseModel]] = {Problem}
    for route in routes:
        models.update(
            m for m in (route.response_model, route.request_model, route.query_model) if m
        )
    ordered = sorted(models, key=lambda m: m.__name__)
    keys, schema = models_json_schema([(m, "serialization") for m in ordered], ref_template=REF)
    refs = {model: keys[(model, "serialization")]["$ref"] for model in ordered}
    paths: dict[str, dict[str, Any]] = {}
    for route in sorted(routes, key=lambda r: (r.path, r.method)):
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route, refs, schema)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Conóceles — API",
            "version": version,
            "description": "API JSON de Conóceles. Los errores siguen RFC 9457 "
            "(application/problem+json) con textos en español.",
        },
        "paths": paths,
        "components": {
            "schemas": schema.get("$defs", {}),
            "securitySchemes": SECURITY_SCHEMES,
            "responses": {
                name: {
                    "description": description,
                    "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": PROBLEM_REF}}},
                }
                for name, description in GATEWAY_RESPONSES.values()
            },
        },
    }


def _operation(
    route: ApiRoute, refs: dict[type[BaseModel], str], schema: dict[str, Any]
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": route.summary,
        "tags": [route.tag],
        "operationId": route.operation_id,
        "responses": {},
    }
    if route.response_model is not None:
        operation["responses"][str(route.success_status)] = {
            "description": route.summary,
            "content": {"application/json": {"schema": {"$ref": refs[route.response_model]}}},
        }
    for status, description in route.extra_statuses.items():
        content: dict[str, Any] = {}
        if route.response_model is not None:
            content = {"application/json": {"schema": {"$ref": refs[route.response_model]}}}
        operation["responses"][str(status)] = {"description": description, "content": content}
    codes = {*route.errors, ErrorCode.INTERNAL}
    for code in sorted(codes, key=lambda c: HTTP_STATUS[c]):
        operation["responses"].setdefault(
            str(HTTP_STATUS[code]),
            {
                "description": DEFAULT_TITLE[code],
                "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": refs[Problem]}}},
            },
        )
    gateway = ["405", "422"] + (["400", "413"] if route.method in BODY_METHODS else [])
    for answered in gateway:
        name = GATEWAY_RESPONSES[answered][0]
        operation["responses"].setdefault(answered, {"$ref": f"#/components/responses/{name}"})
    if ErrorCode.UNAUTHENTICATED in route.errors:
        operation["security"] = SIGNED_IN
    if route.request_model is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": refs[route.request_model]}}},
        }
    if route.query_model is not None:
        operation["parameters"] = _query_parameters(route.query_model)
    path_params = [p.strip("{}") for p in route.path.split("/") if p.startswith("{")]
    for name in path_params:
        operation.setdefault("parameters", []).append(
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": PATH_PARAMETERS[name].schema,
            }
        )
    operation["responses"] = dict(sorted(operation["responses"].items()))
    return operation


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    # Enums and nested models are referenced in components, where build_openapi put them.
    model_schema = model.model_json_schema(ref_template=REF)
    required = set(model_schema.get("required", []))
    return [
        {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": prop,
            **({"description": prop["description"]} if "description" in prop else {}),
        }
        for name, prop in model_schema.get("properties", {}).items()
    ]
