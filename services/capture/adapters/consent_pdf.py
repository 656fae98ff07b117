"""The consent format (000 §3.10-3.11), to print, sign and upload: the express, written
consent to the treatment of the identity answers, sensitive personal data, for the purposes
the privacy notice states (000 §8.2), and, apart and optional, to their publication (000
§3.9). Pre-filled with the candidate's name for whoever captures the candidacy; blank, with
lines to fill by hand, for anyone (000 §3.11)."""

from typing import Any

from fpdf import FPDF

from contracts.capture import ElectionConfig
from contracts.events.capture import Person
from contracts.profile import InstituteProfile
from services.capture.domain.formulas import RegisteredFormula

TREATMENT = (
    "I. Tratamiento. Por este medio, otorgo mi consentimiento expreso y por escrito para que "
    "el {institute} trate las respuestas que dé al cuestionario de identidad de la "
    "candidatura {candidacy} en el {election}, datos personales sensibles en términos de la "
    "Ley General de Protección de Datos Personales en Posesión de Sujetos Obligados, para los "
    "fines estadísticos y los estudios sobre grupos en situación de discriminación que señala "
    "el aviso de privacidad. Sin mi consentimiento para su publicación, solo se usan para "
    "esos fines y no se publican."
)
PUBLICATION = (
    "II. Publicidad (opcional). Otorgo también mi consentimiento expreso y por escrito para "
    "que el {institute} publique esas respuestas en el sistema «Candidatas y Candidatos, "
    "Conóceles», en su portal, en sus datos abiertos y en lo que entrega al INE. Sé que puedo "
    "revocar este consentimiento en cualquier momento, por conducto de la supervisión de mi "
    "partido o directamente si mi candidatura es independiente, y que al hacerlo esos datos "
    "dejarán de mostrarse de inmediato."
)


NEXT_LINE: dict[str, Any] = {"new_x": "LMARGIN", "new_y": "NEXT"}


def _latin(text: str) -> str:
    return text.encode("cp1252", "replace").decode("cp1252")


BLANK = "______________________________"


def consent_format_pdf(
    formula: RegisteredFormula | None,
    election: ElectionConfig,
    profile: InstituteProfile,
    person: Person = Person.OWNER,
) -> bytes:
    """The format for ``formula``'s owner or alternate (``person``, each signs its own), or
    a blank one (``formula`` None)."""
    offices = {o.id: o.name for o in election.offices}
    if formula is None:
        name, candidacy = BLANK, f"{BLANK} (cargo: {BLANK})"
    else:
        office = offices.get(formula.office, formula.office)
        quality = "suplente" if person is Person.ALTERNATE else "propietaria"
        name = formula.person(person).full_name
        candidacy = f"«{formula.key}» ({office}), como {quality}"
    pdf = FPDF(format="Letter")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    title = (
        "Formato de consentimiento expreso para el tratamiento y la publicidad de los datos "
        "personales sensibles del cuestionario de identidad"
    )
    pdf.multi_cell(0, 8, _latin(title), align="C", **NEXT_LINE)
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, _latin(f"Nombre de la persona candidata: {name}"), **NEXT_LINE)
    pdf.ln(4)
    facts = {
        "institute": election.institute or profile.institute,
        "candidacy": candidacy,
        "election": election.name,
    }
    for part, signature in (
        (TREATMENT, "Firma autógrafa (tratamiento): ______________________"),
        (PUBLICATION, "Firma autógrafa (publicidad): _______________________"),
    ):
        pdf.multi_cell(0, 6, _latin(part.format(**facts)), align="J", **NEXT_LINE)
        pdf.ln(8)
        pdf.multi_cell(0, 10, _latin(signature), **NEXT_LINE)
        pdf.ln(4)
    pdf.multi_cell(
        0, 10, _latin("Lugar y fecha: ______________________________________"), **NEXT_LINE
    )
    return bytes(pdf.output())
