"""Identity answers sealed with a data key of their candidacy's own.

Each candidacy gets a random 256-bit key, wrapped (RFC 3394 AES key wrap) by the master
key from settings and kept beside the answers; the answers are sealed with AES-GCM under
that key, bound to the candidacy's id and to whose answers they are: the owner's and the
alternate's are sealed under the one key of their formula, each with associated data of
its own, so that one ciphertext cannot be passed off as the other's. Destroying the
wrapped key suppresses the answers (000 §9.5): no copy of the database can open them any
more.
"""

import json
import os
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import aes_key_unwrap, aes_key_wrap

from contracts.events.capture import Person
from services.runtime.secret_keys import secret_key
from services.runtime.settings import Settings

NONCE_BYTES = 12


class KeyDestroyed(Exception):
    """The candidacy's data key was destroyed: its identity answers are gone."""


@lru_cache(maxsize=8)
def master_key(settings: Settings) -> bytes:
    return secret_key(
        settings,
        configured=settings.capture_master_key,
        env_name="CONOCELES_CAPTURE_MASTER_KEY",
        purpose="capture-master-key",
    )


def new_wrapped_key(settings: Settings) -> bytes:
    return aes_key_wrap(master_key(settings), AESGCM.generate_key(bit_length=256))


def associated_data(candidacy_id: str, person: Person) -> bytes:
    """What a ciphertext is bound to: the candidacy's id for the owner's answers (as they
    always were), the id with a label no id can hold for the alternate's."""
    if person is Person.OWNER:
        return candidacy_id.encode()
    return f"{candidacy_id}\x00{person.value}".encode()


def seal_answers(
    settings: Settings,
    wrapped: bytes,
    candidacy_id: str,
    answers: dict[str, Any],
    person: Person = Person.OWNER,
) -> bytes:
    key = aes_key_unwrap(master_key(settings), wrapped)
    nonce = os.urandom(NONCE_BYTES)
    plain = json.dumps(answers, ensure_ascii=False).encode()
    return nonce + AESGCM(key).encrypt(nonce, plain, associated_data(candidacy_id, person))


def open_answers(
    settings: Settings,
    wrapped: bytes | None,
    candidacy_id: str,
    sealed: bytes,
    person: Person = Person.OWNER,
) -> dict[str, Any]:
    if wrapped is None:
        raise KeyDestroyed(candidacy_id)
    key = aes_key_unwrap(master_key(settings), wrapped)
    plain = AESGCM(key).decrypt(
        sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], associated_data(candidacy_id, person)
    )
    answers: dict[str, Any] = json.loads(plain)
    return answers
