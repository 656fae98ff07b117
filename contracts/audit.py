"""The activity log's public contracts: checkpoints, the key, and proofs.

Proofs travel in the shape of the transparency-dev test vectors (base64 hashes), so an
outside auditor checks them with any RFC 6962 verifier, or with
``conoceles audit verify-proof``.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from contracts.activity import Outcome
from contracts.catalog import EventSpec, register


class SignedCheckpoint(BaseModel):
    size: int = Field(ge=1, description="Entradas que cubre.")
    root: str = Field(description="Raíz del árbol, base64.")
    note: str = Field(description="El checkpoint firmado (C2SP tlog-checkpoint, signed-note).")


class PublicKey(BaseModel):
    name: str = Field(description="Nombre de la llave en las firmas.")
    verifier_key: str = Field(description="Llave de verificación: nombre+id+base64(0x01‖llave).")
    algorithm: str = "Ed25519"


class InclusionQuery(BaseModel):
    indice: int = Field(ge=0, description="Número de la entrada (desde 0).")
    tamano: int = Field(ge=1, description="Tamaño del árbol contra el que se prueba.")


class ConsistencyQuery(BaseModel):
    de: int = Field(ge=1, description="Tamaño anterior.")
    a: int = Field(ge=1, description="Tamaño posterior.")


class InclusionProof(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    leaf_index: int = Field(alias="leafIdx")
    tree_size: int = Field(alias="treeSize")
    root: str
    leaf_hash: str = Field(alias="leafHash")
    proof: list[str]


class ConsistencyProof(BaseModel):
    size1: int
    size2: int
    root1: str
    root2: str
    proof: list[str]


CHECKPOINT_SIGNED = register(
    EventSpec(
        event_type="checkpoint.signed",
        version=1,
        producer="audit",
        data_model=SignedCheckpoint,
        summary="La bitácora de actividad firmó un nuevo checkpoint.",
    )
)


class EntrySort(StrEnum):
    OLDEST_FIRST = "antiguas"
    NEWEST_FIRST = "recientes"


class EntrySearch(BaseModel):
    """Filters of the activity log, as an admin or support writes them (all optional)."""

    desde: datetime | None = Field(default=None, description="Ocurridas desde (inclusive).")
    hasta: datetime | None = Field(default=None, description="Ocurridas antes de (exclusive).")
    cuenta: str | None = Field(default=None, max_length=120)
    rol: str | None = Field(default=None, max_length=40)
    servicio: str | None = Field(default=None, max_length=40)
    accion: str | None = Field(default=None, max_length=80)
    objetivo_tipo: str | None = Field(default=None, max_length=60)
    objetivo_id: str | None = Field(default=None, max_length=120)
    resultado: Outcome | None = None
    orden: EntrySort = EntrySort.NEWEST_FIRST
    pagina: int = Field(default=1, ge=1, le=100_000)
    por_pagina: int = Field(default=50, ge=1, le=500)


class LoggedEntry(BaseModel):
    seq: int
    id: str
    occurred_at: datetime
    recorded_at: datetime
    account_id: str | None
    role: str | None
    election_id: str | None
    service: str
    action: str
    target_kind: str | None
    target_id: str | None
    outcome: Outcome
    request_id: str | None
    trace_id: str | None
    client_address: str | None
    detail: dict[str, Any]


class EntryPage(BaseModel):
    entries: list[LoggedEntry]
    pagina: int
    por_pagina: int
    total: int


class LogVerification(BaseModel):
    intact: bool
    entries: int
    root: str = Field(description="Raíz recalculada, base64.")
    message: str
    first_bad_seq: int | None = Field(default=None, description="Primera entrada alterada.")
