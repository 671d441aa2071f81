"""What the app relies on from a view, declared once (the app checks isinstance, not getattr).

``View``: every view (key 1–4, lecture panes). ``DocumentView``: a view that edits a file through
a ``Document`` — undo/redo, save, save as and open are bound and implemented here once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Vertical

from engine.hidden import Hidden
from tui.document import Document, DocumentError
from tui.keys import KeyTaker
from tui.screens.path_prompt import PathPrompt, SaveAsPrompt

PaletteCommand = tuple[str, str, Callable[[], object]]  # (title, help, callback)


class View(Vertical):
    """A screenful the app shows behind a number key."""

    TITLE: ClassVar[str] = ""

    def focus_default(self) -> None:
        """Give the focus to the widget whose keys the view starts with."""
        self.screen.set_focus(self)

    def has_unsaved_changes(self) -> bool:
        """Edits that were never saved: the app asks before quitting."""
        return False

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """The command palette's entries for this view."""
        return ()

    async def ready(self) -> None:
        """Wait until every widget is mounted (some mount after the first frame)."""

    def show_stage(self, state: Mapping, hidden: Hidden, forward: bool) -> None:
        """Lecture mode: show one build's state (engine.lecture.Stage.state: only the keys it
        names change) with ``hidden``'s numbers as ?. ``forward``: reached by PageDown (an
        action like starting a search happens then, not when coming back)."""

    def key_taker(self) -> KeyTaker | None:
        """The inline box typing keys right now, if any (the key router hands it every key)."""
        return None

    def help_bindings(self) -> list[BindingType]:
        """This view's keys for the ? screen, the base class's after the view's own."""
        seen, rows = set(), []
        for cls in type(self).__mro__:
            for binding in getattr(cls, "BINDINGS", []) if issubclass(cls, View) else []:
                key = binding.key if isinstance(binding, Binding) else binding[0]
                if key not in seen:
                    seen.add(key)
                    rows.append(binding)
        return rows


class DocumentView(View):
    """A view editing one file: ``document`` holds the scene; ``show(message)`` redraws it."""

    BINDINGS = [
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("ctrl+y", "redo", "Redo", show=False),
        Binding("ctrl+s", "save", "Save", show=False),
        Binding("S", "save_as", "Save as…", show=False),
        Binding("ctrl+o", "open_file", "Open a file", show=False),
    ]
    document: Document

    @property
    def scene(self):
        return self.document.scene

    @property
    def path(self) -> str | None:
        return self.document.path

    def show(self, message: str | None) -> None:
        """Redraw from ``document.scene`` and say ``message`` (None: say nothing new)."""
        raise NotImplementedError

    def say(self, text: str, error: bool = False) -> None:
        raise NotImplementedError

    def has_unsaved_changes(self) -> bool:
        return self.document.has_unsaved_changes()

    def restore(self, scene, path: str | None, edits: int) -> None:
        """Show unsaved work an earlier app left (tui/app_recovery.py): undoable, still unsaved."""
        self.document.restore(scene, path, edits)
        self.show(f"restored the unsaved {self.document.format.kind} (ctrl+z takes it back)")

    def action_undo(self) -> None:
        if self.document.undo():
            self.show("undone (ctrl+y redoes)")
        else:
            self.say("nothing to undo")

    def action_redo(self) -> None:
        if self.document.redo():
            self.show("redone")
        else:
            self.say("nothing to redo")

    def action_save(self) -> None:
        if not self.document.path:
            self.action_save_as()
            return
        error = self.save_to(self.document.path)
        if error:
            self.say(error, error=True)

    def save_to(self, text: str | os.PathLike) -> str | None:
        """Save; an error to show inline, or None."""
        try:
            written = self.document.save(text)
        except DocumentError as exc:
            return str(exc)
        self.show(f"saved to {self.document.access.display(written)}")
        return None

    def action_save_as(self) -> None:
        doc = self.document
        self.app.push_screen(SaveAsPrompt(
            f"Save the {doc.format.kind} as (TOML)", doc.path or doc.format.default_name,
            save=self.save_to, resolve=doc.resolve_save, current=doc.path,
            example=doc.format.default_name))

    def action_open_file(self) -> None:
        def attempt(text: str) -> str | None:
            try:
                self.document.open(text)
            except DocumentError as exc:
                return str(exc)
            self.show(f"loaded {text} (ctrl+z brings back the previous {self.document.format.kind})")
            return None

        doc = self.document
        files = [doc.access.display(path) for path in doc.access.listing()] if doc.access.is_sandboxed else []
        hint = f"files here: {', '.join(files)}" if files else ""
        self.app.push_screen(PathPrompt(f"Open a {doc.format.kind} file", doc.display_path, attempt, hint))
