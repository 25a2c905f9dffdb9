"""How a command ends when something goes wrong: one ``error:`` line, exit 1, no traceback.

Whatever the cause (a problem the user can fix, a full disk, a closed terminal, a file name
holding a line break, a multi-line report from SQLite) the user sees exactly one line starting
with ``error:``; with ``--verbose`` the rest of a long report follows on the next lines. An
unexpected exception is reported the same way, as an internal error to report, with the
traceback only under ``--verbose``.

What a failing or printing command needs (``cli.output``, the terminal-safe text, the domain's
error type) is imported when a command runs or a failure is reported, not when the command
line starts: ``slaselect --help`` needs none of it.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path

VERBOSE_HELP = "on an error, print every detail of the report (and a traceback if unexpected)"
_DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
_DISK_FULL_CODES = ("IO_EFBIG", "IO_ENOSPC", "IO_EDQUOT")  # lxml's words, in openpyxl's saves


def add_verbose_option(parser: argparse.ArgumentParser) -> None:
    """``--verbose`` on a command: the full error report instead of its first line."""
    parser.add_argument("--verbose", action="store_true", help=VERBOSE_HELP)


def run_command(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one command; every failure ends in one ``error:`` line and exit 1 (130 on Ctrl-C)."""
    if sys.stdout is None:  # started with standard output closed (``slaselect rank p >&-``)
        return report("standard output is closed; give the command somewhere to write, "
                      "e.g. '> out.txt'", args)
    if not getattr(args, "verbose", False):
        # A library's half-closed writer that complains when it is collected after a failure
        # ("Exception ignored in ...") would print a traceback after our one line.
        sys.unraisablehook = lambda unraisable: None
    from slaselect.cli.output import CommandOutput

    output = CommandOutput.around(sys.stdout)
    sys.stdout = output
    try:
        return _run_reporting(run, args)
    finally:
        if sys.stdout is output:
            sys.stdout = output.stream


def _run_reporting(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    from slaselect.cli.output import IncompleteOutput
    from slaselect.domain.errors import EvaluationError

    try:
        status = int(run(args))
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not after exit
        return status
    except EvaluationError as error:
        return report(str(error), args)
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except IncompleteOutput as error:
        _discard_output()
        return report(_incomplete_output_words(error), args)
    except OSError as error:
        if error.errno in _DISK_FULL:
            _discard_output()  # what stdout still buffers cannot be written either
        return report(_os_error_words(error), args)
    except RuntimeError as error:
        if "symlink loop" in str(error).lower():  # pathlib's word for ELOOP while resolving
            return report("a symbolic link in the path points back to itself (a link loop)",
                          args)
        return _unexpected(error, args)
    except KeyboardInterrupt:
        return 130
    except MemoryError:
        return report("not enough memory to finish; the input is too large", args)
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        if any(code in str(error) for code in _DISK_FULL_CODES):
            return report(_os_error_words(OSError(errno.ENOSPC, "No space left on device")), args)
        return _unexpected(error, args)


def report(message: str, args: argparse.Namespace | None = None) -> int:
    """Print ``error: <first line>`` (plus the other lines only with ``--verbose``); return 1."""
    from slaselect.documents.text.terminal import one_line

    message = escape_names(message, _paths(args))
    first, *details = message.strip().splitlines() or ["failed"]
    verbose = bool(getattr(args, "verbose", False))
    if details and not verbose:
        first += " (run again with --verbose for the details)"
    lines = [f"error: {one_line(first)}"] + ([one_line(d) for d in details] if verbose else [])
    stream = sys.stderr
    if stream is not None:
        try:
            stream.write("\n".join(lines) + "\n")
            stream.flush()
        except (OSError, ValueError):
            pass
    return 1


def escape_names(message: str, paths: list[Path]) -> str:
    """The message with each file name that holds a line break or control character escaped,
    so that a name like ``"a\\nb.json"`` cannot split the ``error:`` line."""
    from slaselect.documents.text.terminal import UNSAFE_OR_BREAK, one_line

    for path in paths:
        for name in sorted({str(path), path.name}, key=len, reverse=True):
            if name and UNSAFE_OR_BREAK.search(name):
                message = message.replace(name, one_line(name))
    return message


def _paths(args: argparse.Namespace | None) -> list[Path]:
    if args is None:
        return []
    return [value for value in vars(args).values() if isinstance(value, Path)]


def _os_error_words(error: OSError) -> str:
    where = f" ({error.filename})" if error.filename else ""
    if error.errno in _DISK_FULL:  # the file named would be our temporary: not worth saying
        return (f"cannot write: {error.strerror or 'disk full'} (the disk is full or a file "
                "size limit was reached); nothing was written: make room and run the command "
                "again")
    if error.errno == errno.ELOOP:
        return f"a symbolic link in the path points back to itself (a link loop){where}"
    return f"{error.strerror or error}{where}"


def _incomplete_output_words(error: OSError) -> str:
    if error.errno in _DISK_FULL:
        return (f"cannot print the output: {error.strerror or 'disk full'} (the disk is full or "
                "a file size limit was reached); the printed output is incomplete: make room "
                "and run the command again")
    return f"cannot print the output: {error.strerror or error}; the printed output is incomplete"


def _quiet_broken_pipe() -> int:
    """The reader of our output went away (``| head``): stop quietly, as other tools do."""
    _discard_output()
    return 1


def _discard_output() -> None:
    """Point stdout at the null device, so that the flush at exit cannot print
    "Exception ignored ... BrokenPipeError" (or "File too large") after our one line."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _unexpected(error: BaseException, args: argparse.Namespace) -> int:
    name = type(error).__name__
    message = f"internal error ({name}: {str(error) or 'no message'}); please report it"
    status = report(message, args)
    if getattr(args, "verbose", False) and sys.stderr is not None:
        import traceback  # only under --verbose

        traceback.print_exception(error, file=sys.stderr)
    return status
