"""Running the real command line for the fault tests, and what every run must show.

Every failing run ends in exactly one ``error:`` line on stderr, exit 1, no traceback and no
"Exception ignored" noise; a refused run leaves every file exactly as it was and nothing new.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from slaselect.cli import main

ROOT = Path(__file__).resolve().parents[2]
NOISE = ("Traceback", "Exception ignored", "internal error")


@dataclass(frozen=True)
class Run:
    """What one command did: exit status, stdout and stderr."""

    code: int
    out: str
    err: str


def run_here(capsys: pytest.CaptureFixture[str], *argv: object) -> Run:
    """The command run in this process (fast; an escaping exception fails the test)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return Run(code, out, err)


def run_cli(*argv: object, cwd: Path, file_limit: int | None = None,
            close_stdout: bool = False, env: dict[str, str] | None = None,
            timeout: float = 60, stdout_file: Path | None = None) -> Run:
    """``python -m slaselect ARGV`` in a subprocess, optionally under a file-size limit
    (``RLIMIT_FSIZE``: a full disk as far as the command can tell), with stdout closed, or
    with stdout sent to ``stdout_file`` (as the shell's ``> FILE``; ``out`` is then empty)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(cwd)}
    environment.update(env or {})

    def limit() -> None:
        if file_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))
        if close_stdout:  # as the shell's ``>&-``: the command starts with no fd 1 at all
            os.close(1)

    with contextlib.ExitStack() as files:
        stdout = (files.enter_context(stdout_file.open("wb")) if stdout_file is not None
                  else subprocess.PIPE)
        completed = subprocess.run(
            [sys.executable, "-m", "slaselect", *map(str, argv)], cwd=cwd, env=environment,
            stdout=stdout, stderr=subprocess.PIPE,
            preexec_fn=limit, timeout=timeout, check=False,
        )
    out = completed.stdout.decode("utf-8", "replace") if completed.stdout else ""
    return Run(completed.returncode, out, completed.stderr.decode("utf-8", "replace"))


def assert_one_error(run: Run, *words: str) -> None:
    """Exit 1 and a single ``error:`` line naming ``words``, and nothing else on stderr."""
    lines = run.err.splitlines()
    assert run.code == 1, run
    assert len(lines) == 1 and lines[0].startswith("error: "), run.err
    assert not any(noise in run.err for noise in NOISE), run.err
    for word in words:
        assert word in lines[0], lines[0]


def assert_success(run: Run) -> None:
    """Exit 0 and a clean stderr."""
    assert run.code == 0, run
    assert not any(noise in run.err for noise in NOISE), run.err


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) with a digest of its bytes; links as
    their target, so that a test can tell that nothing changed and nothing was left behind."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = "special"
    return found


