"""What a service offers the launcher besides its process: its demo data and its commands.

``conoceles up`` loads every service's demo data once the system is healthy, and the
``conoceles`` command offers every service's commands. Each service declares both in its
``ServiceDefinition`` (service_host.py), so the launcher finds them there and never
imports a service's internals, and ``services/runtime`` imports no service.
"""

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from contracts.services import ServiceName
from services.runtime.settings import Settings


@dataclass(frozen=True)
class DemoData:
    """``load`` puts the service's demo data in place and returns the lines ``conoceles
    up`` prints about it (codes to activate, what was loaded). Every start calls it, so
    it must be idempotent. ``after`` names the services whose demo data this one's builds
    on: theirs is loaded first."""

    load: Callable[[Settings], Coroutine[Any, Any, list[str]]]
    after: tuple[ServiceName, ...] = ()


class CommandServers(Enum):
    """Which servers a command talks to; the launcher finds them and gives the command
    its settings."""

    NONE = "none"
    """None: it works offline, on its arguments (the settings are the environment's)."""
    RUNNING = "running"
    """Those of the environment, or else those of the ``conoceles up`` running with the
    same ``var/`` folder; with neither, the command fails saying to start it."""
    INSTALLED = "installed"
    """As RUNNING; with neither, the embedded PostgreSQL that ``conoceles up`` keeps under
    ``var/pg``, started for the command and stopped after it: it works while the system
    is down too."""


class NoArguments(BaseModel):
    """A command that takes no arguments."""


ArgumentsT = TypeVar("ArgumentsT", bound=BaseModel)


@dataclass(frozen=True)
class CommandGroup:
    """``conoceles <name> …``: the commands of one subject."""

    name: str
    help: str


@dataclass(frozen=True)
class ServiceCommand(Generic[ArgumentsT]):
    """``conoceles <group> <name> [arguments]``; with an empty ``name``, ``conoceles
    <group> [arguments]`` (a group of one command, such as ``conoceles backup``).

    ``arguments`` is the model of what the command takes: a field without a default is a
    positional argument, a field with one an option ``--field-name`` (underscores become
    dashes); the field's description is its help, its type (``str``, ``int``, ``Path``,
    optional or not) converts the text typed. ``run`` receives the settings of the
    ``servers`` it needs and the parsed arguments, prints what it has to say, and returns
    the command's exit code.
    """

    group: CommandGroup
    name: str
    help: str
    arguments: type[ArgumentsT]
    run: Callable[[Settings, ArgumentsT], Coroutine[Any, Any, int]]
    servers: CommandServers = CommandServers.NONE
