"""Model processes that end with their parent.

A run in several processes forks them (`pipeline.parallel`; spaCy's `nlp.pipe(n_process=...)`
forks its own). Killed with SIGKILL, the main process cannot stop them, and they would wait on
their queue forever, each holding a copy of the model.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1
_installed = False


def _die_with_parent() -> None:
    """In a forked child, ask Linux to end it when its parent ends."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: nothing to arm
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before the guard was armed
        os._exit(1)


def install_fork_guard() -> None:
    """Arm every child forked from now on (once per process)."""
    global _installed
    if not _installed:
        os.register_at_fork(after_in_child=_die_with_parent)
        _installed = True
