"""What stands between a validated candidacy and the public, on the institute's side: its
authorisation where the profile asks for it (002 §II.C: published "una vez validados y
autorizados por los PP … así como, por la Instancia Responsable"); and, once published,
the institute's review of it (000 §5.6, 001 §33, 003 §31, 004 §32), in Tabasco a phase
of its own (004 §4.IV, §34)."""

from contracts.profile import InstituteProfile
from services.moderation.domain.errors import Refused

NOT_AUTHORISED_HERE = (
    "Este proceso no prevé que el Instituto autorice la publicación: se publica lo validado."
)


def authorisation_required(profile: InstituteProfile) -> bool:
    return profile.publication.institute_authorises


def check_authorisation_applies(profile: InstituteProfile) -> None:
    if not authorisation_required(profile):
        raise Refused(NOT_AUTHORISED_HERE)


def check_not_authorised_yet(authorised: bool) -> None:
    if authorised:
        raise Refused("Esa candidatura ya tiene la autorización del Instituto.")
