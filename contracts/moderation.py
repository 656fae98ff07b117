"""What moderation names: the prohibitions of Art. 18 that a flag or a decision cites,
and the kinds of automatic flag.

The prohibitions are those of ``002 §II.A.1`` I-VII (the same list in ``000 §3.15``,
``001 §22``, ``003 §21``, ``004 §22``; reference §1.3), and the photo rule of
reference §1.4. Their codes are stable: events, the activity log and the API carry them;
a person reads the label.
"""

from enum import StrEnum


class Prohibition(StrEnum):
    COPIED_PROPOSAL = "copia_propuestas"  # I: copy of other candidacies' proposals
    OFFENSIVE = "contenido_ofensivo"  # II: offensive or discriminatory content
    SEXIST_LANGUAGE = "lenguaje_sexista"  # III: sexist language, political violence
    OTHER_CANDIDACY_CONTENT = "informacion_otra_candidatura"  # IV: others' information
    MENTIONS = "menciones"  # V: mentions of other parties or candidacies
    RESTRICTED_BY_LAW = "contenido_restringido"  # VI: restricted by electoral law
    CAMPAIGN_SLOGANS = "lemas_campana"  # VII: campaign slogans or images
    PHOTO = "fotografia"  # reference §1.4: logos, other candidacies, religious images


PROHIBITION_LABEL: dict[Prohibition, str] = {
    Prohibition.COPIED_PROPOSAL: "Copia de las propuestas de otras candidaturas",
    Prohibition.OFFENSIVE: "Contenido ofensivo o discriminatorio",
    Prohibition.SEXIST_LANGUAGE: "Lenguaje sexista o que puede constituir violencia "
    "política contra las mujeres en razón de género",
    Prohibition.OTHER_CANDIDACY_CONTENT: "Información o imágenes de otra candidatura",
    Prohibition.MENTIONS: "Alusiones o menciones a otro partido político o candidatura",
    Prohibition.RESTRICTED_BY_LAW: "Contenido restringido por la legislación electoral",
    Prohibition.CAMPAIGN_SLOGANS: "Lemas, llamados al voto o imágenes de campaña",
    Prohibition.PHOTO: "Fotografía con logotipos, otras candidaturas, imágenes religiosas o lemas",
}
"""What a person reads for each prohibition (002 §II.A.1 I-VII; reference §1.4)."""


class FlagKind(StrEnum):
    """How the automatic screening found a hit: it orders the queue, never blocks."""

    LEXICON = "lexico"  # a word or phrase of the lexicon, or one of its inflections
    PARTY_MENTION = "mencion_partido"  # another party of the election's catalogue
    CANDIDACY_MENTION = "mencion_candidatura"  # another candidacy's person
    NEAR_DUPLICATE = "propuesta_similar"  # a proposal close to another candidacy's


FLAG_KIND_LABEL: dict[FlagKind, str] = {
    FlagKind.LEXICON: "Léxico",
    FlagKind.PARTY_MENTION: "Mención de otro partido",
    FlagKind.CANDIDACY_MENTION: "Mención de otra candidatura",
    FlagKind.NEAR_DUPLICATE: "Propuesta parecida a la de otra candidatura",
}
