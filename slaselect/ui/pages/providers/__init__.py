"""The Providers page: who is in the running, their details, and taking one out of it."""

from __future__ import annotations

from slaselect.ui.pages.providers.page import ProvidersPage

__all__ = ["ProvidersPage"]
