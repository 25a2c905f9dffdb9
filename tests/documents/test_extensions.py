"""Compatible extensions of interchange JSON: provider details, the buyer's ask, the lock."""

from __future__ import annotations

from dataclasses import replace

import pytest

from slaselect.documents import interchange
from slaselect.documents.interchange import InterchangeError
from slaselect.domain.model import Provider
from slaselect.domain.ranking import rank
from tests.factories import three_providers


def _detailed():
    evaluation = three_providers()
    alpha = Provider(
        "a", "Alpha", "notes", contact="Jo Bloggs, jo@alpha.example", website="https://alpha.example",
        certifications=("ISO 27001", "PCI DSS"), references="Two retailers called back",
        severity_names={"P1": "Sev 1 - Critical", "P2": "Sev 2"}, excluded="",
    )
    charlie = replace(evaluation.providers[2], excluded="Could not staff the account in time")
    return replace(
        evaluation,
        providers=(alpha, evaluation.providers[1], charlie),
        ask={"uptime_pct": 99.95, "termination_for_convenience": True},
        criteria_locked_at="2026-09-01T09:00:00+00:00",
    )


def test_extensions_round_trip() -> None:
    evaluation = _detailed()
    document = interchange.evaluation_to_dict(evaluation)
    assert document["ask"] == {"uptime_pct": 99.95, "termination_for_convenience": True}
    assert document["providers"][0]["severity_names"]["P1"] == "Sev 1 - Critical"
    assert document["evaluation"]["criteria_locked_at"].startswith("2026-09-01")
    assert interchange.evaluation_from_dict(document) == evaluation


def test_plain_documents_stay_plain() -> None:
    document = interchange.evaluation_to_dict(three_providers())
    assert "ask" not in document
    assert set(document["providers"][0]) == {"key", "name", "notes"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(ask={"nope": 1}), "ask.nope names no term in terms"),
        (lambda d: d.update(ask={"uptime_pct": 120}),
         "ask.uptime_pct: Uptime guarantee must be between 0 and 100 %"),
        (lambda d: d["providers"][0].update(severity_names={"P9": "x"}),
         "providers[0].severity_names must be one of P1, P2, P3, P4"),
        (lambda d: d["providers"][0].update(certifications="ISO"),
         "providers[0].certifications must be a list"),
        (lambda d: d["evaluation"].update(horizon_months=100_000),
         "evaluation.horizon_months must be <= 600"),
    ],
)
def test_extension_fields_are_checked(change, message: str) -> None:
    document = interchange.evaluation_to_dict(three_providers())
    change(document)
    with pytest.raises(InterchangeError) as refused:
        interchange.evaluation_from_dict(document)
    assert message in str(refused.value)


def test_an_excluded_provider_is_ineligible_with_the_teams_reason() -> None:
    ranking = rank(_detailed())
    charlie = next(r for r in ranking.results if r.provider == "c")
    assert not charlie.eligible and charlie.rank is None
    assert charlie.reasons[0] == (
        "Excluded by the evaluation team: Could not staff the account in time"
    )
