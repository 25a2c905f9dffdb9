"""Fixtures for driving the app: a session on a fresh copy of the demo or a small project."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from slaselect.documents import bundled
from slaselect.store.project import Project
from slaselect.ui.session import Session
from tests.factories import three_providers


@pytest.fixture
def demo_session(tmp_path: Path, qtbot: object) -> Iterator[Session]:
    """A session editing a fresh project file holding the bundled demo."""
    path = tmp_path / "demo.slaselect"
    Project.create(path, bundled.load_demo())
    project = Project.open(path)
    session = Session(project.load(), project)
    yield session
    session.close()


@pytest.fixture
def small_session(tmp_path: Path, qtbot: object) -> Iterator[Session]:
    """A session on the three-provider evaluation of tests/factories.py."""
    path = tmp_path / "small.slaselect"
    Project.create(path, three_providers())
    project = Project.open(path)
    session = Session(project.load(), project)
    yield session
    session.close()


@pytest.fixture(autouse=True)
def collect_each_tests_garbage() -> Iterator[None]:
    """Free each test's Qt objects right after it, on the UI thread.

    Windows of many tests left to the cyclic collector pile up, and collecting them all at
    once later (the app pauses the collector around worker jobs and collects first) crashed
    PySide6 in "Garbage-collecting" inside an unrelated test. Collecting per test keeps each
    test's teardown its own.
    """
    yield
    gc.collect()
