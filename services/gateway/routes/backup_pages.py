"""The backups in the admin console (issue 15 item 6, 000 §5.7): each backup the weekly
timer or ``conoceles backup`` took or tried, when (in the election's time zone), its
archive's size and SHA-256, and whether it failed or its file was since deleted. Only
the admin reads it: publication refuses anyone else."""

from aiohttp import web

from contracts.operations import publication as publication_operations
from contracts.requests import Empty
from services.gateway.calls import ask
from services.gateway.local_time import written_in_zone
from services.gateway.rendering import render, signed_in
from services.gateway.routing import pages

BACKUPS = "/consola/respaldos"


def size_written(size: int | None) -> str:
    """«12,3 MB», with the decimal comma people read in Mexico… and a dash for none."""
    if size is None:
        return "—"
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".replace(".", ",") + f" {unit}"
    return f"{size} bytes"


@pages.route("GET", BACKUPS)
@signed_in
async def backups_page(request: web.Request) -> web.StreamResponse:
    listed = await ask(request, publication_operations.BACKUP_LIST, Empty())
    return render(
        request,
        "lista.html",
        {
            "backups": listed.backups,
            "at": lambda moment: written_in_zone(moment, listed.time_zone),
            "size": size_written,
        },
        folder="respaldos",
    )
