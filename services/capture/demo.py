"""The demo election that ``make up`` loads, so a newcomer can sign in and work at once.

The election is configured and its registry imported through capture's own paths (as
an admin's requests would, by the system). Loading it again changes nothing: the
configuration is an upsert and the same registry is imported as unchanged.

One of PAN's candidacies (``VALIDATED``) is captured, submitted and validated through
the steps a party's requests call, so that the demo verifier finds it in the moderation
queue: its second proposal calls to vote and names another party, which the screening
flags. DM01-PAN stays a draft for the demo capturist. Each step runs only while the
candidacy's capture status still asks for it, so loading again changes nothing.
"""

import base64
import io
import uuid
from datetime import date
from typing import Any

from faststream.nats import NatsBroker
from PIL import Image, ImageDraw

from contracts.capture import (
    Attach,
    Calendar,
    CandidacyRef,
    Coalition,
    ElectionConfig,
    Named,
    Office,
    Party,
    PrivacyAcceptance,
    QuestionnaireName,
    QuestionnaireSave,
    Submit,
    UploadChunk,
    UploadPurpose,
)
from contracts.demo import DEMO_ELECTION_ID, DEMO_PARTY_ID
from contracts.envelope import utc_now
from contracts.events.capture import PartyInfo
from contracts.requests import Principal
from contracts.roles import Role
from contracts.services import ServiceName
from services.capture.adapters.profile_files import SHIPPED, load_profile
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.registry_rows import RegistryRules, check_rows
from services.capture.steps import accepting_privacy, attaching, capturing, submitting, uploading
from services.capture.steps.configuring import configure
from services.capture.steps.finding import candidacy_in_election
from services.capture.steps.importing import import_formulas
from services.capture.steps.recording import SignedIn
from services.capture.steps.validating import validate
from services.runtime import database
from services.runtime.outbox import Outbox
from services.runtime.service_deps import ServiceDeps
from services.runtime.settings import Settings

ELECTION_ID = DEMO_ELECTION_ID
PARTIES = [
    PartyInfo(id="pan", name="Partido Acción Nacional", acronym="PAN"),
    PartyInfo(id="pri", name="Partido Revolucionario Institucional", acronym="PRI"),
    PartyInfo(id="morena", name="Morena", acronym="MORENA"),
    PartyInfo(id="mc", name="Movimiento Ciudadano", acronym="MC"),
    PartyInfo(id="pvem", name="Partido Verde Ecologista de México", acronym="PVEM"),
]
MR, PM = "diputacion-mr", "presidencia-municipal"
# clave, office, district, municipality, postulant kind, postulant, owner, alternate,
# affirmative action
CANDIDACIES = [
    (
        "DM01-PAN",
        MR,
        "distrito-1",
        None,
        "partido",
        "pan",
        ("María Fernanda", "Ávila", "Núñez", "Mujer"),
        ("Lucía", "Peña", "Ibáñez", "Mujer"),
        None,
    ),
    (
        "DM01-SHH",
        MR,
        "distrito-1",
        None,
        "coalicion",
        "sigamos",
        ("José Ángel", "Ibáñez", "Peña", "Hombre"),
        ("Andrés", "Solís", "Garza", "Hombre"),
        None,
    ),
    (
        "PM-MTY-MC",
        PM,
        None,
        "monterrey",
        "partido",
        "mc",
        ("Sofía", "Muñoz", "Garza", "Mujer"),
        ("Ximena", "Treviño", "Cantú", "Mujer"),
        "indigena",
    ),
    (
        "PM-MTY-IND",
        PM,
        None,
        "monterrey",
        "independiente",
        None,
        ("Raúl", "Cantú", "Treviño", "Hombre"),
        ("Iñaki", "Ortiz", "Salas", "Hombre"),
        None,
    ),
    (
        "PM-SPG-PRI",
        PM,
        None,
        "san-pedro",
        "partido",
        "pri",
        ("Ana Sofía", "Garza", "Sada", "Mujer"),
        None,
        None,
    ),
    (
        "PM-MTY-PAN",
        PM,
        None,
        "monterrey",
        "partido",
        "pan",
        ("Rodrigo", "Elizondo", "Garza", "Hombre"),
        ("Mauricio", "Villarreal", "Lozano", "Hombre"),
        None,
    ),
]


DEMO_PROFILE = "nuevo-leon"


def demo_config() -> ElectionConfig:
    return ElectionConfig(
        election_id=ELECTION_ID,
        name="Proceso Electoral Local 2026-2027",
        profile=DEMO_PROFILE,
        offices=[
            Office(id="diputacion-mr", name="Diputación local de mayoría relativa", minimum_age=21),
            Office(id="presidencia-municipal", name="Presidencia municipal", minimum_age=25),
        ],
        districts=[Named(id="distrito-1", name="Distrito 1 — Monterrey")],
        municipalities=[
            Named(id="monterrey", name="Monterrey"),
            Named(id="san-pedro", name="San Pedro Garza García"),
        ],
        parties=[Party(**party.model_dump()) for party in PARTIES],
        coalitions=[
            Coalition(
                id="sigamos",
                name="Sigamos Haciendo Historia",
                parties=["morena", "pvem"],
                capturing_party="morena",
            )
        ],
        affirmative_actions=[
            Named(id="indigena", name="Persona indígena"),
            Named(id="discapacidad", name="Persona con discapacidad"),
        ],
        calendar=Calendar(
            publication_starts=date(2027, 4, 1),
            election_day=date(2027, 6, 6),
            non_working_days=[date(2027, 3, 15), date(2027, 4, 1)],
        ),
    )


def demo_registry_rows() -> list[tuple[int, dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    for (
        key,
        office,
        district,
        municipality,
        kind,
        postulant,
        owner,
        alternate,
        action,
    ) in CANDIDACIES:
        for quality, person in (("propietaria", owner), ("suplente", alternate)):
            if person is None:
                continue
            names, first, second, sex = person
            rows.append(
                {
                    "clave": key,
                    "cargo": office,
                    "distrito": district,
                    "municipio": municipality,
                    "postulante_tipo": kind,
                    "postulante": postulant,
                    "calidad": quality,
                    "nombres": names,
                    "primer_apellido": first,
                    "segundo_apellido": second,
                    "sexo": sex,
                    "fecha_nacimiento": "1984-06-15",
                    "accion_afirmativa": action,
                }
            )
    return list(enumerate(rows, start=2))


VALIDATED = "PM-MTY-PAN"
"""The demo candidacy that waits in the moderation queue, validated by PAN's supervisor."""

OFFICE_DUTIES = (
    "Soy contador público por la Universidad Autónoma de Nuevo León y durante doce años "
    "trabajé en la Tesorería del Estado, primero como auditor de obra pública y después "
    "como jefe del departamento de transparencia presupuestal. Desde 2019 dirijo un "
    "despacho que asesora a cooperativas de vivienda y a pequeños comercios de la colonia "
    "Independencia en su contabilidad, sus permisos municipales y sus créditos."
)
POLITICAL_PATH = (
    "Fui presidente de la junta de vecinos de la colonia Mitras Centro de 2012 a 2016, "
    "donde organizamos la recuperación de tres plazas públicas y el primer presupuesto "
    "participativo del sector. He sido consejero ciudadano del Instituto Municipal de "
    "Planeación y voluntario de la Cruz Roja en las inundaciones de 2010, y milito en "
    "Acción Nacional desde 2014, en su comisión de transparencia y rendición de cuentas."
)
WHY_OFFICE = (
    "Quiero ocupar la Presidencia municipal porque he visto de cerca cómo se decide el "
    "gasto público y sé que puede hacerse con las puertas abiertas. Monterrey necesita "
    "un gobierno que publique cada contrato, que escuche a sus colonias antes de decidir "
    "una obra y que rinda cuentas cada mes, no solo al final de la administración; a "
    "eso he dedicado mi vida profesional y quiero dedicarle los próximos tres años."
)
FIRST_PROPOSAL = (
    "Publicaré en línea, en los primeros cien días, cada contrato de obra pública y de "
    "compras del municipio, con su monto, la empresa ganadora, el avance de la obra y "
    "las fotografías de su supervisión, en datos abiertos que cualquier persona pueda "
    "descargar. La Contraloría municipal revisará cada trimestre los contratos de más "
    "de un millón de pesos y presentará su informe en sesión abierta del Cabildo."
)
SECOND_PROPOSAL = (
    "Crearé una red de estancias infantiles municipales con horario extendido de seis "
    "de la mañana a diez de la noche, para que las madres y los padres que trabajan en "
    "turnos nocturnos puedan conservar su empleo; la primera abrirá en la colonia "
    "Independencia en el primer año y habrá una en cada sector en el tercero. A "
    "diferencia de Morena, que recortó las estancias infantiles, nosotros sí cuidamos a "
    "las familias. Este 6 de junio, vota por el PAN."
)
GENDER_PROPOSAL = (
    "Propongo una Unidad municipal de atención a mujeres víctimas de violencia abierta "
    "las veinticuatro horas, con abogadas, psicólogas y trabajadoras sociales, y rutas "
    "de transporte nocturno con paradas iluminadas y botones de auxilio conectados al "
    "C5 en las colonias con más reportes. Cada seis meses publicaremos cuántas mujeres "
    "fueron atendidas, en cuánto tiempo y qué pasó con sus denuncias."
)
CURRICULAR_ANSWERS: dict[str, Any] = {
    "pagina_web": "https://rodrigoelizondo.mx",
    "correos_publicos": ["contacto@rodrigoelizondo.mx"],
    "telefonos_publicos": ["81 8340 2200"],
    "domicilios_casa_campana": ["Av. Simón Bolívar 1250, Mitras Centro, Monterrey, N. L."],
    "grado_maximo_estudios": "Maestría",
    "estatus_grado": "Título",
    "cursos": ["Diplomado en Presupuesto Basado en Resultados, SHCP (2017)"],
    "historia_profesional_laboral": OFFICE_DUTIES,
    "trayectoria_politica": POLITICAL_PATH,
    "motivo_cargo_publico": WHY_OFFICE,
    "propuesta_1": FIRST_PROPOSAL,
    "propuesta_2": SECOND_PROPOSAL,
    "propuesta_genero_grupo": GENDER_PROPOSAL,
    "correo_aclaraciones": "aclaraciones@rodrigoelizondo.mx",
}
IDENTITY_ANSWERS: dict[str, Any] = {
    "indigena": "No",
    "lengua_indigena": "No",
    "discapacidad": "No",
    "afromexicana": "No",
    "lgbtttiq": "No",
    "migrante": "No",
    "poblacion_joven": "No",
    "persona_mayor": "No",
    "nivel_ingresos": "De $50,001 a $75,000",
    "fuente_ingresos": "Negocio propio",
    "negocio_propio": "Con menos de 5 empleados",
}


def _party_principal(role: Role, who: str) -> SignedIn:
    """PAN's capture or supervision account as the demo stands for it: the demo's accounts
    are issued after the election (accounts' demo builds on capture's), so the steps'
    activity entries name this stand-in."""
    account = f"demostracion-{DEMO_PARTY_ID}-{who}"
    return SignedIn(
        Principal(account_id=account, role=role, election_id=ELECTION_ID, party_id=DEMO_PARTY_ID)
    )


CAPTURIST = _party_principal(Role.CAPTURIST, "captura")
SUPERVISOR = _party_principal(Role.SUPERVISOR, "supervision")


def demo_photo() -> bytes:
    """A small portrait: a face and shoulders on a plain background (JPEG)."""
    image = Image.new("RGB", (300, 400), (214, 224, 232))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 250, 260, 470), fill=(32, 52, 96))  # shoulders, a dark jacket
    draw.rectangle((130, 220, 170, 270), fill=(198, 150, 118))  # neck
    draw.ellipse((95, 90, 205, 235), fill=(204, 156, 122))  # face
    draw.chord((92, 78, 208, 180), 180, 360, fill=(46, 34, 28))  # hair
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


async def _status(deps: ServiceDeps) -> CaptureStatus:
    async with deps.pool.acquire() as conn:
        candidacy, _ = await candidacy_in_election(conn, VALIDATED)
    return candidacy.capture_status


async def _capture_and_submit(deps: ServiceDeps, privacy_version: str) -> None:
    """What PAN's capturist does in the portal: the privacy notice accepted, the photo
    uploaded (capture keeps it without its metadata), both questionnaires saved complete,
    and the one chance taken."""
    async with deps.pool.acquire() as conn, conn.transaction():
        accepted = PrivacyAcceptance(candidacy_id=VALIDATED, version=privacy_version)
        await accepting_privacy.accept_privacy(conn, deps, accepted, CAPTURIST)
        chunk = UploadChunk(
            upload_id=str(uuid.uuid4()),
            purpose=UploadPurpose.PHOTO,
            target=VALIDATED,
            index=0,
            total=1,
            content_base64=base64.b64encode(demo_photo()).decode(),
        )
        await uploading.receive_chunk(conn, deps, chunk, CAPTURIST)
    photo = Attach(candidacy_id=VALIDATED, upload_id=chunk.upload_id)
    await attaching.attach_photo(deps, photo, CAPTURIST)
    async with deps.pool.acquire() as conn, conn.transaction():
        for name, answers in (
            (QuestionnaireName.CURRICULAR, CURRICULAR_ANSWERS),
            (QuestionnaireName.IDENTITY, IDENTITY_ANSWERS),
        ):
            order = QuestionnaireSave(candidacy_id=VALIDATED, cuestionario=name, respuestas=answers)
            saved = await capturing.save_draft(conn, deps, order, CAPTURIST)
            if saved.missing or saved.problems:
                raise RuntimeError(f"the demo's {name} answers are wrong: {saved}")
        sent = await submitting.submit(
            conn, deps, Submit(candidacy_id=VALIDATED, confirmar=True), CAPTURIST
        )
        if not sent.submitted:
            raise RuntimeError(f"the demo candidacy was not submitted: {sent}")


async def load_validated_candidacy(settings: Settings) -> None:
    """VALIDATED captured, submitted and validated, each step only if still due."""
    outbox = Outbox(settings, str(ServiceName.CAPTURE))
    pool = await database.create_pool(settings, str(ServiceName.CAPTURE), max_size=1)
    # The steps publish through the outbox; none of these asks another service.
    deps = ServiceDeps(settings, str(ServiceName.CAPTURE), pool, outbox, NatsBroker())
    try:
        if await _status(deps) is CaptureStatus.DRAFT:
            await _capture_and_submit(deps, demo_config().privacy_notice_version)
        if await _status(deps) is CaptureStatus.SUBMITTED:
            async with pool.acquire() as conn, conn.transaction():
                await validate(conn, deps, CandidacyRef(candidacy_id=VALIDATED), SUPERVISOR)
    finally:
        await pool.close()


async def load_demo_election(settings: Settings) -> None:
    outbox = Outbox(settings, str(ServiceName.CAPTURE))
    profile = load_profile(SHIPPED / f"{DEMO_PROFILE}.toml")
    config = demo_config()
    rows = demo_registry_rows()
    checked = check_rows(rows, config, RegistryRules(today=utc_now().date()))
    if checked.problems:
        raise RuntimeError(f"the demo registry is wrong: {checked.problems}")
    formulas = checked.formulas
    pool = await database.create_pool(settings, str(ServiceName.CAPTURE), max_size=1)
    try:
        async with pool.acquire() as conn, conn.transaction():
            await configure(conn, outbox, config, profile)
            await import_formulas(conn, outbox, config, formulas, now=utc_now(), rows=len(rows))
    finally:
        await pool.close()


async def load_demo(settings: Settings) -> list[str]:
    """The demo hook (service.py): the election loaded with one validated candidacy, and
    the lines ``make up`` prints."""
    await load_demo_election(settings)
    await load_validated_candidacy(settings)
    return [
        f"Elección de demostración cargada: {ELECTION_ID}",
        f"Candidatura validada por la supervisión del PAN: {VALIDATED}, en espera en la "
        "cola de moderación (/moderacion) de la cuenta de verificación.",
    ]
