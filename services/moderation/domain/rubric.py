"""The Cédula de Evaluación's rubric (001 §6; Tabasco's curricular methodology 004 §46-47):
rubros, their binary variables and points, as a configuration file declares them
(``deploy/cedula/<name>.toml``; the IEEN 2024 structure of reference §3.2 is the default).

The official rubric was not found (reference §0.2), so nothing of it is code: a variable
is either scored by the verifier or by a mechanical rule the file declares — a field is
answered, its length is within the questionnaire's limits, a list has items — and the
same three rule kinds serve every variable. A rubric that does not add up, names a field
the curricular questionnaire does not have, or a rule that cannot apply to its field is
refused when it is loaded, before it scores anyone.
"""

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contracts.errors import Invalid
from contracts.questionnaires import CURRICULAR, FieldType, Publicity

PUBLIC_FIELDS = {f.name: f for f in CURRICULAR.fields if f.publicity is Publicity.PUBLIC}
"""What a rule may look at: the public curricular answers the projection carries."""
LIST_TYPES = {FieldType.TEXT_LIST, FieldType.EMAIL_LIST, FieldType.PHONE_LIST}
TEXT_TYPES = {FieldType.TEXT, FieldType.LONG_TEXT}
Identifier = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)?$")


class Strict(BaseModel):
    """A rubric file names only what exists: a misspelt key is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _known(field: str) -> str:
    if field not in PUBLIC_FIELDS:
        raise Invalid(f"el cuestionario curricular no tiene el campo público «{field}»")
    return field


class Answered(Strict):
    """At least ``minimo`` of the fields are answered (all of them when not said)."""

    tipo: Literal["respondido"]
    campos: list[str] = Field(min_length=1, max_length=20)
    minimo: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _fits(self) -> Self:
        for field in self.campos:
            _known(field)
        if self.minimo is not None and self.minimo > len(self.campos):
            raise Invalid("«minimo» no puede pasar del número de campos")
        return self

    @property
    def needed(self) -> int:
        return self.minimo or len(self.campos)


class WithinLength(Strict):
    """The text is answered and its length (characters other than whitespace, as the
    questionnaire counts them) is within the field's limits, or the ones given."""

    tipo: Literal["longitud"]
    campo: str
    minimo: int | None = Field(default=None, ge=0)
    maximo: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _fits(self) -> Self:
        spec = PUBLIC_FIELDS[_known(self.campo)]
        if spec.type not in TEXT_TYPES:
            raise Invalid(f"«{self.campo}» no es un texto: su longitud no se mide")
        if self.low > (self.high or self.low):
            raise Invalid("«minimo» no puede pasar de «maximo»")
        return self

    @property
    def low(self) -> int:
        return self.minimo if self.minimo is not None else PUBLIC_FIELDS[self.campo].min_length or 0

    @property
    def high(self) -> int | None:
        return self.maximo if self.maximo is not None else PUBLIC_FIELDS[self.campo].max_length


class HasItems(Strict):
    """The list has at least ``minimo`` items."""

    tipo: Literal["elementos"]
    campo: str
    minimo: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _fits(self) -> Self:
        if PUBLIC_FIELDS[_known(self.campo)].type not in LIST_TYPES:
            raise Invalid(f"«{self.campo}» no es una lista")
        return self


Rule = Annotated[Answered | WithinLength | HasItems, Field(discriminator="tipo")]


class Variable(Strict):
    """One binary variable: cumple (``puntos``) or no cumple (``puntos_no_cumple``)."""

    id: str = Identifier
    nombre: str = Field(min_length=1, max_length=200)
    descripcion: str = Field(default="", max_length=500)
    puntos: int = Field(ge=0, le=100)
    puntos_no_cumple: int = Field(default=0, ge=0, le=100)
    regla: Rule | None = None
    verificador: bool = False

    @model_validator(mode="after")
    def _one_scorer(self) -> Self:
        if (self.regla is None) == (not self.verificador):
            raise Invalid(
                f"la variable «{self.id}» lleva una «regla» o «verificador = true», no ambas"
            )
        if self.puntos_no_cumple > self.puntos:
            raise Invalid(f"la variable «{self.id}» da más puntos si no cumple")
        return self

    @property
    def mechanical(self) -> bool:
        return self.regla is not None


class Rubro(Strict):
    """A rubro: its first variable gates the rest (reference §3.2): when it is not met,
    the others are not met either, whatever their rule or the verifier says."""

    id: str = Identifier
    titulo: str = Field(min_length=1, max_length=200)
    descripcion: str = Field(default="", max_length=500)
    variables: list[Variable] = Field(default_factory=list, max_length=20)

    @property
    def max_points(self) -> int:
        return sum(v.puntos for v in self.variables)


class Rubric(Strict):
    nombre: str = Field(min_length=1, max_length=100)
    total: int = Field(ge=1, le=1000, description="The maximum; the percentage's base.")
    rubros: list[Rubro] = Field(min_length=1, max_length=30)

    @model_validator(mode="after")
    def _adds_up(self) -> Self:
        ids = [r.id for r in self.rubros] + [v.id for r in self.rubros for v in r.variables]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise Invalid(f"identificadores repetidos: {', '.join(repeated)}")
        added = sum(r.max_points for r in self.rubros)
        if added != self.total:
            raise Invalid(f"los puntos de las variables suman {added}, no {self.total}")
        return self

    def variable(self, variable_id: str) -> Variable | None:
        return next((v for r in self.rubros for v in r.variables if v.id == variable_id), None)

    @property
    def verifier_variables(self) -> list[Variable]:
        return [v for r in self.rubros for v in r.variables if v.verificador]
