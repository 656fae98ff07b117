"""Where a command run beside ``conoceles up`` finds the servers that launcher uses.

With no URLs configured the launcher starts embedded NATS and PostgreSQL on ports of
their own; a command typed in another terminal (``conoceles audit verify``, ``conoceles
cuentas primer-admin``…) cannot guess them. So while it runs the launcher writes them to
``var/servidores.json`` (readable by its user only; it holds the administrator's URL) and
deletes the file when it stops. ``settings_with_running_servers`` gives a command its
settings: the URLs of the environment when set, else those of the running launcher.
"""

import os
from pathlib import Path

from pydantic import BaseModel

from services.runtime.settings import Settings, load_settings

SERVERS_FILE = "servidores.json"


class NothingRunning(RuntimeError):
    """No URLs in the environment and no launcher running with this var/ folder."""


class RunningServers(BaseModel):
    launcher_pid: int
    nats_url: str
    database_url: str
    public_url: str | None = None  # where its portal answers, for what a command prints


def servers_file(settings: Settings) -> Path:
    return settings.var_dir.resolve() / SERVERS_FILE


def announce_servers(settings: Settings, nats_url: str, database_url: str) -> None:
    """Called by the launcher once its servers are up."""
    path = servers_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    running = RunningServers(
        launcher_pid=os.getpid(),
        nats_url=nats_url,
        database_url=database_url,
        public_url=settings.public_url,
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(running.model_dump_json())


def withdraw_servers(settings: Settings) -> None:
    """Called by the launcher as it stops: only the file it wrote itself."""
    found = _read(servers_file(settings))
    if found is not None and found.launcher_pid == os.getpid():
        servers_file(settings).unlink(missing_ok=True)


def settings_with_running_servers(settings: Settings | None = None) -> Settings:
    """The settings, with the running launcher's URLs for those the environment lacks."""
    settings = settings or load_settings()
    if settings.nats_url and settings.database_url:
        return settings
    running = _read(servers_file(settings))
    if running is None or not _alive(running.launcher_pid):
        raise NothingRunning(
            f"no hay ningún Conóceles en marcha con la carpeta {settings.var_dir.resolve()}: "
            "inícielo antes con `make up` (en otra terminal, desde esta misma carpeta), o "
            "indique sus servidores con las variables DATABASE_URL y NATS_URL."
        )
    update = {
        "nats_url": settings.nats_url or running.nats_url,
        "database_url": settings.database_url or running.database_url,
    }
    chosen = {"public_url", "gateway_port"} & settings.model_fields_set
    if running.public_url and not chosen:
        update["public_url"] = running.public_url
    return settings.model_copy(update=update)


def _read(path: Path) -> RunningServers | None:
    try:
        return RunningServers.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # absent, or left half-written by a killed launcher
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
