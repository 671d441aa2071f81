"""The hand-over between a search's worker thread and the UI.

The worker (``SearchBridge._search``, a Textual thread worker) loads the data, iterates
:func:`engine.search.run_search` and pushes every item into the run's :class:`Channel`, checking
for a stop before every matrix product (the engine polls ``should_stop``). The UI takes the items
out on its own clock (the view's frame timer), so none is lost and the screen changes at a bounded
rate whatever the search's speed; ``Ended`` says the thread returned. After a stop the engine still
yields the attempts it had evaluated, then a Summary covering them: the UI keeps them all.
"""

from __future__ import annotations

import threading
import time

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from tui.views.search_settings import SearchSettings

STATUS_PER_S = 6  # loading progress: status updates a second


class Channel:
    """One run's hand-over between the worker thread and the UI: items, stop flag, outcome."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.stop = threading.Event()  # set by the UI: stop before the next matrix product
        self.finished = threading.Event()  # set by the worker thread when it returns
        self.error: str | None = None
        self.status: str | None = None  # loading progress, until the search starts
        self.started: float | None = None  # time.monotonic() when the search (not the load) began
        self._lock = threading.Lock()
        self._items: list = []

    def push(self, item) -> None:
        with self._lock:
            self._items.append(item)

    def drain(self) -> list:
        with self._lock:
            items, self._items = self._items, []
        return items

    def elapsed(self, now: float | None = None) -> float | None:
        """Seconds since the search began (None while loading)."""
        if self.started is None:
            return None
        return (time.monotonic() if now is None else now) - self.started


class LoadCancelled(Exception):
    """Raised from the loader's progress callback to abandon a load when the run is cancelled."""


class DataShelf:
    """The last data set loaded, kept for the next run with the same data (one in memory at a time)."""

    def __init__(self) -> None:
        self.key: tuple | None = None
        self.data = None

    def load(self, settings: SearchSettings, channel: Channel, cancelled):
        """The data set for ``settings`` (loading progress goes to ``channel.status``); None if cancelled."""
        key = (settings.dataset, settings.train_size, settings.test_size)
        if key == self.key and self.data is not None:
            return self.data
        from engine.datasets import load_dataset

        self.data = self.key = None
        channel.status = f"loading {settings.dataset}…"
        last = 0.0

        def progress(what: str, done: int, total: int) -> None:
            nonlocal last
            if cancelled():
                raise LoadCancelled
            now = time.monotonic()
            if now - last >= 1.0 / STATUS_PER_S:
                last = now
                channel.status = f"{what}… {done:,} / {total:,}"

        data = load_dataset(settings.dataset, train_size=settings.train_size, test_size=settings.test_size,
                            seed=0, progress=progress)
        if cancelled():
            return None
        self.data, self.key = data, key
        return data


class SearchBridge:
    """Mixed into the Search view: ``start_worker`` runs a search in a thread; ``Ended`` comes back."""

    class Ended(Message):
        """The worker thread of run ``run_id`` returned (its channel holds the last items)."""

        def __init__(self, run_id: int) -> None:
            super().__init__()
            self.run_id = run_id

    shelf: DataShelf

    def start_worker(self, channel: Channel, settings: SearchSettings) -> None:
        self._search(channel, settings)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, channel: Channel, settings: SearchSettings) -> None:
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled or channel.stop.is_set()

        try:
            search(channel, settings, self.shelf, cancelled, closing=lambda: worker.is_cancelled)
        except Exception as exc:  # shown in the status line, never a crash
            channel.error = f"search failed: {exc or type(exc).__name__}"
        finally:
            channel.finished.set()
            self.post_message(self.Ended(channel.run_id))


def search(channel: Channel, settings: SearchSettings, shelf: DataShelf, cancelled, closing) -> None:
    """The worker thread's job: load, then push every Progress and the Summary into ``channel``.
    ``closing()``: the app is quitting, so don't wait for the summary."""
    try:
        data = shelf.load(settings, channel, cancelled)
    except LoadCancelled:
        return
    except Exception as exc:  # DatasetError and friends: one line in the status
        channel.error = f"{settings.dataset}: {exc}"
        return
    if data is None:
        return
    from engine.search import SearchConfig, Summary, run_search

    config = SearchConfig(strategy=settings.strategy, loss=settings.loss, attempts=settings.attempts,
                          seed=settings.seed)
    channel.started = time.monotonic()
    for item in run_search(config, data, should_stop=cancelled):
        channel.push(item)
        if isinstance(item, Summary) or closing():
            break
