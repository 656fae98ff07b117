"""The demo election that ``make up`` loads, so a newcomer can sign in and work at once.

The election is configured and its registry imported through capture's own paths (as
an admin's requests would, by the system). Loading it again changes nothing: the
configuration is an upsert and the same registry is imported as unchanged. Its
publication starts the day the demo is first loaded (in the institute's time zone), so
what it validates is public at once.

Four candidacies (``PUBLISHED``) are captured, submitted and validated through the steps
a party's (or the independent's) requests call, each with its own answers and portrait:
PAN's PM-MTY-PAN (``VALIDATED``), whose second proposal calls to vote and names another
party, so that the demo verifier finds it flagged in the moderation queue; MC's
PM-MTY-MC, under the indigenous affirmative action, with its signed consent; the
independent PM-MTY-IND, validated by itself; and the coalition's DM01-SHH, captured by
Morena. The Monterrey contest thus has PAN, MC and the independent side by side.
DM01-PAN stays a draft for the demo capturist. Each step runs only while the
candidacy's capture status still asks for it, so loading again changes nothing.
"""

import base64
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

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
from contracts.demo import (
    DEMO_ELECTION_ID,
    DEMO_PARTY_ID,
    PYTHON_DEMO_PROFILE,
    CapturedBy,
    DemoElection,
    DemoFormula,
    known_profile,
    read_demo,
)
from contracts.envelope import utc_now
from contracts.events.capture import PartyInfo, Person
from contracts.questionnaires import IDENTITY
from contracts.requests import Principal
from contracts.roles import Role
from contracts.services import ServiceName
from services.capture.adapters.consent_pdf import consent_format_pdf
from services.capture.adapters.profile_files import SHIPPED, load_profile
from services.capture.domain.one_chance import CaptureStatus
from services.capture.domain.registry_rows import RegistryRules, check_rows
from services.capture.steps import accepting_privacy, attaching, capturing, submitting, uploading
from services.capture.steps.configuring import configure
from services.capture.steps.finding import candidacy_in_election
from services.capture.steps.importing import import_formulas
from services.capture.steps.recording import SignedIn
from services.capture.steps.validating import validate
from services.capture.store import elections
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


DEMO_PROFILE = PYTHON_DEMO_PROFILE


STILL_AHEAD = date(2027, 4, 1)
"""The publication start of ``demo_config()`` as tests use it, where nothing is public
before the date; the demo that ``make up`` loads starts publication the day it is first
loaded (``publication_day``)."""


def demo_config(publication_starts: date = STILL_AHEAD) -> ElectionConfig:
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
            publication_starts=publication_starts,
            election_day=date(2027, 6, 6),
            non_working_days=[date(2027, 3, 15), date(2027, 4, 1)],
        ),
    )


BIRTH_DATES = ("1984-06-15", "1971-02-03", "1992-11-20", "1966-08-09", "1979-04-27", "1988-01-12")
"""The demo's people are of several ages, so that the age filter and chart show something;
every one is old enough for both offices (21 and 25 years)."""


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
                    "fecha_nacimiento": BIRTH_DATES[len(rows) % len(BIRTH_DATES)],
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


MC_CURRICULAR: dict[str, Any] = {
    "facebook": "https://www.facebook.com/sofiamunozgarza",
    "pagina_web": "https://sofiamunoz.mx",
    "correos_publicos": ["hablemos@sofiamunoz.mx"],
    "telefonos_publicos": ["81 8115 4470"],
    "domicilios_casa_campana": ["Calle Aramberri 815 Pte., Centro, Monterrey, N. L."],
    "grado_maximo_estudios": "Licenciatura",
    "estatus_grado": "Cédula",
    "cursos": [
        "Diplomado en Interpretación de Lenguas Indígenas en el Ámbito de Justicia, INALI (2016)",
        "Curso de Derechos de los Pueblos Indígenas, CNDH (2019)",
    ],
    "historia_profesional_laboral": (
        "Soy abogada por la Universidad Autónoma de Nuevo León. Desde 2011 trabajo como "
        "intérprete de náhuatl y español en los juzgados penales y familiares del estado, y "
        "de 2015 a 2022 coordiné el área de atención a personas indígenas de la Defensoría "
        "Pública, donde acompañamos más de dos mil casos de familias nahuas, tének y "
        "mixtecas que llegaron a la zona metropolitana a trabajar en la construcción y en "
        "el servicio doméstico. Hoy doy clases de derecho indígena en la Facultad de "
        "Derecho y Criminología."
    ),
    "trayectoria_politica": (
        "Nací en la Huasteca hidalguense y llegué a la colonia Ferrocarrilera a los nueve "
        "años. Fundé en 2013 el colectivo Tlapalewiliztli, que da asesoría legal gratuita "
        "a trabajadoras del hogar indígenas, y participé en la mesa ciudadana que redactó "
        "el reglamento municipal de consulta a pueblos y comunidades indígenas de 2018. He "
        "sido consejera del Consejo Estatal para la Atención de Pueblos Indígenas y "
        "observadora electoral en tres procesos locales."
    ),
    "motivo_cargo_publico": (
        "En Monterrey viven más de cincuenta mil personas que hablan una lengua indígena y "
        "casi ninguna oficina municipal las atiende en su idioma. Quiero ocupar la "
        "Presidencia municipal para que las familias que llegaron de la Huasteca, de la "
        "Mixteca o de la sierra encuentren en su ayuntamiento intérpretes, trámites "
        "sencillos y un gobierno que las consulte antes de decidir sobre sus colonias, "
        "como lo he hecho durante quince años desde la defensoría y el colectivo."
    ),
    "propuesta_1": (
        "Abriré en el primer año una Oficina municipal de atención en lenguas indígenas con "
        "intérpretes de náhuatl, tének, mixteco y otomí en el DIF, en los centros de salud "
        "municipales, en los juzgados cívicos y en las ventanillas de trámites. Cada "
        "persona podrá pedir una cita en su lengua por teléfono o en persona, y la oficina "
        "publicará cada seis meses cuántas personas atendió, en qué lengua y en qué tiempo. "
        "Su presupuesto quedará etiquetado en el plan municipal para que no desaparezca."
    ),
    "propuesta_2": (
        "Regularizaré en tres años la tenencia de la tierra de las colonias del poniente "
        "que se formaron sin papeles, como Fomerrey 45 y Valle de Santa Lucía, con brigadas "
        "de catastro que irán casa por casa y escrituras a bajo costo. Las familias con su "
        "lote en regla podrán conectarse a la red de agua y drenaje, y el municipio "
        "publicará en un mapa abierto cada manzana regularizada, el costo por familia y la "
        "fecha en que llegó el servicio."
    ),
    "propuesta_genero_grupo": (
        "Para las mujeres indígenas que trabajan en casas particulares propongo un centro "
        "municipal de orientación en náhuatl y tének que las ayude a inscribirse en el "
        "seguro social, a firmar un contrato por escrito y a denunciar el maltrato, con una "
        "abogada y una psicóloga que hablen su lengua. Trabajaremos con las asociaciones de "
        "trabajadoras del hogar y rendiremos cuentas cada año de cuántas mujeres quedaron "
        "aseguradas gracias al centro."
    ),
    "correo_aclaraciones": "aclaraciones@sofiamunoz.mx",
}
MC_IDENTITY: dict[str, Any] = {
    **IDENTITY_ANSWERS,
    "indigena": "Sí",
    "lengua_indigena": "Sí",
    "pueblo_indigena": "Nahua de la Huasteca hidalguense",
    "nivel_ingresos": "De $25,001 a $50,000",
    "fuente_ingresos": "Salario",
}
MC_IDENTITY.pop("negocio_propio")

INDEPENDENT_CURRICULAR: dict[str, Any] = {
    "x_twitter": "https://x.com/raulcantutr",
    "instagram": "https://www.instagram.com/raulcantu.mty",
    "correos_publicos": ["raul@cantuindependiente.mx"],
    "telefonos_publicos": ["81 1932 0087"],
    "domicilios_casa_campana": ["Calle Padre Mier 430 Ote., Centro, Monterrey, N. L."],
    "grado_maximo_estudios": "Maestría",
    "estatus_grado": "Título",
    "cursos": ["Certificación en Gestión de Riesgos de Inundación, CENAPRED (2020)"],
    "historia_profesional_laboral": (
        "Soy ingeniero civil por el Instituto Tecnológico de Nuevo León y maestro en "
        "hidráulica por la UNAM. Trabajé quince años en Servicios de Agua y Drenaje de "
        "Monterrey, los últimos cinco como jefe de proyectos pluviales, y después del "
        "huracán Alex coordiné la reconstrucción de los puentes sobre el río Santa "
        "Catarina. Desde 2018 tengo una consultoría que diseña parques inundables y "
        "drenajes para municipios del noreste y da clases de obras hidráulicas."
    ),
    "trayectoria_politica": (
        "Nunca he militado en un partido. En 2016 fundé con vecinos de la colonia Del "
        "Norte el colectivo Calles Seguras, que midió durante tres años las banquetas, los "
        "cruces y los tiempos de los semáforos alrededor de cuarenta escuelas y logró que "
        "el Cabildo aprobara el reglamento de zonas escolares. He sido consejero "
        "ciudadano de protección civil y represento a la asociación de ingenieros en el "
        "comité técnico del plan de desarrollo urbano."
    ),
    "motivo_cargo_publico": (
        "Cada temporada de lluvias veo las mismas calles convertidas en arroyos y a las "
        "mismas familias perder sus muebles. Sé cómo se resuelve porque lo hice desde "
        "dentro del organismo del agua, y quiero ocupar la Presidencia municipal como "
        "candidato independiente para que las decisiones de obra pública se tomen con "
        "datos técnicos y con los vecinos, sin compromisos con nadie más que con quienes "
        "viven en Monterrey."
    ),
    "propuesta_1": (
        "Construiré en los tres años de gobierno doce parques inundables en las cuencas "
        "del arroyo Topo Chico y del arroyo Seco, que en tiempo seco sean canchas y áreas "
        "de juego y en una tormenta guarden el agua que hoy corre por las calles. Cada "
        "proyecto se presentará a los vecinos antes de licitarse, y el municipio publicará "
        "el nivel de agua que registren sus sensores, en tiempo real, para que protección "
        "civil avise a tiempo a las colonias de aguas abajo."
    ),
    "propuesta_2": (
        "Haré un programa de banquetas completas: en el primer año mediremos cada cuadra "
        "alrededor de escuelas, clínicas y paradas del transporte, y en tres años "
        "repararemos ochocientos kilómetros con rampas, pasos peatonales elevados y "
        "arbolado. Las obras se asignarán por concurso público, con un tablero abierto que "
        "diga cuántos metros se hicieron en cada colonia, cuánto costaron y qué empresa "
        "las construyó, y una garantía de cinco años que el municipio hará valer."
    ),
    "propuesta_genero_grupo": (
        "Crearé un sistema municipal de cuidados para quienes atienden a una persona mayor "
        "o con discapacidad, casi siempre mujeres que dejan su empleo para hacerlo: centros "
        "de día en cada sector con transporte adaptado, cuidadoras certificadas que "
        "visiten los hogares por horas y talleres de respiro para las familias. Cada año "
        "informaremos cuántas personas recibieron el servicio y cuántas cuidadoras "
        "pudieron volver a estudiar o a trabajar."
    ),
    "correo_aclaraciones": "aclaraciones@cantuindependiente.mx",
}
INDEPENDENT_IDENTITY: dict[str, Any] = {
    **IDENTITY_ANSWERS,
    "nivel_ingresos": "De $75,001 a $112,000",
}

COALITION_CURRICULAR: dict[str, Any] = {
    "facebook": "https://www.facebook.com/joseangelibanezp",
    "youtube": "https://www.youtube.com/@profejoseangel",
    "correos_publicos": ["profe@joseangelibanez.mx"],
    "telefonos_publicos": ["81 8372 5516"],
    "domicilios_casa_campana": ["Calle Villagrán 1102 Nte., Col. Industrial, Monterrey, N. L."],
    "grado_maximo_estudios": "Especialidad",
    "estatus_grado": "Certificado",
    "cursos": [
        "Especialización en Gestión Escolar, Universidad Pedagógica Nacional (2014)",
        "Diplomado en Técnica Legislativa, Congreso del Estado de Nuevo León (2021)",
    ],
    "historia_profesional_laboral": (
        "Soy profesor normalista egresado de la Escuela Normal Miguel F. Martínez. Durante "
        "dieciocho años di clases de matemáticas en la secundaria técnica de la colonia "
        "Industrial y fui su director de 2017 a 2023, cuando la escuela pasó de turno "
        "discontinuo a tiempo completo y abrió su comedor. Antes de la docencia trabajé "
        "cuatro años como técnico de mantenimiento en una planta de vidrio, y hoy asesoro "
        "a comités de padres de familia en la gestión de sus presupuestos escolares."
    ),
    "trayectoria_politica": (
        "He sido representante de los maestros de mi zona escolar, presidente de la "
        "asociación de vecinos de la colonia Industrial de 2015 a 2019 y promotor del "
        "comité que logró rescatar el parque Aztlán como espacio deportivo. Participé como "
        "ponente en los foros ciudadanos sobre la calidad del aire organizados por las "
        "universidades del estado y coordino desde 2020 un programa de tutorías gratuitas "
        "para estudiantes de secundaria."
    ),
    "motivo_cargo_publico": (
        "En el aula aprendí que las leyes se sienten en la vida diaria: en el camión que "
        "no llega, en el aire que no se puede respirar, en el estudiante que deja la "
        "escuela porque no le alcanza el pasaje. Quiero ser diputado local por el Distrito "
        "1 para llevar al Congreso lo que los vecinos y los maestros me han dicho durante "
        "veinte años, y para explicar cada decisión que tome en una asamblea abierta cada mes."
    ),
    "propuesta_1": (
        "Presentaré una iniciativa de Ley de Movilidad Estudiantil que garantice el "
        "transporte público gratuito para estudiantes de secundaria, preparatoria y "
        "universidad públicas en todo el estado, con una tarjeta única que se tramite en "
        "la propia escuela. La ley obligará a publicar cada trimestre cuántos viajes se "
        "pagaron, con qué recursos y en qué rutas, y pedirá que los municipios del área "
        "metropolitana aporten según sus estudiantes inscritos."
    ),
    "propuesta_2": (
        "Impulsaré una reforma a la ley ambiental del estado para que las industrias de la "
        "zona metropolitana midan sus emisiones con monitores continuos conectados a una "
        "red pública, que cualquier persona pueda consultar en línea cada hora. Las "
        "empresas que rebasen los límites pagarán multas que irán a un fondo para "
        "arbolar escuelas y parques, y el Congreso revisará cada año los resultados en "
        "una comparecencia abierta de la Secretaría de Medio Ambiente."
    ),
    "propuesta_genero_grupo": (
        "Propondré reformar la ley de educación del estado para que cada secundaria y "
        "preparatoria pública tenga una persona orientadora capacitada en la prevención "
        "del acoso y la violencia contra las alumnas, con un protocolo que obligue a "
        "atender cada queja en menos de setenta y dos horas. La reforma incluirá un "
        "registro anónimo de casos por plantel, que la autoridad educativa publicará cada "
        "semestre para que las familias sepan qué se hizo."
    ),
    "correo_aclaraciones": "aclaraciones@joseangelibanez.mx",
}
COALITION_IDENTITY: dict[str, Any] = {
    **IDENTITY_ANSWERS,
    "nivel_ingresos": "De $25,001 a $50,000",
    "fuente_ingresos": "Salario",
}
COALITION_IDENTITY.pop("negocio_propio")


def _party_principal(role: Role, party: str, who: str, election_id: str = ELECTION_ID) -> SignedIn:
    """A party's capture or supervision account as the demo stands for it: the demo's
    accounts are issued after the election (accounts' demo builds on capture's), so the
    steps' activity entries name this stand-in."""
    account = f"demostracion-{party}-{who}"
    return SignedIn(
        Principal(account_id=account, role=role, election_id=election_id, party_id=party)
    )


CAPTURIST = _party_principal(Role.CAPTURIST, DEMO_PARTY_ID, "captura")
SUPERVISOR = _party_principal(Role.SUPERVISOR, DEMO_PARTY_ID, "supervision")
INDEPENDENT = SignedIn(
    Principal(
        account_id="demostracion-PM-MTY-IND",
        role=Role.INDEPENDENT,
        election_id=ELECTION_ID,
        candidacy_id="PM-MTY-IND",
    )
)
"""The independent candidacy's own account: under the demo's profile it captures and
validates its own questionnaires (001 §27; ``Validation.independents_validate_own``)."""


@dataclass(frozen=True)
class DemoCandidacy:
    """One demo candidacy to capture, submit and validate, and who does each."""

    candidacy_id: str
    capturist: SignedIn
    validator: SignedIn
    curricular: dict[str, Any]
    identity: dict[str, Any]
    look: int  # which demo portrait
    consents: bool = False  # a signed consent document uploaded before submitting

    def of(self, person: Person) -> tuple[dict[str, Any], dict[str, Any], int]:
        """A person's curricular and identity answers and portrait: the alternate, a
        candidacy of its own (001 §3.III-V), has its own history, contact and identity
        answers and portrait; the proposals are the formula's, shared with the owner."""
        if person is Person.OWNER:
            return self.curricular, self.identity, self.look
        return (
            alternate_curricular(self.curricular, self.look),
            alternate_identity(self.identity),
            (self.look + 1) % len(LOOKS),
        )


ALTERNATE_LIVES = (  # a history and a trajectory each; the demo's alternates take turns
    (
        "Doy clases de educación secundaria desde 2009 y desde 2016 dirijo una escuela "
        "telesecundaria en la periferia del municipio, donde organicé con las familias un "
        "comedor escolar y un programa de tutorías por las tardes. Antes trabajé cinco años "
        "en el registro civil, donde aprendí cómo se atiende a la gente en una oficina "
        "pública y cuánto pesa una fila larga para quien pierde un día de trabajo.",
        "Participo desde 2014 en el comité de padres y madres de familia de mi colonia y "
        "desde 2019 en el consejo ciudadano de seguridad del municipio, donde propuse los "
        "recorridos vecinales con las patrullas. En 2021 coordiné, con el voluntariado, la "
        "instalación de casillas en mi sección electoral y acompañé la capacitación de las "
        "personas funcionarias de casilla de mi colonia.",
    ),
    (
        "Estudié contaduría pública en la universidad del estado. Desde 2012 llevo la "
        "contabilidad de cooperativas de productores de la región y desde 2018 asesoro sin "
        "costo a pequeños comercios para que se den de alta ante el SAT y obtengan créditos "
        "de la banca de desarrollo; antes fui auxiliar en la tesorería municipal, donde "
        "preparé las cuentas públicas trimestrales durante cuatro años.",
        "Desde 2015 formo parte de la asociación de comerciantes del mercado municipal, que "
        "presidí de 2019 a 2022; en ese periodo negociamos con el Ayuntamiento la "
        "rehabilitación de los baños y de la red eléctrica del mercado, y publicamos cada año "
        "las cuentas de las cuotas de mantenimiento en el tablero de la entrada, para que "
        "cualquier locatario pudiera revisarlas.",
    ),
    (
        "Trabajo en enfermería en el centro de salud de mi comunidad desde 2011, primero en "
        "el turno nocturno y desde 2017 como responsable del programa de vacunación, con "
        "brigadas casa por casa en las localidades más alejadas. Estudié la licenciatura en "
        "enfermería por las tardes mientras trabajaba, y desde 2020 doy talleres de primeros "
        "auxilios en las escuelas del municipio.",
        "Soy integrante desde 2016 del comité de salud de mi localidad y desde 2021 del "
        "consejo municipal de protección civil, donde propuse el padrón de personas adultas "
        "mayores que viven solas para visitarlas en temporada de calor y de frío; también "
        "acompaño a las familias en los trámites del seguro médico y en las solicitudes de "
        "medicamentos al hospital regional.",
    ),
)
ALTERNATE_IDENTITY: dict[str, Any] = {
    "indigena": "No",
    "lengua_indigena": "No",
    "discapacidad": "No",
    "afromexicana": "No",
    "lgbtttiq": "Prefiero no contestar",
    "migrante": "No",
    "poblacion_joven": "No",
    "persona_mayor": "No",
    "nivel_ingresos": "De $25,001 a $50,000",
    "fuente_ingresos": "Salario",
}
GROUPS = ("indigena", "discapacidad", "afromexicana", "lgbtttiq", "migrante")
"""The identity questions that say a group a person belongs to (not an age)."""
SHARED_BY_THE_FORMULA = (
    "propuesta_1",
    "propuesta_2",
    "propuesta_genero_grupo",
    "correo_aclaraciones",
)


def alternate_curricular(owners: dict[str, Any], turn: int) -> dict[str, Any]:
    """The alternate's curricular answers: the formula's proposals, a history, a trajectory
    and a public telephone of its own (the owner's area code, a number of its turn)."""
    phones = owners.get("telefonos_publicos") or ["55 0000 0000"]
    area = str(phones[0]).split()[0]
    history, trajectory = ALTERNATE_LIVES[turn % len(ALTERNATE_LIVES)]
    return {
        **{name: owners[name] for name in SHARED_BY_THE_FORMULA if name in owners},
        "telefonos_publicos": [f"{area} 2100 {4300 + 17 * turn:04d}"],
        "grado_maximo_estudios": "Licenciatura",
        "estatus_grado": "Título",
        "historia_profesional_laboral": history,
        "trayectoria_politica": trajectory,
    }


def alternate_identity(owners: dict[str, Any]) -> dict[str, Any]:
    """The alternate's identity answers: its own, except that the group the owner says she
    belongs to (an indigenous people, a disability…) is the formula's, as an affirmative
    action asks of both people: those answers, and what follows from them, are shared."""
    shared = {name for name in GROUPS if owners.get(name) == "Sí"}
    for _ in range(2):  # what follows from a group's answer, and what follows from that
        shared |= {
            spec.name
            for spec in IDENTITY.fields
            if spec.applies_when is not None and spec.applies_when.field in shared
        }
    return {**ALTERNATE_IDENTITY, **{name: owners[name] for name in shared if name in owners}}


DEMO_CANDIDACIES = (
    DemoCandidacy(VALIDATED, CAPTURIST, SUPERVISOR, CURRICULAR_ANSWERS, IDENTITY_ANSWERS, 0),
    DemoCandidacy(
        "PM-MTY-MC",
        _party_principal(Role.CAPTURIST, "mc", "captura"),
        _party_principal(Role.SUPERVISOR, "mc", "supervision"),
        MC_CURRICULAR,
        MC_IDENTITY,
        1,
        # Under an affirmative action Nuevo León's institute does not verify the consent
        # (000 §3.9): the signed format lets the identity answers out once validated.
        consents=True,
    ),
    DemoCandidacy(
        "PM-MTY-IND", INDEPENDENT, INDEPENDENT, INDEPENDENT_CURRICULAR, INDEPENDENT_IDENTITY, 2
    ),
    DemoCandidacy(
        "DM01-SHH",  # the coalition's: Morena captures it (000 §3.13)
        _party_principal(Role.CAPTURIST, "morena", "captura"),
        _party_principal(Role.SUPERVISOR, "morena", "supervision"),
        COALITION_CURRICULAR,
        COALITION_IDENTITY,
        3,
    ),
)
PUBLISHED = tuple(c.candidacy_id for c in DEMO_CANDIDACIES)
"""Every demo candidacy captured, submitted and validated: from the day the demo is first
loaded (its publication start) they are public, so that the portal shows profiles, the
contest of Monterrey's Presidencia municipal (PAN, MC and the independent side by side) and
statistics at once. Only VALIDATED trips the screening."""

# background, jacket, skin, hair: one portrait for each demo candidacy
LOOKS = (
    ((214, 224, 232), (32, 52, 96), (204, 156, 122), (46, 34, 28)),
    ((232, 222, 206), (120, 38, 52), (168, 118, 86), (22, 18, 16)),
    ((206, 226, 214), (64, 64, 70), (222, 178, 146), (120, 92, 60)),
    ((226, 214, 232), (28, 74, 62), (186, 136, 104), (90, 90, 92)),
)


def demo_photo(look: int = 0) -> bytes:
    """A small portrait: a face and shoulders on a plain background (JPEG)."""
    background, jacket, skin, hair = LOOKS[look]
    image = Image.new("RGB", (300, 400), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 250, 260, 470), fill=jacket)  # shoulders
    draw.rectangle((130, 220, 170, 270), fill=tuple(max(0, c - 6) for c in skin))  # neck
    draw.ellipse((95, 90, 205, 235), fill=skin)  # face
    draw.chord((92, 78, 208, 180), 180, 360, fill=hair)  # hair
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


async def _status(deps: ServiceDeps, candidacy_id: str) -> CaptureStatus:
    async with deps.pool.acquire() as conn:
        candidacy, _ = await candidacy_in_election(conn, candidacy_id)
    return candidacy.capture_status


async def _uploaded(
    deps: ServiceDeps,
    demo: DemoCandidacy,
    purpose: UploadPurpose,
    content: bytes,
    person: Person = Person.OWNER,
) -> Attach:
    """A file sent in one chunk, ready to attach to the candidacy's person."""
    chunk = UploadChunk(
        upload_id=str(uuid.uuid4()),
        purpose=purpose,
        target=demo.candidacy_id,
        index=0,
        total=1,
        content_base64=base64.b64encode(content).decode(),
    )
    async with deps.pool.acquire() as conn, conn.transaction():
        await uploading.receive_chunk(conn, deps, chunk, demo.capturist)
    return Attach(candidacy_id=demo.candidacy_id, upload_id=chunk.upload_id, persona=person)


async def _signed_consent(
    deps: ServiceDeps, demo: DemoCandidacy, person: Person = Person.OWNER
) -> bytes:
    """The consent format capture prints for the candidacy's person, as if signed."""
    async with deps.pool.acquire() as conn:
        candidacy, election = await candidacy_in_election(conn, demo.candidacy_id)
    return consent_format_pdf(candidacy.formula, election.config, election.profile, person)


async def capture_and_submit(deps: ServiceDeps, demo: DemoCandidacy, privacy: str) -> None:
    """What the candidacy's capture does in the portal: the privacy notice accepted, and
    for each person of the formula (the owner, and the alternate where there is one) the
    photo uploaded (capture keeps it without its metadata), the signed consent where it
    gives one, both questionnaires saved complete; then the one chance taken."""
    who, candidacy_id = demo.capturist, demo.candidacy_id
    async with deps.pool.acquire() as conn, conn.transaction():
        accepted = PrivacyAcceptance(candidacy_id=candidacy_id, version=privacy)
        await accepting_privacy.accept_privacy(conn, deps, accepted, who)
        candidacy, _ = await candidacy_in_election(conn, candidacy_id)
    for person in candidacy.formula.people:
        curricular, identity, look = demo.of(person)
        photo = await _uploaded(deps, demo, UploadPurpose.PHOTO, demo_photo(look), person)
        await attaching.attach_photo(deps, photo, who)
        if demo.consents:
            signed = await _uploaded(
                deps, demo, UploadPurpose.CONSENT, await _signed_consent(deps, demo, person), person
            )
            await attaching.attach_consent(deps, signed, who)
        async with deps.pool.acquire() as conn, conn.transaction():
            for name, answers in (
                (QuestionnaireName.CURRICULAR, curricular),
                (QuestionnaireName.IDENTITY, identity),
            ):
                order = QuestionnaireSave(
                    candidacy_id=candidacy_id, cuestionario=name, persona=person, respuestas=answers
                )
                saved = await capturing.save_draft(conn, deps, order, who)
                if saved.missing or saved.problems:
                    raise RuntimeError(
                        f"the demo's {name} answers of {candidacy_id} ({person}) are wrong: {saved}"
                    )
    async with deps.pool.acquire() as conn, conn.transaction():
        sent = await submitting.submit(
            conn, deps, Submit(candidacy_id=candidacy_id, confirmar=True), who
        )
        if not sent.submitted:
            raise RuntimeError(f"the demo candidacy {candidacy_id} was not submitted: {sent}")


async def load_validated_candidacies(
    settings: Settings, demos: tuple[DemoCandidacy, ...] = DEMO_CANDIDACIES, privacy: str = "1"
) -> None:
    """Each of ``demos`` captured, submitted and validated, each step only while its
    capture status still asks for it."""
    outbox = Outbox(settings, str(ServiceName.CAPTURE))
    pool = await database.create_pool(settings, str(ServiceName.CAPTURE), max_size=1)
    # The steps publish through the outbox; none of these asks another service.
    deps = ServiceDeps(settings, str(ServiceName.CAPTURE), pool, outbox, NatsBroker())
    try:
        for demo in demos:
            if await _status(deps, demo.candidacy_id) is CaptureStatus.DRAFT:
                await capture_and_submit(deps, demo, privacy)
            if await _status(deps, demo.candidacy_id) is CaptureStatus.SUBMITTED:
                ref = CandidacyRef(candidacy_id=demo.candidacy_id)
                async with pool.acquire() as conn, conn.transaction():
                    await validate(conn, deps, ref, demo.validator)
    finally:
        await pool.close()


def publication_day(known: date | None, today: date) -> date:
    """The demo's publication start: the day it was first loaded, so that what it
    validates is public at once and stays so; a later start kept from an older demo
    (a date still ahead) is brought forward to today."""
    return today if known is None or known > today else known


async def load_demo_election(
    settings: Settings,
    election_id: str = ELECTION_ID,
    config_from: Callable[[date], ElectionConfig] = demo_config,
    rows: list[tuple[int, dict[str, Any]]] | None = None,
) -> None:
    """The election configured and its registry imported; its publication starts the day
    it is first loaded, in the institute's time zone."""
    outbox = Outbox(settings, str(ServiceName.CAPTURE))
    rows = demo_registry_rows() if rows is None else rows
    pool = await database.create_pool(settings, str(ServiceName.CAPTURE), max_size=1)
    try:
        async with pool.acquire() as conn, conn.transaction():
            known = await elections.election(conn, election_id)
            starts = known.config.calendar.publication_starts if known else None
            profile = load_profile(SHIPPED / f"{config_from(STILL_AHEAD).profile}.toml")
            today = utc_now().astimezone(ZoneInfo(profile.time_zone)).date()
            config = config_from(publication_day(starts, today))
            rules = RegistryRules(
                today=today,
                independent_offices=profile.independent_offices,
                formula_sexes=profile.registry.formula_sexes,
            )
            checked = check_rows(rows, config, rules)
            if checked.problems:
                raise RuntimeError(f"the demo registry is wrong: {checked.problems}")
            await configure(conn, outbox, config, profile)
            await import_formulas(
                conn, outbox, config, checked.formulas, now=utc_now(), rows=len(rows)
            )
    finally:
        await pool.close()


async def load_demo(settings: Settings) -> list[str]:
    """The demo hook (service.py): the chosen profile's election loaded with its
    validated candidacies, and the lines ``make up`` prints."""
    if known_profile(settings.demo_profile) != PYTHON_DEMO_PROFILE:
        return await load_file_demo(settings, read_demo(settings.demo_profile))
    await load_demo_election(settings)
    await load_validated_candidacies(
        settings, DEMO_CANDIDACIES, demo_config().privacy_notice_version
    )
    others = ", ".join(c for c in PUBLISHED if c != VALIDATED)
    return [
        f"Elección de demostración cargada: {ELECTION_ID}",
        f"Candidatura validada por la supervisión del PAN: {VALIDATED}, en espera en la "
        "cola de moderación (/moderacion) de la cuenta de verificación.",
        f"Candidaturas validadas, públicas en el portal: {others}.",
    ]


# ----- the other profiles' demos, from deploy/demo/<profile>.toml ---------------------------


def file_config(demo: DemoElection, publication_starts: date) -> ElectionConfig:
    return ElectionConfig(
        election_id=demo.election_id,
        name=demo.name,
        profile=demo.profile,
        offices=demo.offices,
        districts=demo.districts,
        municipalities=demo.municipalities,
        parties=demo.parties,
        coalitions=demo.coalitions,
        affirmative_actions=demo.affirmative_actions,
        calendar=Calendar(
            publication_starts=publication_starts,
            election_day=demo.election_day,
            non_working_days=demo.non_working_days,
        ),
    )


def file_registry_rows(demo: DemoElection) -> list[tuple[int, dict[str, Any]]]:
    """The registry file the demo imports: a row for each person of each formula."""
    rows: list[dict[str, Any]] = []
    for formula in demo.formulas:
        for quality, person in (("propietaria", formula.owner), ("suplente", formula.alternate)):
            if person is not None:
                rows.append(
                    {
                        "clave": formula.key,
                        "cargo": formula.office,
                        "distrito": formula.district,
                        "municipio": formula.municipality,
                        "numero_lista": formula.list_position,
                        "postulante_tipo": formula.postulant_kind,
                        "postulante": formula.postulant,
                        "calidad": quality,
                        "nombres": person.names,
                        "primer_apellido": person.first_surname,
                        "segundo_apellido": person.second_surname,
                        "sexo": person.sex,
                        "fecha_nacimiento": person.birth_date.isoformat(),
                        "accion_afirmativa": formula.affirmative_action,
                    }
                )
    return list(enumerate(rows, start=2))


def capturing_party(demo: DemoElection, formula: DemoFormula) -> str | None:
    """The party that captures a formula: its own, or the one its coalition names."""
    if formula.postulant_kind == "coalicion":
        return next(c.capturing_party for c in demo.coalitions if c.id == formula.postulant)
    return formula.postulant


def file_candidacies(demo: DemoElection) -> tuple[DemoCandidacy, ...]:
    """The demo's captured formulas, each with who captures it and who validates it: the
    party's supervisor, or the independent itself."""
    chosen = []
    for formula in demo.captured:
        party = capturing_party(demo, formula)
        own = SignedIn(
            Principal(
                account_id=f"demostracion-{formula.key}",
                role=Role.INDEPENDENT if party is None else Role.CANDIDATE,
                election_id=demo.election_id,
                candidacy_id=formula.key,
            )
        )
        if party is None:
            capturist = validator = own
        else:
            validator = _party_principal(Role.SUPERVISOR, party, "supervision", demo.election_id)
            if formula.captured_by is CapturedBy.PARTY:
                capturist = _party_principal(Role.CAPTURIST, party, "captura", demo.election_id)
            elif formula.captured_by is CapturedBy.SUPERVISOR:  # 003 §15
                capturist = validator
            else:
                capturist = own
        chosen.append(
            DemoCandidacy(
                formula.key,
                capturist,
                validator,
                formula.curricular,
                formula.identity,
                formula.look,
                formula.consents,
            )
        )
    return tuple(chosen)


async def load_file_demo(settings: Settings, demo: DemoElection) -> list[str]:
    await load_demo_election(
        settings, demo.election_id, partial(file_config, demo), file_registry_rows(demo)
    )
    await load_validated_candidacies(settings, file_candidacies(demo))
    others = [f.key for f in demo.captured if f.key != demo.flagged]
    drafts = [f.key for f in demo.formulas if f.captured_by is None]
    return [
        f"Elección de demostración cargada: {demo.election_id} ({demo.name}, perfil "
        f"{demo.profile})",
        f"Candidatura validada: {demo.flagged}, en espera en la cola de moderación "
        "(/moderacion) de la cuenta de verificación.",
        f"Otras candidaturas validadas: {', '.join(others)}.",
        f"Candidaturas por capturar: {', '.join(drafts)}.",
    ]
