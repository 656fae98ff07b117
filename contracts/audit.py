"""The activity log's public contracts: checkpoints, the key, and proofs.

Proofs travel in the shape of the transparency-dev test vectors (base64 hashes), so an
outside auditor checks them with any RFC 6962 verifier, or with
``conoceles audit verify-proof``.
"""

from pydantic import BaseModel, ConfigDict, Field

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
