"""Signed checkpoints: the C2SP ``tlog-checkpoint`` in a C2SP ``signed-note``, Ed25519.

A checkpoint states "the log named *origin* has *size* entries and this root". Signed,
it commits the log: whoever keeps one can later demand a consistency proof to any newer
checkpoint, and a log rewritten behind it cannot produce one.

Body (c2sp.org/tlog-checkpoint)::

    <origin>
    <size>
    <base64 root>

Signed note (c2sp.org/signed-note): the body, a blank line, and one line per signature,
``— <key name> <base64(key id ‖ signature)>``; the key id of an Ed25519 key is the first
four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), and the signature covers the
body's bytes. Verifiers name the key as ``<name>+<hex key id>+<base64(0x01 ‖ key)>``.
"""

import base64
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from services.audit.domain.merkle import HASH_SIZE

ED25519 = b"\x01"
SIGNATURE_DASH = "\u2014"


class InvalidCheckpoint(ValueError):
    """A checkpoint that is malformed, or not signed by the expected key."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    def body(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


def raw_public_key(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + raw_public_key(public_key)).digest()[:4]


def verifier_key(name: str, public_key: Ed25519PublicKey) -> str:
    """The key as verifiers write it: ``name+keyid+base64(0x01‖key)``."""
    encoded = base64.b64encode(ED25519 + raw_public_key(public_key)).decode()
    return f"{name}+{key_id(name, public_key).hex()}+{encoded}"


def parse_verifier_key(text: str) -> tuple[str, Ed25519PublicKey]:
    try:
        name, hex_id, encoded = text.strip().split("+")
        raw = base64.b64decode(encoded, validate=True)
    except ValueError as error:
        raise InvalidCheckpoint("the verifier key is malformed") from error
    if raw[:1] != ED25519 or len(raw) != 33:
        raise InvalidCheckpoint("the verifier key is not an Ed25519 key")
    public_key = Ed25519PublicKey.from_public_bytes(raw[1:])
    if key_id(name, public_key).hex() != hex_id:
        raise InvalidCheckpoint("the verifier key's id does not match the key")
    return name, public_key


def sign(checkpoint: Checkpoint, name: str, private_key: Ed25519PrivateKey) -> str:
    return sign_note(checkpoint.body(), name, private_key)


def open_signed(note: str, name: str, public_key: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint in ``note``, if the key ``name`` signed it; InvalidCheckpoint if not."""
    return parse_body(open_note(note, name, public_key))


def sign_note(body: str, name: str, private_key: Ed25519PrivateKey) -> str:
    if not body.endswith("\n") or "\n\n" in body:
        raise InvalidCheckpoint("a note's text ends with a newline and has no blank line")
    signature = private_key.sign(body.encode())
    blob = base64.b64encode(key_id(name, private_key.public_key()) + signature).decode()
    return f"{body}\n{SIGNATURE_DASH} {name} {blob}\n"


def open_note(note: str, name: str, public_key: Ed25519PublicKey) -> str:
    """The text of ``note`` if the key ``name`` signed it; InvalidCheckpoint if not."""
    body, separator, signatures = note.partition("\n\n")
    if not separator or not signatures.endswith("\n"):
        raise InvalidCheckpoint("a signed note is a body, a blank line and signature lines")
    body += "\n"
    expected_id = key_id(name, public_key)
    for line in signatures.splitlines():
        dash, _, rest = line.partition(" ")
        signer, _, blob = rest.partition(" ")
        if dash != SIGNATURE_DASH or not signer or not blob:
            raise InvalidCheckpoint(f"malformed signature line: {line!r}")
        if signer != name:
            continue
        try:
            raw = base64.b64decode(blob, validate=True)
        except ValueError as error:
            raise InvalidCheckpoint("a signature is not base64") from error
        if raw[:4] != expected_id:
            continue
        try:
            public_key.verify(raw[4:], body.encode())
        except InvalidSignature as error:
            raise InvalidCheckpoint("the signature does not match the checkpoint") from error
        return body
    raise InvalidCheckpoint(f"the checkpoint is not signed by {name}")


def parse_body(body: str) -> Checkpoint:
    lines = body.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise InvalidCheckpoint("a checkpoint has an origin, a size and a root, each a line")
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if not origin:
        raise InvalidCheckpoint("the checkpoint has no origin")
    if not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
        raise InvalidCheckpoint(f"the size {size_text!r} is not a decimal number")
    try:
        root = base64.b64decode(root_text, validate=True)
    except ValueError as error:
        raise InvalidCheckpoint("the root is not base64") from error
    if len(root) != HASH_SIZE:
        raise InvalidCheckpoint(f"the root must be {HASH_SIZE} bytes")
    return Checkpoint(origin=origin, size=int(size_text), root=root)
