"""One view alone in an App with the app's styles: view tests that do not depend on other views.

Imported by the Classifier and Regularization view tests (pytest puts this folder on sys.path).
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.app import App
from textual.widgets import Footer, Input, Static

from tui.keys import RoutedKeys

STYLES = Path(__file__).resolve().parents[2] / "tui" / "styles"


def view_app(view_class, view_id: str, stylesheet: str, **options) -> type[App]:
    """An App class showing ``view_class(id=view_id, **options)`` and a Footer, focused as the app does."""

    class ViewApp(RoutedKeys, App):
        CSS_PATH = [str(STYLES / "app.tcss"), str(STYLES / "dialogs.tcss"), str(STYLES / stylesheet)]

        def routed_view(self):
            return self.query_one(view_class) if self.query(view_class) else None

        def compose(self):
            yield view_class(id=view_id, **options)
            yield Footer()

        def on_mount(self) -> None:
            for box in self.query(Input):
                box.cursor_blink = False  # deterministic screenshots
            self.query_one(view_class).focus_default()

    ViewApp.__name__ = view_class.__name__.removesuffix("View") + "App"  # e.g. ClassifierApp
    return ViewApp


def text_of(app: App, selector: str) -> str:
    """The plain text a Static shows."""
    return str(app.query_one(selector, Static).render())


def plain(renderable, width: int = 100) -> str:
    """A Rich renderable as plain text, the way a colourless terminal of that width shows it."""
    console = Console(width=width, color_system=None, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()
