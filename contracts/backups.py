"""Backups as the admin console reads them (issue 15 item 6, 000 §5.7): every backup the
weekly timer or ``conoceles respaldo`` took or tried, newest first, with what checks it
(the archive's size and SHA-256; inside it, a manifest with the SHA-256 of each dump)."""

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class BackupOutcome(StrEnum):
    OK = "ok"
    FAILED = "failed"


class BackupEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    backup_id: str
    taken_at: AwareDatetime
    file_name: str
    size: int | None = Field(description="Bytes of the archive; None when it failed.")
    sha256: str | None = Field(description="Of the whole archive; None when it failed.")
    schemas: list[str]
    outcome: BackupOutcome
    detail: str = Field(description="Why it failed; empty when it did not.")
    pruned: bool = Field(description="Its archive was deleted to keep only the newest.")


class BackupList(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    backups: list[BackupEntry]
    time_zone: str = Field(description="The election's zone, for the moments people read.")
