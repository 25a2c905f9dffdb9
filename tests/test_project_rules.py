"""House rules the code must keep: the layer contracts and a clean lint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_layer_contracts_hold() -> None:
    """import-linter: domain is pure, only ui/app use Qt, store and documents are independent."""
    result = subprocess.run(
        [sys.executable, "-c",
         "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports())"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_core_layers_type_check_strictly() -> None:
    """mypy --strict on domain, store and documents (configured in pyproject.toml)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "slaselect", "tests", "bench"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_qt_binding_keeps_python_alive_through_many_signals() -> None:
    """Regression: PySide6 6.12.0 lost a reference to True on every signal emit, so a long
    session aborted with "bool_dealloc". pyproject.toml excludes it; this proves it."""
    script = (
        "from PySide6.QtCore import QObject, Signal\n"
        "class Sender(QObject):\n"
        "    changed = Signal()\n"
        "sender = Sender()\n"
        "sender.changed.connect(lambda: None)\n"
        "for _ in range(20000):\n"
        "    sender.changed.emit()\n"
        "print('alive')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "alive", result.stderr[-500:]
