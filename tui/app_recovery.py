"""The app's side of recovery (tui/recovery.py): the autosave timer, the restore question at
start, SIGTERM and SIGHUP, and what quitting does with the autosave.

SIGTERM and SIGHUP (a closed terminal, a dropped SSH link) write the autosave, then exit the app
the ordinary way, so Textual restores the terminal (alternate screen off, mouse off, cursor on).
Textual's ``App.run`` owns the event loop; the handlers are installed on it from ``on_mount``
with asyncio's public ``loop.add_signal_handler``, which runs them on the loop's own thread
between two callbacks (never inside one, as a plain ``signal.signal`` handler would).
"""

from __future__ import annotations

import asyncio
import errno
import os
import signal
import sys
import termios
from pathlib import Path

from engine.names import printable
from tui.document import Document
from tui.recovery import TICK_S, Recovery, RecoveryError
from tui.recovery_files import Autosave, state_dir
from tui.screens.restore_prompt import DISCARD, RESTORE, RestorePrompt
from tui.views.base import DocumentView

EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def terminal_gone() -> bool:
    """The terminal hung up (an SSH link dropped): every ioctl on it fails with EIO."""
    try:
        termios.tcgetattr(sys.__stderr__.fileno())  # the file Textual's Linux driver writes to
    except termios.error as error:
        return error.args[0] == errno.EIO
    except (OSError, ValueError, AttributeError):  # closed or not a file: nothing to draw on either
        return True
    return False


class Recovers:
    """Mixed into LossApp (before App), which provides ``file_access`` and ``action_show_view``."""

    recovery: Recovery | None = None
    _documents: dict[str, Document] = {}

    def on_mount(self) -> None:
        self.recovery = Recovery(state_dir(self.file_access))
        self._problem_said: str | None = None
        self._offers: list[Autosave] = []
        self.set_interval(TICK_S, self.autosave_tick)
        self.open_documents()
        if not self.is_headless:  # a test's app runs inside pytest: leave its signals alone
            self.exit_on_signals()
        self.call_after_refresh(self.offer_restores)

    def on_unmount(self) -> None:
        """However the app ends (quit, a signal, an exception): the autosave is up to date."""
        if self.recovery is not None:
            self.recovery.flush(self.open_documents())
            self.recovery.close()

    def open_documents(self) -> dict[str, Document]:
        """The built views' documents by view id (the main screen's, under any dialog). Remembered:
        when an exception ends the app, Textual closes the screens before on_unmount runs."""
        if self.screen_stack:
            self._documents = {view.id: view.document for view in self.screen_stack[0].query(DocumentView)}
        return self._documents

    def autosave_tick(self) -> None:
        for view, document in self.open_documents().items():
            self.recovery.tick(view, document)
        problem = self.recovery.problem
        if problem and problem != self._problem_said:
            self.notify(problem, title="Autosave", severity="warning")
        self._problem_said = problem

    def discard_autosave(self) -> None:
        """The user chose to quit without saving: nothing to offer next time."""
        if self.recovery is not None:
            self.recovery.discard()

    # --- signals
    def exit_on_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            try:
                loop.add_signal_handler(signum, self.exit_on_signal, signum)
            except (NotImplementedError, RuntimeError, ValueError):  # no Unix signals here
                return

    def exit_on_signal(self, signum: int) -> None:
        self.recovery.flush(self.open_documents())
        if terminal_gone():
            # Textual's writer thread dies on the first write to a hung-up terminal (EIO) and the
            # app then blocks on its full queue: end now, with nothing left to restore.
            os._exit(128 + signum)
        self.exit(return_code=128 + signum)

    # --- the restore question
    def offer_restores(self) -> None:
        """Ask about the newest autosave of each view that an ended app left behind."""
        self._offers = self.recovery.offers()
        self._offer_next()

    def _offer_next(self) -> None:
        if not self._offers:
            return
        orphan = self._offers.pop(0)
        origin = orphan.origin()
        shown = printable(self.file_access.display(Path(origin))) if origin else None

        async def answered(answer: str) -> None:
            if answer == RESTORE:
                await self.restore(orphan)
            elif answer == DISCARD:
                orphan.remove()
                self.notify("The unsaved edits were discarded.", title="Autosave")
            self._offer_next()

        self.push_screen(RestorePrompt(orphan.question(), shown), answered)

    async def restore(self, orphan: Autosave) -> None:
        """Show ORPHAN's view, take the file and load it there (undoable, unsaved, its file kept).
        No await between taking and loading: the autosave timer would see nothing unsaved yet."""
        await self.action_show_view(orphan.view)
        view = self.current_view
        claimed = self.recovery.claim(orphan)
        if claimed is None:
            self.notify("Another loss-tui restored those edits first.", title="Autosave")
            return
        try:
            scene = Recovery.read(claimed, view.document.format)
        except RecoveryError as exc:
            self.notify(str(exc), title="Autosave", severity="error")
            return
        edits = claimed.meta().get("edits")
        view.restore(scene, claimed.origin(), edits if isinstance(edits, int) and edits > 0 else 1)
