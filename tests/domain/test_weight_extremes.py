"""Weight ranges worded truthfully when the winner only ties at 0 % or 100 %."""

from __future__ import annotations

from slaselect.documents.bundled import load_demo
from slaselect.domain.analysis import analyse
from slaselect.domain.sensitivity import stability_intervals
from slaselect.domain.weight_extremes import end_ties, no_tipping_point_sentence, stay_words
from tests.domain.test_analysis import hand_table

NAMES = {"p0": "Alpha", "p1": "Bravo"}


def test_a_winner_level_with_a_rival_at_100_percent_says_it_shares_first_place() -> None:
    # Alpha leads on c0 and ties with Bravo on c1: first at any weight of c1, but at 100 %
    # of c1 only level.
    table = hand_table([[9, 7], [5, 7]], [1, 1])
    ties = end_ties(table, "p0")
    _, second = stability_intervals(table, "p0")
    assert stay_words(second, ties["c1"], NAMES) == (
        "at any weight (at 100 % it shares first place with Bravo)")


def test_a_winner_ahead_at_both_ends_is_first_at_any_weight_without_a_note() -> None:
    table = hand_table([[9, 8], [5, 7]], [1, 1])
    ties = end_ties(table, "p0")
    first, second = stability_intervals(table, "p0")
    assert stay_words(first, ties["c0"], NAMES) == "at any weight"
    assert stay_words(second, ties["c1"], NAMES) == "at any weight"
    assert no_tipping_point_sentence((first, second), ties, NAMES, {"c0": "Fit", "c1": "Cost"}) \
        == ("No change to a single criterion's weight, however large, would hand first place "
            "to another provider.")


def test_the_no_tipping_point_sentence_names_the_tie() -> None:
    table = hand_table([[9, 7], [5, 7]], [1, 1])
    intervals = stability_intervals(table, "p0")
    assert no_tipping_point_sentence(intervals, end_ties(table, "p0"), NAMES,
                                     {"c0": "Fit", "c1": "Cost"}) == (
        "No change to a single criterion's weight, however large, would hand first place to "
        "another provider, though with no weight on Fit it would share first place with "
        "Bravo.")


def test_the_demo_winner_only_shares_first_place_at_100_percent_of_uptime() -> None:
    analysis = analyse(load_demo(), samples=200)
    by_key = {i.criterion: i for i in analysis.stability}
    ties = analysis.end_ties or {}
    names = analysis.provider_names
    assert stay_words(by_key["uptime"], ties["uptime"], names) == (
        "at any weight (at 100 % it shares first place with Tidemark Commerce Operations)")
    assert stay_words(by_key["magento_expertise"], ties["magento_expertise"], names) == (
        "at any weight")
