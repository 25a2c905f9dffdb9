"""Interchange JSON version 1 (shared/CONTRACT.md section 3): a strict reader and a writer.

``reader`` accepts only what the contract allows and names the field of the first problem;
term values follow the app's own rules (``slaselect.domain.term_values``). ``writer`` writes
everything the model holds, so project -> JSON -> project is lossless. ``fields`` holds the
strict field readers both sides of the reader use.

Extensions (documented in docs/interchange.md), all optional on reading:
``description`` on criteria and terms, ``period`` on money terms.
"""

from __future__ import annotations

from slaselect.documents.interchange.fields import (
    FORMAT,
    MAX_JSON_BYTES,
    VERSION,
    InterchangeError,
)
from slaselect.documents.interchange.reader import (
    MAX_HORIZON_MONTHS,
    evaluation_from_dict,
    load_json_file,
    loads,
)
from slaselect.documents.interchange.writer import (
    criterion_to_dict,
    dumps,
    evaluation_to_dict,
    provider_to_dict,
    scenario_to_dict,
    term_to_dict,
)

__all__ = [
    "FORMAT",
    "MAX_HORIZON_MONTHS",
    "MAX_JSON_BYTES",
    "VERSION",
    "InterchangeError",
    "criterion_to_dict",
    "dumps",
    "evaluation_from_dict",
    "evaluation_to_dict",
    "load_json_file",
    "loads",
    "provider_to_dict",
    "scenario_to_dict",
    "term_to_dict",
]
