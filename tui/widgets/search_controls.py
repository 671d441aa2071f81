"""The Search view's settings: what to search with, shown on two lines with their keys.

Choices cycle with one key each (strategy s, loss l, data d, train size t); attempts and seed
are typed into two small inputs (a, e focus them; Enter applies, Esc restores). Bad numbers
are refused by :func:`parse_count` with a message, and the settings stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

STRATEGIES = ("random", "local", "sgd")
LOSSES = ("svm", "softmax")
DATASETS = ("shapes", "cifar10")
TRAIN_SIZES = (2_000, 10_000, 50_000)
TEST_SIZES = {2_000: 1_000, 10_000: 2_000, 50_000: 10_000}
MAX_ATTEMPTS = 1_000_000
MAX_SEED = 2**32 - 1

STRATEGY_TITLES = {"random": "random search", "local": "random local search", "sgd": "gradient descent"}


@dataclass(frozen=True)
class SearchSettings:
    strategy: str = "random"
    loss: str = "svm"
    dataset: str = "shapes"
    train_size: int = 2_000
    attempts: int = 1_000
    seed: int = 0

    @property
    def test_size(self) -> int:
        return TEST_SIZES.get(self.train_size, max(1, self.train_size // 5))

    def cycled(self, field: str) -> "SearchSettings":
        """The next value of a choice field (strategy, loss, dataset, train_size), wrapping."""
        options = {"strategy": STRATEGIES, "loss": LOSSES, "dataset": DATASETS,
                   "train_size": TRAIN_SIZES}[field]
        current = getattr(self, field)
        index = options.index(current) if current in options else -1
        return replace(self, **{field: options[(index + 1) % len(options)]})

    def describe(self) -> str:
        name = "sgd" if self.strategy == "sgd" else f"{self.strategy} search"
        return (f"{name} · {self.loss} · "
                f"{self.dataset} {self.train_size:,} · {self.attempts:,} attempts · seed {self.seed}")


def parse_count(text: str, what: str, low: int, high: int) -> int:
    """A whole number low..high typed by a person ("1000", "1,000", "1_000"); ValueError says why."""
    cleaned = text.strip().replace(",", "").replace("_", "")
    if not cleaned:
        raise ValueError(f"{what} is empty: type a whole number from {low:,} to {high:,}")
    try:
        value = int(cleaned)
    except ValueError:
        raise ValueError(f"{what} must be a whole number from {low:,} to {high:,}, not {text.strip()!r}") from None
    if not low <= value <= high:
        raise ValueError(f"{what} must be from {low:,} to {high:,}, not {value:,}")
    return value


def key(k: str) -> Text:
    return Text(f" {k} ", style="reverse")


class SearchControls(Vertical):
    """Line 1: the choices with their keys. Line 2: attempts and seed inputs, run keys."""

    DEFAULT_CSS = """
    SearchControls { height: 2; }
    SearchControls > Horizontal { height: 1; }
    SearchControls Static { width: auto; }
    SearchControls Input { width: 8; }
    SearchControls #seed { width: 10; }
    """

    def __init__(self, settings: SearchSettings, **kwargs) -> None:
        super().__init__(**kwargs)
        self.settings = settings

    def compose(self):
        yield Static(self._choices_text(), id="choices")
        with Horizontal():
            yield Static(Text.assemble(key("a"), " attempts "))
            yield Input(str(self.settings.attempts), id="attempts", compact=True,
                        select_on_focus=True)
            yield Static(Text.assemble(" ", key("e"), " seed "))
            yield Input(str(self.settings.seed), id="seed", compact=True, select_on_focus=True)
            yield Static(Text.assemble(" ", key("r"), " run/stop ", key("x"), " reset ",
                                       key("w"), " templates"), id="run-keys")

    def _choices_text(self) -> Text:
        s = self.settings
        parts = [("s", "strategy", s.strategy), ("l", "loss", s.loss), ("d", "data", s.dataset),
                 ("t", "train", f"{s.train_size:,}")]
        text = Text()
        for n, (k, label, value) in enumerate(parts):
            if n:
                text.append("  ")
            text.append_text(key(k))
            text.append(f" {label} ")
            text.append(value, style="bold underline")
        return text

    def show(self, settings: SearchSettings) -> None:
        """Display these settings (inputs too, unless one is being edited)."""
        self.settings = settings
        self.query_one("#choices", Static).update(self._choices_text())
        for name in ("attempts", "seed"):
            box = self.query_one(f"#{name}", Input)
            if not box.has_focus:
                box.value = str(getattr(settings, name))
