"""figures, compare and diff on the demo, checked against hand calculations (CONTRACT 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slaselect.cli import main
from slaselect.domain.figures import real_minutes
from slaselect.domain.model import BusinessHours

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "demo.json"
MONTH = 365.2425 / 12 * 24 * 60  # 43,829.1 minutes
OFFICE = BusinessHours((0, 1, 2, 3, 4), 9, 18)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_aurelgate_figures_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    """Aurelgate round 3: fee 12,400, onboarding 12,000, 3 % escalator, 35 included hours at
    155/h, automatic credits 5/10/25/50 % below 99.95/99.9/99.5/99.0 capped 30 % a month and
    20 % a year, 24-month term with termination for convenience on 90 days' notice plus 2
    months' fees, liability 2 x annual fees, uptime 99.95 %."""
    document = run_json(capsys, "figures", str(DEMO), "--provider", "aurelgate", "--json")
    (entry,) = document["providers"]
    assert entry["provider"] == "aurelgate" and entry["round"] == 3
    figures = entry["figures"]
    assert figures["downtime_minutes_month"] == pytest.approx(0.0005 * MONTH)
    # scenario: 80 % of months at 100 % (no credit), 15 % at 99.8 % (10 %), 5 % at 99.0 % (25 %)
    credit = 0.15 * 12_400 * 0.10 + 0.05 * 12_400 * 0.25  # 186 + 155 = 341
    assert figures["expected_credit_month"] == pytest.approx(credit)
    assert figures["overage_month"] == 0  # 30 support hours, 35 included
    fees = 12 * 12_400 + 12 * 12_400 * 1.03 + 12 * 12_400 * 1.03**2
    assert figures["tco"] == pytest.approx(12_000 + fees - 36 * credit)  # 459,649.92
    assert figures["first_year_cost"] == pytest.approx(12_000 + 12 * 12_400 - 12 * credit)
    assert figures["exit_cost"] == pytest.approx(12_400 * 90 / 30.436875 + 2 * 12_400)
    assert figures["liability_cap_amount"] == pytest.approx(2 * 12 * 12_400)
    p3, p4 = real_minutes(240, "business", OFFICE), real_minutes(480, "business", OFFICE)
    assert p3 is not None and p4 is not None
    assert figures["response_real_minutes"] == pytest.approx(
        {"P1": 15, "P2": 30, "P3": p3, "P4": p4}
    )
    assert figures["mean_response_minutes"] == pytest.approx(
        (0.3 * 15 + 1.5 * 30 + 6 * p3 + 10 * p4) / 17.8
    )


def test_tidemark_figures_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    """Tidemark round 3: fee 5,900, onboarding 4,500, 5 % escalator, credits on claim
    (70 % succeed) 5/10/25 % below 99.95/99.9/99.5, 36-month term, no termination for
    convenience, liability fixed at 50,000."""
    document = run_json(capsys, "figures", str(DEMO), "--provider", "tidemark", "--json")
    figures = document["providers"][0]["figures"]
    credit = 0.7 * (0.15 * 5_900 * 0.10 + 0.05 * 5_900 * 0.25)  # 113.575
    assert figures["expected_credit_month"] == pytest.approx(credit)
    fees = 12 * 5_900 + 12 * 5_900 * 1.05 + 12 * 5_900 * 1.05**2
    assert figures["tco"] == pytest.approx(4_500 + fees - 36 * credit)  # 223,608.30
    assert figures["exit_cost"] == pytest.approx(5_900 * (36 - 6))  # pay out the term
    assert figures["liability_cap_amount"] == 50_000
    assert figures["effective_monthly_cost"] == pytest.approx(5_900 - credit)


def test_figures_at_an_earlier_round(capsys: pytest.CaptureFixture[str]) -> None:
    latest = run_json(capsys, "figures", str(DEMO), "--json")
    first = run_json(capsys, "figures", str(DEMO), "--round", "1", "--json")
    assert [e["round"] for e in first["providers"]] == [1] * len(first["providers"])
    assert len(latest["providers"]) == 5
    tidemark = {e["provider"]: e for e in first["providers"]}["tidemark"]
    assert tidemark["figures"]["tco"] > {e["provider"]: e for e in latest["providers"]}[
        "tidemark"]["figures"]["tco"]


def test_unknown_provider_is_a_user_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["figures", str(DEMO), "--provider", "nobody"]) == 1
    err = capsys.readouterr().err
    assert err.startswith('error: there is no provider "nobody"') and "aurelgate" in err


def test_compare_marks_best_worst_and_must_have_failures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    document = run_json(capsys, "compare", str(DEMO), "--json")
    rows = {row["key"]: row for cat in document["categories"] for row in cat["rows"]}
    uptime = {c["provider"]: c for c in rows["uptime_pct"]["cells"]}
    # Best and worst among eligible providers only: Kestrabyte (out) is never marked.
    assert uptime["aurelgate"]["best"] and uptime["pelican"]["worst"]
    assert not uptime["kestrabyte"]["worst"]
    assert uptime["aurelgate"]["text"] == "99.95 %"
    pci = {c["provider"]: c for c in rows["pci_dss_responsibility"]["cells"]}
    assert pci["kestrabyte"]["must_have_failure"].startswith("PCI DSS responsibility is")
    assert document["categories"][-1]["name"] == "Derived figures"
    exit_cost = {c["provider"]: c for c in rows["exit_cost"]["cells"]}
    assert exit_cost["tidemark"]["worst"] and exit_cost["tidemark"]["text"] == "$177,000"
    assert main(["compare", str(DEMO)]) == 0
    plain = capsys.readouterr().out
    assert "== Derived figures" in plain and "!the Client alone" in plain


def test_diff_tells_the_negotiation_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(DEMO), "aurelgate", "1", "2"]) == 0
    out = capsys.readouterr().out
    assert "uptime guarantee 99.9 % -> 99.95 % (-22 min downtime a month)" in out
    assert "monthly retainer fee -$900" in out
    document = run_json(capsys, "diff", str(DEMO), "tidemark", "1", "3", "--json")
    changes = {c["term"]: c for c in document["changes"]}
    assert changes["monthly_fee"]["for_buyer"] == "better"
    assert changes["monthly_fee"]["old"] == 6_900 and changes["monthly_fee"]["new"] == 5_900
    assert document["summary"].startswith("Round 3 (Best and final")


def test_diff_of_a_missing_round(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(DEMO), "kestrabyte", "1", "3"]) == 1
    assert "has no round 3 (rounds: 1, 2)" in capsys.readouterr().err
