"""The classroom sandbox in the app (loss-tui --sandbox, every served session): the open and save
dialogs of every view reach only the session's folder, and say so in one line."""

from __future__ import annotations

from textual.widgets import Input

from engine.presets import load_preset, save_table
from tui.app import LossApp
from tui.file_access import FileAccess
from tui.screens.path_prompt import PathPrompt


def sandboxed_app(folder) -> LossApp:
    return LossApp(scene=load_preset("lecture"), file_access=FileAccess.sandboxed(folder))


async def type_path(pilot, text: str) -> str:
    """Type TEXT into the open dialog, press Enter, return its error line ('' once it closed)."""
    pilot.app.screen.query_one("#path-input", Input).value = text
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    return str(screen.query_one("#path-error").render()) if isinstance(screen, PathPrompt) else ""


async def test_open_refuses_etc_passwd_and_keeps_the_table(tmp_path):
    app = sandboxed_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.current_view
        before = view.scene
        await pilot.press("ctrl+o")
        error = await type_path(pilot, "/etc/passwd")
        assert "outside the session folder" in error and view.scene is before
        error = await type_path(pilot, "../../etc/passwd")
        assert "outside the session folder" in error and view.scene is before


async def test_save_as_refuses_escapes_and_writes_inside(tmp_path):
    folder = tmp_path / "session"
    folder.mkdir()
    app = sandboxed_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("S")
        assert "outside the session folder" in await type_path(pilot, "../../x")
        assert "outside the session folder" in await type_path(pilot, "~/x.toml")
        assert not (tmp_path / "x").exists()
        assert await type_path(pilot, "mine.toml") == ""
        assert (folder / "mine.toml").is_file()
        assert "mine.toml" in str(app.query_one("#status-bar").render())
        assert str(folder) not in str(app.query_one("#status-bar").render())  # the server's folders stay private


async def test_open_offers_the_session_files_and_opens_one(tmp_path):
    save_table(load_preset("single"), tmp_path / "mine.toml")
    app = sandboxed_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        assert "files here: mine.toml" in str(app.screen.query_one("#path-hint").render())
        assert await type_path(pilot, "mine.toml") == ""
        assert app.current_view.scene.num_examples == 1


async def test_the_classifier_saves_inside_the_sandbox_only(tmp_path):
    app = sandboxed_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "S")
        assert "outside the session folder" in await type_path(pilot, "/tmp/escape.toml")
        assert await type_path(pilot, "scene.toml") == ""
        assert (tmp_path / "scene.toml").is_file()
