"""One search run as the Search view shows it, kept apart from Textual so it can be tested alone.

``add`` takes the engine's Progress items in order and keeps every attempt's loss, the best so
far and whether it improved; ``finish`` keeps the Summary with what it was measured on (test
images, class names, the data set, for the landscape view). The polls read their answers here:
random search's improvements against H_n, local search's share of perturbations kept — overall and
over the last ``KEEP_WINDOW`` attempts, where it falls as W nears a minimum.
"""

from __future__ import annotations

import numpy as np

from tui.views.search_settings import SearchSettings

KEEP_WINDOW = 100


class SearchResults:
    """The attempts of one run with ``settings`` (None: no run yet, nothing to show)."""

    def __init__(self, settings: SearchSettings | None = None) -> None:
        self.settings = settings
        self.planned = settings.attempts if settings else 0
        size = max(self.planned, 1)
        self.losses = np.empty(size)
        self.best = np.empty(size)
        self.improved = np.zeros(size, dtype=bool)
        self.done = 0
        self.improvements = 0
        self.last = None  # the last Progress
        self.summary = None  # the Summary, once the run ended with at least one attempt
        self.data = None  # the Dataset the Summary's test accuracy was measured on
        self.test_images: int | None = None
        self.class_names: tuple[str, ...] = ()

    @property
    def strategy(self) -> str | None:
        return self.settings.strategy if self.settings else None

    def add(self, items) -> list:
        """Keep these Progress items (in attempt order); returns them as a list."""
        items = list(items)
        need = self.done + len(items)
        if need > len(self.losses):  # more attempts than planned: grow
            extra = max(need - len(self.losses), len(self.losses))
            self.losses = np.concatenate([self.losses, np.empty(extra)])
            self.best = np.concatenate([self.best, np.empty(extra)])
            self.improved = np.concatenate([self.improved, np.zeros(extra, dtype=bool)])
        for p in items:
            n = self.done
            self.losses[n], self.best[n], self.improved[n] = p.loss, p.best, p.improved
            self.improvements += bool(p.improved)
            self.done = n + 1
            self.last = p
        return items

    def finish(self, summary, data=None) -> bool:
        """Keep the run's Summary; False (and nothing kept) if it ended before its first attempt."""
        if summary.attempts == 0:
            return False
        self.summary, self.data = summary, data
        if data is not None:
            self.class_names = tuple(data.classes)
            self.test_images = int(data.X_test.shape[0])
        return True

    # ---------------------------------------------------------------- what the screen shows
    def series(self) -> tuple[np.ndarray, np.ndarray]:
        """(every attempt's loss, the best so far) up to the last one done."""
        return self.losses[:self.done], self.best[:self.done]

    def best_loss(self) -> float | None:
        if self.summary is not None:
            return self.summary.best
        return self.last.best if self.last is not None else None

    def rate(self) -> float | None:
        """Attempts (or sgd steps) per second."""
        if self.summary is not None:
            return self.summary.candidates_per_s
        return self.last.candidates_per_s if self.last is not None else None

    def chance(self) -> float | None:
        """The accuracy of guessing: 1 / the number of classes."""
        return 1 / len(self.class_names) if self.class_names else None

    def kept(self, window: int | None = None) -> tuple[int, int]:
        """Local search: (perturbations kept, perturbations tried), over the last ``window``
        attempts or all of them. Attempt 0 is W_0 itself, not a perturbation."""
        first = 1 if window is None else max(1, self.done - window)
        tried = max(0, self.done - first)
        return int(self.improved[first:self.done].sum()), tried

    def keep_share(self, window: int | None = None) -> float | None:
        kept, tried = self.kept(window)
        return kept / tried if tried else None

    def comparable(self, settings: SearchSettings) -> bool:
        """Can a run with ``settings`` be drawn on this run's loss axis (same loss, same data, both
        training losses or both minibatch losses)?"""
        return self.settings is not None and self.done > 0 and self.settings.loss_kind == settings.loss_kind

