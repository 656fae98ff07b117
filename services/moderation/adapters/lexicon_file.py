"""Loading the screening's lexicon: a versioned TOML file under ``deploy/lexicon/``
(``es-mx-v1.toml``), checked when the service starts.

A malformed lexicon is refused naming each entry and the reason in Spanish, so that a
deployment never screens with a list it misread: a term that maps to a prohibition its
category cannot cite, a term with no word in it, or one written twice.
"""

import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from contracts.errors import Invalid
from contracts.moderation import Prohibition
from contracts.validation_messages import field_problems
from services.moderation.domain.lexicon import (
    CATEGORY_PROHIBITIONS,
    Lexicon,
    LexiconCategory,
    LexiconTerm,
)
from services.moderation.domain.words import plain, words

SHIPPED = Path(__file__).resolve().parents[3] / "deploy" / "lexicon" / "es-mx-v1.toml"


class LexiconEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    termino: str = Field(min_length=1, max_length=200)
    categoria: LexiconCategory
    prohibicion: Prohibition
    flexiones: bool = True

    @model_validator(mode="after")
    def _category_cites_its_prohibitions(self) -> "LexiconEntry":
        if not words(self.termino):
            raise Invalid("el término no tiene ninguna palabra")
        allowed = CATEGORY_PROHIBITIONS[self.categoria]
        if self.prohibicion not in allowed:
            listed = ", ".join(sorted(allowed))
            raise Invalid(f"la categoría «{self.categoria}» cita {listed}, no «{self.prohibicion}»")
        return self


class LexiconDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(pattern=r"^[a-z]{2}-[a-z]{2}-v[0-9]+$")
    entradas: list[LexiconEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _each_term_once(self) -> "LexiconDocument":
        seen: set[str] = set()
        for entry in self.entradas:
            key = plain(entry.termino).strip()
            if key in seen:
                raise Invalid(f"el término «{entry.termino}» aparece dos veces")
            seen.add(key)
        return self


class LexiconRefused(Exception):
    def __init__(self, path: Path, problems: list[tuple[str, str]]) -> None:
        self.path = path
        self.problems = problems
        listed = "; ".join(f"«{where}»: {reason}" for where, reason in problems)
        super().__init__(f"El léxico {path.name} no es válido: {listed}")


def load_lexicon(path: Path) -> Lexicon:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise LexiconRefused(path, [("(archivo)", f"no se pudo leer: {error}")]) from None
    except tomllib.TOMLDecodeError as error:
        raise LexiconRefused(path, [("(archivo)", f"no es TOML válido: {error}")]) from None
    try:
        lexicon = LexiconDocument.model_validate(document)
    except ValidationError as error:
        problems = [(p.field, p.reason) for p in field_problems(error)]
        raise LexiconRefused(path, problems) from None
    return Lexicon(
        lexicon.version,
        [LexiconTerm(e.termino, e.categoria, e.prohibicion, e.flexiones) for e in lexicon.entradas],
    )


@lru_cache(maxsize=1)
def shipped_lexicon() -> Lexicon:
    """The lexicon the service screens with, read once per process."""
    return load_lexicon(SHIPPED)
