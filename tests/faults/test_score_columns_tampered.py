"""Packed score columns damaged or forged never change what a project holds: the rows win.

The columns are a copy kept for speed, with a checksum; a file whose copy was damaged (bytes
flipped) or forged (codes past the key lists, values off the scale, a key list that is not
JSON: the checksum put right, as a forger would) is read from its rows, and what loads equals
what the rows hold.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from bench.generate import random_evaluation
from slaselect.domain.model import Evaluation
from slaselect.store import score_columns
from slaselect.store.project import Project

N = 180  # scores in the tender below


@pytest.fixture(scope="module")
def tender() -> Evaluation:
    evaluation = random_evaluation(10, 8, 3, seed=4)
    assert len(evaluation.scores) == N
    return evaluation


def _forge(path: Path, sql: str, *values: object, checksum: bool = True) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql, values)
    if checksum:
        keys, *blobs = conn.execute(
            "SELECT keys, rowid_column, provider, criterion, evaluator, value, rationale "
            "FROM score_columns").fetchone()
        if isinstance(keys, str) and all(isinstance(b, bytes) for b in blobs):
            conn.execute("UPDATE score_columns SET checksum = ?",
                         (score_columns._checksum(keys, blobs),))
    conn.commit()
    conn.close()


def _flipped(blob: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    data = bytearray(blob)
    if seed == 0:  # the last bit of the first value: still a number on the scale
        data[0] ^= 1
        return bytes(data)
    for _ in range(3):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


FORGERIES = {
    "keys not JSON": ("UPDATE score_columns SET keys = '{nope'",),
    "a key list of numbers": ("UPDATE score_columns SET keys = "
                              "'{\"providers\": [1], \"criteria\": [], \"evaluators\": []}'",),
    "codes past the keys": ("UPDATE score_columns SET provider = ?",
                            np.full(N, 999, dtype="<i2").tobytes()),
    "values off the scale": ("UPDATE score_columns SET value = ?",
                             np.full(N, 50.0, dtype="<f8").tobytes()),
    "a value that is not a number": ("UPDATE score_columns SET value = ?",
                                     np.full(N, np.nan, dtype="<f8").tobytes()),
    "a column cut short": ("UPDATE score_columns SET criterion = substr(criterion, 1, 9)",),
    "a count that lies": ("UPDATE score_columns SET count = count + 1",),
    "rationales not UTF-8": ("UPDATE score_columns SET rationale = x'ff00ff'",),
    "an unknown format": ("UPDATE score_columns SET format = 99",),
    "rowids out of order": ("UPDATE score_columns SET first_rowid = NULL, rowid_column = ?",
                            np.arange(N, 0, -1, dtype="<i8").tobytes()),
    "text where a blob belongs": ("UPDATE score_columns SET value = 'seven'",),
}


@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_forged_columns_are_not_believed(tender: Evaluation, tmp_path: Path, name: str) -> None:
    path = tmp_path / "forged.slaselect"
    Project.create(path, tender)
    _forge(path, *FORGERIES[name])
    with Project.open(path, read_only=True) as project:
        assert project.load() == tender
        evaluation, consensus = project.load_for_ranking()
    with Project.open(path) as project:  # opened for writing: the columns are written anew
        assert project.load() == tender
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count FROM score_columns").fetchone()[0] == N
    conn.close()


@pytest.mark.parametrize("seed", range(6))
def test_flipped_bytes_in_the_columns_are_not_believed(
        tender: Evaluation, tmp_path: Path, seed: int) -> None:
    path = tmp_path / "flipped.slaselect"
    Project.create(path, tender)
    column = ("value", "provider", "criterion", "evaluator", "keys", "value")[seed]
    conn = sqlite3.connect(path)
    (blob,) = conn.execute(f"SELECT CAST({column} AS BLOB) FROM score_columns").fetchone()
    conn.close()
    forged = _flipped(blob, seed)
    _forge(path, f"UPDATE score_columns SET {column} = ?",
           forged.decode("latin-1") if column == "keys" else forged, checksum=False)
    copy = tmp_path / "rows.slaselect"
    shutil.copyfile(path, copy)
    _forge(copy, "DELETE FROM score_columns", checksum=False)
    with Project.open(copy, read_only=True) as project:
        from_rows = project.load()
    with Project.open(path, read_only=True) as project:
        loaded = project.load()
    assert loaded == from_rows == tender
