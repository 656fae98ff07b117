"""Publication's requests. The public read path does not use them per request: the
gateway serves what publication puts in the public bucket (contracts/publication.py);
a photo the gateway does not hold yet, INE's feed and the admin's views ask here."""

from contracts.backups import BackupList
from contracts.ine import ChangesPage, ChangesQuery, PublicationKey
from contracts.operations import Operation
from contracts.publication import OpenDataFileRef, PhotoRef
from contracts.requests import Document, Empty
from contracts.services import ServiceName

S = ServiceName.PUBLICATION

PHOTO_GET = Operation(S, "photo.get", PhotoRef, Document)
CHANGES_LIST = Operation(S, "changes.list", ChangesQuery, ChangesPage)
PUBLICATION_KEY = Operation(S, "key.get", Empty, PublicationKey)
OPEN_DATA_FILE = Operation(S, "release.file", OpenDataFileRef, Document)  # public
BACKUP_LIST = Operation(S, "backup.list", Empty, BackupList)  # admin
