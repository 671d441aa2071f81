"""What a search in the Search view runs with: the choices and their order, the app's sizes, the
typed attempts and seed, and which data sets are here.

The vocabulary is the engine's (engine.search STRATEGIES and LOSSES, engine.numbers for typed
numbers and their limits); this module adds what the app offers: the train / test sizes of ``t``
and the data sets of ``d`` — cifar10 only once it is on this machine (engine.datasets.cifar.locate),
and never a suggestion to download it where the app may not reach the network (a served session).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from engine.numbers import MAX_ATTEMPTS, MAX_SEED, parse_whole
from engine.search import LOSSES, STRATEGIES

DATASETS = ("shapes", "cifar10")
TRAIN_SIZES = (2_000, 10_000, 50_000)
TEST_SIZES = {2_000: 1_000, 10_000: 2_000, 50_000: 10_000}
STRATEGY_TITLES = {"random": "random search", "local": "random local search", "sgd": "gradient descent"}
TYPED_LIMITS = {"attempts": (1, MAX_ATTEMPTS), "seed": (0, MAX_SEED)}  # the fields typed into a box
FETCH_HINT = "'loss-tui fetch cifar10' downloads CIFAR-10"


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

    @property
    def loss_kind(self) -> tuple:
        """What a loss number means: runs with the same kind can share a chart's axis (sgd's
        minibatch losses are not the full training loss; another data set has another scale)."""
        return self.loss, "minibatch" if self.strategy == "sgd" else "training", self.dataset, self.train_size

    def cycled(self, field: str, datasets: tuple[str, ...] = DATASETS) -> "SearchSettings":
        """The next value of a choice field (strategy, loss, dataset, train_size), wrapping."""
        options = {"strategy": STRATEGIES, "loss": LOSSES, "dataset": datasets, "train_size": TRAIN_SIZES}[field]
        current = getattr(self, field)
        index = options.index(current) if current in options else -1
        return replace(self, **{field: options[(index + 1) % len(options)]})

    def typed(self, field: str, text: str) -> "SearchSettings":
        """These settings with ``field`` (attempts or seed) read from typed text; NumberError says why not."""
        low, high = TYPED_LIMITS[field]
        return replace(self, **{field: parse_whole(text, field, low, high)})


def run_text(s: SearchSettings) -> str:
    """What a run uses, sizes included (the CLI's defaults differ): one status line at 80 columns."""
    name = "sgd" if s.strategy == "sgd" else f"{s.strategy} search"
    return f"{name} · {s.loss} · {s.dataset}: {s.train_size:,} train / {s.test_size:,} test"


def cifar_available() -> bool:
    """CIFAR-10 is where ``loss-tui fetch cifar10`` puts it (checking costs a few stat calls)."""
    from engine.datasets.cifar import locate
    from engine.datasets.dataset import DatasetError

    try:
        locate()
    except DatasetError:
        return False
    return True


def available_datasets() -> tuple[str, ...]:
    return DATASETS if cifar_available() else DATASETS[:1]


def missing_cifar_text(allows_network: bool) -> str:
    """Why cifar10 is not offered, with the way to get it only where a download is allowed."""
    if allows_network:
        return f"CIFAR-10 is not downloaded: {FETCH_HINT}"
    return "CIFAR-10 is not available in this session: shapes is"
