"""The publication key signs each profile event over its canonical JSON: INE verifies it
with the served public key whatever order or spacing its JSON arrives in, and any change
to a signed field, or another key, fails."""

import base64
import json

from services.publication.adapters.signing import publication_signer, verify
from services.runtime.settings import Settings


def test_a_signature_verifies_with_the_served_key_and_fails_when_anything_changes() -> None:
    signer = publication_signer(Settings(instance="firma"))
    data = {"sequence": 3, "kind": "published", "profile": {"b": 1, "a": "Peña"}}
    signed = {**data, "signature": signer.sign(data)}
    reordered = json.loads(json.dumps(dict(reversed(list(signed.items())))))
    assert verify(signer.public_key_base64(), reordered)
    assert not verify(signer.public_key_base64(), {**signed, "sequence": 4})
    other = publication_signer(Settings(instance="firma", role_secret="otra"))
    assert not verify(other.public_key_base64(), signed)
    assert not verify(signer.public_key_base64(), {**data, "signature": "no-es-base64!"})


def test_the_key_id_is_the_fingerprint_of_the_raw_public_key_and_a_set_key_is_used() -> None:
    seed = base64.b64encode(bytes(range(32))).decode()
    signer = publication_signer(Settings(instance="firma", publication_signing_key=seed))
    assert len(signer.key_id) == 16 and int(signer.key_id, 16) >= 0
    assert len(base64.b64decode(signer.public_key_base64())) == 32
    assert signer.key_id != publication_signer(Settings(instance="firma")).key_id
