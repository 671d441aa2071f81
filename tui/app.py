"""The thin App: four views behind number keys, help, command palette, quit."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import ContentSwitcher, Footer

from engine.scene import Scene
from tui.screens.help import HelpScreen, describe
from tui.views.classifier import ClassifierView
from tui.views.losses import LossesView
from tui.views.regularization import RegularizationView
from tui.views.search import SearchView

STYLES = Path(__file__).parent / "styles"
VIEWS = {  # key → (id, title)
    "1": ("losses", "Losses"),
    "2": ("classifier", "Classifier"),
    "3": ("search", "Search"),
    "4": ("regularization", "Regularization"),
}


class LossApp(App):
    """loss-tui. ``scene``: the score table the Losses view opens on; ``path``: its file, if any."""

    TITLE = "loss-tui"
    CSS_PATH = [str(p) for p in sorted(STYLES.glob("*.tcss"))]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        *(Binding(key, f"show_view('{vid}')", title, key_display=key) for key, (vid, title) in VIEWS.items()),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, scene: Scene | None = None, path: str | None = None) -> None:
        super().__init__()
        self.initial_scene = scene
        self.initial_path = path

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="losses", id="views"):
            yield LossesView(scene=self.initial_scene, path=self.initial_path, id="losses")
            yield ClassifierView(id="classifier")
            yield SearchView(id="search")
            yield RegularizationView(id="regularization")
        yield Footer()

    @property
    def current_view(self):
        switcher = self.query_one("#views", ContentSwitcher)
        return switcher.get_child_by_id(switcher.current)

    def action_show_view(self, view_id: str) -> None:
        switcher = self.query_one("#views", ContentSwitcher)
        switcher.current = view_id
        view = self.current_view
        focus = getattr(view, "focus_default", None)
        if focus:
            focus()
        self.refresh_bindings()

    def action_help(self) -> None:
        view = self.current_view
        title = next(t for vid, t in VIEWS.values() if vid == view.id)
        sections = [(f"{title} view", describe(type(view).BINDINGS))]
        for widget in view.query("*"):
            rows = describe(getattr(type(widget), "HELP_BINDINGS", []))
            if rows:
                sections.append((getattr(widget, "HELP_TITLE", type(widget).__name__), rows))
        sections.append(("Everywhere", describe(self.BINDINGS) + [("ctrl+p", "Command palette")]))
        self.push_screen(HelpScreen(sections))

    def get_system_commands(self, screen):
        yield from super().get_system_commands(screen)
        for key, (vid, title) in VIEWS.items():
            yield SystemCommand(f"View: {title}", f"Switch to the {title} view (key {key})",
                                lambda vid=vid: self.action_show_view(vid))
        yield SystemCommand("Help: keys", "Every key of this view and the app (?)", self.action_help)
        view = self.current_view
        for title, help_text, callback in view.palette_commands():
            yield SystemCommand(title, help_text, callback)
