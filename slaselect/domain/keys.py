"""Short keys for new providers, criteria and evaluators, made from the names people type."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def key_from_name(name: str, taken: Iterable[str], fallback: str = "item") -> str:
    """A key from a name: lower-case ``[a-z0-9_]``, made unique with ``_2``, ``_3``…

    Accents are dropped ("Société" -> "societe"); a name with no usable letters gets
    ``fallback``.
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_") or fallback
    used = set(taken)
    if base not in used:
        return base
    number = 2
    while f"{base}_{number}" in used:
        number += 1
    return f"{base}_{number}"
