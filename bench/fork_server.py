"""Start a killable command in a few milliseconds instead of a second: a fork server.

Most of a ``python -m slaselect`` run is Python starting and importing; a kill campaign pays
that for every kill. ``python -m bench.fork_server`` imports SLASelect once and then, for each
request, forks a child that runs exactly what a fresh process would (the command line's
``main``, or a script), in its own folder, with its own environment, stdout and stderr, and
optionally ``bench.kill_point`` armed. The child is a real process: the campaign SIGKILLs it
by its pid, and the server reports how it ended. Test tooling only, for POSIX.

Protocol (one JSON object a line): the client sends a request, the server answers
``{"pid": N}`` when the child has started and ``{"returncode": R}`` when it has ended
(negative: killed by that signal).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _warm_up() -> None:
    """Import what the campaigns' commands use, so that no child imports it again."""
    import openpyxl  # noqa: F401

    import slaselect.cli
    import slaselect.documents.interchange  # noqa: F401
    import slaselect.documents.scoring_sheet.score_import  # noqa: F401
    import slaselect.store.project  # noqa: F401
    from bench import generate  # noqa: F401
    from slaselect.domain import edits  # noqa: F401

    for group in ("project", "scores"):
        slaselect.cli.group_module(group)


def _child(request: dict[str, Any]) -> None:
    """Run one request in this forked child; never returns."""
    status = 1
    try:
        os.chdir(request["cwd"])
        os.environ.update(request.get("env", {}))
        tempfile.tempdir = None  # found again from this child's TMPDIR
        for descriptor, name, flags in ((0, os.devnull, os.O_RDONLY),
                                        (1, request.get("stdout", os.devnull),
                                         os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                        (2, request.get("stderr", os.devnull),
                                         os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
            opened = os.open(name, flags, 0o644)
            os.dup2(opened, descriptor)
            os.close(opened)
        from bench.kill_point import KillPoint, watch_every_connection

        point = None
        if request.get("kill_at"):
            point = KillPoint(request["kill_at"])
            watch_every_connection(point)
        try:
            if "code" in request:
                sys.argv = ["-c", *request.get("args", [])]
                exec(compile(request["code"], "<request>", "exec"), {"__name__": "__main__"})
                status = 0
            else:
                from slaselect.cli import main

                status = main(request["argv"])
        except SystemExit as ended:
            status = ended.code if isinstance(ended.code, int) else 1
        if point is not None and point.kind == "count":
            point.report()
        sys.stdout.flush()
    except BaseException:  # noqa: BLE001 - reported on the child's stderr, then it ends
        traceback.print_exc()
    finally:
        os._exit(status)


def serve() -> None:
    """Answer requests on stdin until it closes."""
    _warm_up()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request)
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)


class ForkServer:
    """The client: one server process, one request at a time."""

    def __init__(self) -> None:
        environment = {**os.environ, "PYTHONPATH": str(ROOT)}
        self._process = subprocess.Popen([sys.executable, "-m", "bench.fork_server"],
                                         cwd=ROOT, env=environment, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, text=True, bufsize=1)
        assert self._answer().get("ready")

    def _answer(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the fork server has ended")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def start(self, **request: Any) -> int:
        """Start a child (``argv`` for the command line, or ``code`` and ``args``; ``cwd``,
        ``env``, ``stdout``, ``stderr`` paths, ``kill_at``); its pid."""
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        return int(self._answer()["pid"])

    def wait(self) -> int:
        """Wait for the child started last; its return code (negative: the signal)."""
        return int(self._answer()["returncode"])

    def close(self) -> None:
        """End the server."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=30)
        if self._process.stdout is not None:
            self._process.stdout.close()

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


if __name__ == "__main__":
    serve()
