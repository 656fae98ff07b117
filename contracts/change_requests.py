"""Change requests to a published candidacy (000 §5.4, 001 §31-32, 002 §II.C, 003 §30,
004 §31): what the party files, what the admin decides, and how a request is shown.

A change request names published fields — of the owner's or, prefixed ``suplente.``,
of the alternate's — and the new text for each: the institute either applies that text
itself, or enables just those fields for the party to re-capture and validate again (the
profile's ``change_requests.mode``). The photo's new file comes with the request where the
institute applies it. An identity answer that may be public is named with no text, in any
mode: its answer never leaves capture, so the field opens to the party to answer again.
A candidacy files one request, once ("por única ocasión").

A request reaches the institute through the liaison's own account, or on paper at the
oficialía de partes (000 §5.4) or by e-mail (001 §31, 002 §II.C, 003 §30, 004 §31); the
institute's administration enters one of those for the party (``ChangeRequestReceipt``):
who presented it, how it arrived and when it was received, the moment its due day counts
from. Requests are filed within the Lineamientos' period where the election sets one
(``Calendar.change_requests_until``).
"""

import datetime as dt
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from contracts.formula import Person, of_person, person_of
from contracts.profile import ChangeRequestMode
from contracts.questionnaires import CURRICULAR, IDENTITY, FieldType, Publicity, QuestionField

CHANGEABLE: tuple[QuestionField, ...] = tuple(
    spec for spec in CURRICULAR.fields if spec.publicity is Publicity.PUBLIC
)
"""The fields a request may name: the public curricular ones (the clarifications e-mail
is not published). The photo's "text" is the SHA-256 of the new photo uploaded with the
request (``photo.keep_for_change``), or nothing where the field opens to the party, who
uploads it then."""
PHOTO_SHA256 = r"^[0-9a-f]{64}$"
IDENTITY_CHANGEABLE: tuple[QuestionField, ...] = tuple(
    spec for spec in IDENTITY.fields if spec.publicity is Publicity.IF_CONSENTED
)
"""The identity answers a request may name: the ones that may be public. A request names
them with no text — the answer never leaves capture (DESIGN §4) —, and approving it opens
them to the party to answer again, whichever the profile's mode."""
IDENTITY_NAMES = frozenset(spec.name for spec in IDENTITY_CHANGEABLE)
CHANGEABLE_NAMES = frozenset(spec.name for spec in CHANGEABLE)
TEXT_CHANGEABLE = tuple(spec for spec in CHANGEABLE if spec.type is not FieldType.IMAGE)
"""The fields a request changes with a text it carries: all but the photo."""
LIST_TYPES = frozenset({FieldType.TEXT_LIST, FieldType.EMAIL_LIST, FieldType.PHONE_LIST})
MAX_TEXT = 20_000


def changeable(name: str) -> QuestionField | None:
    """The owner's field a request may name (the alternate's: ``changeable_of``): a
    public curricular one, or an identity answer that may be public."""
    return next((spec for spec in (*CHANGEABLE, *IDENTITY_CHANGEABLE) if spec.name == name), None)


def names_identity(name: str) -> bool:
    """Whether ``name`` (the owner's, or the alternate's prefixed) is an identity answer."""
    return person_of(name)[1] in IDENTITY_NAMES


def changeable_of(name: str) -> tuple[Person, QuestionField] | None:
    """Whose field a request names and the field: the owner's by its name, the
    alternate's prefixed (``suplente.propuesta_1``); None when it may not be named."""
    person, own = person_of(name)
    spec = changeable(own)
    return None if spec is None else (person, spec)


def change_label(name: str) -> str:
    """What a person reads for a field a request names: «Suplente: …» for the alternate's."""
    found = changeable_of(name)
    if found is None:
        return name
    person, spec = found
    return spec.label if person is Person.OWNER else f"Suplente: {spec.label}"


CHANGEABLE_OF_FORMULA = tuple(
    of_person(p, spec.name) for p in Person for spec in (*CHANGEABLE, *IDENTITY_CHANGEABLE)
)
"""Every name a request may use: the owner's fields, then the alternate's."""


def as_answer(spec: QuestionField, text: str) -> str | list[str]:
    """The answer a request's text stands for: a list's items one per line."""
    if spec.type in LIST_TYPES:
        return [line.strip() for line in text.splitlines() if line.strip()]
    return text.strip()


class ChangeRequestStatus(StrEnum):
    FILED = "pendiente"  # waiting for the admin's decision
    REJECTED = "rechazada"  # the admin said no, with the reason
    APPROVED = "aprobada"  # approved; capture is applying it or opening the fields
    WINDOW_OPEN = "campos_habilitados"  # the named fields are open to the party
    APPLIED = "aplicada"  # the change is in the published profile
    LAPSED = "cerrada_sin_cambios"  # the window closed and nothing was validated
    NOT_APPLIED = "no_aplicada"  # capture could not apply the approved text


STATUS_LABEL: dict[ChangeRequestStatus, str] = {
    ChangeRequestStatus.FILED: "Pendiente de decisión",
    ChangeRequestStatus.REJECTED: "Rechazada",
    ChangeRequestStatus.APPROVED: "Aprobada, en aplicación",
    ChangeRequestStatus.WINDOW_OPEN: "Campos habilitados para el partido",
    ChangeRequestStatus.APPLIED: "Aplicada",
    ChangeRequestStatus.LAPSED: "Cerrada sin cambios validados",
    ChangeRequestStatus.NOT_APPLIED: "No se pudo aplicar",
}


class ChangeRequestChannel(StrEnum):
    """How a request the administration enters reached the institute."""

    PARTY_OFFICE = "oficialia_de_partes"  # 000 §5.4: «escrito presentado ante la oficialía»
    EMAIL = "correo_electronico"  # 001 §31, 002 §II.C, 003 §30, 004 §31


CHANNEL_LABEL: dict[ChangeRequestChannel, str] = {
    ChangeRequestChannel.PARTY_OFFICE: "Por escrito, en la oficialía de partes",
    ChangeRequestChannel.EMAIL: "Por correo electrónico",
}


class ChangeRequestReceipt(BaseModel):
    """A request received on paper or by e-mail, as the administration enters it: who
    presented it for the party, how it arrived and when it was received."""

    model_config = ConfigDict(str_strip_whitespace=True)

    via: ChangeRequestChannel
    presentada_por: str = Field(
        min_length=3,
        max_length=200,
        description="Quién la presentó, con su cargo (la supervisión o la representación del "
        "partido; en una independiente, la candidatura).",
    )
    recibida_el: AwareDatetime = Field(
        description="Cuándo la recibió el Instituto: desde ese momento corre su vencimiento."
    )


class FileChangeRequest(BaseModel):
    """The party's request: for each field it names, the text that replaces it; entered
    by the administration, with its receipt."""

    model_config = ConfigDict(str_strip_whitespace=True)

    candidacy_id: str = Field(min_length=1, max_length=60)
    cambios: dict[str, str] = Field(
        min_length=1,
        max_length=len(CHANGEABLE_OF_FORMULA),
        description="Campo → texto nuevo (en una lista, un elemento por renglón); los de "
        "la suplente, «suplente.<campo>».",
    )
    nota: str = Field(default="", max_length=2000, description="Por qué se pide el cambio.")
    recepcion: ChangeRequestReceipt | None = Field(
        default=None,
        description="Solo la administración: la solicitud que se recibió por escrito o por "
        "correo electrónico.",
    )

    @field_validator("cambios")
    @classmethod
    def _bounded(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if len(name) > 60 or len(text) > MAX_TEXT:
                raise ValueError("Un cambio nombra un campo y un texto de extensión razonable.")
        return value


class ChangeRequestRef(BaseModel):
    request_id: str = Field(min_length=1, max_length=60)


class ChangeRequestQuery(BaseModel):
    election_id: str = Field(min_length=1, max_length=60)


class ApproveChangeRequest(BaseModel):
    """The admin's approval; where the institute applies the change, the text it applies
    (the party's, or the admin's edit of it, for the same fields)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    request_id: str = Field(min_length=1, max_length=60)
    cambios: dict[str, str] | None = Field(
        default=None, description="Solo donde el Instituto aplica el cambio."
    )


class RejectChangeRequest(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    request_id: str = Field(min_length=1, max_length=60)
    motivo: str = Field(min_length=10, max_length=2000)


class RequestedChange(BaseModel):
    campo: str
    etiqueta: str
    texto: str
    aplicado: str | None = Field(default=None, description="El texto que se aprobó.")
    identidad: bool = Field(
        default=False,
        description="Una respuesta de identidad: se nombra sin texto y se habilita para "
        "responderla de nuevo.",
    )


class ChangeRequestView(BaseModel):
    request_id: str
    election_id: str
    candidacy_id: str
    owner_name: str
    office: str
    capturing_party: str | None
    mode: ChangeRequestMode
    cambios: list[RequestedChange]
    nota: str
    status: ChangeRequestStatus
    estado: str = Field(description="El estado, como lo lee una persona.")
    filed_by: str
    filed_role: str
    filed_at: AwareDatetime
    received_via: ChangeRequestChannel | None = Field(
        default=None, description="None: la presentó la cuenta del partido en el sistema."
    )
    presented_by: str | None = Field(
        default=None, description="Quién la presentó, en una recibida por escrito o por correo."
    )
    received_at: AwareDatetime = Field(description="Cuándo la recibió el Instituto.")
    due_at: AwareDatetime = Field(description="La decisión vence al terminar este momento.")
    overdue: bool
    decided_by: str | None = None
    decided_at: AwareDatetime | None = None
    motivo: str | None = None
    window_closes_at: AwareDatetime | None = None
    done_at: AwareDatetime | None = None


class ChangeRequestList(BaseModel):
    requests: list[ChangeRequestView]
    filing_until: dt.date | None = Field(
        default=None,
        description="El último día en que se presentan solicitudes en la elección (el plazo "
        "de los Lineamientos); sin él, no hay plazo.",
    )
    who_files: str = Field(
        default="", description="Quién presenta una solicitud, según el proceso."
    )
    mode: ChangeRequestMode | None = Field(
        default=None,
        description="Cómo se atiende una solicitud en la elección: el Instituto aplica el texto, "
        "o habilita los campos al partido (None: no se pidió una elección).",
    )
