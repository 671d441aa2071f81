"""The thin App: six views behind number keys, help, command palette, lecture mode, quit.

Only the Losses view is imported and built at start; the others are imported and mounted the
first time they are shown (keys 2–6, the palette or a lecture step), which keeps their imports
(numpy-heavy engines, plots) and ~80 widgets off the path to the first frame.
"""

from __future__ import annotations

import gc
import importlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, SimpleProvider
from textual.theme import ThemeProvider
from textual.widgets import ContentSwitcher

from engine.scene import Scene
from tui.app_recovery import Recovers
from tui.keys import RoutedKeys, types_text
from tui.lecture.bar import LectureBar
from tui.lecture.presenter import Presenter
from tui.screens.help import HelpScreen, binding_rows
from tui.textual_fixes import SafePalette
from tui.textual_speed import SteadyScreen
from tui.widgets.key_line import KeyLine
from tui.file_access import FileAccess
from tui.views.base import DocumentView, View
from tui.views.losses import LossesView

if TYPE_CHECKING:  # engine.lecture loads the search and classifier engines: not at start-up
    from engine.lecture import Script

STYLES = Path(__file__).parent / "styles"
VIEWS = {  # key → (id, title)
    "1": ("losses", "Losses"),
    "2": ("classifier", "Classifier"),
    "3": ("search", "Search"),
    "4": ("regularization", "Regularization"),
    "5": ("simpler-models", "Simpler models"),
    "6": ("landscape", "Loss landscape"),
}
VIEW_KEYS = Binding.Group("views", compact=True)  # the footer shows "1…6 views": room for ? and q
QUIT_CONFIRM_S = 3.0  # a second q within this many seconds quits despite unsaved edits
LATER_VIEWS = {  # id → (module, class, stylesheet): imported and mounted when first shown
    "classifier": ("tui.views.classifier", "ClassifierView", "classifier.tcss"),
    "search": ("tui.views.search", "SearchView", "search.tcss"),
    "regularization": ("tui.views.regularization", "RegularizationView", "regularization.tcss"),
    "simpler-models": ("tui.views.simpler_models", "SimplerModelsPane", "simpler_models.tcss"),
    "landscape": ("tui.views.landscape", "LossLandscapePane", "loss_landscape.tcss"),
}


class LossApp(Recovers, RoutedKeys, App):
    """loss-tui. ``scene``: the score table the Losses view opens on; ``path``: its file, if any."""

    TITLE = "loss-tui"
    CSS_PATH = [str(STYLES / "app.tcss"), str(STYLES / "dialogs.tcss"), str(STYLES / "losses.tcss")]  # the others come with their views
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        *(Binding(key, f"show_view('{vid}')", title, key_display=key, group=VIEW_KEYS)
          for key, (vid, title) in VIEWS.items()),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit_key", "Quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        # lecture mode (a presentation clicker sends PageDown / PageUp); only while presenting
        Binding("pagedown", "lecture_next", "Lecture: next build", key_display="PgDn", priority=True,
                show=False),  # the lecture bar says what PgDn does next
        Binding("pageup", "lecture_previous", "Lecture: back one build", key_display="PgUp", priority=True,
                show=False),
        Binding("escape", "lecture_leave", "Leave lecture mode (keeps the view)", key_display="Esc",
                show=False),
    ]

    def __init__(self, scene: Scene | None = None, path: str | None = None,
                 file_access: FileAccess | None = None, lecture: Script | None = None,
                 lecture_start: int = 0) -> None:
        super().__init__()
        self.lecture_script = lecture  # loss-tui lecture: present from the start
        self.lecture_start = lecture_start  # the stage to begin with
        self.initial_scene = scene
        self.initial_path = path
        self.file_access = file_access or FileAccess.plain()  # open/save reach only what it allows
        self._quit_warned_at: float | None = None
        self.views = ContentSwitcher(initial="losses", id="views")  # the six views, behind keys 1–6

    def run(self, *args, **kwargs):
        # Everything imported so far lives as long as the process: frozen, the collector stops
        # re-scanning it in the full collections that start-up's allocations trigger (~20 ms).
        # The widgets of the first frame (and of each view when it first shows) are frozen too, once
        # drawn: a full collection during a key then takes ~5 ms instead of ~37 ms. Only in a real
        # run: frozen objects are never collected, and a test process starts hundreds of apps.
        self.freeze_when_drawn = True
        gc.freeze()
        return super().run(*args, **kwargs)

    freeze_when_drawn = False

    def freeze_drawn_widgets(self) -> None:
        if self.freeze_when_drawn:
            self.call_after_refresh(gc.freeze)

    def routed_view(self) -> View | None:
        """Every key in the order typed: see tui/keys.py. Asked for every binding of every key (the
        footer's and the router's check_action), so no DOM query here: a query costs ~1 ms per call."""
        return self.current_view if self.views.is_attached and self.views.current else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """1–4, ? and q are characters while a box is typed in."""
        if action.startswith("lecture_"):
            return self.presenter is not None and self.presenter.active
        if action in ("show_view", "help", "quit_key") and len(self.screen_stack) == 1:
            view = self.routed_view()
            return not types_text(self.focused) and (view is None or view.key_taker() is None)
        return True

    def action_command_palette(self) -> None:
        """Textual's palette, minus the ways it can crash the app (tui/textual_fixes.py)."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(SafePalette(id="--command-palette"))

    def search_themes(self) -> None:
        """The palette's "Theme" command: the same safe palette, on the themes."""
        self.push_screen(SafePalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def search_commands(self, commands, placeholder: str = "Search for commands…"):
        return self.push_screen(SafePalette(providers=[SimpleProvider(self.screen, commands)],
                                            placeholder=placeholder))

    async def action_quit_key(self) -> None:
        await self.action_quit()

    def unsaved_views(self) -> list[str]:
        """Titles of the built views holding edits that were never saved."""
        return [view.TITLE for view in self.built_views() if view.has_unsaved_changes()]

    async def action_quit(self) -> None:
        """Quit; with unsaved edits, only on a second q (or ctrl+q) within a few seconds."""
        unsaved = self.unsaved_views()
        now = time.monotonic()
        recently_warned = self._quit_warned_at is not None and now - self._quit_warned_at < QUIT_CONFIRM_S
        if not unsaved or recently_warned:
            if unsaved:
                self.discard_autosave()  # quitting without saving is a choice (tui/recovery.py)
            self.exit()
            return
        self._quit_warned_at = now
        self.notify(f"Unsaved edits in the {' and '.join(unsaved)} view. Press q again to quit "
                    "without saving, or ctrl+s to save.", title="Quit?", severity="warning",
                    timeout=QUIT_CONFIRM_S)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Textual's default folder is ~/Downloads, often missing on a shared server: then use cwd."""
        if path is None:
            downloads = Path.home() / "Downloads"
            path = str(downloads if downloads.is_dir() else Path.cwd())
        self.deliver_screenshot(filename, path)

    def get_default_screen(self) -> SteadyScreen:
        return SteadyScreen(id="_default")  # a focus change (a view switch) repaints 2 widgets, not all

    def compose(self) -> ComposeResult:
        yield LectureBar(id="lecture-bar")
        with self.views:
            yield LossesView(scene=self.initial_scene, path=self.initial_path, access=self.file_access,
                             id="losses")
        yield KeyLine()

    @property
    def current_view(self) -> View:
        switcher = self.views
        return switcher.get_child_by_id(switcher.current, View)

    async def action_show_view(self, view_id: str) -> None:
        switcher = self.views
        if not switcher.query_children(f"#{view_id}"):
            module, name, stylesheet = LATER_VIEWS[view_id]
            view_class = getattr(importlib.import_module(module), name)
            options = {"access": self.file_access} if issubclass(view_class, DocumentView) else {}
            view = view_class(id=view_id, **options)
            self.stylesheet.read(STYLES / stylesheet)  # its rules only match its widgets
            view.display = False  # the switcher shows it below, once it is mounted
            await switcher.mount(view)  # adds it to the DOM at once, so a second key finds it
            self.freeze_drawn_widgets()
            self.open_documents()  # its document is autosaved even if the app crashes before a tick
        if switcher.current == view_id and self.focused is not None:
            return  # already shown (a lecture step on the same view): no new footer, no new focus
        switcher.current = view_id
        self.current_view.focus_default()
        self.refresh_bindings()

    # --- lecture mode (tui/lecture): PageDown / PageUp walk the script, Esc leaves, resumes later
    presenter: Presenter | None = None

    def on_mount(self) -> None:
        self.freeze_drawn_widgets()
        if self.lecture_script is not None:
            self.call_after_refresh(self.action_lecture)

    async def action_lecture(self) -> None:
        """Start (or resume) presenting the lecture script (the built-in one unless given)."""
        if self.presenter is None:
            if self.lecture_script is None:
                from engine.lecture import builtin_script

                self.lecture_script = builtin_script()
            self.presenter = Presenter(self, self.lecture_script)
            self.presenter.index = self.lecture_start
        await self.presenter.start()

    async def action_lecture_next(self) -> None:
        await self.presenter.next()

    async def action_lecture_previous(self) -> None:
        await self.presenter.previous()

    def action_lecture_leave(self) -> None:
        self.presenter.leave()
        self.notify("Lecture mode left; the palette's 'Lecture: resume' comes back here.", timeout=3)

    def built_views(self) -> list[View]:
        return [view for view in self.views.children if isinstance(view, View)]

    async def action_help(self) -> None:
        view = self.current_view
        await view.ready()  # a view that mounts some widgets after its first frame
        sections = [(f"{view.TITLE} view", binding_rows(view.help_bindings()))]
        for widget in view.query("*"):
            rows = binding_rows(getattr(type(widget), "HELP_BINDINGS", []))
            section = (getattr(widget, "HELP_TITLE", type(widget).__name__), rows)
            if rows and section not in sections:  # a view may hold two widgets of one kind
                sections.append(section)
        sections.append(("Everywhere", binding_rows(self.BINDINGS) + [("ctrl+p", "Command palette")]))
        self.push_screen(HelpScreen(sections))

    def get_system_commands(self, screen):
        yield from super().get_system_commands(screen)
        for key, (vid, title) in VIEWS.items():
            yield SystemCommand(f"View: {title}", f"Switch to the {title} view (key {key})",
                                lambda vid=vid: self.run_action(f"show_view('{vid}')"))
        yield SystemCommand("Help: keys", "Every key of this view and the app (?)", self.action_help)
        resume = self.presenter is not None and self.presenter.index > 0
        yield SystemCommand("Lecture: resume" if resume else "Lecture: present the lecture",
                            "Slide by slide, questions before answers: PageDown / PageUp, Esc leaves",
                            self.action_lecture)
        view = self.current_view
        for title, help_text, callback in view.palette_commands():
            yield SystemCommand(title, help_text, callback)
