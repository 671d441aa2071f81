"""The Search view's command palette entries: each key's action, and every choice by name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from engine.search import LOSSES, STRATEGIES
from tui.views.base import PaletteCommand
from tui.views.search_settings import STRATEGY_TITLES, TEST_SIZES, TRAIN_SIZES, available_datasets

if TYPE_CHECKING:
    from tui.views.search import SearchView


def search_commands(view: SearchView) -> Iterator[PaletteCommand]:
    yield ("Search: run / stop", "Start a search with the current settings, or stop it (r)", view.action_run_stop)
    yield ("Search: reset", "Clear the log, chart and counters (x)", view.action_reset)
    yield ("Search: hide / show the poll answer", "Ask the class first, then reveal the answer (p)",
           view.action_toggle_poll)
    yield ("Search: class templates", "Show or hide the best W's class templates (w)", view.action_toggle_templates)
    choices = [("strategy", "s", f"strategy {name}", name, f"Use {STRATEGY_TITLES[name]}") for name in STRATEGIES]
    choices += [("loss", "l", f"loss {name}", name, f"Minimise the {name} loss") for name in LOSSES]
    choices += [("dataset", "d", f"data {name}", name, f"Search on the {name} data set")
                for name in available_datasets()]
    choices += [("train_size", "t", f"train size {size:,}", size,
                 f"Use the first {size:,} training and {TEST_SIZES[size]:,} test images") for size in TRAIN_SIZES]
    for field, key, title, value, help_text in choices:
        yield (f"Search: {title}", f"{help_text} ({key} cycles)",
               lambda field=field, value=value: view.set_choice(field, value))
