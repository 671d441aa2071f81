"""Pick one of the shipped presets (key ``p`` in the Losses view)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from engine.presets import load_preset, preset_names
from tui.textual_fixes import OnceDismissed


class PresetList(OptionList):
    """Enter chooses at once. OptionList's own Enter posts a message that is handled after the keys
    read behind it, so "Enter Esc" in one read cancelled instead of loading."""

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.screen.dismiss(self.get_option_at_index(self.highlighted).id)


class PresetPicker(OnceDismissed, ModalScreen[str | None]):
    """Dismisses with the chosen preset name, or None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        options = [Option(f"{name:<15} {load_preset(name).title}", id=name) for name in preset_names()]
        with Vertical(id="preset-box", classes="dialog"):
            yield Static("[b]Load a preset[/b]  (↑↓ choose, Enter load, Esc cancel; ctrl+z undoes)")
            yield PresetList(*options, id="preset-list")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
