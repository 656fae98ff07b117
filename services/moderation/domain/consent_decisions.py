"""The institute's word on a consent document (000 §3.9): verified, or rejected with a
reason the party's liaison reads; for an independent in Zacatecas, received and kept in
the institute's archive (002 §I.A.1.XII, §II.B.3), which capture honours as a verification.
A word can be changed — a verified document found wanting is rejected, and the identity
answers leave public view — but not said twice; a new document waits afresh."""

from contracts.moderation import ConsentStatus
from services.moderation.domain.errors import Refused

SAID = {
    ConsentStatus.VERIFIED: "Ese documento ya está verificado.",
    ConsentStatus.REJECTED: "Ese documento ya se rechazó; espere a que se cargue otro.",
}


def check_may_say(current: ConsentStatus, wanted: ConsentStatus) -> None:
    if current is wanted:
        raise Refused(SAID[wanted])


def verified_wording(kept_by_institute: bool) -> str:
    """What the verifier's acceptance means, as the activity log and the page say it."""
    if kept_by_institute:
        return "Recibido y resguardado por el Instituto"
    return "Verificado por el Instituto"
