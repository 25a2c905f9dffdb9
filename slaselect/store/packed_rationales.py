"""The scores' rationales packed into one value of the score columns, and read back.

The rationales are joined by NUL into one UTF-8 blob (``score_columns`` keeps it beside the
codes and values). Reading a tender's blob back makes a string for each of its 1.4 million
scores; a command that needs one evaluator's rationales (``import-scores``) reads only
theirs, after checking the whole blob as a full read does: the count of rationales, and that
every byte is UTF-8.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

SEPARATOR = "\x00"  # between rationales; scores whose rationale holds one are not packed
_MAX_BYTES = 256 * 1_048_576  # far below SQLite's 1 GB limit on one value
PIECE = 16_384
"""Rationales decoded per step: a step over two million at once would hold the interpreter
for tens of milliseconds, and a window waiting on it (a project read on a worker) would stop
repainting."""


def packed(rationales: list[str]) -> bytes | None:
    """The rationales as one NUL-joined UTF-8 blob; None when they cannot be packed (one
    holds a NUL, or there is more text than one value may hold)."""
    text = SEPARATOR.join(rationales)
    if text.count(SEPARATOR) != max(len(rationales) - 1, 0):
        return None
    blob = text.encode("utf-8")
    return blob if len(blob) <= _MAX_BYTES else None


def _ends(blob: bytes, count: int) -> npt.NDArray[np.int64] | None:
    """Where each rationale but the last ends (its NUL); None when the count is not there."""
    ends = np.flatnonzero(np.frombuffer(blob, dtype=np.uint8) == 0)
    return ends if ends.size == count - 1 else None


def unpacked(blob: bytes, count: int) -> list[str] | None:
    """The ``count`` rationales of the NUL-joined UTF-8 ``blob`` (a NUL byte is only ever
    the character NUL in UTF-8), decoded in pieces; None when the count is not there."""
    if not count:
        return [] if not blob else None
    ends = _ends(blob, count)
    if ends is None:
        return None
    texts: list[str] = []
    for start in range(0, count, PIECE):
        stop = min(start + PIECE, count)
        first = 0 if start == 0 else int(ends[start - 1]) + 1
        last = len(blob) if stop == count else int(ends[stop - 1])
        texts.extend(blob[first:last].decode("utf-8").split(SEPARATOR))
    return texts


def unpacked_at(blob: bytes, count: int, positions: npt.NDArray[np.int64]) -> list[str] | None:
    """The ``count`` rationales of ``blob`` as ``unpacked`` gives them, but only those at
    ``positions`` (ascending) made into strings; every other one is given as ''. None when
    ``unpacked`` would give None (the count is not there, or a byte anywhere is not UTF-8)."""
    if not count:
        return [] if not blob else None
    ends = _ends(blob, count)
    if ends is None:
        return None
    text = blob.decode("utf-8")  # the whole blob checked, as ``unpacked`` checks it
    starts = np.concatenate([np.zeros(1, dtype=np.int64), ends + 1])[positions]
    stops = np.concatenate([ends, np.array([len(blob)], dtype=np.int64)])[positions]
    if len(text) == len(blob):  # ASCII: a byte's offset is its character's
        chosen = [text[a:b] for a, b in zip(starts.tolist(), stops.tolist(), strict=True)]
    else:
        chosen = [blob[a:b].decode("utf-8")
                  for a, b in zip(starts.tolist(), stops.tolist(), strict=True)]
    texts = [""] * count
    for position, rationale in zip(positions.tolist(), chosen, strict=True):
        texts[position] = rationale
    return texts
