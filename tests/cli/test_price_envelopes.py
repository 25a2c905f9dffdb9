"""``slaselect price-envelopes``: record when prices were unsealed; a change needs a reason."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from slaselect.cli import main
from slaselect.domain.audit_words import when_words
from slaselect.store.project import Project
from tests.factories import three_providers


def _opened(path: Path) -> str:
    with Project.open(path, read_only=True) as project:
        return project.load().price_envelopes_opened_at


def test_record_refuse_a_change_without_reason_then_clear(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.slaselect"
    Project.create(path, three_providers())
    assert main(["price-envelopes", str(path), "--opened", "2026-11-20T09:30:00+00:00"]) == 0
    local = when_words("2026-11-20T09:30:00+00:00")  # as History shows it, in local time
    assert f"Recorded the price envelopes as opened on {local}." in capsys.readouterr().out
    assert _opened(path) == "2026-11-20T09:30:00+00:00"

    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(["price-envelopes", str(path), "--opened", "2026-11-21"]) == 1
    assert (f"recorded as opened on {local}; changing or clearing that needs --reason"
            in capsys.readouterr().err)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert main(["price-envelopes", str(path), "--opened", tomorrow, "--reason", "typo"]) == 1
    assert "is still to come" in capsys.readouterr().err
    assert main(["price-envelopes", str(path), "--opened", "next week",
                 "--reason", "typo"]) == 1
    assert "is not a date such as 2026-12-03" in capsys.readouterr().err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before

    assert main(["price-envelopes", str(path), "--clear", "--reason", "wrong tender"]) == 0
    assert _opened(path) == ""
    with Project.open(path, read_only=True) as project:
        last = project.audit_trail()[-1]
    assert (last.action, last.reason) == ("Clear price envelopes opened", "wrong tender")


def test_an_interchange_file_is_refused(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from slaselect.documents.interchange import dumps

    source = tmp_path / "e.json"
    source.write_text(dumps(three_providers()), encoding="utf-8")
    assert main(["price-envelopes", str(source), "--opened", "now"]) == 1
    assert "needs a project file" in capsys.readouterr().err
