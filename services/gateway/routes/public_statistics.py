"""Public statistics (issue 15, DESIGN §6): ``GET /estadisticas`` (every election's, or
one's with ``?eleccion=``: charts with their numbers as tables) and
``GET /api/v1/publico/estadisticas/{election_id}`` (the same figures, as JSON).

Both read ``estadisticas.<election_id>`` from the gateway's copy of the public bucket
(publication compiles it, steps/compiling_statistics.py): no bus crossing. The JSON is
served as held, with its ETag (``304`` when it matches), gzip'd when the client takes it,
and cacheable by a CDN for a short while.
"""

from dataclasses import dataclass, field

import aiohttp_jinja2
from aiohttp import web
from pydantic import ValidationError

from contracts.errors import ErrorCode
from contracts.publication import (
    STATISTICS_KEY,
    GroupCell,
    PublicElection,
    PublicStatistics,
    election_key,
    statistics_key,
)
from services.gateway.api import api
from services.gateway.forms import refused
from services.gateway.local_time import written_in_zone, zone_of_election
from services.gateway.public_read_model import PublicReadModel
from services.gateway.public_short_way import public_read
from services.gateway.routes.public_pages import viewer_of
from services.gateway.routing import pages
from services.gateway.state import PUBLIC_READ_MODEL
from services.gateway.statistics_charts import Series, bar_chart

STATISTICS_CACHE = "public, max-age=30"


@dataclass
class DrawnFigures:
    """Each election's figures as last drawn, by the held documents' ETags they were drawn
    from: drawing takes pygal some 30 ms a chart, so a page request draws nothing until
    publication compiles new figures."""

    drawn: dict[str, "tuple[str, ElectionFigures]"] = field(default_factory=dict)


DRAWN_FIGURES = web.AppKey("drawn_statistics_figures", DrawnFigures)


def setup(app: web.Application) -> None:
    app[DRAWN_FIGURES] = DrawnFigures()


GROUP_NAMES = {
    "indigena": "Personas indígenas",
    "discapacidad": "Personas con discapacidad",
    "afromexicana": "Personas afromexicanas o afrodescendientes",
    "lgbtttiq": "Personas de la diversidad sexual y de género (LGBTTTIQ+)",
    "migrante": "Personas migrantes",
    "poblacion_joven": "Personas jóvenes",
    "persona_mayor": "Personas mayores",
}
SEE_TABLE = "Las mismas cifras están en la tabla junto a la gráfica."


def _statistics(model: PublicReadModel, election_id: str) -> PublicStatistics | None:
    held = model.get(statistics_key(election_id))
    if held is None:
        return None
    try:
        return PublicStatistics.model_validate_json(held.value)
    except ValidationError:
        return None  # a value of another version: shown once publication writes it again


def _election(model: PublicReadModel, election_id: str) -> PublicElection | None:
    held = model.get(election_key(election_id))
    if held is None:
        return None
    try:
        return PublicElection.model_validate_json(held.value)
    except ValidationError:
        return None


def number(n: int) -> str:
    return f"{n:,}"


@dataclass(frozen=True)
class Figure:
    """One chart and the table of its numbers."""

    id: str
    title: str
    svg: str | None
    heading: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]


def _distribution(
    fid: str, title: str, heading: str, counts: list[tuple[str, int]], *, horizontal: bool
) -> Figure:
    labels = [c for c, _ in counts]
    svg = bar_chart(
        fid,
        title,
        SEE_TABLE,
        labels,
        [Series("Personas", [n for _, n in counts])],
        horizontal=horizontal,
    )
    return Figure(fid, title, svg, heading, ["Personas"], [(c, [number(n)]) for c, n in counts])


@dataclass(frozen=True)
class Names:
    offices: dict[str, str]
    postulants: dict[str, str]
    short: dict[str, str]
    """What a chart's label says of a postulant: the party's acronym, a coalition's name."""

    @classmethod
    def of(cls, election: PublicElection | None, stats: PublicStatistics) -> "Names":
        """The parties' names as the statistics carry them, the coalitions' and offices'
        from the election's public document (its ids while the gateway lacks it)."""
        postulants = {p.postulant: p.name for p in stats.progress}
        short = {p.postulant: p.acronym for p in stats.progress}
        if election is None:
            return cls({}, postulants, short)
        postulants |= {c.id: c.name for c in election.coalitions}
        short |= {c.id: c.name for c in election.coalitions}
        return cls({o.id: o.name for o in election.offices}, postulants, short)

    def office(self, office_id: str) -> str:
        return self.offices.get(office_id, office_id)

    def postulant(self, postulant_id: str) -> str:
        return self.postulants.get(postulant_id, postulant_id)

    def short_postulant(self, postulant_id: str) -> str:
        return self.short.get(postulant_id, self.postulant(postulant_id))


def _group_figure(fid: str, group: str, cells: list[GroupCell], names: Names) -> Figure:
    """One group: a table of every cell of the grid (office and postulant by sex), and a
    chart of the cells that are shown (a withheld one has no bar)."""
    title = GROUP_NAMES.get(group, group)
    sexes = list(dict.fromkeys(c.sex for c in cells))
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for cell in cells:
        rows.setdefault((cell.office, cell.postulant), {})[cell.sex] = cell.text
    table = [
        (f"{names.office(o)} · {names.postulant(p)}", [by_sex.get(s, "") for s in sexes])
        for (o, p), by_sex in rows.items()
    ]
    shown = [c for c in cells if c.people is not None]
    svg = None
    if shown:
        several_offices = len({c.office for c in shown}) > 1
        labels = [
            (f"{names.office(c.office)} · " if several_offices else "")
            + f"{names.short_postulant(c.postulant)} · {c.sex}"
            for c in shown
        ]
        svg = bar_chart(
            fid,
            f"{title}: candidaturas que se identifican",
            SEE_TABLE,
            labels,
            [Series("Personas", [c.people for c in shown])],
        )
    return Figure(
        fid, title, svg, "Cargo y partido, coalición o candidatura independiente", sexes, table
    )


@dataclass(frozen=True)
class ElectionFigures:
    stats: PublicStatistics
    progress: Figure
    distributions: list[Figure]
    groups: list[Figure]


def figures(stats: PublicStatistics, names: Names, prefix: str) -> ElectionFigures:
    """What the page shows of one election's statistics."""
    progress_rows = [
        (p.name, [number(n) for n in (p.candidacies, p.submitted, p.validated, p.published)])
        for p in stats.progress
    ]
    stages = ["Registradas", "Enviadas", "Validadas", "Publicadas"]
    progress_svg = bar_chart(
        f"{prefix}-avance",
        "Avance de la captura por partido",
        SEE_TABLE,
        [p.acronym for p in stats.progress],
        [
            Series(stage, [getattr(p, field) for p in stats.progress])
            for stage, field in zip(
                stages, ("candidacies", "submitted", "validated", "published"), strict=True
            )
        ],
    )
    groups: dict[str, list[GroupCell]] = {}
    for cell in stats.groups:
        groups.setdefault(cell.group, []).append(cell)
    return ElectionFigures(
        stats=stats,
        progress=Figure(
            f"{prefix}-avance",
            "Avance de la captura por partido",
            progress_svg,
            "Partido",
            stages,
            progress_rows,
        ),
        distributions=[
            _distribution(
                f"{prefix}-sexo",
                "Sexo",
                "Sexo",
                [(c.category, c.people) for c in stats.sex],
                horizontal=False,
            ),
            _distribution(
                f"{prefix}-edad",
                "Edad",
                "Grupo de edad",
                [(c.category, c.people) for c in stats.age],
                horizontal=True,
            ),
            _distribution(
                f"{prefix}-escolaridad",
                "Escolaridad",
                "Grado máximo de estudios",
                [(c.category, c.people) for c in stats.education],
                horizontal=True,
            ),
        ],
        groups=[
            _group_figure(f"{prefix}-grupo-{i}", group, cells, names)
            for i, (group, cells) in enumerate(groups.items(), start=1)
        ],
    )


@public_read
@pages.route("GET", "/estadisticas")
async def statistics_page(request: web.Request) -> web.Response:
    model = request.app[PUBLIC_READ_MODEL]
    wanted = request.query.get("eleccion")
    drawn = request.app[DRAWN_FIGURES].drawn
    shown: list[tuple[ElectionFigures, str]] = []
    for key in sorted(model.keys(STATISTICS_KEY)):
        election_id = key.removeprefix(STATISTICS_KEY)
        held = model.get(key)
        if (wanted and election_id != wanted) or held is None:
            continue
        election = model.get(election_key(election_id))
        version = held.etag + ("" if election is None else election.etag)
        if election_id not in drawn or drawn[election_id][0] != version:
            stats = _statistics(model, election_id)
            if stats is None:
                continue
            names = Names.of(_election(model, election_id), stats)
            drawn[election_id] = (version, figures(stats, names, f"est-{election_id}"))
        _, figures_of = drawn[election_id]
        zone = zone_of_election(request, election_id)
        shown.append((figures_of, written_in_zone(figures_of.stats.compiled_at, zone)))
    shown.sort(key=lambda pair: (pair[0].stats.election_name, pair[0].stats.election_id))
    return aiohttp_jinja2.render_template(
        "publico/estadisticas.html",
        request,
        {
            "elections": [{"figures": f, "compiled": c} for f, c in shown],
            "wanted": wanted,
            "viewer": viewer_of(request),
        },
    )


@public_read
@api.route(
    "GET",
    "/api/v1/publico/estadisticas/{election_id}",
    summary="Las estadísticas públicas de una elección: avance de la captura por partido, "
    "sexo, edad, escolaridad y grupos en situación de discriminación (cifras pequeñas "
    "reservadas).",
    response=PublicStatistics,
    tag="público",
    errors=(ErrorCode.NOT_FOUND,),
    extra_statuses={304: "Sin cambios desde la ETag enviada (If-None-Match)."},
)
async def public_statistics(request: web.Request) -> web.Response:
    election_id = request.match_info["election_id"]
    held = request.app[PUBLIC_READ_MODEL].get(statistics_key(election_id))
    if held is None:
        raise refused(
            ErrorCode.NOT_FOUND,
            "No hay estadísticas publicadas de esa elección: se publican cuando inicia la "
            "publicación de sus candidaturas.",
        )
    headers = {"ETag": held.etag, "Cache-Control": STATISTICS_CACHE, "Vary": "Accept-Encoding"}
    if request.headers.get("If-None-Match") == held.etag:
        return web.Response(status=304, headers=headers)
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        return web.Response(
            body=held.gzipped,
            content_type="application/json",
            headers={**headers, "Content-Encoding": "gzip"},
        )
    return web.Response(body=held.value, content_type="application/json", headers=headers)
