"""The audit service's commands: ``conoceles audit verify`` and ``conoceles audit
verify-proof``.

``verify`` reads the whole log from the database (as the audit service's read role) and
checks it (steps/verifying.py), every stored checkpoint's signature, and optionally a
checkpoint someone saved earlier: exit 0 when intact, 1 at the first problem, named.
``verify-proof`` checks one proof offline, for an outside auditor: exit 0 when it holds,
1 when it does not, 2 when the file is malformed.
"""

import base64
import binascii
import json
import sys
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from services.audit.domain.merkle import InvalidProof, verify_consistency, verify_inclusion
from services.audit.steps.verifying import verify_log
from services.runtime.service_hooks import CommandGroup, CommandServers, ServiceCommand
from services.runtime.settings import Settings

AUDIT = CommandGroup("audit", "la bitácora de actividad")


class VerifyLog(BaseModel):
    desde_checkpoint: Path | None = Field(
        default=None, description="checkpoint firmado guardado antes"
    )
    llave: str | None = Field(default=None, description="llave de verificación (nombre+id+base64)")


async def print_verdict(settings: Settings, arguments: VerifyLog) -> int:
    saved = arguments.desde_checkpoint
    verdict = await verify_log(
        settings,
        saved_checkpoint=saved.read_text(encoding="utf-8") if saved else None,
        verifier_key=arguments.llave,
    )
    print(verdict)
    return 0 if verdict.finding is None else 1


class ProofFile(BaseModel):
    archivo: Path


async def print_proof_check(_: Settings, arguments: ProofFile) -> int:
    code, message = check_proof_file(arguments.archivo)
    print(message, file=sys.stdout if code == 0 else sys.stderr)
    return code


class MalformedProof(ValueError):
    pass


def _b64(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise MalformedProof(f"{what} debe ser texto base64")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise MalformedProof(f"{what} no es base64") from error


def _int(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedProof(f"{what} debe ser un entero")
    return value


def check_proof_file(path: Path) -> tuple[int, str]:
    """(exit code, message) for the proof in ``path``."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict):
            raise MalformedProof("el archivo debe ser un objeto JSON")
        proof = document.get("proof") or []
        if not isinstance(proof, list):
            raise MalformedProof("«proof» debe ser una lista")
        hashes = [_b64(item, "un elemento de «proof»") for item in proof]
        if "leafIdx" in document:
            index, size = (
                _int(document["leafIdx"], "leafIdx"),
                _int(document["treeSize"], "treeSize"),
            )
            leaf, root = _b64(document["leafHash"], "leafHash"), _b64(document["root"], "root")
            check = partial(verify_inclusion, index, size, leaf, hashes, root)
            kind = f"la entrada {index} está en la bitácora de {size} entradas"
        elif "size1" in document:
            size1, size2 = _int(document["size1"], "size1"), _int(document["size2"], "size2")
            root1, root2 = _b64(document["root1"], "root1"), _b64(document["root2"], "root2")
            check = partial(verify_consistency, size1, size2, root1, root2, hashes)
            kind = f"la bitácora de {size2} entradas extiende la de {size1} sin reescribirla"
        else:
            raise MalformedProof(
                "no es una prueba de inclusión (leafIdx…) ni de consistencia (size1…)"
            )
    except (OSError, ValueError, KeyError) as error:
        return 2, f"Archivo mal formado: {error}"
    try:
        check()
    except InvalidProof as error:
        return 1, f"La prueba NO se sostiene: {error}"
    return 0, f"La prueba se sostiene: {kind}."


VERIFY = ServiceCommand(
    group=AUDIT,
    name="verify",
    help="verifica toda la bitácora desde la base",
    arguments=VerifyLog,
    run=print_verdict,
    servers=CommandServers.RUNNING,
)
VERIFY_PROOF = ServiceCommand(
    group=AUDIT,
    name="verify-proof",
    help="verifica una prueba, sin conexión",
    arguments=ProofFile,
    run=print_proof_check,
)
COMMANDS: list[ServiceCommand[Any]] = [VERIFY, VERIFY_PROOF]
