"""The ``conoceles`` command."""

import argparse
import asyncio
import sys
from pathlib import Path

from contracts.services import BACKEND_SERVICES
from services.runtime.running_stack import NothingRunning, settings_with_running_servers
from services.runtime.settings import Settings, load_settings


def main(argv: list[str] | None = None) -> int:
    try:
        return run_command(argv)
    except NothingRunning as missing:
        print(f"Error: {missing}", file=sys.stderr)
        return 1


def run_command(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="conoceles", description="Conóceles")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("up", help="inicia todo el sistema en esta máquina")
    commands.add_parser("provision", help="crea la base, los roles y los esquemas")
    trace = commands.add_parser("trace", help="muestra una traza como árbol")
    trace.add_argument("trace_id")
    audit = commands.add_parser("audit", help="la bitácora de actividad").add_subparsers(
        dest="audit_command", required=True
    )
    verify = audit.add_parser("verify", help="verifica toda la bitácora desde la base")
    verify.add_argument("--desde-checkpoint", type=Path, help="checkpoint firmado guardado antes")
    verify.add_argument("--llave", help="llave de verificación (nombre+id+base64)")
    verify_proof = audit.add_parser("verify-proof", help="verifica una prueba, sin conexión")
    verify_proof.add_argument("archivo", type=Path)
    docs = commands.add_parser("docs", help="escribe el documento AsyncAPI de los eventos")
    docs.add_argument("--salida", type=Path, default=Path("docs/asyncapi.json"))
    accounts = commands.add_parser("cuentas", help="las cuentas").add_subparsers(
        dest="accounts_command", required=True
    )
    accounts.add_parser(
        "primer-admin", help="emite una cuenta de administración y su código de activación"
    )
    args = parser.parse_args(argv)

    if args.command == "up":
        from services.runtime.stack import up

        return up()
    if args.command == "provision":
        from services.runtime.database import provision

        asyncio.run(provision(settings_with_running_servers(), [str(s) for s in BACKEND_SERVICES]))
        return 0
    if args.command == "trace":
        from services.runtime.telemetry import traces_dir
        from services.runtime.trace_tree import read_trace, render_tree

        spans = read_trace(traces_dir(load_settings()), args.trace_id)
        if not spans:
            print(f"No hay spans de la traza {args.trace_id}", file=sys.stderr)
            return 1
        print("\n".join(render_tree(spans)))
        return 0
    if args.command == "audit":
        return audit_command(args)
    if args.command == "cuentas":
        return accounts_command(args)
    if args.command == "docs":
        from services.runtime.asyncapi import asyncapi_json

        args.salida.parent.mkdir(parents=True, exist_ok=True)
        args.salida.write_text(asyncapi_json() + "\n", encoding="utf-8")
        print(f"AsyncAPI escrito en {args.salida}")
        return 0
    return 2


def audit_command(args: argparse.Namespace) -> int:
    from services.audit.verify_command import check_proof_file, verify_log

    if args.audit_command == "verify-proof":
        code, message = check_proof_file(args.archivo)
        print(message, file=sys.stdout if code == 0 else sys.stderr)
        return code
    saved = args.desde_checkpoint.read_text(encoding="utf-8") if args.desde_checkpoint else None
    verdict = asyncio.run(
        verify_log(settings_with_running_servers(), saved_checkpoint=saved, verifier_key=args.llave)
    )
    print(verdict)
    return 0 if verdict.finding is None else 1


# ----- conoceles cuentas ---------------------------------------------------------------


def installed_settings() -> Settings:
    """This machine's deployment: the environment's or the running launcher's servers;
    with neither, the embedded PostgreSQL that ``conoceles up`` keeps under ``var/pg``,
    started for the command and stopped after it (an admin must be issuable while the
    system is down too)."""
    from services.runtime.embedded import EmbeddedPostgres

    try:
        return settings_with_running_servers()
    except NothingRunning:
        settings = load_settings()
    if settings.database_url:
        return settings
    folder = settings.var_dir / "pg"
    if not folder.exists():
        raise RuntimeError(
            f"no hay datos de PostgreSQL en {folder.resolve()}: ejecute antes «make up» "
            "(o defina DATABASE_URL)"
        )
    url = EmbeddedPostgres(folder, stop_at_exit=True).url
    return settings.model_copy(update={"database_url": url})


def accounts_command(args: argparse.Namespace) -> int:
    import asyncpg

    from services.accounts.bootstrap import issue_first_admin

    try:
        settings = installed_settings()
        issued = asyncio.run(issue_first_admin(settings))
    except (RuntimeError, OSError, asyncpg.PostgresError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    print(
        f"Cuenta de administración: usuario «{issued.usuario}».\n"
        f"Actívela en {settings.public_url.rstrip('/')}/activar con el código {issued.codigo}\n"
        f"(vale una sola vez, hasta el {issued.vence:%d/%m/%Y %H:%M} UTC; los códigos\n"
        "anteriores de esta cuenta dejan de valer). Queda registrado en la bitácora."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
