"""An app that has ended leaves nothing behind that keeps it alive: a long process (the fuzz
campaign, a test worker) starts hundreds of them. The autosave writer thread used to keep Textual's
stderr capture, and with it the whole app, alive for the rest of the process."""

from __future__ import annotations

import gc
import threading
import weakref

from tui.app import LossApp


async def ended_app() -> weakref.ref:
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("plus")  # an unsaved edit: the autosave writer has had work
        assert app.recovery is not None
    return weakref.ref(app)


async def test_an_ended_app_is_freed_and_its_autosave_thread_ends():
    first = await ended_app()
    await ended_app()  # (Textual's active-app context variable holds the latest app until then)
    gc.collect()
    assert first() is None
    assert not [t for t in threading.enumerate() if t.name.startswith("autosave")]
