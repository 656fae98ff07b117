"""The public API (issue 15 item 3): elections, the search, a profile, a contest.

Stable paths: ``GET /api/v1/publico/candidaturas?…`` (the search's filters, paged) and
``GET /api/v1/publico/candidaturas/{candidacy_id}`` (404 for one never public, 410 for a
withdrawn one, DESIGN §6). Every answer is read from the gateway's memory, never asked
over the bus, and answered as prepared bytes with a strong ETag (``public_responses``).
"""

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from contracts.errors import ErrorCode
from contracts.publication import PublicElection, PublicProfile
from services.gateway.api import api
from services.gateway.forms import refused
from services.gateway.middlewares import REQUEST_ID
from services.gateway.params import path_parameter, query_of
from services.gateway.problems import PROBLEM_CONTENT_TYPE, Problem, readable_json
from services.gateway.public_read_model import Held
from services.gateway.public_responses import PUBLIC_CACHE, held_response
from services.gateway.public_search import Card, PublicSearch, SearchPage, SearchQuery
from services.gateway.public_short_way import public_read
from services.gateway.state import PUBLIC_ANSWERS, PUBLIC_SEARCH

WITHDRAWN_TYPE = "/problemas/candidatura-retirada"
NEVER_PUBLIC = "No hay una candidatura pública con ese identificador."
WITHDRAWN = (
    "La candidatura ya no es pública: fue retirada (sustituida, cancelada o "
    "deshabilitada por el Instituto)."
)


class PublicElections(BaseModel):
    """Every election with a public catalogue: the names of its offices, districts,
    municipalities, parties and coalitions, which the other answers give by id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    elecciones: list[PublicElection]


class ContestQuery(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    eleccion: str = Field(min_length=1, max_length=60)
    cargo: str = Field(min_length=1, max_length=60)
    distrito: str | None = Field(default=None, max_length=60)
    municipio: str | None = Field(default=None, max_length=60)


class Contest(BaseModel):
    """Every public candidacy for one office in one district or municipality."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    election_id: str
    office: str
    district: str | None
    municipality: str | None
    candidaturas: list[PublicProfile]


def _join(parts: list[bytes]) -> bytes:
    return b"[" + b",".join(parts) + b"]"


def search_page_json(query: SearchQuery, total: int, cards: list[Card]) -> bytes:
    pages = -(-total // query.por_pagina)
    head = b'{"total":%d,"pagina":%d,"por_pagina":%d,"paginas":%d,"candidaturas":' % (
        total,
        query.pagina,
        query.por_pagina,
        pages,
    )
    return head + _join([c.card_json for c in cards]) + b"}"


def elections_held(request: web.Request) -> Held:
    index = request.app[PUBLIC_SEARCH]

    def make() -> bytes:
        ordered = sorted(index.elections.values(), key=lambda e: (e.name, e.election_id))
        listing = PublicElections(elecciones=ordered)
        return listing.model_dump_json().encode()

    return request.app[PUBLIC_ANSWERS].get(("elecciones", index.version), make)


@public_read
@api.route(
    "GET",
    "/api/v1/publico/elecciones",
    summary="Las elecciones con perfiles públicos y los nombres de sus catálogos.",
    response=PublicElections,
    tag="público",
)
async def public_elections(request: web.Request) -> web.Response:
    return held_response(request, elections_held(request))


@public_read
@api.route(
    "GET",
    "/api/v1/publico/candidaturas",
    summary="Buscar candidaturas públicas por cargo, distrito, municipio, partido o "
    "coalición, sexo, edad, escolaridad, acción afirmativa y nombre.",
    response=SearchPage,
    query=SearchQuery,
    tag="público",
    errors=(ErrorCode.INVALID_REQUEST,),
)
async def public_search(request: web.Request) -> web.Response:
    query = query_of(request, SearchQuery)
    index = request.app[PUBLIC_SEARCH]

    def make() -> bytes:
        found = index.search(query)
        return search_page_json(query, found.total, found.cards)

    return held_response(
        request, request.app[PUBLIC_ANSWERS].get(("api", query, index.version), make)
    )


def withdrawn_response(request: web.Request) -> web.Response:
    problem = Problem(
        type=WITHDRAWN_TYPE,
        title="La candidatura fue retirada",
        status=410,
        detail=WITHDRAWN,
        instance=request.path,
        request_id=request.get(REQUEST_ID),
    )
    return web.json_response(
        problem.model_dump(mode="json", exclude_none=True),
        status=410,
        content_type=PROBLEM_CONTENT_TYPE,
        headers={"Cache-Control": PUBLIC_CACHE},
        dumps=readable_json,
    )


def public_card(index: PublicSearch, candidacy_id: str) -> Card | None:
    """The candidacy's card; raises 404 never public; None: withdrawn (410)."""
    card = index.card(candidacy_id)
    if card is None and candidacy_id not in index.withdrawn:
        raise refused(ErrorCode.NOT_FOUND, NEVER_PUBLIC)
    return card


@public_read
@api.route(
    "GET",
    "/api/v1/publico/candidaturas/{candidacy_id}",
    summary="El perfil público de una candidatura: propietaria y suplente, cada una con "
    "sus respuestas públicas y su fotografía.",
    response=PublicProfile,
    tag="público",
    errors=(ErrorCode.NOT_FOUND,),
    extra_statuses={410: "La candidatura fue pública y se retiró."},
)
async def public_profile(request: web.Request) -> web.Response:
    card = public_card(request.app[PUBLIC_SEARCH], path_parameter(request, "candidacy_id"))
    if card is None:
        return withdrawn_response(request)
    return held_response(request, card.profile_held)


@public_read
@api.route(
    "GET",
    "/api/v1/publico/contiendas",
    summary="La contienda: cada candidatura pública a un cargo en un distrito o municipio.",
    response=Contest,
    query=ContestQuery,
    tag="público",
    errors=(ErrorCode.INVALID_REQUEST,),
)
async def public_contest(request: web.Request) -> web.Response:
    query = query_of(request, ContestQuery)
    index = request.app[PUBLIC_SEARCH]

    def make() -> bytes:
        cards = index.contest(query.eleccion, query.cargo, query.distrito, query.municipio)
        head = Contest(
            election_id=query.eleccion,
            office=query.cargo,
            district=query.distrito,
            municipality=query.municipio,
            candidaturas=[],
        ).model_dump_json()
        profiles = _join([c.profile_held.value for c in cards])
        return head.removesuffix("[]}").encode() + profiles + b"}"

    key = ("contienda-api", query, index.version)
    return held_response(request, request.app[PUBLIC_ANSWERS].get(key, make))
