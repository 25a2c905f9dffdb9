"""``slaselect analyse`` prints, to the byte, what it printed before its tender-scale speed-ups.

The files in ``golden/`` were written by main at 8adb5c5, before the analysis was made fast
for a thousand providers: the plain report in full, the ``--json`` document as its SHA-256
(it lists every rank probability of every provider). Each case runs paths that were replaced:

- the demo: Monte Carlo redraws every disputed cell; every provider can rank first;
- a generated tender (60 providers x 20 criteria x 5 evaluators, 10,000 scenarios): the
  providers' changes of total are drawn as normal, and 15 providers no corner or sampled
  weighting puts first are shown leading alone by the learned weighting (they used to need
  a linear programme each);
- an awkward one (scores with up to seven decimals, saved shuffled, a provider without
  scores, 8 criteria): dominated providers, providers that cannot rank first and linear
  programmes for the close calls.

Regenerate (only when a change of the printed words is meant) with
``python -m tests.cli.test_analyse_golden`` from the repository root.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.generate import random_evaluation
from slaselect.cli import main
from slaselect.documents import interchange
from slaselect.domain.model import Evaluation
from tests.cli.test_tender_scale import awkward

GOLDEN = Path(__file__).resolve().parent / "golden"
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "demo.json"
DIGESTS = GOLDEN / "analyse_json.sha256.json"

CASES: dict[str, Callable[[], Evaluation] | None] = {
    "demo": None,  # the bundled demo file as it is
    "tender_60x20x5": lambda: random_evaluation(60, 20, 5, seed=11),
    "awkward_40x8x4": lambda: awkward(random_evaluation(40, 8, 4, seed=3), seed=7),
}


def _source(name: str, directory: Path) -> Path:
    make = CASES[name]
    if make is None:
        return DEMO
    path = directory / f"{name}.json"
    path.write_text(interchange.dumps(make()), encoding="utf-8")
    return path


def _printed(path: Path, *options: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["analyse", str(path), *options]) == 0
    return out.getvalue()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("name", list(CASES))
def test_analyse_prints_what_it_printed_before(name: str, tmp_path: Path) -> None:
    path = _source(name, tmp_path)
    expected = (GOLDEN / f"analyse_{name}.txt").read_text(encoding="utf-8")
    text = _printed(path)
    assert text.splitlines() == expected.splitlines()  # a readable difference first
    assert text == expected
    digests = json.loads(DIGESTS.read_text(encoding="utf-8"))
    assert _digest(_printed(path, "--json")) == digests[name]


def write_golden(directory: Path) -> None:
    """Write the golden files with the code on ``sys.path`` (see the module docstring)."""
    directory.mkdir(parents=True, exist_ok=True)
    digests = {}
    scratch = directory / "scratch"
    scratch.mkdir(exist_ok=True)
    for name in CASES:
        path = _source(name, scratch)
        (directory / f"analyse_{name}.txt").write_text(_printed(path), encoding="utf-8")
        digests[name] = _digest(_printed(path, "--json"))
        if path != DEMO:
            path.unlink()
    scratch.rmdir()
    (directory / DIGESTS.name).write_text(json.dumps(digests, indent=2) + "\n",
                                          encoding="utf-8")


if __name__ == "__main__":
    write_golden(Path(sys.argv[1]) if len(sys.argv) > 1 else GOLDEN)
