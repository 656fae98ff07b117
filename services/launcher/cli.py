"""The ``conoceles`` command: the launcher's own commands, and those the services declare.

``up``, ``provision``, ``trace`` and ``docs`` are the launcher's; every other command
(``conoceles audit verify``, ``conoceles cuentas primer-admin`` …) is a ``ServiceCommand``
that a service lists in its ``ServiceDefinition`` (services/runtime/service_hooks.py),
turned here into a subcommand of its group.
"""

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel

from contracts.demo import UnknownDemoProfile, demo_profiles, known_profile
from contracts.services import BACKEND_SERVICES
from services.launcher.definitions import service_commands, service_definitions
from services.launcher.running_stack import NothingRunning, settings_with_running_servers
from services.runtime.service_hooks import CommandServers, ServiceCommand
from services.runtime.settings import Settings, load_settings


def main(argv: list[str] | None = None) -> int:
    try:
        return run_command(argv)
    except NothingRunning as missing:
        print(f"Error: {missing}", file=sys.stderr)
        return 1


LAUNCHER_COMMANDS = ("up", "provision", "trace", "docs")


def command_line(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """Every command: the launcher's, and those the services declare unless ``argv``
    names one of the launcher's (a service's commands cost importing every service)."""
    parser = argparse.ArgumentParser(prog="conoceles", description="Conóceles")
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="inicia todo el sistema en esta máquina")
    up.add_argument(
        "--perfil",
        help="el perfil de instituto de la elección de demostración "
        f"({', '.join(demo_profiles())}); sus datos quedan en var/<perfil>/",
    )
    commands.add_parser("provision", help="crea la base, los roles y los esquemas")
    trace = commands.add_parser("trace", help="muestra una traza como árbol")
    trace.add_argument("trace_id")
    docs = commands.add_parser("docs", help="escribe el documento AsyncAPI de los eventos")
    docs.add_argument("--salida", type=Path, default=Path("docs/asyncapi.json"))
    if not argv or argv[0] not in LAUNCHER_COMMANDS:
        add_service_commands(commands, service_commands(service_definitions()))
    return parser


def run_command(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = command_line(argv).parse_args(argv)

    if args.command == "up":
        from services.launcher.stack import up

        if args.perfil is not None:
            try:
                choose_demo_profile(args.perfil)
            except UnknownDemoProfile as unknown:
                print(f"Error: {unknown}", file=sys.stderr)
                return 1
        return up()
    if args.command == "provision":
        from services.runtime.database import provision

        asyncio.run(provision(settings_with_running_servers(), [str(s) for s in BACKEND_SERVICES]))
        return 0
    if args.command == "trace":
        from services.runtime.telemetry import traces_dir
        from services.runtime.trace_tree import read_trace, render_tree

        tree = read_trace(traces_dir(load_settings()), args.trace_id.strip().lower())
        if tree.empty:
            print(f"No hay spans de la traza {args.trace_id}", file=sys.stderr)
            return 1
        print("\n".join(render_tree(tree)))
        return 0
    if args.command == "docs":
        from services.launcher.asyncapi import asyncapi_json

        args.salida.parent.mkdir(parents=True, exist_ok=True)
        args.salida.write_text(asyncapi_json() + "\n", encoding="utf-8")
        print(f"AsyncAPI escrito en {args.salida}")
        return 0
    command: ServiceCommand[Any] = args.service_command
    return run_service_command(command, args)


def choose_demo_profile(profile: str) -> None:
    """``make up PROFILE=…``: the demo election of that profile, its data in a directory
    of its own (unless CONOCELES_VAR_DIR names one), so the portal shows one institute."""
    os.environ["CONOCELES_DEMO_PROFILE"] = known_profile(profile)
    os.environ.setdefault("CONOCELES_VAR_DIR", str(Path("var") / profile))


# ----- the services' commands -------------------------------------------------------------


def add_service_commands(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    declared: list[ServiceCommand[Any]],
) -> None:
    """``conoceles <group> <name>`` for each declared command, its arguments read from
    its model (a field without a default is positional, one with a default an option)."""
    groups: dict[str, argparse._SubParsersAction[argparse.ArgumentParser]] = {}
    for command in declared:
        if not command.name:  # the group's own command: ``conoceles backup``
            subcommand = commands.add_parser(command.group.name, help=command.help)
        else:
            if command.group.name not in groups:
                groups[command.group.name] = commands.add_parser(
                    command.group.name, help=command.group.help
                ).add_subparsers(dest=f"{command.group.name}_command", required=True)
            subcommand = groups[command.group.name].add_parser(command.name, help=command.help)
        for name, field in command.arguments.model_fields.items():
            typed = next((t for t in get_args(field.annotation) if t is not type(None)), None)
            convert = typed or field.annotation
            if field.is_required():
                subcommand.add_argument(name, type=convert, help=field.description)
            else:
                option = "--" + name.replace("_", "-")
                subcommand.add_argument(
                    option, type=convert, default=field.default, help=field.description
                )
        subcommand.set_defaults(service_command=command)


def run_service_command(command: ServiceCommand[Any], args: argparse.Namespace) -> int:
    names = command.arguments.model_fields
    arguments: BaseModel = command.arguments.model_validate({n: getattr(args, n) for n in names})
    if command.servers is CommandServers.INSTALLED:
        try:
            settings = installed_settings()
        except (RuntimeError, OSError) as error:
            print(f"Error: {error}", file=sys.stderr)
            return 1
    elif command.servers is CommandServers.RUNNING:
        settings = settings_with_running_servers()
    else:
        settings = load_settings()
    return asyncio.run(command.run(settings, arguments))


def installed_settings() -> Settings:
    """This machine's deployment: the environment's or the running launcher's servers;
    with neither, the embedded PostgreSQL that ``conoceles up`` keeps under ``var/pg``,
    started for the command and stopped after it (an admin must be issuable while the
    system is down too)."""
    from services.launcher.embedded import EmbeddedPostgres

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


if __name__ == "__main__":
    sys.exit(main())
