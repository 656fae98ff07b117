"""What INE reads over HTTP: the feed of publication changes, in order, and the key that
signs them (000 §5.2, 001 §29, 003 §28, 004 §29). The same events reach INE's durable
consumer on the publication stream (deploy/nats/)."""

from pydantic import BaseModel, ConfigDict, Field

from contracts.events.publication import ProfileChanged


class ChangesQuery(BaseModel):
    """The changes numbered from ``desde`` (inclusive), in order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    desde: int = Field(default=1, ge=1)
    limite: int = Field(default=500, ge=1, le=5000)


class ChangesPage(BaseModel):
    changes: list[ProfileChanged]
    siguiente: int = Field(description="The ``desde`` that asks for what follows.")


class PublicationKey(BaseModel):
    key_id: str
    algorithm: str = "Ed25519"
    public_key_base64: str = Field(description="The raw 32-byte public key, base64.")
