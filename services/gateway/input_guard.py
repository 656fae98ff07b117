"""Input no route can use, refused at the door for every route, present and future.

- A NUL character in the path, the query or a form field: PostgreSQL cannot store it in
  text, and no person types it (422, naming the field). JSON bodies: ``params.body_of``.
- A body larger than the route can forward (413): fields travel to a service in one bus
  message; only files are cut into chunks (``uploads.py`` ``send_file``).
- A form the parser cannot read, such as a multipart body cut short (400).
"""

from collections.abc import Iterator
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from contracts.errors import ErrorCode, ErrorReply, FieldProblem
from services.gateway.api import api
from services.runtime.requests import RequestFailed

MAX_UPLOAD_BYTES = 64 * 1024 * 1024  # a national candidacy registry; photos check their own
# Well under the bus's 8 MiB message (services/runtime/bus.py), leaving room for the
# request's envelope and for JSON's escapes of the same text.
MAX_FIELDS_BYTES = 1024 * 1024
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NUL = "\x00"
NUL_REASON = "Contiene un carácter nulo (\\u0000), que no se admite."


def too_large(limit: int) -> RequestFailed:
    return RequestFailed(
        ErrorReply.of(
            ErrorCode.PAYLOAD_TOO_LARGE,
            f"El contenido enviado excede el máximo de {limit // (1024 * 1024)} MB que "
            "admite esta dirección.",
        )
    )


def refuse_nul(fields: list[str]) -> None:
    if fields:
        raise RequestFailed(
            ErrorReply.of(
                ErrorCode.INVALID_REQUEST,
                "Revise los campos señalados: contienen caracteres no admitidos.",
            ).model_copy(
                update={"fields": [FieldProblem(field=f, reason=NUL_REASON) for f in fields]}
            )
        )


def nul_fields(value: Any, where: str = "") -> Iterator[str]:
    """Where a JSON document (as parsed) holds a NUL, in a key or a string."""
    if isinstance(value, str):
        if NUL in value:
            yield where or "(cuerpo)"
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{where}.{key}" if where else str(key)
            yield from ([name] if NUL in str(key) else nul_fields(item, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nul_fields(item, f"{where}.{index}" if where else str(index))


def _body_limit(request: web.Request) -> int:
    """Fields: a JSON API route's declared request, or an urlencoded form. Anything else
    is a file (a registry as CSV, XLSX or JSON; a photo in a multipart form)."""
    route = api.declared(request.match_info.route.handler)
    takes_fields = (route is not None and route.request_model is not None) or (
        request.content_type == "application/x-www-form-urlencoded"
    )
    return MAX_FIELDS_BYTES if takes_fields else MAX_UPLOAD_BYTES


async def _form_nul_fields(request: web.Request) -> list[str]:
    try:
        form = await request.post()  # kept by aiohttp: the handler reads the same form
    except (ValueError, LookupError):  # cut short, no boundary, an unknown charset
        raise RequestFailed(
            ErrorReply.of(
                ErrorCode.MALFORMED_REQUEST,
                "No se pudo leer el formulario enviado; recargue la página e intente de nuevo.",
            )
        ) from None
    return [
        name
        for name, value in form.items()
        if NUL in name or (isinstance(value, str) and NUL in value)
    ]


@web.middleware
async def refuse_unusable_input(request: web.Request, handler: Handler) -> web.StreamResponse:
    limit = _body_limit(request)
    if request.content_length is not None and request.content_length > limit:
        raise too_large(limit)
    if NUL in request.path:
        refuse_nul(
            [name for name, value in request.match_info.items() if NUL in value] or ["(ruta)"]
        )
    refuse_nul([name for name, value in request.query.items() if NUL in name + value])
    if request.content_type in FORM_TYPES:  # even empty: a multipart with no boundary
        refuse_nul(await _form_nul_fields(request))
    return await handler(request)
