"""Fixtures for driving the app: a session on a fresh copy of the demo or a small project."""

from __future__ import annotations

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
