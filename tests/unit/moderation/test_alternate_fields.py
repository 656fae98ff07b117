"""The alternate's fields as moderation names them (001 §3.III-V): ``suplente.<campo>``,
read «Suplente: <etiqueta>»; a decision or a change request may name them where the
formula has an alternate, and nothing that is not a public curricular field."""

import pytest

from contracts.events.moderation import Restrictions
from contracts.moderation import field_label
from contracts.profile import ChangeRequestMode
from services.moderation.domain.errors import NotFound, Refused
from services.moderation.domain.near_duplicates import OtherProposal, proposal_of
from services.moderation.domain.once_per_candidacy import check_changes, problems_of
from services.moderation.domain.restrictions import disabling


def test_the_alternates_field_is_disabled_beside_the_owners_and_kept_sorted() -> None:
    after = disabling(Restrictions(disabled_fields=["propuesta_2"]), "suplente.propuesta_1")
    assert after.disabled_fields == ["propuesta_2", "suplente.propuesta_1"]
    with pytest.raises(Refused, match=r"«Suplente: .*» ya está deshabilitada"):
        disabling(after, "suplente.propuesta_1")


def test_only_public_curricular_fields_of_either_person_may_be_disabled() -> None:
    with pytest.raises(NotFound, match=r"no es un campo público .* de la suplente"):
        disabling(Restrictions(), "suplente.curp")
    with pytest.raises(NotFound, match="de la propietaria"):
        disabling(Restrictions(), "curp")
    with pytest.raises(Refused, match="no tiene suplente"):
        disabling(Restrictions(), "suplente.propuesta_1", has_alternate=False)


def test_whose_field_and_whose_proposal_a_person_reads() -> None:
    assert field_label("propuesta_1").startswith("Primera")
    assert field_label("suplente.propuesta_1") == "Suplente: " + field_label("propuesta_1")
    other = OtherProposal("F-PAN-1", "Ana López Pérez", "suplente.propuesta_1", b"")
    assert proposal_of(other) == "la propuesta 1 de la suplente de Ana López Pérez"


def test_a_change_request_may_name_the_alternates_fields_with_their_rules() -> None:
    assert problems_of({"suplente.cursos": "Diplomado"}) == []
    [problem] = problems_of({"suplente.curp": "X"})
    assert "suplente.curp" in problem
    with pytest.raises(Refused, match="no tiene suplente"):
        check_changes(
            {"suplente.cursos": "Diplomado"}, ChangeRequestMode.ENABLE_FIELDS, has_alternate=False
        )
