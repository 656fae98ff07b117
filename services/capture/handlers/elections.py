"""Configuring and reading elections (the admin configures; everyone signed in reads)."""

from contracts.capture import (
    ElectionConfig,
    ElectionRef,
    Elections,
)
from contracts.errors import ErrorCode, FieldProblem
from contracts.requests import Empty, Request
from services.capture import store
from services.capture.elections import configure
from services.capture.handlers.refusals import refuse, require_admin
from services.capture.profiles import SHIPPED, ProfileRefused, load_profile
from services.runtime.service_deps import ServiceDeps


async def configure_election(deps: ServiceDeps, request: Request[ElectionConfig]) -> ElectionConfig:
    principal = require_admin(request, "configura elecciones")
    config = request.payload
    path = SHIPPED / f"{config.profile}.toml"
    if not path.is_file():
        available = ", ".join(sorted(p.stem for p in SHIPPED.glob("*.toml")))
        raise refuse(
            ErrorCode.INVALID_REQUEST,
            "El perfil no existe.",
            [FieldProblem(field="profile", reason=f"Perfiles disponibles: {available}.")],
        )
    try:
        profile = load_profile(path)
    except ProfileRefused as refused:
        raise refuse(ErrorCode.INTERNAL, str(refused)) from None
    async with deps.pool.acquire() as conn, conn.transaction():
        return await configure(
            conn,
            deps.outbox,
            config,
            profile,
            principal=principal,
            request_id=request.request_id,
            client_address=request.client_address,
        )


async def election(deps: ServiceDeps, request: Request[ElectionRef]) -> ElectionConfig:
    if request.principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para consultar la elección.")
    row = await store.election(deps.pool, request.payload.election_id)
    if row is None:
        raise refuse(ErrorCode.NOT_FOUND, "No existe esa elección.")
    return ElectionConfig.model_validate_json(row["config"])


async def elections(deps: ServiceDeps, request: Request[Empty]) -> Elections:
    if request.principal is None:
        raise refuse(ErrorCode.UNAUTHENTICATED, "Inicie sesión para consultar las elecciones.")
    rows = await store.elections(deps.pool)
    return Elections(elections=[ElectionConfig.model_validate_json(r["config"]) for r in rows])
