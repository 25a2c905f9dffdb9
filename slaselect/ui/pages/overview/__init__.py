"""The Overview page: what is being chosen, the buyer's assumptions, and who scores.

Every field saves when it is committed (Enter, leaving the field, a step of the arrows), as one
undoable edit. A refused value is explained in the page message and the field shows the saved
value again. The uptime scenario is the exception: its probabilities must add up to 100 %, so a
table that does not is kept as an unsaved draft until it does (or is reverted).
"""

from __future__ import annotations

from slaselect.ui.pages.overview.page import OverviewPage

__all__ = ["OverviewPage"]
