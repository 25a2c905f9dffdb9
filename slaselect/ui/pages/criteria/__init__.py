"""Criteria & weights: what the providers are scored on, how much each counts, and how it is scored.

The tree lists groups and criteria with their points and live share of the total weight; the
panel beside it holds the selected criterion's settings (rubric, term, price formula). Once the
team locks the criteria, every change asks for a reason that goes into the audit trail.
"""

from __future__ import annotations

from slaselect.ui.pages.criteria.page import CriteriaPage
from slaselect.ui.pages.criteria.texts import NewCriterion, lock_date_text, new_key

__all__ = ["CriteriaPage", "NewCriterion", "lock_date_text", "new_key"]
