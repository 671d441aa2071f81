"""The Search view (key 3): the lecture's "Strategy #1: random search", played live.

Pick a strategy, loss, data, train size, attempts and seed; ``r`` runs and stops. While it
runs: the lecture's log lines, a chart of every attempt's loss and the best so far, the
counters, and the poll's answer (improvements seen vs H_n expected for i.i.d. attempts).
When it ends: the best W's test accuracy (saying on how many test images: the app's train and
test sizes, shown in the status line, are not ``loss-tui search``'s) and its 10 class templates
(``w``). Tab visits the attempts and seed boxes and the log, each saying in the status line what
its keys do; Esc comes back. PageUp/End scroll the log from the view too; End follows again.

The search runs in a thread worker (:meth:`SearchView._search`) that loads the data and
iterates :func:`engine.search.run_search`, checking for cancellation every attempt. It
pushes every item into a :class:`Channel` and posts a coalescing :class:`SearchView.Tick`
at most ``TICKS_PER_S`` times a second; the UI drains the channel on each tick, so no
item is lost and the screen is updated at a bounded rate whatever the search's speed.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import ContentSwitcher, Input, Static
from textual.worker import get_current_worker

from engine.numfmt import fixed
from engine.poll import harmonic, improvements_sd
from tui.views.base import View
from tui.widgets.search_chart import SearchChart
from tui.widgets.search_controls import (DATASETS, LOSSES, MAX_ATTEMPTS, MAX_SEED, STRATEGIES,
                                         STRATEGY_TITLES, TEST_SIZES, TRAIN_SIZES, SearchControls,
                                         SearchSettings, parse_count)
from tui.widgets.search_counters import Counts, SearchCounters, percent
from tui.widgets.search_follow_log import FOLLOW_KEYS, FollowingLog
from tui.widgets.search_log import SearchLog
from tui.widgets.template_images import TemplateImages

TICKS_PER_S = 6
STATUS_GLYPHS = {"error": "✗", "ok": "✓", "info": "•", "run": "▶", "stop": "■", "hint": "✎"}
BOX_HINT = "typing edits {name} · Enter applies · Tab next · Esc leaves"
LOG_HINT = "log: PageUp/PageDown scroll · End follows new lines · Esc leaves"


def describe(s: SearchSettings) -> str:
    """What a run uses, sizes included (the CLI's defaults differ): one status line at 80 columns."""
    name = "sgd" if s.strategy == "sgd" else f"{s.strategy} search"
    return f"{name} · {s.loss} · {s.dataset}: {s.train_size:,} train / {s.test_size:,} test"


def accuracy_text(accuracy: float, test_images: int | None) -> str:
    """"test accuracy 14.2% on 1,000 test images": how many images the percentage counts."""
    where = f" on {test_images:,} test images" if test_images else ""
    return f"test accuracy {percent(accuracy)}{where}"


class Channel:
    """One run's hand-over between the worker thread and the UI: items, stop flag, outcome."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.stop = threading.Event()  # set by the UI: stop after the current attempt
        self.finished = threading.Event()  # set by the worker thread when it returns
        self.error: str | None = None
        self._lock = threading.Lock()
        self._items: list = []
        self.status: str | None = None

    def push(self, item) -> None:
        with self._lock:
            self._items.append(item)

    def drain(self) -> list:
        with self._lock:
            items, self._items = self._items, []
        return items


class _LoadCancelled(Exception):
    """Raised from the loader's progress callback to abandon a load when the run is cancelled."""


class SearchView(View):
    TITLE = "Search"
    """Key 3. See the module docstring; ``settings`` overrides the starting settings."""

    can_focus = True

    BINDINGS = [
        Binding("r", "run_stop", "Run / stop the search", show=False),
        Binding("w", "toggle_templates", "Class templates of the best W / the chart", show=False),
        Binding("x", "reset", "Reset results", show=False),
        Binding("s", "cycle('strategy')", "Next strategy (random, local, sgd)", show=False),
        Binding("l", "cycle('loss')", "Next loss (svm, softmax)", show=False),
        Binding("d", "cycle('dataset')", "Next data set (shapes, cifar10)", show=False),
        Binding("t", "cycle('train_size')",
                "Next train / test size (2,000 / 1,000, 10,000 / 2,000, 50,000 / 10,000)", show=False),
        Binding("a", "edit('attempts')", "Type the number of attempts", show=False),
        Binding("e", "edit('seed')", "Type the seed", show=False),
        Binding("n", "next_seed", "Next seed (seed + 1)", show=False),
        Binding("p", "toggle_poll", "Hide / show the poll's answer (H_n), to ask the class first",
                show=False),
        Binding("pageup", "log('page_up')", "Scroll the log up (it stops following)", show=False),
        Binding("pagedown", "log('page_down')", "Scroll the log down", show=False),
        Binding("home", "log('top')", "Oldest line of the log", show=False),
        Binding(FOLLOW_KEYS, "log('follow')", "Newest line of the log, follow again (End, G)",
                show=False),
        Binding("escape", "leave_input", "Leave a box (restoring its value) or the log", show=False),
    ]

    class Tick(Message):
        """New items wait in the channel of run ``run_id``; queued ticks merge into one."""

        def __init__(self, run_id: int) -> None:
            super().__init__()
            self.run_id = run_id

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, SearchView.Tick) and message.run_id == self.run_id

    class Ended(Message):
        """The worker thread of run ``run_id`` returned (its channel holds the last items)."""

        def __init__(self, run_id: int) -> None:
            super().__init__()
            self.run_id = run_id

    def __init__(self, settings: SearchSettings | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.settings = settings or SearchSettings()
        self.channel: Channel | None = None  # the current run's, while it runs
        self.last_channel: Channel | None = None
        self.summary = None  # the last run's Summary
        self.run_settings: SearchSettings | None = None  # the settings of the last run started
        self.reveal_poll = True
        self.class_names: tuple[str, ...] = ()
        self.test_images: int | None = None  # how many test images the last accuracy counts
        self._before_hint: tuple[str, str] | None = None  # the status a focus hint covers
        self._runs = 0
        self._dataset_key = None
        self._dataset = None
        self._reset_data(0)

    # ----------------------------------------------------------------- layout
    def compose(self):
        yield SearchControls(self.settings, id="search-controls")
        yield Static("", id="search-status")
        with ContentSwitcher(initial="search-run", id="search-panels"):
            with Vertical(id="search-run"):
                with Horizontal(id="search-top"):
                    yield SearchChart(id="search-chart")
                    yield SearchCounters(id="search-counters")
                yield FollowingLog(id="search-log")
            with Vertical(id="search-templates"):
                yield Static("", id="search-templates-title")
                yield TemplateImages(id="search-images")

    def on_mount(self) -> None:
        self._idle_status()

    def focus_default(self) -> None:
        self.focus()

    @property
    def running(self) -> bool:
        return self.channel is not None

    # ----------------------------------------------------------------- status
    def show_status(self, text: str, kind: str = "info") -> None:
        status = self.query_one("#search-status", Static)
        for name in STATUS_GLYPHS:
            status.set_class(name == kind, f"-{name}")
        status.update(Text(f"{STATUS_GLYPHS[kind]} {text}"))
        self.status_text, self.status_kind = text, kind
        self._before_hint = None

    def _idle_status(self) -> None:
        text = f"r runs {describe(self.settings)}"
        if self._before_hint is not None and self.app.focused is not self:
            self._before_hint = (text, "info")  # shown when the view gets the focus back
        else:
            self.show_status(text)

    def _show_hint(self, text: str) -> None:
        """Say what keys do in a focused box or the log; the view's focus puts the status back."""
        before = self._before_hint or (self.status_text, self.status_kind)
        self.show_status(text, "hint")
        self._before_hint = before

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, Input) and widget.id in ("attempts", "seed"):
            self._show_hint(BOX_HINT.format(name=widget.id))
        elif isinstance(widget, FollowingLog):
            self._show_hint(LOG_HINT)

    def on_focus(self, event: events.Focus) -> None:
        if self._before_hint is not None:
            self.show_status(*self._before_hint)

    # ----------------------------------------------------------------- settings
    def _change(self, settings: SearchSettings, what: str) -> bool:
        if self.running:
            self.show_status(f"stop the run first (r) to change the {what}", "error")
            return False
        self.settings = settings
        self.query_one(SearchControls).show(settings)
        self._idle_status()
        return True

    def action_cycle(self, field: str) -> None:
        self._change(self.settings.cycled(field), field.replace("_", " "))

    def set_choice(self, field: str, value) -> None:
        self._change(replace(self.settings, **{field: value}), field.replace("_", " "))

    def action_next_seed(self) -> None:
        self._change(replace(self.settings, seed=(self.settings.seed + 1) % (MAX_SEED + 1)), "seed")

    def action_edit(self, name: str) -> None:
        if self.running:
            self.show_status(f"stop the run first (r) to change the {name}", "error")
            return
        self.query_one(f"#{name}", Input).focus()

    def _apply_input(self, box: Input) -> bool:
        """Parse a box; on success store it, on failure say why and keep the settings."""
        name = box.id
        low = 1 if name == "attempts" else 0
        high = MAX_ATTEMPTS if name == "attempts" else MAX_SEED
        try:
            value = parse_count(box.value, name, low, high)
        except ValueError as exc:
            self.show_status(f"{exc}; kept {getattr(self.settings, name):,}", "error")
            return False
        if self.running:
            self.show_status(f"stop the run first (r) to change the {name}", "error")
            box.value = str(getattr(self.settings, name))
            return False
        self.settings = replace(self.settings, **{name: value})
        box.value = str(value)
        self.query_one(SearchControls).show(self.settings)
        self._idle_status()
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._apply_input(event.input):
            self._before_hint = None
            self._idle_status()
            self.focus()

    def on_input_blurred(self, event: Input.Blurred) -> None:
        box = event.input
        if box.value.strip() != str(getattr(self.settings, box.id)):
            if not self._apply_input(box):
                box.value = str(getattr(self.settings, box.id))

    def action_leave_input(self) -> None:
        """Esc: out of a box (restoring its value) or the log, back to the view's keys."""
        focused = self.app.focused
        if focused is None or focused is self:
            return
        if isinstance(focused, Input) and focused.id in ("attempts", "seed"):
            focused.value = str(getattr(self.settings, focused.id))
            if not self.running:
                self._before_hint = None
                self._idle_status()  # also clears a "✗ bad number" left by Enter
        self.focus()

    def action_log(self, what: str) -> None:
        """PageUp/PageDown/Home/End on the view scroll its log (End also resumes following)."""
        log = self.query_one(FollowingLog)
        if what == "page_up":
            log.scroll_page_up(animate=False)
        elif what == "page_down":
            log.scroll_page_down(animate=False)
        else:
            getattr(log, f"action_{what}")()

    # ----------------------------------------------------------------- run / stop / reset
    def action_run_stop(self) -> None:
        if self.running:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        """Start a run with the current settings (clears the last run's results)."""
        if self.running:
            return
        self._runs += 1
        s = self.settings
        chart = self.query_one(SearchChart)
        if self.done and self.run_settings is not None:  # keep the last run's best line to compare
            r = self.run_settings
            chart.set_previous(f"{r.strategy} · {r.loss}", self.best[:self.done].copy())
        self.run_settings = s
        self.channel = self.last_channel = Channel(self._runs)
        self._reset_data(s.attempts)
        self._clear_widgets()
        self.query_one("#search-panels", ContentSwitcher).current = "search-run"
        self.show_status(f"{describe(s)} — r stops", "run")
        self._lock_boxes(True)
        self._search(self.channel, s)

    def _lock_boxes(self, locked: bool) -> None:
        """The attempts/seed boxes are greyed out and unfocusable while a run uses them."""
        for box in self.query_one(SearchControls).query(Input):
            if locked and box.has_focus:
                box.value = str(getattr(self.settings, box.id))
            box.disabled = locked

    def stop(self) -> None:
        """Ask the running search to stop after its current attempt (its best W is kept)."""
        if self.channel is not None and not self.channel.stop.is_set():
            self.channel.stop.set()
            self.show_status("stopping after this attempt…", "stop")

    def action_reset(self) -> None:
        if self.running:
            self.show_status("stop the run first (r), then x resets", "error")
            return
        self._reset_data(0)
        self.run_settings = None
        self.query_one(SearchChart).set_previous(None)
        self._clear_widgets()
        self.query_one("#search-panels", ContentSwitcher).current = "search-run"
        self._idle_status()

    def action_toggle_poll(self) -> None:
        self.reveal_poll = not self.reveal_poll
        self._update_counters()

    def action_toggle_templates(self) -> None:
        switcher = self.query_one("#search-panels", ContentSwitcher)
        if switcher.current == "search-templates":
            switcher.current = "search-run"
            return
        if self.running:
            self.show_status("templates appear when the run ends (r stops it, keeping the best W)")
            return
        if self.summary is None or getattr(self.summary, "best_W", None) is None:
            self.show_status("no W yet: run a search (r), its best W's class templates show here", "error")
            return
        switcher.current = "search-templates"

    # ----------------------------------------------------------------- the worker
    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, channel: Channel, settings: SearchSettings) -> None:
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled or channel.stop.is_set()

        try:
            try:
                data = self._load(channel, settings, cancelled)
            except _LoadCancelled:
                return
            except Exception as exc:  # DatasetError and friends: one line in the status
                channel.error = f"{settings.dataset}: {exc}"
                return
            if data is None:
                return
            from engine.search import SearchConfig, Summary, run_search

            config = SearchConfig(strategy=settings.strategy, loss=settings.loss,
                                  attempts=settings.attempts, seed=settings.seed)
            last_post = 0.0
            for item in run_search(config, data, should_stop=cancelled):
                channel.push(item)
                if isinstance(item, Summary):
                    break
                if worker.is_cancelled:  # the app is closing: don't wait for the summary
                    break
                now = time.monotonic()
                if now - last_post >= 1.0 / TICKS_PER_S:
                    last_post = now
                    self.post_message(self.Tick(channel.run_id))
        except Exception as exc:  # shown in the status line, never a crash
            channel.error = f"search failed: {exc or type(exc).__name__}"
        finally:
            channel.finished.set()
            self.post_message(self.Ended(channel.run_id))

    def _load(self, channel: Channel, settings: SearchSettings, cancelled):
        key = (settings.dataset, settings.train_size, settings.test_size)
        if key == self._dataset_key and self._dataset is not None:
            return self._dataset
        from engine.datasets import load_dataset

        self._dataset = self._dataset_key = None  # one data set in memory at a time
        channel.status = f"loading {settings.dataset}…"
        self.post_message(self.Tick(channel.run_id))
        last_post = 0.0

        def progress(what: str, done: int, total: int) -> None:
            nonlocal last_post
            if cancelled():
                raise _LoadCancelled
            now = time.monotonic()
            if now - last_post >= 1.0 / TICKS_PER_S:
                last_post = now
                channel.status = f"{what}… {done:,} / {total:,}"
                self.post_message(self.Tick(channel.run_id))

        data = load_dataset(settings.dataset, train_size=settings.train_size,
                            test_size=settings.test_size, seed=0, progress=progress)
        if cancelled():
            return None
        self._dataset, self._dataset_key = data, key
        return data

    # ----------------------------------------------------------------- UI side of the hand-over
    def on_search_view_tick(self, message: Tick) -> None:
        if self.channel is not None and message.run_id == self.channel.run_id:
            self._drain(self.channel)

    def on_search_view_ended(self, message: Ended) -> None:
        channel = self.channel
        if channel is None or message.run_id != channel.run_id:
            return
        self._drain(channel)
        self.channel = None
        self._lock_boxes(False)
        self.query_one(SearchChart).flush()
        if channel.error:
            self.show_status(channel.error, "error")
        elif self.summary is None:
            self.show_status("stopped before the first attempt", "stop")
        self.app.refresh_bindings()

    def _drain(self, channel: Channel) -> None:
        from engine.search import Progress, Summary

        items = channel.drain()
        if channel.status and not items and self.done == 0:
            self.show_status(channel.status, "run")
        progress = [item for item in items if isinstance(item, Progress)]
        for p in progress:
            n = self.done
            if n >= len(self.losses):  # more attempts than planned: grow
                self.losses = np.concatenate([self.losses, np.empty(max(16, n))])
                self.best = np.concatenate([self.best, np.empty(max(16, n))])
            self.losses[n], self.best[n] = p.loss, p.best
            self.improvements += bool(p.improved)
            self.done = n + 1
            self.last = p
        if progress:
            if channel.status and self.done == len(progress):
                self.show_status(f"{describe(self.run_settings)} — r stops", "run")
            self.query_one(SearchLog).add_progress(progress)
            self._update_chart()
        for item in items:
            if isinstance(item, Summary):
                self._finish(item)
        self._update_counters()

    def _finish(self, summary) -> None:
        if summary.attempts == 0:  # stopped before any attempt: nothing to show
            self.summary = None
            self.show_status("stopped before the first attempt", "stop")
            return
        self.summary = summary
        data = self._dataset
        self.class_names = tuple(data.classes) if data is not None else ()
        self.test_images = int(data.X_test.shape[0]) if data is not None else None
        acc = percent(summary.test_accuracy)
        on_test = accuracy_text(summary.test_accuracy, self.test_images)
        best = fixed(summary.best, 6)
        log = self.query_one(SearchLog)
        of_test = f" of {self.test_images:,} test images" if self.test_images else " of the test set"
        if summary.cancelled:
            log.note(f"stopped after {self.done:,} attempts; best loss {best}")
            log.note(f"the best W gets {acc}{of_test} right")
            self.show_status(f"stopped after {self.done:,} attempts: {on_test}", "stop")
        else:
            log.note(f"done: best loss {best}; the best W gets {acc}{of_test} right")
            self.show_status(f"done · best W: {on_test} · w: templates", "ok")
        images = self.query_one(TemplateImages)
        W = getattr(summary, "best_W", None)
        title = self.query_one("#search-templates-title", Static)
        if W is not None and data is not None and getattr(data, "image_shape", (32, 32, 3)) == (32, 32, 3):
            images.show(W, self.class_names)
            title.update(Text.assemble(
                ("class templates of the best W", "bold"),
                f" · {self.run_settings.strategy} · {self.run_settings.loss} · test accuracy {acc}"
                " · w: chart"))
        else:
            images.clear()
            title.update("these data are not 32×32×3 images: no templates to draw")
        self.query_one(SearchChart).flush()

    # ----------------------------------------------------------------- display state
    def _reset_data(self, planned: int) -> None:
        self.losses = np.empty(max(planned, 1))
        self.best = np.empty(max(planned, 1))
        self.done = 0
        self.improvements = 0
        self.last = None
        self.summary = None
        self.planned = planned

    def _clear_widgets(self) -> None:
        self.query_one(SearchLog).clear()
        self.query_one(TemplateImages).clear()
        self.query_one("#search-templates-title", Static).update("")
        self._update_chart(now=True)
        self._update_counters()

    def _update_chart(self, now: bool = False) -> None:
        s = self.run_settings or self.settings
        title = f"{STRATEGY_TITLES.get(s.strategy, s.strategy)}: {s.loss} loss per attempt"
        n = self.done
        self.query_one(SearchChart).set_data(np.arange(n), self.losses[:n], self.best[:n],
                                             title=title, now=now)

    def _update_counters(self) -> None:
        last, n, summary = self.last, self.done, self.summary
        chance = 1 / len(self.class_names) if self.class_names else None
        self.query_one(SearchCounters).show(Counts(
            done=n, total=self.planned, improvements=self.improvements,
            candidates_per_s=(summary.candidates_per_s if summary else
                              last.candidates_per_s if last else None),
            elapsed_s=last.elapsed_s if last else None,
            best=summary.best if summary else last.best if last else None,
            expected=harmonic(n) if n else None,
            expected_sd=improvements_sd(n) if n else None,
            test_accuracy=summary.test_accuracy if summary else None,
            chance=chance if summary else None, reveal=self.reveal_poll))

    # ----------------------------------------------------------------- lecture mode
    def show_stage(self, state, hidden, forward: bool) -> None:
        """The build's settings, the poll's answer hidden until revealed, and a scripted run that
        starts when the build is reached by PageDown (coming back keeps the run already made)."""
        self.reveal_poll = "poll" not in hidden
        changes = state.get("set", {})
        if changes and not self.running:
            settings = replace(self.settings, **changes)
            if settings != self.settings:
                self.settings = settings
                self.query_one(SearchControls).show(settings)
                self._idle_status()
        if state.get("action") == "run" and forward and not self.running:
            self.start()
        elif state.get("action") == "templates" and forward and self.summary is not None:
            self.query_one("#search-panels", ContentSwitcher).current = "search-templates"
        self._update_counters()

    # ----------------------------------------------------------------- palette
    def palette_commands(self):
        yield ("Search: run / stop", "Start a search with the current settings, or stop it (r)",
               self.action_run_stop)
        yield ("Search: reset", "Clear the log, chart and counters (x)", self.action_reset)
        yield ("Search: hide / show the poll answer", "Ask the class first, then reveal H_n (p)",
               self.action_toggle_poll)
        yield ("Search: class templates", "Show or hide the best W's class templates (w)",
               self.action_toggle_templates)
        choices = [("strategy", "s", name, name, f"Use {STRATEGY_TITLES[name]}") for name in STRATEGIES]
        choices += [("loss", "l", name, name, f"Minimise the {name} loss") for name in LOSSES]
        choices += [("dataset", "d", "data " + name, name, f"Search on the {name} data set")
                    for name in DATASETS]
        choices += [("train_size", "t", f"train size {size:,}", size,
                     f"Use the first {size:,} training and {TEST_SIZES[size]:,} test images")
                    for size in TRAIN_SIZES]
        for field, key, title, value, help_text in choices:
            label = title if field in ("dataset", "train_size") else f"{field} {title}"
            yield (f"Search: {label}", f"{help_text} ({key} cycles)",
                   lambda field=field, value=value: self.set_choice(field, value))
