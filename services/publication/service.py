"""Wiring of the publication service: its requests, event consumers, timers and migrations.

Public profiles and the contest view, statistics with small cells suppressed, open
data releases with manifests, signed events for INE and weekly backups (000 §5.7).
"""

from pathlib import Path

from contracts.operations import publication as publication_operations
from contracts.services import ServiceName
from services.publication.commands import COMMANDS
from services.publication.consumers import CONSUMERS
from services.publication.handlers import backup, changes, photo, release
from services.publication.timers import TIMERS
from services.runtime.requests import RequestRoute
from services.runtime.service_host import ServiceDefinition

definition = ServiceDefinition(
    name=ServiceName.PUBLICATION,
    migrations=Path(__file__).parent / "migrations",
    requests=[
        RequestRoute(publication_operations.PHOTO_GET, photo.photo_get),
        RequestRoute(publication_operations.CHANGES_LIST, changes.changes_list),
        RequestRoute(publication_operations.PUBLICATION_KEY, changes.publication_key),
        RequestRoute(publication_operations.OPEN_DATA_FILE, release.release_file),
        RequestRoute(publication_operations.BACKUP_LIST, backup.backup_list),
    ],
    consumers=CONSUMERS,
    timers=TIMERS,
    commands=COMMANDS,
)
