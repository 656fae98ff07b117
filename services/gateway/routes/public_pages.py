"""The public portal's pages (issue 15 item 2): the search at ``/``, a profile at
``/candidaturas/{candidacy_id}``, the contest view at ``/contiendas``, the frequently
asked questions, and the photos at their content-addressed URLs.

Complete without JavaScript: every filter is a GET form, so an address can be shared and
each page of results has its own. A page is read from the gateway's memory; the page an
anonymous reader receives is rendered once per change of what it shows and then answered
as prepared bytes (``PreparedAnswers``), cacheable by anyone in front. A signed-in reader
sees their account in the header, rendered for them and never cached.
"""

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from pydantic import ValidationError

from contracts.errors import ErrorCode
from contracts.events.capture import PublicCurricular, PublicIdentity
from contracts.operations import publication as publication_operations
from contracts.publication import PhotoRef, PublicElection, PublicProfile
from contracts.questionnaires import CURRICULAR, EDUCATION, IDENTITY, Publicity
from contracts.requests import Document
from contracts.validation_messages import field_problems
from services.gateway.calls import ask, principal_of
from services.gateway.documents import document_response
from services.gateway.forms import refused
from services.gateway.manual_pdf import manual_pdf
from services.gateway.paging import Pager, counted
from services.gateway.params import path_parameter
from services.gateway.public_photos import IMMUTABLE
from services.gateway.public_responses import HTML, held_response
from services.gateway.public_search import Card, PublicSearch, SearchQuery, full_name, search_query
from services.gateway.public_short_way import public_read
from services.gateway.routes.public_api import public_card
from services.gateway.routing import pages
from services.gateway.state import PUBLIC_ANSWERS, PUBLIC_PHOTOS, PUBLIC_SEARCH
from services.gateway.user_manual import CHAPTERS

EMPTY = "La candidatura no proporcionó información."
SEXES = ("Mujer", "Hombre", "No binario")
CURRICULAR_SHOWN = [
    f for f in CURRICULAR.fields if f.publicity is Publicity.PUBLIC and f.name != "fotografia"
]
IDENTITY_SHOWN = [f for f in IDENTITY.fields if f.publicity is Publicity.IF_CONSENTED]
PROPOSALS = ("propuesta_1", "propuesta_2", "propuesta_genero_grupo")
SHA256 = frozenset("0123456789abcdef")
FILTER_NAMES = {
    "edad_min": "Edad desde",
    "edad_max": "Edad hasta",
    "nombre": "Nombre",
    "pagina": "Página",
    "por_pagina": "Resultados por página",
}


@dataclass(frozen=True)
class Labels:
    """An election's names for what profiles give by id (``eleccion.<id>``)."""

    election: PublicElection | None

    def _of(self, entries: list[Any], wanted: str | None) -> str | None:
        if wanted is None:
            return None
        return next((e.name for e in entries if e.id == wanted), wanted)

    def office(self, office: str) -> str:
        return self._of(self.election.offices if self.election else [], office) or office

    def district(self, district: str | None) -> str | None:
        return self._of(self.election.districts if self.election else [], district)

    def municipality(self, municipality: str | None) -> str | None:
        return self._of(self.election.municipalities if self.election else [], municipality)

    def action(self, action: str | None) -> str | None:
        """«Persona indígena», not its id (002 §II.C)."""
        return self._of(self.election.affirmative_actions if self.election else [], action)

    def postulant(self, kind: str, postulant: str | None) -> str:
        if kind == "independiente" or postulant is None:
            return "Candidatura independiente"
        election = self.election
        for party in election.parties if election else []:
            if party.id == postulant:
                return f"{party.name} ({party.acronym})"
        for coalition in election.coalitions if election else []:
            if coalition.id == postulant:
                return f"Coalición {coalition.name}"
        return postulant

    def place(self, profile: PublicProfile) -> str:
        """«Distrito 3 — Centro», «Municipio de Tepic», «Lugar 2 de la lista»."""
        formula = profile.formula
        parts = [
            p
            for p in (
                self.district(formula.district),
                self.municipality(formula.municipality),
                f"Lugar {formula.list_position} de la lista" if formula.list_position else None,
            )
            if p
        ]
        return " · ".join(parts)


def labels_of(index: PublicSearch, election_id: str) -> Labels:
    return Labels(index.elections.get(election_id))


def viewer_of(request: web.Request) -> str | None:
    """The signed-in reader's account, that the portal's header shows; None: anonymous."""
    viewer = principal_of(request)
    return viewer.account_id if viewer else None


def render(request: web.Request, template: str, context: dict[str, Any]) -> bytes:
    env = aiohttp_jinja2.get_env(request.app)
    page = env.get_template(template).render(**context, viewer=viewer_of(request))
    return page.encode()


def page_response(
    request: web.Request, template: str, key: tuple[Any, ...], context: Any, status: int = 200
) -> web.Response:
    """The page, prepared once for anonymous readers; rendered afresh for a signed-in one
    (their account in the header), and then never kept by anyone in front."""
    if principal_of(request) is not None:
        body = render(request, template, context())
        return web.Response(
            body=body,
            status=status,
            content_type=HTML,
            charset="utf-8",
            headers={"Cache-Control": "no-store"},
        )
    prepared = request.app[PUBLIC_ANSWERS].get(key, lambda: render(request, template, context()))
    return held_response(request, prepared, HTML, status)


def _card_view(card: Card, labels: Labels) -> dict[str, Any]:
    profile = card.profile
    formula = profile.formula
    return {
        "id": card.candidacy_id,
        "owner": full_name(formula.owner),
        "alternate": full_name(formula.alternate) if formula.alternate else None,
        "office": labels.office(formula.office),
        "place": labels.place(profile),
        "postulant": labels.postulant(formula.postulant_kind, formula.postulant),
        "photo": profile.photo_url,
        "education": profile.curricular.grado_maximo_estudios,
    }


def _options(index: PublicSearch, election: PublicElection | None) -> dict[str, Any]:
    parties = [(p.id, f"{p.name} ({p.acronym})") for p in election.parties] if election else []
    coalitions = [(c.id, f"Coalición {c.name}") for c in election.coalitions] if election else []
    names = {  # an action's name, whichever election names it
        action.id: action.name
        for known in index.elections.values()
        for action in known.affirmative_actions
    }
    return {
        "elections": sorted(index.elections.values(), key=lambda e: e.name),
        "offices": [(o.id, o.name) for o in election.offices] if election else [],
        "districts": [(d.id, d.name) for d in election.districts] if election else [],
        "municipalities": [(m.id, m.name) for m in election.municipalities] if election else [],
        "postulants": [*parties, *coalitions, ("independiente", "Candidatura independiente")],
        "sexes": [(s, s) for s in SEXES],
        "education": [(e, e) for e in EDUCATION],
        "actions": [(a, names.get(a, a)) for a in index.values_of("accion_afirmativa")],
    }


def kept_in_pages(query: SearchQuery) -> dict[str, str]:
    """What every page's address keeps: the filters, and the page size if not the usual."""
    kept = query.filters()
    if query.por_pagina != SearchQuery.model_fields["por_pagina"].default:
        kept["por_pagina"] = str(query.por_pagina)
    return kept


def _chosen_election(index: PublicSearch, asked: str | None) -> PublicElection | None:
    if asked:
        return index.elections.get(asked)
    if len(index.elections) == 1:
        return next(iter(index.elections.values()))
    return None


@public_read
@pages.route("GET", "/")
async def search_page(request: web.Request) -> web.Response:
    index = request.app[PUBLIC_SEARCH]
    typed = {k: v for k, v in request.query.items() if v.strip()}
    try:
        query = search_query(typed)
        wrong: list[str] = []
    except ValidationError as error:
        wrong = [f"{FILTER_NAMES.get(p.field, p.field)}: {p.reason}" for p in field_problems(error)]
        query = SearchQuery()

    def context() -> dict[str, Any]:
        election = _chosen_election(index, query.eleccion)
        found = index.search(query)
        pages_count = -(-found.total // query.por_pagina)
        return {
            "query": query,
            "wrong": wrong,
            "total": counted(found.total, "candidatura", "candidaturas"),
            "cards": [_card_view(c, labels_of(index, c.profile.election_id)) for c in found.cards],
            "pager": Pager("/", kept_in_pages(query), query.pagina, pages_count),
            "searched": bool(query.filters()),
            **_options(index, election),
        }

    key = ("busqueda", query, tuple(wrong), index.version)
    return page_response(request, "publico/busqueda.html", key, context)


def _answer_of(values: Mapping[str, Any], name: str) -> Any:
    value = values.get(name)
    return value if value not in (None, "", []) else None


def _answers(
    curricular: PublicCurricular, identity: PublicIdentity
) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    """One person's public answers as the page lists them: every public curricular field
    (an empty one says so), and the identity answers only where some are public."""
    given, shown = curricular.model_dump(), identity.model_dump()
    return (
        [(f.label, _answer_of(given, f.name)) for f in CURRICULAR_SHOWN],
        [(f.label, _answer_of(shown, f.name)) for f in IDENTITY_SHOWN]
        if identity.any_answer()
        else [],
    )


def _alternate_view(profile: PublicProfile) -> dict[str, Any] | None:
    """The alternate's section (001 §3.III-V): the name, the photo and the answers in the
    owner's layout; None when the formula has no alternate."""
    alternate = profile.formula.alternate
    if alternate is None:
        return None
    curricular, identity = _answers(
        profile.alternate_curricular or PublicCurricular(), profile.alternate_identity
    )
    return {
        "name": full_name(alternate),
        "photo": profile.alternate_photo_url,
        "curricular": curricular,
        "identity": identity,
    }


def profile_context(index: PublicSearch, card: Card) -> dict[str, Any]:
    profile = card.profile
    labels = labels_of(index, profile.election_id)
    formula = profile.formula
    curricular, identity = _answers(profile.curricular, profile.identity)
    return {
        "profile": profile,
        "card": _card_view(card, labels),
        "people": [
            ("Propietaria o propietario", formula.owner),
            *([("Suplente", formula.alternate)] if formula.alternate else []),
        ],
        "full_name": full_name,
        "curricular": curricular,
        "identity": identity,
        "alternate": _alternate_view(profile),
        "contest": contest_address(profile),
        "action": labels.action(profile.affirmative_action),
        "empty": EMPTY,
    }


def contest_address(profile: PublicProfile) -> str:
    formula = profile.formula
    where = (
        f"&distrito={formula.district}"
        if formula.district
        else (f"&municipio={formula.municipality}" if formula.municipality else "")
    )
    return f"/contiendas?eleccion={profile.election_id}&cargo={formula.office}{where}"


@public_read
@pages.route("GET", "/candidaturas/{candidacy_id}")
async def profile_page(request: web.Request) -> web.Response:
    index = request.app[PUBLIC_SEARCH]
    candidacy_id = path_parameter(request, "candidacy_id")
    card = public_card(index, candidacy_id)
    if card is None:
        return page_response(
            request, "publico/retirada.html", ("retirada",), lambda: {}, status=410
        )
    election = index.elections.get(card.profile.election_id)
    key = ("perfil", candidacy_id, card.profile_held.etag, election.sequence if election else 0)
    return page_response(request, "publico/perfil.html", key, lambda: profile_context(index, card))


@dataclass(frozen=True)
class ContestLink:
    place: str
    address: str
    count: str


@dataclass(frozen=True)
class OfficeContests:
    office: str
    contests: list[ContestLink]


@dataclass(frozen=True)
class ElectionContests:
    name: str
    offices: list[OfficeContests]


def _positions(entries: list[Any]) -> dict[str, int]:
    return {e.id: at for at, e in enumerate(entries)}


def contest_listing(index: PublicSearch) -> list[ElectionContests]:
    """Every contest with a public candidacy, as links, by election and office in the
    election's own order (its catalogue's), districts and municipalities likewise."""
    by_election: dict[str, dict[str, list[tuple[tuple[int, int, str], ContestLink]]]] = {}
    for (election_id, office, district, municipality), count in index.contests().items():
        election = index.elections.get(election_id)
        labels = Labels(election)
        districts = _positions(election.districts if election else [])
        municipalities = _positions(election.municipalities if election else [])
        place = labels.district(district) or labels.municipality(municipality)
        where = (
            f"&distrito={district}"
            if district
            else (f"&municipio={municipality}" if municipality else "")
        )
        link = ContestLink(
            place=place or "Toda la entidad",
            address=f"/contiendas?eleccion={election_id}&cargo={office}{where}",
            count=counted(count, "candidatura pública", "candidaturas públicas"),
        )
        order = (
            districts.get(district or "", len(districts)),
            municipalities.get(municipality or "", len(municipalities)),
            place or "",
        )
        by_election.setdefault(election_id, {}).setdefault(office, []).append((order, link))
    listing = []
    for election_id, offices in by_election.items():
        election = index.elections.get(election_id)
        labels = Labels(election)
        office_order = _positions(election.offices if election else [])
        listing.append(
            ElectionContests(
                name=election.name if election else election_id,
                offices=[
                    OfficeContests(
                        office=labels.office(office),
                        contests=[link for _, link in sorted(links, key=lambda pair: pair[0])],
                    )
                    for office, links in sorted(
                        offices.items(), key=lambda o: (office_order.get(o[0], 999), o[0])
                    )
                ],
            )
        )
    return sorted(listing, key=lambda e: e.name)


@public_read
@pages.route("GET", "/contiendas")
async def contest_page(request: web.Request) -> web.Response:
    index = request.app[PUBLIC_SEARCH]
    asked = {k: v.strip()[:60] for k, v in request.query.items() if v.strip()}
    election = _chosen_election(index, asked.get("eleccion"))

    def context() -> dict[str, Any]:
        office = asked.get("cargo")
        district, municipality = asked.get("distrito"), asked.get("municipio")
        cards = (
            index.contest(election.election_id, office, district, municipality)
            if election and office
            else []
        )
        labels = Labels(election)
        columns = [_card_view(c, labels) for c in cards]
        curricular = [c.profile.curricular.model_dump() for c in cards]
        rows = [
            (CURRICULAR.field(name).label, [_answer_of(values, name) for values in curricular])
            for name in ("grado_maximo_estudios", "motivo_cargo_publico", *PROPOSALS)
        ]
        title = None
        if election and office:
            place = labels.district(district) or labels.municipality(municipality)
            title = labels.office(office) + (f" — {place}" if place else "")
        return {
            "asked": asked,
            "election": election,
            "title": title,
            "columns": columns,
            "rows": rows,
            "empty": EMPTY,
            "listing": [] if title else contest_listing(index),
            **_options(index, election),
        }

    key = ("contienda", tuple(sorted(asked.items())), index.version)
    return page_response(request, "publico/contienda.html", key, context)


@public_read
@pages.route("GET", "/preguntas-frecuentes")
async def questions_page(request: web.Request) -> web.Response:
    return page_response(request, "publico/preguntas.html", ("preguntas",), lambda: {})


@public_read
@pages.route("GET", "/manual")
async def manual_page(request: web.Request) -> web.Response:
    """The user manual, a chapter per role (002 §I.A.1.V)."""
    return page_response(
        request, "publico/manual.html", ("manual",), lambda: {"chapters": CHAPTERS}
    )


@public_read
@pages.route("GET", "/manual.pdf")
async def manual_download(request: web.Request) -> web.Response:
    """The same manual as a PDF to download."""
    content = base64.b64encode(manual_pdf()).decode()
    document = Document(
        filename="manual-de-usuario-conoceles.pdf",
        media_type="application/pdf",
        content_base64=content,
    )
    return document_response(document)


@public_read
@pages.route("GET", "/fotos/{sha256}")
async def photo(request: web.Request) -> web.Response:
    sha256 = request.match_info["sha256"]
    if len(sha256) != 64 or not set(sha256) <= SHA256:
        raise refused(ErrorCode.NOT_FOUND, "No existe esa fotografía.")
    etag = f'"{sha256}"'
    headers = {"ETag": etag, "Cache-Control": IMMUTABLE}
    if request.headers.get("If-None-Match") == etag:
        return web.Response(status=304, headers=headers)

    async def fetch(sha: str) -> Document:
        return await ask(
            request, publication_operations.PHOTO_GET, PhotoRef(sha256=sha), anonymous=True
        )

    found = await request.app[PUBLIC_PHOTOS].photo(sha256, fetch)
    return web.Response(body=found.content, headers={**headers, "Content-Type": found.media_type})
