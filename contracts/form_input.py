"""What a model a web form fills has in common: a form sends every field, the ones left
blank too, and a blank one means the same as one not sent (a filter not applied, an
optional choice not made, a required answer missing)."""

from typing import Any

from pydantic import BaseModel, model_validator


class FilledByForm(BaseModel):
    @model_validator(mode="before")
    @classmethod
    def _blank_is_not_sent(cls, sent: Any) -> Any:
        if isinstance(sent, dict):
            return {k: v for k, v in sent.items() if not (isinstance(v, str) and not v.strip())}
        return sent
