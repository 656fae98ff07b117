"""An incident's lifecycle (000 §6.2: support «resuelve la incidencia» and it is
«informado» by the next business day): received → in progress → resolved → reported back
to who reported it. Only support and the admin work incidents; a resolution and what was
told to the reporter must be written down, because the bitácora is what the institute
reports to its transparency commission (003 §34). A resolved incident may be taken up
again (the fix did not hold) until it is reported back, which ends it."""

from contracts.incidents import IncidentStatus
from contracts.requests import Principal
from contracts.roles import Role
from services.incidents.domain.errors import Forbidden, Refused

WORKERS = frozenset({Role.SUPPORT, Role.ADMIN})

NEXT: dict[IncidentStatus, frozenset[IncidentStatus]] = {
    IncidentStatus.RECEIVED: frozenset({IncidentStatus.IN_PROGRESS, IncidentStatus.RESOLVED}),
    IncidentStatus.IN_PROGRESS: frozenset({IncidentStatus.RESOLVED}),
    IncidentStatus.RESOLVED: frozenset({IncidentStatus.IN_PROGRESS, IncidentStatus.REPORTED_BACK}),
    IncidentStatus.REPORTED_BACK: frozenset(),
}
NOTE_REQUIRED = frozenset({IncidentStatus.RESOLVED, IncidentStatus.REPORTED_BACK})

_STEP_NAME = {
    IncidentStatus.RECEIVED: "recibido",
    IncidentStatus.IN_PROGRESS: "en atención",
    IncidentStatus.RESOLVED: "resuelto",
    IncidentStatus.REPORTED_BACK: "resuelto e informado",
}


def check_may_work(principal: Principal) -> None:
    if principal.role not in WORKERS:
        raise Forbidden("Solo el área de soporte o la administración atienden los incidentes.")


def may_see_all(principal: Principal) -> bool:
    """Support and the admin see the whole bitácora; anyone else, their own reports."""
    return principal.role in WORKERS


def check_may_file_for_others(principal: Principal) -> None:
    if principal.role not in WORKERS:
        raise Forbidden(
            "Solo el área de soporte o la administración registran un reporte recibido "
            "por correo a nombre de otra cuenta."
        )


def check_move(current: IncidentStatus, to: IncidentStatus, note: str | None) -> None:
    if to not in NEXT[current]:
        raise Refused(f"Un incidente {_STEP_NAME[current]} no puede pasar a «{_STEP_NAME[to]}».")
    if to in NOTE_REQUIRED and not (note or "").strip():
        what = "la solución" if to is IncidentStatus.RESOLVED else "lo que se informó"
        raise Refused(f"Escriba {what}: queda en la bitácora.")
