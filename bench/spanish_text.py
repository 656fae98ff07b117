"""Spanish text for the benchmarks' data: names as Mexican registries hold them, and
proposals, careers and motives composed from pools of phrases, so that texts share words
and turns of phrase as real ones do (what moderation's screening compares) and reach the
lengths real answers have (reference §2.1). Every function takes its ``random.Random``:
the same seed gives the same text."""

import random

GIVEN = [
    "Ana",
    "María",
    "José",
    "Luis",
    "Guadalupe",
    "Juan",
    "Carmen",
    "Rosa",
    "Pedro",
    "Jorge",
    "Lucía",
    "Fernanda",
    "Alejandro",
    "Sofía",
    "Miguel",
    "Patricia",
    "Ricardo",
    "Verónica",
    "Arturo",
    "Leticia",
    "Héctor",
    "Gabriela",
    "Raúl",
    "Adriana",
    "Francisco",
    "Claudia",
    "Javier",
    "Mónica",
    "Eduardo",
    "Silvia",
    "Roberto",
    "Alejandra",
    "Sergio",
    "Martha",
    "Daniel",
    "Elena",
    "Manuel",
    "Beatriz",
    "Fernando",
    "Laura",
    "Antonio",
    "Norma",
    "Alberto",
    "Teresa",
    "Ramón",
    "Yolanda",
    "Óscar",
]
WOMEN = [
    "Ana", "María", "Guadalupe", "Carmen", "Rosa", "Lucía", "Fernanda", "Sofía",
    "Patricia", "Verónica", "Leticia", "Gabriela", "Adriana", "Claudia", "Mónica",
    "Silvia", "Alejandra", "Martha", "Elena", "Beatriz", "Laura", "Norma", "Teresa",
    "Yolanda", "Itzel", "Xóchitl", "Ximena", "Dulce", "Araceli", "Josefina",
]  # fmt: skip
MEN = [
    "José", "Luis", "Juan", "Pedro", "Jorge", "Alejandro", "Miguel", "Ricardo",
    "Arturo", "Héctor", "Raúl", "Francisco", "Javier", "Eduardo", "Roberto", "Sergio",
    "Daniel", "Manuel", "Fernando", "Antonio", "Alberto", "Ramón", "Óscar", "Tonatiuh",
    "Cuauhtémoc", "Iñaki", "Jesús", "Rodrigo", "Andrés", "Emiliano",
]  # fmt: skip
SURNAMES = [
    "López",
    "Pérez",
    "García",
    "Hernández",
    "Martínez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Flores",
    "Rivera",
    "Gómez",
    "Díaz",
    "Cruz",
    "Morales",
    "Reyes",
    "Ortiz",
    "Jiménez",
    "Ruiz",
    "Vázquez",
    "Castillo",
    "Mendoza",
    "Aguilar",
    "Romero",
    "Herrera",
    "Medina",
    "Castro",
    "Vargas",
    "Guzmán",
    "Salazar",
    "Chávez",
    "Rojas",
    "Garza",
    "Treviño",
    "Cantú",
    "Villarreal",
    "Elizondo",
    "Montemayor",
    "Zambrano",
    "Benavides",
    "Cavazos",
    "Leal",
    "Salinas",
    "Quiroga",
    "Tamez",
    "Guajardo",
    "Ochoa",
    "Núñez",
    "Ávila",
    "Peña",
    "Ibáñez",
    "Muñoz",
    "Luna",
    "Soto",
    "Delgado",
    "Cortés",
    "Navarro",
    "Ríos",
    "Domínguez",
    "Espinoza",
    "Lara",
]
VERBS = [
    "Crearé",
    "Impulsaré",
    "Propongo",
    "Construiremos",
    "Garantizaré",
    "Ampliaré",
    "Gestionaré",
    "Promoveré",
    "Fortaleceré",
    "Instalaré",
    "Rehabilitaré",
    "Abriremos",
    "Financiaré",
    "Coordinaré",
    "Estableceré",
]
OBJECTS = [
    "una red de estancias infantiles",
    "centros comunitarios de salud",
    "bibliotecas públicas",
    "rutas de transporte nocturno",
    "becas para estudiantes de bachillerato",
    "comedores escolares",
    "parques con alumbrado y vigilancia",
    "un sistema de captación de agua de lluvia",
    "clínicas móviles de atención a la mujer",
    "talleres de oficios para jóvenes",
    "refugios para mujeres en situación de violencia",
    "mercados municipales renovados",
    "una policía de proximidad",
    "ciclovías seguras",
    "programas de empleo temporal",
    "unidades deportivas",
    "centros de atención a personas mayores",
    "huertos urbanos",
    "un padrón público de obras",
    "cocinas comunitarias",
    "módulos de salud mental",
    "escuelas de tiempo completo",
    "apoyos a productores de maíz",
    "plantas de tratamiento de agua",
    "un programa de vivienda popular",
    "rampas y elevadores en edificios públicos",
    "intérpretes de lengua de señas en oficinas",
    "traductores de lenguas indígenas",
    "casas de cultura",
    "un observatorio ciudadano de seguridad",
]
PLACES = [
    "en cada colonia del municipio",
    "en las comunidades rurales",
    "en el centro histórico",
    "en las escuelas públicas",
    "en los parques industriales",
    "en las juntas auxiliares",
    "en la zona oriente",
    "en los ejidos",
    "en las unidades habitacionales",
    "en la cabecera municipal",
    "en los barrios de la periferia",
    "en las rancherías de la sierra",
    "junto a los mercados",
    "en cada distrito escolar",
    "en las colonias con más rezago",
]
PURPOSES = [
    "para que las madres trabajadoras conserven su empleo",
    "para reducir la violencia en las calles",
    "para que nadie camine más de diez minutos a un servicio",
    "para cerrar la brecha digital",
    "para que las personas con discapacidad vivan con autonomía",
    "para prevenir la deserción escolar",
    "para bajar el costo de la canasta básica",
    "para que el agua llegue a diario",
    "para cuidar la salud de las personas mayores",
    "para atender a las víctimas sin revictimizarlas",
    "para que los jóvenes encuentren un primer empleo",
    "para recuperar los espacios públicos",
    "para proteger los mantos acuíferos",
    "para garantizar la igualdad sustantiva",
    "para que las familias ahorren en transporte",
]
FUNDING = [
    "con recursos del presupuesto participativo",
    "con el ahorro en publicidad oficial",
    "con fondos federales etiquetados",
    "con convenios con las universidades",
    "con la participación de las empresas locales",
    "con una auditoría ciudadana de cada peso",
    "con metas trimestrales publicadas",
    "en los primeros cien días de gobierno",
    "con comités vecinales electos en asamblea",
    "con reglas de operación públicas",
    "sin contratar deuda",
    "con la sociedad civil",
]


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)} "
        f"{rng.choice(PURPOSES)}, {rng.choice(FUNDING)}."
    )


def proposal(rng: random.Random, characters: int) -> str:
    text = ""
    while len(text) < characters:
        text += (" " if text else "") + sentence(rng)
    return text


JOBS = [
    "Trabajé como docente de educación primaria",
    "Me desempeñé como contadora pública",
    "Fui gerente de una cooperativa de ahorro",
    "Ejercí la abogacía en un despacho familiar",
    "Laboré como médica general en un centro de salud",
    "Fui ingeniero residente de obra",
    "Atendí un negocio propio de abarrotes",
    "Trabajé como enfermera en el hospital general",
    "Fui productor agrícola y presidente de un ejido",
    "Coordiné proyectos en una organización de la sociedad civil",
    "Me desempeñé como periodista en un diario regional",
    "Fui directora de una escuela secundaria técnica",
]
EMPLOYERS = [
    "en el municipio",
    "en la Secretaría de Educación del estado",
    "en una empresa de transporte",
    "en el Instituto Mexicano del Seguro Social",
    "en una universidad pública",
    "en el sector privado",
    "en una asociación de productores",
    "en la presidencia municipal",
]
YEARS = [
    "de 2001 a 2006",
    "durante doce años",
    "de 2010 a la fecha",
    "entre 2015 y 2021",
    "por más de veinte años",
    "de 1998 a 2004",
    "desde 2019",
]
DUTIES = [
    "donde atendí a cientos de familias de la región",
    "a cargo de un equipo de quince personas",
    "con la responsabilidad del presupuesto del área",
    "donde impulsé la mejora de los servicios",
    "y aprendí a escuchar a la gente",
    "en contacto diario con las comunidades",
]
ROLES = [
    "Fui regidora del ayuntamiento",
    "Me desempeñé como secretario del comité municipal de mi partido",
    "Fui diputada local suplente",
    "Coordiné la campaña de mi distrito",
    "Fui representante de casilla en cuatro elecciones",
    "Presidí el comité de participación ciudadana de mi colonia",
    "Fui síndico procurador",
    "Milité en la organización juvenil del partido",
]
MOTIVES = [
    "Quiero servir a mi comunidad",
    "Busco este cargo porque conozco de cerca los problemas de la gente",
    "Me postulo para devolver a mi municipio lo que me dio",
    "Aspiro a representar a quienes no han tenido voz",
    "Decidí participar porque creo en la política como servicio",
]


def career(rng: random.Random, characters: int) -> str:
    """A professional history of about ``characters`` characters."""
    text = ""
    while len(text) < characters:
        text += (" " if text else "") + (
            f"{rng.choice(JOBS)} {rng.choice(EMPLOYERS)} {rng.choice(YEARS)}, {rng.choice(DUTIES)}."
        )
    return text


def trajectory(rng: random.Random, characters: int) -> str:
    """A political trajectory of about ``characters`` characters."""
    text = ""
    while len(text) < characters:
        text += (" " if text else "") + f"{rng.choice(ROLES)} {rng.choice(YEARS)}."
    return text


def motive(rng: random.Random, characters: int) -> str:
    """Why the person seeks the office, of about ``characters`` characters."""
    text = ""
    while len(text) < characters:
        text += (" " if text else "") + f"{rng.choice(MOTIVES)} {rng.choice(PURPOSES)}."
    return text
