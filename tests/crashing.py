"""Not a test module: run a function in a forked child that dies just before the k-th rename peelkit
makes (os._exit: no clean-up, no finally blocks, as SIGKILL), for the kill-at-every-rename tests."""

from __future__ import annotations

import os

from peelkit import store


def killed_at(k, fn) -> bool:
    """Run ``fn`` in a forked child that dies before its k-th rename. True if the child got that far
    (False: ``fn`` finished with fewer renames)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 3
        try:
            calls = []

            def die(a, b):
                calls.append(b)
                if len(calls) == k:
                    os._exit(9)

            store.rename_hook = die
            fn()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) in (0, 9), status
    return os.WEXITSTATUS(status) == 9
