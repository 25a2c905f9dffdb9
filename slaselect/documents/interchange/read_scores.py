"""The scores of an interchange file read in bulk: a tender's file holds hundreds of thousands.

``scores_in_bulk`` checks whole columns at once (in C) and gives what the reader's row-by-row
reading gives when every row is sound, or None, so that the row-by-row reading finds and
names the first problem in its usual words.
"""

from __future__ import annotations

import functools
import math
from operator import itemgetter
from typing import Any

from slaselect.domain.model import Scale, Score
from slaselect.domain.text_limits import MAX_TEXT_CHARS

_new_score = functools.partial(tuple.__new__, Score)


def scores_in_bulk(items: list[Any], providers: set[str], judgement: set[str],
                   evaluators: set[str], scale: Scale) -> tuple[Score, ...] | None:
    """The scores read column by column, with checks over whole columns (in C): what the
    reader's row-by-row reading gives when every row is sound, and None when any check
    fails, so that the row-by-row reading finds and names the first problem.

    Checking each field of each row in Python took most of ``import-json``. Each score names
    its provider, criterion and evaluator with that provider's, criterion's and evaluator's
    own key string (one string per key, not one per row).
    """
    import numpy as np

    if not items:
        return ()
    count = len(items)
    try:
        if set(map(type, items)) != {dict}:
            return None
        sizes = set(map(len, items))
        # Four fields, or the four and a rationale (itemgetter raises KeyError for a fifth
        # field of another name, and for a missing one).
        if sizes not in ({4}, {5}):
            return None
        keys: list[list[str]] = []
        cells = np.zeros(count, dtype=np.int64)  # the cell (provider, criterion, evaluator)
        cell_count = 1
        for field, known in (("provider", providers), ("criterion", judgement),
                             ("evaluator", evaluators)):
            ordered = sorted(known)
            code = {key: i for i, key in enumerate(ordered)}  # KeyError for any other key
            codes = np.fromiter(map(code.__getitem__, list(map(itemgetter(field), items))),
                                dtype=np.int64, count=count)
            cells *= len(ordered)
            cells += codes
            cell_count *= len(ordered)
            keys.append(np.array(ordered, dtype=object)[codes].tolist())
        values = list(map(itemgetter("value"), items))
        rationales = (list(map(itemgetter("rationale"), items)) if sizes == {5}
                      else [""] * count)
        sound = (
            _each_once(cells, cell_count)  # no cell scored twice by one evaluator
            and set(map(type, values)) <= {int, float}
            and math.isfinite(sum(values))  # no NaN or infinity hides from min and max
            and min(values) >= scale.min and max(values) <= scale.max
            and max(map(len, rationales)) <= MAX_TEXT_CHARS  # TypeError for a number
        )
        if not sound:
            return None
        "".join(rationales).encode("utf-8")  # text only (TypeError), no lone surrogate
    except (KeyError, TypeError, ValueError, OverflowError, UnicodeEncodeError):
        return None
    return tuple(map(_new_score, zip(*keys, map(float, values), rationales, strict=True)))


_MARKS_PER_ROW = 64
"""Below this many possible cells per score, repeats are found by marking cells (one byte
each), not by sorting the scores' cells."""


def _each_once(cells: Any, cell_count: int) -> bool:
    """True when no value in ``cells`` (numbers from 0 to ``cell_count`` - 1) repeats."""
    import numpy as np

    if cell_count <= _MARKS_PER_ROW * len(cells):
        marked = np.zeros(cell_count, dtype=np.bool_)
        marked[cells] = True
        return int(np.count_nonzero(marked)) == len(cells)
    return not bool((np.diff(np.sort(cells)) == 0).any())
