"""Signed checkpoints: what the log signs, and what an outside verifier accepts."""

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.audit.domain.signed_notes import (
    Checkpoint,
    InvalidCheckpoint,
    open_signed,
    parse_verifier_key,
    sign,
    sign_note,
    verifier_key,
)

ORIGIN = "conoceles.example/auditoria"
KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"test key").digest())
CHECKPOINT = Checkpoint(ORIGIN, 1234, hashlib.sha256(b"root").digest())
ROOT_B64 = base64.b64encode(CHECKPOINT.root).decode()


def test_a_signed_checkpoint_reads_as_c2sp_says() -> None:
    note = sign(CHECKPOINT, ORIGIN, KEY)
    lines = note.split("\n")
    assert lines[:3] == [ORIGIN, "1234", ROOT_B64]
    assert lines[3] == ""
    assert lines[4].startswith(f"\u2014 {ORIGIN} ")
    assert note.endswith("\n")


def test_the_right_key_opens_it_and_gets_the_checkpoint_back() -> None:
    note = sign(CHECKPOINT, ORIGIN, KEY)
    name, public_key = parse_verifier_key(verifier_key(ORIGIN, KEY.public_key()))
    assert open_signed(note, name, public_key) == CHECKPOINT


def test_a_changed_size_or_root_fails_the_signature() -> None:
    note = sign(CHECKPOINT, ORIGIN, KEY)
    other_root = base64.b64encode(hashlib.sha256(b"other").digest()).decode()
    for forged in (note.replace("\n1234\n", "\n1233\n"), note.replace(ROOT_B64, other_root)):
        assert forged != note
        with pytest.raises(InvalidCheckpoint):
            open_signed(forged, ORIGIN, KEY.public_key())


def test_another_key_is_not_accepted() -> None:
    other = Ed25519PrivateKey.generate()
    with pytest.raises(InvalidCheckpoint, match="not signed by"):
        open_signed(sign(CHECKPOINT, ORIGIN, other), ORIGIN, KEY.public_key())


@pytest.mark.parametrize(
    "note",
    ["", "sin firmas\n", f"{ORIGIN}\n12\nraíz\n\n\u2014 x y\n", f"{ORIGIN}\n012\n"],
)
def test_malformed_notes_are_refused(note: str) -> None:
    with pytest.raises(InvalidCheckpoint):
        open_signed(note, ORIGIN, KEY.public_key())


def test_a_verifier_key_with_a_wrong_id_is_refused() -> None:
    text = verifier_key(ORIGIN, KEY.public_key())
    name, _, encoded = text.split("+")
    with pytest.raises(InvalidCheckpoint, match="id"):
        parse_verifier_key(f"{name}+00000000+{encoded}")


def test_notes_are_signed_exactly_as_go_sumdb_note_signs_them() -> None:
    """Interoperability: the key, text and signature of TestSign in golang.org/x/mod
    sumdb/note (note_test.go), the reference implementation of C2SP signed-note."""
    seed = base64.b64decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")[1:]
    key = Ed25519PrivateKey.from_private_bytes(seed)
    text = (
        "If you think cryptography is the answer to your problem,\n"
        "then you don't know what your problem is.\n"
    )
    assert verifier_key("PeterNeumann", key.public_key()) == (
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    )
    assert sign_note(text, "PeterNeumann", key) == text + (
        "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSN"
        "XgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
    )
