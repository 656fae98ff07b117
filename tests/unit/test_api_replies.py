"""A JSON reply is the model its route declares, or the route fails as a programming error
(a 500 every test of the route sees) instead of answering what the OpenAPI document does
not describe; a pass-through route declares exactly its operation's reply. And a page's
fixed address wins over a parameter that could take it."""

import json
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from pydantic import BaseModel

from contracts.accounts import Inbox
from contracts.events.capture import PublicProjection
from services.gateway.api import ApiRegistry, UndeclaredReply, WithStatus, api
from services.gateway.routes import setup_routes


class Declared(BaseModel):
    name: str


class Other(BaseModel):
    name: str


class Wider(Declared):
    secret: str


async def declared_route(answer: BaseModel | WithStatus[Declared]) -> web.StreamResponse:
    """What a route declared to reply ``Declared`` answers when its handler gives ``answer``."""
    registry = ApiRegistry()

    @registry.route(
        "GET",
        "/prueba",
        summary="Prueba",
        response=Declared,
        tag="prueba",
        extra_statuses={503: "Abajo"},
    )
    async def get_test(request: web.Request) -> Any:  # what mypy cannot check, the run time does
        return answer

    return await registry.routes[0].handler(make_mocked_request("GET", "/prueba"))


async def test_the_declared_model_is_replied_as_json() -> None:
    response = await declared_route(Declared(name="sí"))
    assert isinstance(response, web.Response) and response.status == 200
    assert json.loads(response.text or "") == {"name": "sí"}


async def test_a_declared_status_is_replied_with_the_declared_model() -> None:
    response = await declared_route(WithStatus(Declared(name="abajo"), 503))
    assert response.status == 503


@pytest.mark.parametrize(
    "answer",
    [
        Other(name="otro modelo, mismos campos"),
        Wider(name="un modelo más amplio", secret="lo que el documento no describe"),
        WithStatus(Declared(name="un estado no declarado"), 201),
    ],
    ids=["another-model", "a-subclass", "an-undeclared-status"],
)
async def test_a_reply_other_than_the_declared_one_is_caught(answer: BaseModel) -> None:
    with pytest.raises(UndeclaredReply):
        await declared_route(answer)


def test_a_forward_declares_its_operations_reply() -> None:
    setup_routes(web.Application())
    routes = {route.operation_id: route for route in api.routes}
    assert routes["get_inbox"].response_model is Inbox
    assert routes["post_validation"].response_model is PublicProjection
    # A 204 and a download have no JSON to declare.
    assert routes["delete_session"].response_model is None
    assert routes["get_receipt"].response_model is None


async def test_a_fixed_page_address_is_not_taken_by_a_parameter_beside_it() -> None:
    app = web.Application()
    setup_routes(app)
    found = await app.router.resolve(make_mocked_request("GET", "/captura/validacion", app=app))
    assert found.handler.__name__ == "validation_queue"
    found = await app.router.resolve(make_mocked_request("GET", "/captura/c-1", app=app))
    assert found.handler.__name__ == "candidacy"
