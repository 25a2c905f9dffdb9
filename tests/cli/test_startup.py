"""Start-up: the command line loads only what the command asked for needs."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from slaselect.cli import COMMANDS, GROUPS, group_module

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "sqlite_utils", "pandas", "slaselect.store", "reportlab", "openpyxl")


def loaded_after(code: str) -> list[str]:
    """The heavy modules a fresh interpreter holds after running ``code``."""
    probe = (f"{code}\nimport sys\n"
             f"print('loaded:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                            text=True, check=True)
    last = result.stdout.strip().splitlines()[-1].removeprefix("loaded:")
    return [name for name in last.split(",") if name]


def test_importing_the_command_line_loads_no_numpy_store_or_documents() -> None:
    assert loaded_after("import slaselect.cli") == []


def test_help_loads_no_command_group() -> None:
    code = ("import contextlib, io\nfrom slaselect.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        main(['--help'])\n    except SystemExit:\n        pass")
    assert loaded_after(code) == []


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    from slaselect.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    listed = " ".join(capsys.readouterr().out.split()).replace("- ", "-")
    for command in COMMANDS:
        assert command in listed


@pytest.mark.parametrize("group", GROUPS)
def test_the_command_table_names_exactly_what_each_group_declares(group: str) -> None:
    sub = argparse.ArgumentParser().add_subparsers()
    group_module(group).add_commands(sub)
    assert set(sub.choices) == {name for name, owner in COMMANDS.items() if owner == group}


@pytest.mark.parametrize("columns", ["80", "12"])
def test_version_prints_what_argparse_prints_and_exits_0(columns: str) -> None:
    """``slaselect --version`` is answered before argparse loads; what the user sees is the
    same as argparse's own ``--version`` (wrapped like it on a very narrow terminal)."""
    from slaselect import __version__

    env = {**os.environ, "COLUMNS": columns}
    ours = subprocess.run([sys.executable, "-m", "slaselect", "--version"], cwd=REPO,
                          capture_output=True, text=True, env=env, check=False)
    probe = ("import argparse\np = argparse.ArgumentParser(prog='slaselect')\n"
             f"p.add_argument('--version', action='version', version='slaselect {__version__}')\n"
             "p.parse_args(['--version'])")
    theirs = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env=env, check=False)
    assert ours.returncode == theirs.returncode == 0
    assert (ours.stdout, ours.stderr) == (theirs.stdout, "")
    assert f"slaselect {__version__}" in " ".join(ours.stdout.split())


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_commands_help_loads_no_numpy_store_or_documents(command: str) -> None:
    """``slaselect COMMAND --help`` opens no project: it starts as light as ``--help``."""
    code = ("import contextlib, io\nfrom slaselect.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n"
            f"        main([{command!r}, '--help'])\n"
            "    except SystemExit:\n        pass")
    assert loaded_after(code) == []
