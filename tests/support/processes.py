"""Service processes a test starts and kills (the chaos tests' ``spawn`` fixture)."""

from collections.abc import Awaitable, Callable

from services.runtime.child_process import ServiceProcess

Spawn = Callable[..., Awaitable[ServiceProcess]]
"""``await spawn(settings, "tests.support.pingpong", "sender")``: a started process, killed
at the end of the test whatever happens."""
