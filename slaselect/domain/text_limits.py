"""How long the text a buyer types may be: names short enough to print, notes long enough.

A name appears on a cover page, in a table cell and in a sheet tab's neighbourhood; a name of
thousands of characters is a paste gone wrong, not a provider. Every way in (the interchange
reader, the edits the app makes) refuses longer text with the same sentence.
"""

from __future__ import annotations

from slaselect.domain.errors import EvaluationError

MAX_NAME_CHARS = 200
"""Names, labels, keys' display names, categories, units and contact lines."""
MAX_TEXT_CHARS = 20_000
"""Notes, rationales, descriptions, rubric lines and other free text (about eight pages)."""


def check_length(text: str, what: str, limit: int = MAX_NAME_CHARS) -> None:
    """Refuse ``text`` longer than ``limit`` characters; ``what`` names it ("the provider's
    name", "scores[3].rationale")."""
    if len(text) > limit:
        raise EvaluationError(
            f"{what} may have at most {limit:,} characters, but has {len(text):,}; shorten it"
        )
