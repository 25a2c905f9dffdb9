"""``targets`` (CONTRACT 6.1), ``potentially_optimal`` in ``analyse`` (CONTRACT 6), the
maintenance-inclusive downtime in ``figures`` (CONTRACT 5) and ``check`` reading the audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slaselect.cli import main
from slaselect.documents.interchange import dumps
from slaselect.domain import edits
from slaselect.domain.figures import MINUTES_PER_MONTH
from slaselect.domain.model import Score
from slaselect.store.project import Project
from tests.factories import gamma_evaluation, three_providers

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "demo.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_targets_json_follows_contract_section_6_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "targets", str(DEMO), "--json")
    assert status == 0 and err == ""
    document = json.loads(out)
    entries = document["providers"]
    assert entries, "the demo's eligible providers all state a monthly fee"
    for entry in entries:
        assert entry.keys() == {"provider", "monthly_fee", "fee_to_win", "change_pct"}
        fee, target = entry["monthly_fee"], entry["fee_to_win"]
        assert target is not None
        assert round(target, 2) == target  # to the cent
        assert entry["change_pct"] == pytest.approx(100 * (target - fee) / fee, abs=0.005)
    # The leader comes first and may charge more; everyone else must charge less.
    assert entries[0]["provider"] == "aurelgate" and entries[0]["fee_to_win"] > 12400
    assert all(e["fee_to_win"] < e["monthly_fee"] for e in entries[1:])
    assert "kestrabyte" not in {e["provider"] for e in entries}  # ineligible


def test_targets_in_words_match_the_json(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "targets", str(DEMO), "--json")
    tidemark = next(e for e in json.loads(out)["providers"] if e["provider"] == "tidemark")
    status, text, _ = run(capsys, "targets", str(DEMO))
    assert status == 0
    whole = f"${int(tidemark['fee_to_win']):,}"
    assert (f"Tidemark Commerce Operations would rank first if its monthly fee fell from "
            f"$5,900 to {whole}") in " ".join(text.split())
    assert "Aurelgate Digital still ranks first up to $" in text
    assert "Value for money over 36 months" in text
    assert "is the cheapest eligible provider over 36 months" in text


def test_targets_without_fees_says_so(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "gamma.json"
    source.write_text(dumps(gamma_evaluation()), encoding="utf-8")
    status, out, _ = run(capsys, "targets", str(source), "--json")
    assert status == 0 and json.loads(out) == {"providers": []}
    _, text, _ = run(capsys, "targets", str(source))
    assert "No eligible provider states a monthly fee" in text


def test_analyse_names_gamma_that_no_weighting_puts_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Alpha (10, 0), Beta (0, 10), Gamma (4.9, 4.9): nobody dominates Gamma, yet it never wins.
    source = tmp_path / "gamma.json"
    source.write_text(dumps(gamma_evaluation()), encoding="utf-8")
    _, out, _ = run(capsys, "analyse", str(source), "--samples", "200", "--json")
    document = json.loads(out)
    assert document["dominated"] == []
    assert document["potentially_optimal"] == ["alpha", "beta"]
    status, text, _ = run(capsys, "analyse", str(source), "--samples", "200")
    flat = " ".join(text.split())
    assert status == 0
    assert "Gamma cannot rank first under any weighting of these criteria" in flat
    assert "some weighting could make it win" not in flat


def test_analyse_says_every_demo_provider_can_rank_first(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, text, _ = run(capsys, "analyse", str(DEMO), "--samples", "200")
    assert "Every eligible provider ranks first under some weighting of these criteria." in text


def test_figures_json_has_downtime_with_maintenance(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "figures", str(DEMO), "--json", "--provider", "aurelgate")
    figures = json.loads(out)["providers"][0]["figures"]
    # Aurelgate: 99.95 % uptime and 2 h of scheduled maintenance a month.
    expected = (1 - 99.95 / 100) * MINUTES_PER_MONTH + 60 * 2
    assert figures["downtime_with_maintenance_minutes_month"] == pytest.approx(expected)
    _, text, _ = run(capsys, "figures", str(DEMO), "--provider", "aurelgate")
    assert "Downtime a month with maintenance" in text and "2 h 22 min" in text


def test_figures_json_is_null_without_a_maintenance_allowance(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "three.json"
    source.write_text(dumps(three_providers()), encoding="utf-8")
    _, out, _ = run(capsys, "figures", str(source), "--json")
    for entry in json.loads(out)["providers"]:
        assert entry["figures"]["downtime_with_maintenance_minutes_month"] is None


def test_check_reads_the_audit_trail_of_a_project(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "three.slaselect"
    Project.create(path, three_providers())
    with Project.open(path) as project:
        evaluation = project.load()
        evaluation, _ = project.apply(evaluation, edits.SetScore(*Score("c", "quality", "e1",
                                                                        2.0)))
        project.apply(evaluation, edits.SetCriteriaLock("2999-01-01T00:00:00+00:00"))
    status, out, _ = run(capsys, "check", str(path))
    assert status == 0
    assert "after scoring began on" in out
    # The same evaluation as JSON has no audit trail: only "not locked" could be said there.
    _, plain, _ = run(capsys, "check", str(DEMO))
    assert "after scoring began on" not in plain
