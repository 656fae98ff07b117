"""A page's form read into a contract, and a refusal of it shown back on the same page.

A form's action reads its fields (``typed``, ``filled``, ``uploaded``), builds the
contract (``contract``: refused like a service would refuse it) and asks a service inside
``refusal_shown_on(page, …)``; a refusal there comes back as ``page`` again, with why next
to the field it concerns and what was typed (never a password), once the handler is a
``form_action``. A refusal no form can fix (not signed in, not allowed) goes on to the
refusal page instead.
"""

import contextlib
import functools
from collections.abc import Awaitable, Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import web
from multidict import MultiDictProxy
from pydantic import BaseModel, ValidationError

from contracts.errors import HTTP_STATUS, ErrorCode, ErrorReply
from contracts.validation_messages import field_problems
from services.gateway.routing import Handler
from services.runtime.requests import RequestFailed

M = TypeVar("M", bound=BaseModel)
Form = MultiDictProxy[str | bytes | Any]

PASSWORDS = frozenset({"contrasena", "confirmacion"})  # kept exactly as typed, never shown
DENIED = (ErrorCode.FORBIDDEN, ErrorCode.UNAUTHENTICATED)
CLEARER_REASON = {  # pydantic's own words for these are too vague for a person
    "correo": "Escriba una dirección de correo completa, como nombre@dominio.mx.",
    "entregado_en": "Escriba la fecha y la hora completas: día, mes, año, hora y minutos.",
    "recibida_el": "Escriba la fecha y la hora completas: día, mes, año, hora y minutos.",
}


@dataclass
class Problems:
    """Why one form was refused: a message, reasons per field, and what was typed."""

    detail: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    form: str = ""
    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        error: ErrorReply,
        form: str = "",
        values: Mapping[str, str] | None = None,
        *,
        beside: str | None = None,
    ) -> "Problems":
        """``beside``: the whole refusal shown next to that one field (a file, a box)."""
        fields: dict[str, list[str]] = {}
        for problem in error.fields:
            fields.setdefault(problem.field, []).append(problem.reason)
        if beside is not None:
            fields = {beside: [error.detail]}
        return cls(error.detail, fields, form, dict(values or {}))


def status_of(error: ErrorReply) -> int:
    return HTTP_STATUS.get(error.code, 500)


def refused(code: ErrorCode, detail: str) -> RequestFailed:
    """A refusal of the gateway's own, before anything travels to a service."""
    return RequestFailed(ErrorReply.of(code, detail))


def contract(model: type[M], data: Mapping[str, Any], *, prefix: str = "") -> M:
    """The contract built from a form; invalid input refused as a service would refuse it.

    ``prefix`` is dropped from the field names, for a form that fills a nested part."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        reply = ErrorReply.of(ErrorCode.INVALID_REQUEST, "Revise los campos señalados.")
        problems = []
        for problem in field_problems(error):
            name = problem.field.removeprefix(prefix)
            reason = CLEARER_REASON.get(name, problem.reason)
            problems.append(problem.model_copy(update={"field": name, "reason": reason}))
        raise RequestFailed(reply.model_copy(update={"fields": problems})) from None


def typed(form: Form, name: str) -> str | None:
    """A text field as typed (trimmed, but not a password), or None when left empty."""
    value = form.get(name)
    if not isinstance(value, str):
        return None
    return (value if name in PASSWORDS else value.strip()) or None


def filled(form: Form, *names: str) -> dict[str, str]:
    """The fields typed in; one left empty is absent, so a required one is "missing"."""
    return {name: value for name in names if (value := typed(form, name)) is not None}


def shown(form: Form, *names: str) -> dict[str, str]:
    """The fields to show back in a refused form (never a password)."""
    return {name: typed(form, name) or "" for name in names}


def uploaded(form: Form, name: str) -> bytes | None:
    """The bytes of a file chosen in a multipart form, or None when none was chosen."""
    file = form.get(name)
    if not isinstance(file, web.FileField):
        return None
    content = file.file.read()
    return content or None


FormPage = Callable[[web.Request, Problems, int], Awaitable[web.StreamResponse]]
"""A page that shows its forms, here with one form's problems, answered with a status."""


class FormRefused(Exception):
    """What a form sent was refused: ``page`` is shown again, with the ``problems``."""

    def __init__(self, page: FormPage, problems: Problems, status: int) -> None:
        super().__init__(problems.detail)
        self.page, self.problems, self.status = page, problems, status


@contextlib.contextmanager
def refusal_shown_on(
    page: FormPage,
    form: str = "",
    values: Mapping[str, str] | None = None,
    *,
    beside: str | None = None,
    passes: Collection[ErrorCode] = DENIED,
) -> Iterator[None]:
    """A refusal inside the block comes back on ``page``, next to the form named ``form``
    (``Problems.of``), with the refusal's status; one whose code ``passes`` is not a form
    to fix, and goes on to the refusal page."""
    try:
        yield
    except RequestFailed as failed:
        if failed.error.code in passes:
            raise
        problems = Problems.of(failed.error, form, values, beside=beside)
        raise FormRefused(page, problems, status_of(failed.error)) from None


def form_action(handler: Handler) -> Handler:
    """A form's action, whose ``refusal_shown_on`` refusals are its page shown again."""

    @functools.wraps(handler)
    async def action(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except FormRefused as refused_form:
            return await refused_form.page(request, refused_form.problems, refused_form.status)

    return action
