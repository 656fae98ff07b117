"""Crash points for the tests that kill processes mid-flow.

A test starts a service with ``CONOCELES_FAILPOINT=<name>``; when the code passes that
point the process kills itself with SIGKILL, exactly as a power cut would, so the test
proves what survives. In production the setting is unset and this is a comparison.
"""

import os
import signal


def crash_here_if(armed: str | None, name: str) -> None:
    if armed == name:
        os.kill(os.getpid(), signal.SIGKILL)
