"""The user manual of Conóceles (002 §I.A.1.V «Entregar … el Manual de usuario»): one
chapter per role that uses the system, written from what its pages do. The page
``/manual`` and its PDF ``/manual.pdf`` both read it, so they never say different things.
Spanish, as users read it; no procedure citations in the text."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    """One thing a person does: its name, where, and how, step by step."""

    title: str
    where: str | None
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Chapter:
    anchor: str
    title: str
    who: str
    tasks: tuple[Task, ...]


EVERYONE = Chapter(
    "todas",
    "Para todas las cuentas",
    "Cualquier persona con una cuenta del sistema.",
    (
        Task(
            "Activar la cuenta",
            "/activar",
            (
                "Escriba el código de activación que recibió impreso en el acuse de entrega.",
                "Elija su contraseña. El personal del Instituto configura además un segundo "
                "factor: escanee el código con una aplicación de autenticación, o escriba la "
                "clave que se muestra.",
                "El código sirve una sola vez y vence; si venció, pida al Instituto otro.",
            ),
        ),
        Task(
            "Iniciar y cerrar sesión",
            "/entrar",
            (
                "Escriba su usuario y contraseña (y el código de seis dígitos de su aplicación, "
                "si es personal del Instituto).",
                "Tras varios intentos fallidos la cuenta se bloquea un tiempo: espere y vuelva "
                "a intentarlo.",
                "Use «Salir» en el menú al terminar, sobre todo en un equipo compartido.",
            ),
        ),
        Task(
            "Leer sus avisos",
            "/avisos",
            (
                "Todo lo que el sistema le comunica llega a «Avisos»: envíos, validaciones, "
                "observaciones del Instituto, plazos, advertencias de la supervisión y "
                "solicitudes.",
                "Si su cuenta tiene correo electrónico, el aviso también llega por correo.",
                "Marque cada aviso como leído cuando lo haya atendido.",
            ),
        ),
        Task(
            "Reportar una falla",
            "/incidentes/nuevo",
            (
                "Diga cuándo ocurrió, en qué parte del sistema y qué falló; puede adjuntar "
                "capturas de pantalla.",
                "El sistema adjunta solo los identificadores de sus últimas acciones para que "
                "soporte vea lo ocurrido. No escriba contraseñas ni datos personales.",
                "Siga su reporte en «Reportes de falla»: el área de soporte lo atiende en el "
                "plazo que fija el Instituto, y el reporte dice cuándo vence.",
            ),
        ),
    ),
)

CAPTURE = Chapter(
    "captura",
    "Captura del partido",
    "La cuenta de captura de un partido o coalición: captura por todas las candidaturas "
    "que su partido registra.",
    (
        Task(
            "Encontrar una candidatura",
            "/captura",
            (
                "La lista muestra las candidaturas a su alcance, con el avance de cada "
                "cuestionario y el tiempo que queda para enviarlos.",
                "Filtre por elección, cargo, estado de la captura o nombre.",
            ),
        ),
        Task(
            "Capturar los cuestionarios",
            "/captura → una candidatura → Cuestionario curricular o de identidad",
            (
                "Responda por secciones y use «Guardar el borrador» a menudo: cada guardado "
                "queda registrado con fecha y hora.",
                "El cuestionario curricular se publica una vez validado; el de identidad "
                "contiene datos personales sensibles, se guarda cifrado y solo se publica con "
                "el consentimiento expreso de la persona (o cuando el proceso lo dispone para "
                "una acción afirmativa). Cada pregunta de identidad admite «Prefiero no "
                "contestar».",
                "Suba la fotografía (JPEG, PNG o WebP, reciente, de frente, sin logotipos); el "
                "sistema le quita la ubicación y los datos de la cámara.",
                "Si la persona consiente publicar sus respuestas de identidad, descargue el "
                "formato de consentimiento prellenado, recabe su firma y súbalo.",
                "Acepte el aviso de privacidad vigente: sin esa aceptación no se puede enviar.",
            ),
        ),
        Task(
            "Enviar (una sola oportunidad)",
            "/captura → una candidatura → Envío",
            (
                "Antes de enviar, la página lista lo que falta o hay que corregir, con un enlace "
                "a cada campo.",
                "Tras enviar, esta cuenta ya no puede editar: la supervisión revisa y valida.",
                "Si el plazo de captura cerró, solo el Instituto puede ampliarlo.",
            ),
        ),
        Task(
            "Atender una advertencia de la supervisión",
            "/avisos",
            (
                "Donde el proceso lo prevé, la supervisión le advierte de campos incompletos o "
                "que no se apegan a las reglas de contenido, con una nota.",
                "Si los cuestionarios siguen en borrador, corríjalos y envíelos; si ya se "
                "enviaron, la supervisión hace las correcciones antes de validar.",
            ),
        ),
        Task(
            "Consultar las observaciones del Instituto",
            "/observaciones",
            (
                "Lo que el Instituto deshabilitó de la publicación, con la prohibición que "
                "cita y el motivo; el historial no se borra.",
            ),
        ),
    ),
)

SUPERVISION = Chapter(
    "supervision",
    "Supervisión del partido",
    "La persona que el partido designa para supervisar, validar y comunicarse con el "
    "Instituto. El partido la designa antes del inicio de las campañas, con su nombre y un "
    "medio de contacto.",
    (
        Task(
            "Revisar lo enviado",
            "/captura/validacion",
            (
                "La cola de validación lista los cuestionarios enviados por su partido que "
                "esperan validación, y los que una solicitud de cambio aprobada reabrió.",
                "Abra cada candidatura y sus dos cuestionarios para revisarlos.",
            ),
        ),
        Task(
            "Advertir a la captura",
            "/captura → una candidatura → Advertir a la captura del partido",
            (
                "Donde el proceso lo prevé, marque los campos incompletos o que no se apegan a "
                "las reglas de contenido y escriba una nota.",
                "La captura del partido y la cuenta de la candidatura reciben la advertencia en "
                "sus avisos; queda en la bitácora de actividad.",
                "Se advierte antes de validar; después, solo una solicitud de cambio reabre la "
                "información.",
            ),
        ),
        Task(
            "Corregir o pedir la corrección",
            "/captura/validacion",
            (
                "Según el proceso, la supervisión edita los cuestionarios enviados (y el "
                "partido recibe un aviso de cada edición), o pide al Instituto que corrija los "
                "campos que señala, con una nota.",
                "Una corrección pedida se decide antes de poder validar.",
            ),
        ),
        Task(
            "Validar",
            "/captura/validacion → Validar",
            (
                "Solo se validan cuestionarios completos. Una página de confirmación explica lo "
                "que ocurre: la información pública se publicará cuando el Instituto lo "
                "permita.",
            ),
        ),
        Task(
            "Solicitar un cambio a lo validado",
            "/captura → una candidatura → Solicitar un cambio",
            (
                "Por única ocasión por candidatura: nombre los campos y el texto nuevo. El "
                "Instituto la resuelve a más tardar el día hábil siguiente; siga su estado en "
                "«Solicitudes de cambio».",
            ),
        ),
        Task(
            "Revocar un consentimiento",
            "/captura → una candidatura → Consentimiento",
            (
                "Cuando la persona retira su consentimiento, preséntelo aquí: sus respuestas "
                "de identidad dejan de publicarse de inmediato y solo cuentan en estadísticas.",
            ),
        ),
    ),
)

CANDIDACY = Chapter(
    "candidatura",
    "Cuenta de la candidatura y candidaturas independientes",
    "La cuenta propia de una candidatura, donde el proceso la da; y la de una candidatura "
    "independiente, que captura y responde por su propia información.",
    (
        Task(
            "Capturar y enviar",
            "/captura",
            (
                "Solo ve su propia candidatura. Capture, guarde y envíe como se describe para "
                "la captura del partido: hay una sola oportunidad de envío.",
                "Reciba en «Avisos» las advertencias de la supervisión de su partido y las "
                "observaciones del Instituto.",
            ),
        ),
        Task(
            "Validar su propia información (independientes)",
            "/captura/validacion",
            (
                "Donde el proceso lo prevé, la candidatura independiente valida sus propios "
                "cuestionarios; si no, los valida la supervisión de su equipo.",
                "Una candidatura independiente presenta directamente sus solicitudes de cambio "
                "y la revocación de su consentimiento.",
            ),
        ),
    ),
)

PARTY_ADMIN = Chapter(
    "administracion-partido",
    "Administración del partido",
    "La cuenta que administra las demás cuentas de un partido, donde el proceso la da.",
    (
        Task(
            "Crear y revocar subcuentas",
            "/consola/subcuentas",
            (
                "Elija el rol (captura o supervisión), el nombre completo y, si lo tiene, un "
                "correo o teléfono. La supervisión necesita nombre y contacto para contar como "
                "designada.",
                "Entregue a cada persona su código de activación; revoque la subcuenta de quien "
                "deje de participar: su sesión termina de inmediato.",
            ),
        ),
        Task(
            "Seguir la captura",
            "/captura",
            (
                "Consulte el avance de todas las candidaturas del partido y reciba los avisos "
                "de envío, validación y plazos.",
            ),
        ),
    ),
)

VERIFIER = Chapter(
    "verificacion",
    "Personal verificador del Instituto",
    "Revisa que el contenido cumpla las reglas antes y después de publicarse.",
    (
        Task(
            "Revisar lo validado",
            "/moderacion",
            (
                "La cola de revisión ordena primero las candidaturas con más señales de la "
                "revisión automática (léxico, menciones de otros partidos o candidaturas, "
                "propuestas casi iguales a las de otra candidatura). Una señal no impide nada "
                "por sí sola: indica qué mirar primero.",
                "En cada revisión vea lo que se publicaría; deshabilite la publicación de un "
                "campo o del perfil completo citando la prohibición y el motivo, o dé la "
                "candidatura por revisada sin observaciones. El enlace del partido recibe un "
                "aviso de inmediato.",
                "Puede volver a habilitar lo deshabilitado, con su motivo.",
            ),
        ),
        Task(
            "Verificar consentimientos",
            "/moderacion/consentimientos",
            (
                "Donde el proceso lo prevé, abra el documento firmado y verifíquelo o "
                "rechácelo con su motivo; sin verificación las respuestas de identidad no se "
                "publican.",
            ),
        ),
        Task(
            "Completitud, autorización y lo publicado",
            "/moderacion/completitud",
            (
                "Vea por partido y cargo qué candidaturas no se han capturado o están "
                "incompletas, y envíe un aviso al enlace del partido.",
                "Donde el proceso lo prevé, autorice la publicación en "
                "«/moderacion/autorizaciones» y revise lo ya publicado en "
                "«/moderacion/publicadas».",
            ),
        ),
        Task(
            "Calificar la Cédula de Evaluación",
            "/consola/cedula",
            (
                "Califique rubro por rubro la información curricular de cada candidatura "
                "validada; las variables automáticas se marcan solas. Descargue los resultados.",
            ),
        ),
    ),
)

ANALYST = Chapter(
    "analisis",
    "Análisis",
    "Las áreas de paridad y estadística: cifras, nunca las respuestas de una persona con nombre.",
    (
        Task(
            "Informes y matriz de datos",
            "/analisis",
            (
                "Descargue los informes de avance de la captura (PDF y CSV) en las fechas de "
                "corte del proceso, o elabore uno al momento.",
                "Descargue la calidad de la información curricular por partido.",
                "Donde el proceso lo prevé, descargue la matriz de datos del cuestionario de "
                "identidad: una fila por persona, sin nombres.",
            ),
        ),
    ),
)

SUPPORT = Chapter(
    "soporte",
    "Soporte técnico",
    "El área de informática que atiende las fallas.",
    (
        Task(
            "Atender incidentes",
            "/incidentes",
            (
                "La bitácora de incidentes reúne los reportes de las personas y las fallas que "
                "el sistema detecta solo, cada una con su fecha límite.",
                "Tome un incidente, cambie su estado, anote lo que hizo y adjunte capturas; "
                "quien lo reportó recibe un aviso de cada cambio de estado.",
                "Desde cada incidente abra sus trazas para ver qué ocurrió en cada parte del "
                "sistema.",
            ),
        ),
        Task(
            "Bitácora de actividad y correo local",
            "/consola/bitacora",
            (
                "Consulte la bitácora de actividad con filtros; nadie puede reescribirla sin "
                "que se note.",
                "Sin servidor de correo configurado, los correos esperan en «Correo local».",
            ),
        ),
    ),
)

ADMIN = Chapter(
    "administracion",
    "Administración del Instituto",
    "La unidad responsable: configura, emite cuentas, decide y lo consulta todo.",
    (
        Task(
            "Registrar candidaturas",
            "/consola/registro",
            (
                "Importe el registro aprobado (CSV, XLSX o JSON). Es todo o nada: si una fila "
                "tiene un problema no se importa ninguna, y se lista cada problema con su "
                "línea. Descargue la plantilla desde la misma página.",
            ),
        ),
        Task(
            "Emitir y entregar cuentas",
            "/consola/cuentas",
            (
                "Emita las cuentas de cada partido y candidatura independiente (con la persona "
                "supervisora, su correo o teléfono), imprima el acuse con los códigos y "
                "registre la entrega: la entrega abre el plazo de captura.",
                "El tablero muestra lo pendiente y lo vencido, qué partidos no han designado a "
                "su supervisión y, si el calendario trae el inicio de las campañas, el último "
                "día para hacerlo. Los partidos que faltan reciben un recordatorio la semana "
                "previa.",
                "Emita también las cuentas del personal del Instituto.",
            ),
        ),
        Task(
            "Plazos y correcciones",
            "/captura → una candidatura",
            (
                "Amplíe el plazo de captura de una candidatura con su motivo; el partido "
                "recibe un aviso.",
                "Decida en «/captura/correcciones» las correcciones que pide la supervisión: "
                "aplíquelas o rechácelas con su motivo.",
                "Decida en «Solicitudes de cambio» los cambios a lo publicado, a más tardar el "
                "día hábil siguiente.",
            ),
        ),
        Task(
            "Consultar y resguardar",
            "/consola/bitacora",
            (
                "Consulte la bitácora de actividad y descargue la bitácora de incidentes del "
                "periodo (CSV y PDF) en «Incidentes».",
                "Compruebe los respaldos semanales en «/consola/respaldos».",
            ),
        ),
    ),
)

PUBLIC = Chapter(
    "ciudadania",
    "Ciudadanía",
    "Cualquier persona, sin cuenta.",
    (
        Task(
            "Consultar perfiles",
            "/",
            (
                "Busque por nombre (sin importar acentos ni mayúsculas), cargo, distrito, "
                "municipio, partido, sexo, edad, escolaridad o acción afirmativa.",
                "Compare en «Comparar una contienda» a todas las candidaturas de un cargo en un "
                "distrito o municipio.",
                "Consulte las estadísticas y descargue los datos abiertos (CSV y JSON).",
            ),
        ),
    ),
)

CHAPTERS: tuple[Chapter, ...] = (
    EVERYONE,
    CAPTURE,
    SUPERVISION,
    CANDIDACY,
    PARTY_ADMIN,
    VERIFIER,
    ANALYST,
    SUPPORT,
    ADMIN,
    PUBLIC,
)
"""In the order a reader meets the system: first what every account shares."""
