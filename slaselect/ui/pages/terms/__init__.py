"""Terms & negotiation: one provider's terms round by round, next to the buyer's ask.

The grid shows, per term, what the buyer asked for and what each round of the provider
offered: values carried forward from an earlier round in grey italics, changes from the round
before tinted (green better for the buyer, red worse, amber changed), must-have failures in
red with a mark. Values are edited in place (numbers, choices, flags, text) or in a small
dialog (severity tables, credit tiers, checklists, kinds of fee); editing a round that is not
the latest asks for a reason, which goes into the audit trail.
"""

from __future__ import annotations

from slaselect.ui.pages.terms.page import TermsPage

__all__ = ["TermsPage"]
