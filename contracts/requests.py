"""The request/reply envelope between the gateway and the services.

The gateway verifies who is calling and puts that *principal* in every request; a
service authorises from it alone, never from an id the client sent (DESIGN §1).
"""

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from contracts.errors import ErrorReply

PayloadT = TypeVar("PayloadT", bound=BaseModel)


class Principal(BaseModel):
    """A verified caller: an account with its role and the scope it may reach."""

    model_config = ConfigDict(frozen=True)

    account_id: str
    role: str
    election_id: str | None = None
    party_id: str | None = Field(default=None, description="Party or independent scope.")
    candidacy_id: str | None = Field(
        default=None, description="A candidate's or independent team's own candidacy."
    )
    session_id: str | None = Field(default=None, description="The session that signed in.")


class Request(BaseModel, Generic[PayloadT]):
    principal: Principal | None = None
    request_id: str
    client_address: str | None = None
    payload: PayloadT


class Empty(BaseModel):
    """A request or reply that carries nothing."""


class Document(BaseModel):
    """A file a service hands back (a receipt, a consent format, a photo)."""

    filename: str
    media_type: str
    content_base64: str


class OkReply(BaseModel):
    ok: Literal[True] = True
    data: dict[str, Any]


class FailedReply(BaseModel):
    ok: Literal[False] = False
    error: ErrorReply
