"""What an edit changed, in the parts pages depend on: sent with ``Session.changed``.

A page that shows only scores need not redraw for a new round of terms, and the Scoring grid
redraws only the cells a score edit touched. Qt-free, so it is tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from slaselect.domain import edits
from slaselect.domain.edits import Edit


class Part(Enum):
    """A part of the evaluation that pages show and edits change."""

    SCORES = auto()
    """Evaluators' scores and the consensus agreed in moderation."""
    CRITERIA = auto()
    """Criteria, their weights and the criteria lock."""
    PROVIDERS = auto()
    EVALUATORS = auto()
    TERMS = auto()
    """Term values, negotiation rounds and the buyer's ask."""
    SCENARIO = auto()
    """The usage scenario the SLA figures are worked out for."""
    SETTINGS = auto()
    """Name, currency, horizon and scoring scale."""
    SERVICE = auto()
    """The award and the service records after it (tickets, outages, claims, reviews)."""


ALL_PARTS = frozenset(Part)


@dataclass(frozen=True)
class ScoreCellKey:
    """One score cell: a provider on a criterion, for an evaluator ('' for the consensus)."""

    provider: str
    criterion: str
    evaluator: str


@dataclass(frozen=True)
class Change:
    """Which parts of the evaluation changed; for score edits also which cells.

    ``cells`` is None when the score cells touched are not known one by one (any edit other
    than single scores and agreed scores): a page then redraws all it shows of ``parts``.
    """

    parts: frozenset[Part]
    cells: frozenset[ScoreCellKey] | None = None

    def touches(self, parts: frozenset[Part]) -> bool:
        """True when any of ``parts`` changed."""
        return not self.parts.isdisjoint(parts)

    @property
    def only_score_cells(self) -> bool:
        """True when nothing but the listed score cells changed."""
        return self.parts == {Part.SCORES} and self.cells is not None

    def merged(self, other: Change) -> Change:
        """One change standing for this one and then ``other``."""
        cells = None if self.cells is None or other.cells is None else self.cells | other.cells
        return Change(self.parts | other.parts, cells)


EVERYTHING = Change(ALL_PARTS)
"""A whole new state (a file opened, a reload): every page redraws everything."""

_PARTS: dict[type, frozenset[Part]] = {
    edits.SetWeight: frozenset({Part.CRITERIA}),
    edits.ReplaceCriterion: frozenset({Part.CRITERIA}),
    edits.SetCriteriaLock: frozenset({Part.CRITERIA}),
    edits.InsertCriterion: frozenset({Part.CRITERIA, Part.SCORES}),
    edits.DeleteCriterion: frozenset({Part.CRITERIA, Part.SCORES}),
    edits.ReplaceProvider: frozenset({Part.PROVIDERS}),
    edits.InsertProvider: frozenset({Part.PROVIDERS, Part.SCORES, Part.TERMS}),
    edits.DeleteProvider: frozenset({Part.PROVIDERS, Part.SCORES, Part.TERMS}),
    edits.ReplaceEvaluator: frozenset({Part.EVALUATORS}),
    edits.InsertEvaluator: frozenset({Part.EVALUATORS, Part.SCORES}),
    edits.DeleteEvaluator: frozenset({Part.EVALUATORS, Part.SCORES}),
    edits.SetTermValue: frozenset({Part.TERMS}),
    edits.InsertRound: frozenset({Part.TERMS}),
    edits.DeleteRound: frozenset({Part.TERMS}),
    edits.SetRoundInfo: frozenset({Part.TERMS}),
    edits.SetAskValue: frozenset({Part.TERMS}),
    edits.SetWalkAwayValue: frozenset({Part.TERMS}),
    edits.SetAwardCondition: frozenset({Part.SCORES}),
    edits.SetScenario: frozenset({Part.SCENARIO}),
    edits.SetEvaluationInfo: frozenset({Part.SETTINGS}),
    edits.SetPriceEnvelopesOpened: frozenset({Part.SETTINGS}),
}


def change_of(edit: Edit) -> Change:
    """What applying ``edit`` changes; an edit this module does not know changes everything."""
    if isinstance(edit, edits.SetScore):
        return Change(frozenset({Part.SCORES}),
                      frozenset({ScoreCellKey(edit.provider, edit.criterion, edit.evaluator)}))
    if isinstance(edit, edits.SetConsensus):
        return Change(frozenset({Part.SCORES}),
                      frozenset({ScoreCellKey(edit.provider, edit.criterion, "")}))
    if isinstance(edit, edits.BatchEdit):
        change = Change(frozenset(), frozenset())
        for part in edit.edits:
            change = change.merged(change_of(part))
        return change
    from slaselect.domain.service.edits import SERVICE_EDITS  # numpy: not before a file opens

    if isinstance(edit, SERVICE_EDITS):
        return Change(frozenset({Part.SERVICE}))
    return Change(_PARTS.get(type(edit), ALL_PARTS))


class PageId(Enum):
    """The pages a place in the evaluation is shown on."""

    OVERVIEW = auto()
    PROVIDERS = auto()
    CRITERIA = auto()
    SCORING = auto()
    TERMS = auto()


@dataclass(frozen=True)
class Place:
    """Where something is shown: a page and, when known, the row or cell on it.

    Undo and redo go to the place of the change; Overview's tiles go to the next thing to do.
    ``evaluator`` is '' for the consensus view and None for "whichever is shown".
    """

    page: PageId
    provider: str = ""
    criterion: str = ""
    evaluator: str | None = None
    term: str = ""
    round_number: int | None = None


def place_of(edit: Edit) -> Place | None:
    """The page and row where ``edit`` shows (None when it shows nowhere in particular)."""
    if isinstance(edit, edits.BatchEdit):
        return next((p for p in map(place_of, edit.edits) if p is not None), None)
    if isinstance(edit, edits.SetScore):
        return Place(PageId.SCORING, edit.provider, edit.criterion, edit.evaluator)
    if isinstance(edit, edits.SetConsensus):
        return Place(PageId.SCORING, edit.provider, edit.criterion, "")
    if isinstance(edit, edits.SetAwardCondition):
        return Place(PageId.SCORING, edit.provider, edit.criterion, "")
    if isinstance(edit, edits.SetWeight):
        return Place(PageId.CRITERIA, criterion=edit.criterion)
    if isinstance(edit, edits.ReplaceCriterion | edits.InsertCriterion):
        return Place(PageId.CRITERIA, criterion=edit.criterion.key)
    if isinstance(edit, edits.DeleteCriterion | edits.SetCriteriaLock):
        return Place(PageId.CRITERIA)
    if isinstance(edit, edits.ReplaceProvider | edits.InsertProvider):
        return Place(PageId.PROVIDERS, provider=edit.provider.key)
    if isinstance(edit, edits.DeleteProvider):
        return Place(PageId.PROVIDERS)
    if isinstance(edit, edits.SetTermValue):
        return Place(PageId.TERMS, provider=edit.provider, term=edit.term,
                     round_number=edit.number)
    if isinstance(edit, edits.InsertRound):
        return Place(PageId.TERMS, provider=edit.round.provider,
                     round_number=edit.round.number)
    if isinstance(edit, edits.DeleteRound | edits.SetRoundInfo):
        return Place(PageId.TERMS, provider=edit.provider)
    if isinstance(edit, edits.SetAskValue | edits.SetWalkAwayValue):
        return Place(PageId.TERMS, term=edit.term)
    if isinstance(edit, edits.ReplaceEvaluator | edits.InsertEvaluator):
        return Place(PageId.OVERVIEW, evaluator=edit.evaluator.key)
    return Place(PageId.OVERVIEW)
