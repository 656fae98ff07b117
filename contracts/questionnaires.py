"""The two questionnaires, field by field (DESIGN §4; domain/reference.md §2 and §7).

Each field has a machine name, a Spanish label and help text, a type, its limits
(lengths count characters other than whitespace, as IEEN does — reference §7), whether
it is required, and whether it can be public. The identity questionnaire's skip logic
("No aplica") is declared with ``applies_when``; every identity question also offers
"Prefiero no contestar". Curricular and identity answers live in two separate stores
(001 §5).
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

PREFER_NOT = "Prefiero no contestar"
NOT_APPLICABLE = "No aplica"
YES, NO = "Sí", "No"
YES_NO = (YES, NO)


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    URL = "url"
    EMAIL = "email"
    PHONE = "phone"
    TEXT_LIST = "text_list"
    EMAIL_LIST = "email_list"
    PHONE_LIST = "phone_list"
    IMAGE = "image"


class Publicity(StrEnum):
    PUBLIC = "public"  # shown once validated
    IF_CONSENTED = "if_consented"  # identity: consent verified, or affirmative action
    STATISTICS = "statistics"  # aggregated only, never per person
    PRIVATE = "private"  # the institute's only


class Condition(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str
    values: tuple[str, ...]


class QuestionField(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    label: str
    section: str
    type: FieldType
    required: bool = False
    publicity: Publicity = Publicity.PUBLIC
    help: str = ""
    options: tuple[str, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    max_items: int | None = None
    applies_when: Condition | None = None
    prefer_not: bool = False


MAX_LIST_ITEMS = 40


def typed_cap(spec: "QuestionField") -> int:
    """How many characters a draft keeps of one answer (or list item), spaces included:
    well above the field's own limit, so that a draft keeps a too-long text to be trimmed,
    yet bounded, so that no one stores megabytes in a draft."""
    return max(1_000, 4 * (spec.max_length or 0))


class Section(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str


class Questionnaire(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    title: str
    sections: tuple[Section, ...]
    fields: tuple[QuestionField, ...]

    def field(self, name: str) -> QuestionField:
        return next(f for f in self.fields if f.name == name)


def _long(
    name: str,
    label: str,
    section: str,
    *,
    low: int,
    high: int,
    required: bool = True,
    help: str = "",
) -> QuestionField:
    return QuestionField(
        name=name,
        label=label,
        section=section,
        type=FieldType.LONG_TEXT,
        required=required,
        min_length=low,
        max_length=high,
        help=help,
    )


PROPOSAL_HELP = (
    "Describa la población objetivo, metas y plazos para su promoción como iniciativa de ley "
    "o política pública."
)
EDUCATION = (
    "Sin estudios",
    "Primaria",
    "Secundaria",
    "Preparatoria",
    "Técnica",
    "Licenciatura",
    "Especialidad",
    "Maestría",
    "Doctorado",
    "Postdoctorado",
)
DEGREE_STATUS = ("Trunco", "Concluido", "Carta pasante", "Certificado", "Título", "Cédula")


def _url(name: str, label: str) -> QuestionField:
    return QuestionField(
        name=name, label=label, section="contacto", type=FieldType.URL, max_length=300
    )


CURRICULAR = Questionnaire(
    name="curricular",
    title="Cuestionario curricular",
    sections=(
        Section(id="fotografia", title="Fotografía"),
        Section(id="contacto", title="Medios de contacto público y redes sociales"),
        Section(id="formacion", title="Formación académica"),
        Section(id="trayectoria", title="Trayectoria"),
        Section(id="propuestas", title="Propuestas"),
        Section(id="aclaraciones", title="Contacto para aclaraciones"),
    ),
    fields=(
        QuestionField(
            name="fotografia",
            label="Fotografía",
            section="fotografia",
            type=FieldType.IMAGE,
            required=True,
            help="JPEG, PNG o WebP de hasta 5 MB, reciente, de frente y sin logotipos.",
        ),
        _url("facebook", "Facebook"),
        _url("x_twitter", "X (antes Twitter)"),
        _url("youtube", "YouTube"),
        _url("instagram", "Instagram"),
        _url("tiktok", "TikTok"),
        _url("otra_red", "Otra red social"),
        _url("pagina_web", "Página web"),
        QuestionField(
            name="correos_publicos",
            label="Correo electrónico público",
            section="contacto",
            type=FieldType.EMAIL_LIST,
            max_items=3,
        ),
        QuestionField(
            name="telefonos_publicos",
            label="Teléfono público de contacto",
            section="contacto",
            type=FieldType.PHONE_LIST,
            max_items=3,
        ),
        QuestionField(
            name="domicilios_casa_campana",
            label="Domicilio de casa de campaña",
            section="contacto",
            type=FieldType.TEXT_LIST,
            max_items=3,
            max_length=250,
        ),
        QuestionField(
            name="grado_maximo_estudios",
            label="Grado máximo de estudios",
            section="formacion",
            type=FieldType.CHOICE,
            required=True,
            options=EDUCATION,
        ),
        QuestionField(
            name="estatus_grado",
            label="Estatus del grado máximo de estudios",
            section="formacion",
            type=FieldType.CHOICE,
            required=True,
            options=DEGREE_STATUS,
            applies_when=Condition(field="grado_maximo_estudios", values=EDUCATION[1:]),
        ),
        QuestionField(
            name="cursos",
            label="Cursos, diplomados, seminarios, entre otros",
            section="formacion",
            type=FieldType.TEXT_LIST,
            max_items=10,
            max_length=250,
        ),
        _long(
            "historia_profesional_laboral",
            "Historia profesional y/o laboral",
            "trayectoria",
            low=280,
            high=5000,
            help="Experiencia, años y actividades realizadas.",
        ),
        _long(
            "trayectoria_politica",
            "Trayectoria política y/o participación social en "
            "organizaciones ciudadanas o de la sociedad civil",
            "trayectoria",
            low=280,
            high=5000,
        ),
        _long(
            "motivo_cargo_publico",
            "¿Por qué quiere ocupar un cargo público?",
            "trayectoria",
            low=280,
            high=5000,
            required=False,
        ),
        _long(
            "propuesta_1",
            "Primera de sus dos principales propuestas",
            "propuestas",
            low=280,
            high=1600,
            help=PROPOSAL_HELP,
        ),
        _long(
            "propuesta_2",
            "Segunda de sus dos principales propuestas",
            "propuestas",
            low=280,
            high=1600,
            help=PROPOSAL_HELP,
        ),
        _long(
            "propuesta_genero_grupo",
            "Propuesta en materia de género o, en su caso, del "
            "grupo en situación de discriminación que representa",
            "propuestas",
            low=280,
            high=1600,
            help=PROPOSAL_HELP,
        ),
        QuestionField(
            name="correo_aclaraciones",
            label="Correo electrónico para aclaraciones",
            section="aclaraciones",
            type=FieldType.EMAIL,
            required=True,
            publicity=Publicity.PRIVATE,
            help="Solo para que el Instituto le consulte; no se publica.",
        ),
    ),
)
# At least one public contact means is asked for at submission (reference §7.2, IEEN).
CONTACT_MEANS = ("pagina_web", "correos_publicos", "telefonos_publicos", "domicilios_casa_campana")


def _ask(
    name: str,
    label: str,
    section: str,
    options: tuple[str, ...] = YES_NO,
    *,
    when: Condition | None = None,
    publicity: Publicity = Publicity.IF_CONSENTED,
    type: FieldType = FieldType.CHOICE,
    help: str = "",
) -> QuestionField:
    return QuestionField(
        name=name,
        label=label,
        section=section,
        type=type,
        options=options,
        required=True,
        publicity=publicity,
        applies_when=when,
        prefer_not=True,
        help=help,
        max_length=200 if type is FieldType.TEXT else None,
    )


def _other(name: str, label: str, section: str, of: str) -> QuestionField:
    return QuestionField(
        name=name,
        label=label,
        section=section,
        type=FieldType.TEXT,
        max_length=200,
        publicity=Publicity.STATISTICS,
        applies_when=Condition(field=of, values=("Otra",)),
    )


def _if_yes(field: str) -> Condition:
    return Condition(field=field, values=(YES,))


STATS = Publicity.STATISTICS
ENTITIES = (
    "Aguascalientes",
    "Baja California",
    "Baja California Sur",
    "Campeche",
    "Chiapas",
    "Chihuahua",
    "Ciudad de México",
    "Coahuila",
    "Colima",
    "Durango",
    "Estado de México",
    "Guanajuato",
    "Guerrero",
    "Hidalgo",
    "Jalisco",
    "Michoacán",
    "Morelos",
    "Nayarit",
    "Nuevo León",
    "Oaxaca",
    "Puebla",
    "Querétaro",
    "Quintana Roo",
    "San Luis Potosí",
    "Sinaloa",
    "Sonora",
    "Tabasco",
    "Tamaulipas",
    "Tlaxcala",
    "Veracruz",
    "Yucatán",
    "Zacatecas",
)
DISABILITY_TYPES = ("Física", "Sensorial", "Mental", "Intelectual", "Otra")
SENSES = ("La audición", "La visión", "El olfato", "El tacto", "El gusto")
DIFFICULTIES = (
    "Caminar, subir o bajar escaleras con sus piernas",
    "Mover o usar brazos y/o manos",
    "Ver (aunque use lentes)",
    "Escuchar (aunque use aparato auditivo)",
    "Hablar o comunicarse",
    "Aprender, recordar y/o concentrarse",
    "Interactuar emocional y/o intelectualmente en un entorno social",
    "Otra",
)
LGBT_IDENTITIES = (
    "Hombre gay",
    "Mujer lesbiana",
    "Persona bisexual",
    "Mujer trans",
    "Hombre trans",
    "Persona intersexual",
    "Persona no binaria",
    "Persona queer",
    "Otra",
)
INCOME = (
    "Menos de $11,000",
    "De $11,001 a $25,000",
    "De $25,001 a $50,000",
    "De $50,001 a $75,000",
    "De $75,001 a $112,000",
    "Más de $112,000",
    "No recibe ingresos",
)
INCOME_SOURCES = ("Salario", "Negocio propio", "No ha laborado en los 3 meses anteriores")
OWN_BUSINESS = (
    "Atendido con familiares",
    "Con menos de 5 empleados",
    "Compañía o empresa registrada, con 5 empleados o más",
)

IDENTITY = Questionnaire(
    name="identidad",
    title="Cuestionario de identidad",
    sections=(
        Section(id="indigena", title="Autoadscripción indígena"),
        Section(id="discapacidad", title="Población con discapacidad"),
        Section(id="afromexicana", title="Población afromexicana"),
        Section(id="diversidad", title="Diversidad sexual"),
        Section(id="migrante", title="Persona mexicana migrante"),
        Section(id="edad", title="Población joven y personas mayores"),
        Section(id="socioeconomico", title="Rubro socioeconómico"),
    ),
    fields=(
        _ask(
            "indigena",
            "¿Se identifica como una persona indígena o como parte de algún pueblo "
            "o comunidad indígena?",
            "indigena",
            help="La autoadscripción basta (jurisprudencia 12/2013 del TEPJF).",
        ),
        _ask("lengua_indigena", "¿Habla o entiende alguna lengua indígena?", "indigena"),
        _ask(
            "pueblo_indigena",
            "¿A qué pueblo y/o comunidad indígena pertenece?",
            "indigena",
            (),
            type=FieldType.TEXT,
            when=_if_yes("indigena"),
        ),
        _ask("discapacidad", "¿Tiene algún tipo de discapacidad?", "discapacidad"),
        _ask(
            "discapacidad_temporalidad",
            "El tipo de discapacidad con el que vive es:",
            "discapacidad",
            ("Permanente", "Temporal"),
            when=_if_yes("discapacidad"),
            publicity=STATS,
        ),
        _ask(
            "discapacidad_tipo",
            "¿De qué tipo?",
            "discapacidad",
            DISABILITY_TYPES,
            when=_if_yes("discapacidad"),
            publicity=STATS,
        ),
        _ask(
            "discapacidad_sensorial",
            "¿Qué sentido?",
            "discapacidad",
            SENSES,
            when=Condition(field="discapacidad_tipo", values=("Sensorial",)),
            publicity=STATS,
        ),
        _other(
            "discapacidad_tipo_otra",
            "Otro tipo de discapacidad",
            "discapacidad",
            "discapacidad_tipo",
        ),
        _ask(
            "discapacidad_dificultad",
            "Su tipo de discapacidad le dificulta o impide:",
            "discapacidad",
            DIFFICULTIES,
            when=_if_yes("discapacidad"),
            publicity=STATS,
        ),
        _other(
            "discapacidad_dificultad_otra",
            "Otra dificultad",
            "discapacidad",
            "discapacidad_dificultad",
        ),
        _ask(
            "afromexicana",
            "¿Se considera una persona afromexicana o que forma parte de alguna "
            "comunidad afrodescendiente?",
            "afromexicana",
        ),
        _ask(
            "lgbtttiq",
            "¿Es usted una persona de la población LGBTTTIQ+ (Lesbiana, Gay, "
            "Bisexual, Transgénero, Travesti, Transexual, Intersexual, Queer, No Binaria, u "
            "otra)?",
            "diversidad",
        ),
        _ask(
            "lgbtttiq_identidad",
            "Usted se identifica como:",
            "diversidad",
            LGBT_IDENTITIES,
            when=_if_yes("lgbtttiq"),
            publicity=STATS,
        ),
        _other("lgbtttiq_identidad_otra", "Otra identidad", "diversidad", "lgbtttiq_identidad"),
        _ask("migrante", "¿Es usted migrante?", "migrante"),
        _ask(
            "entidad_nacimiento",
            "Entidad federativa de nacimiento",
            "migrante",
            ENTITIES,
            when=_if_yes("migrante"),
        ),
        _ask(
            "pais_residencia",
            "¿En qué país reside?",
            "migrante",
            (),
            type=FieldType.TEXT,
            when=_if_yes("migrante"),
            publicity=STATS,
        ),
        _ask(
            "tiempo_extranjero",
            "¿Cuánto tiempo ha vivido en el extranjero?",
            "migrante",
            ("De 0 a 5 años", "De 6 a 15 años", "Más de 15 años"),
            when=_if_yes("migrante"),
            publicity=STATS,
        ),
        _ask(
            "motivo_residencia",
            "¿Cuál fue el motivo de la residencia en el extranjero?",
            "migrante",
            ("Familiar", "Estudio", "Trabajo", "Otra"),
            when=_if_yes("migrante"),
            publicity=STATS,
        ),
        _other("motivo_residencia_otro", "Otro motivo", "migrante", "motivo_residencia"),
        _ask(
            "situacion_regular_al_emigrar",
            "Cuando emigró, ¿se encontraba con una situación "
            "regular de trabajo o con un lugar asegurado en alguna institución educativa del "
            "país extranjero?",
            "migrante",
            when=_if_yes("migrante"),
            publicity=STATS,
        ),
        _ask("poblacion_joven", "¿Es parte de la población joven (de 21 a 29 años)?", "edad"),
        _ask(
            "persona_mayor",
            "¿Es parte de la población de personas mayores (60 años o más)?",
            "edad",
        ),
        _ask(
            "nivel_ingresos",
            "Pensando en todo lo que ganó usted el mes pasado, ¿en cuál de "
            "los siguientes grupos de ingresos se encuentra?",
            "socioeconomico",
            INCOME,
            publicity=STATS,
        ),
        _ask(
            "fuente_ingresos",
            "Su fuente principal de ingresos es:",
            "socioeconomico",
            INCOME_SOURCES,
            publicity=STATS,
        ),
        _ask(
            "negocio_propio",
            "Su negocio propio es:",
            "socioeconomico",
            OWN_BUSINESS,
            when=Condition(field="fuente_ingresos", values=("Negocio propio",)),
            publicity=STATS,
        ),
    ),
)
