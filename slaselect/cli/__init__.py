"""The ``slaselect`` command: headless commands, and the desktop app when asked.

Exit status: 0 success; 1 a problem the user can fix, explained on stderr in one line starting
with ``error:``; 2 bad usage (argparse). A failing command never leaves a partial output file
and never changes the project it reads.

The commands are listed in ``COMMANDS`` (command word -> group module), one module per group;
each module's ``add_commands`` declares its commands and their arguments. A group module is
imported only when one of its commands runs, so ``slaselect --help`` and the app start without
numpy, the store or the documents. A command reads its files, calls the domain and
``slaselect.documents`` and prints the result; it renders no text and runs no SQL itself.
Start-up stays fast because the store, reportlab and openpyxl load only inside a command,
the error reporting only when a command runs, and ``slaselect --version`` alone is answered
before argparse (and the gettext and locale it brings) is imported.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from slaselect import __version__

if TYPE_CHECKING:
    import argparse
    from types import ModuleType

VERSION = f"slaselect {__version__}"
"""What ``slaselect --version`` prints."""

GROUPS = ("project", "ranking", "analysis", "documents", "scores", "service")
"""Every command group (a module of ``slaselect.cli``), in the order help lists them."""

COMMANDS: dict[str, str] = {
    "new": "project", "demo": "project", "import-json": "project", "export-json": "project",
    "check": "project",
    "rank": "ranking", "figures": "ranking", "compare": "ranking", "diff": "ranking",
    "analyse": "analysis", "targets": "analysis",
    "memo": "documents", "term-sheet": "documents", "workbook": "documents",
    "scoring-sheet": "documents",
    "import-scores": "scores", "price-envelopes": "scores",
    "award": "service", "import-incidents": "service", "import-tickets": "service",
    "import-downtime": "service", "import-outages": "service", "service": "service",
    "claim": "service", "review": "service", "review-pack": "service", "retender": "service",
}
"""Every command word (aliases too) and the group module that declares it, in help order;
a test checks it against the groups' ``add_commands``."""


def group_module(group: str) -> ModuleType:
    """The command group module ``slaselect.cli.<group>``, imported on first use."""
    return importlib.import_module(f"slaselect.cli.{group}")


def command_parser(groups: Sequence[str] = GROUPS) -> argparse.ArgumentParser:
    """The parser of ``slaselect COMMAND ...`` with the commands of ``groups`` (all by
    default; running one command needs only its own group)."""
    import argparse

    from slaselect.cli.failures import add_verbose_option

    parser = argparse.ArgumentParser(
        prog="slaselect",
        description="Choose a service provider and negotiate its SLA.",
        epilog="Run 'slaselect' with no command to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=VERSION)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in groups:
        group_module(group).add_commands(sub)
    # an alias (import-tickets for import-incidents) is the same parser listed twice
    for command in {id(c): c for c in sub.choices.values()}.values():
        add_verbose_option(command)
    return parser


def command_names(parser: argparse.ArgumentParser) -> list[str]:
    """The command words of ``parser``, in the order they were declared."""
    import argparse

    for action in parser._actions:  # argparse keeps its sub-commands nowhere public
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def _app_parser(commands: Sequence[str]) -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="slaselect",
        description="Open the SLASelect desktop app. Commands: " + ", ".join(commands)
        + " (see 'slaselect COMMAND --help').",
    )
    parser.add_argument("--version", action="version", version=VERSION)
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE", help="project to open")
    parser.add_argument("--demo", action="store_true", help="open a fresh copy of the demo")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--version"] and _version_fits():
        _print_version()
    if arguments and arguments[0] in COMMANDS:
        if argv is None:  # the process's own command line: it exits after this command
            from slaselect.cli.common import one_command_process

            one_command_process()
        args = command_parser([COMMANDS[arguments[0]]]).parse_args(arguments)
        from slaselect.cli.failures import run_command

        return run_command(args.run, args)
    app_parser = _app_parser(list(COMMANDS))
    args = app_parser.parse_args(arguments)
    if args.demo and args.file is not None:
        app_parser.error("give either FILE or --demo, not both")
    if no_display():
        from slaselect.cli.failures import report

        return report("no display is available to open the SLASelect window; the commands "
                      "work without one (see 'slaselect --help')")
    # Qt is imported only when the window is wanted; slaselect.app is the one door to the UI
    # (the import-linter contract "the CLI never imports the UI" allows this one line).
    from slaselect.app import run_app

    return run_app(args.file, demo=args.demo)


def _version_fits() -> bool:
    """True when argparse would print ``VERSION`` on one line (a terminal at least that wide:
    argparse wraps the version text to the terminal's width, never below 11 columns)."""
    import shutil  # as argparse measures it

    return len(VERSION) <= max(shutil.get_terminal_size().columns - 2, 11)


def _print_version() -> None:
    """Print ``VERSION`` and exit 0, as argparse's ``--version`` does (to stderr when
    standard output is closed), without importing argparse for it."""
    import contextlib

    stream = sys.stdout or sys.stderr
    with contextlib.suppress(AttributeError, OSError):
        stream.write(VERSION + "\n")
    raise SystemExit(0)


def no_display() -> bool:
    """True on Linux with no X11 or Wayland display and no Qt platform chosen: Qt would abort
    (SIGABRT) rather than say so."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
