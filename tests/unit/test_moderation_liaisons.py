"""A completeness notice names only its addressee's live candidacies in the election: one
party's, or one independent candidacy itself (000 §5.6); a consent document's word is
not said twice (000 §3.9)."""

import pytest

from contracts.moderation import ConsentStatus
from services.moderation.domain.consent_decisions import check_may_say
from services.moderation.domain.errors import NotFound, Refused
from services.moderation.domain.liaisons import Named, check_addressee

PAN_1 = Named("F-PAN-1", "e1", "pan", live=True)
PAN_2 = Named("F-PAN-2", "e1", "pan", live=True)
IND_1 = Named("F-IND-1", "e1", None, live=True)
IND_2 = Named("F-IND-2", "e1", None, live=True)


def test_a_party_notice_names_the_partys_candidacies() -> None:
    check_addressee("e1", "pan", [PAN_1, PAN_2])
    with pytest.raises(Refused, match="no es del partido"):
        check_addressee("e1", "pri", [PAN_1])
    with pytest.raises(NotFound):
        check_addressee("e2", "pan", [PAN_1])  # another election's
    with pytest.raises(NotFound):
        check_addressee("e1", "pan", [Named("F-PAN-3", "e1", "pan", live=False)])
    with pytest.raises(NotFound):
        check_addressee("e1", "pan", [Named("F-X", None, None, live=False)])


def test_each_independent_hears_alone() -> None:
    check_addressee("e1", None, [IND_1])
    with pytest.raises(Refused, match="su propio aviso"):
        check_addressee("e1", None, [IND_1, IND_2])
    with pytest.raises(Refused):
        check_addressee("e1", None, [PAN_1])


def test_a_consents_word_is_not_said_twice_but_can_change() -> None:
    check_may_say(ConsentStatus.PENDING, ConsentStatus.VERIFIED)
    check_may_say(ConsentStatus.VERIFIED, ConsentStatus.REJECTED)
    check_may_say(ConsentStatus.REJECTED, ConsentStatus.VERIFIED)
    with pytest.raises(Refused):
        check_may_say(ConsentStatus.VERIFIED, ConsentStatus.VERIFIED)
