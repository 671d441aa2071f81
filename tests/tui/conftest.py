"""Shared set-up for the Textual tests: snapshot tests freeze the Input cursor blink so SVGs do
not depend on timing."""

from __future__ import annotations

import pytest
from textual.widgets import Input


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch):
    monkeypatch.setattr(Input, "cursor_blink", False)
