"""Test set-up shared by every test: Qt runs offscreen, never on the developer's screen."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
