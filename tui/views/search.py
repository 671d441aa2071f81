"""The Search view (key 3): the lecture's "Strategy #1: random search", played live.

Pick a strategy, loss, data, train size, attempts and seed; ``r`` runs and stops. While it
runs, FRAMES_PER_S times a second: the lecture's log lines, one per attempt; a chart of every
attempt's loss and the best so far; the counters with the elapsed time; and the strategy's poll
(random search: improvements seen vs H_n expected for i.i.d. attempts). When it ends: the best
W's test accuracy (saying on how many test images: the app's train and test sizes, shown in the
status line, are not ``loss-tui search``'s) and its 10 class templates (``w``). ``a`` and ``e``
type the attempts and the seed in place (Enter sets, Esc cancels); Tab visits the log, whose keys
the status line then shows; Esc comes back. PageUp/End scroll the log from the view too.

The parts live beside this module: the worker thread and its hand-over (search_bridge), one
run's results (search_results), the settings and typed numbers (search_settings), the palette
(search_palette); the widgets in tui/widgets/search_*.py.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Static

from engine.numbers import MAX_SEED, NumberError
from engine.search_report import counted, summary_lines
from tui.views.base import View
from tui.views.inline_editing import InlineEditing
from tui.views.search_bridge import Channel, DataShelf, SearchBridge
from tui.views.search_palette import search_commands
from tui.views.search_results import SearchResults
from tui.views.search_settings import (STRATEGY_TITLES, TYPED_LIMITS, SearchSettings,
                                       available_datasets, cifar_available, missing_cifar_text, run_text)
from tui.widgets.search_chart import SearchChart
from tui.widgets.search_controls import SearchControls
from tui.widgets.search_counters import SearchCounters, counts_of, percent
from tui.widgets.search_follow_log import FOLLOW_KEYS, FollowingLog
from tui.widgets.search_log import SearchLog
from tui.widgets.search_status import SearchStatus
from tui.widgets.template_images import TemplateImages

FRAMES_PER_S = 8  # screen updates a second while a search streams: counters, elapsed, new log lines
TALL, SHORT = 21, 17  # view heights below which the log gives its rows to the chart and the counters
LOG_HINT = "log: PageUp/PageDown scroll · End follows new lines · Esc leaves"


def accuracy_text(accuracy: float, test_images: int | None) -> str:
    """"test accuracy 14.2% on 1,000 test images": how many images the percentage counts."""
    where = f" on {test_images:,} test images" if test_images else ""
    return f"test accuracy {percent(accuracy)}{where}"


def chart_title(s: SearchSettings) -> str:
    """What the chart's numbers are: sgd's are minibatch losses, one per step."""
    what = "minibatch loss per step" if s.strategy == "sgd" else "loss per attempt"
    return f"{STRATEGY_TITLES[s.strategy]}: {s.loss} {what}"


class SearchView(SearchBridge, InlineEditing, View):
    TITLE = "Search"
    """Key 3. See the module docstring; ``settings`` overrides the starting settings."""

    can_focus = True
    EDIT_ERRORS = (NumberError,)

    BINDINGS = [
        Binding("r", "run_stop", "Run / stop the search", show=False),
        Binding("w", "toggle_templates", "Class templates of the best W / the chart", show=False),
        Binding("x", "reset", "Reset results", show=False),
        Binding("s", "cycle('strategy')", "Next strategy (random, local, sgd)", show=False),
        Binding("l", "cycle('loss')", "Next loss (svm, softmax)", show=False),
        Binding("d", "cycle('dataset')", "Next data set (shapes, cifar10 once downloaded)", show=False),
        Binding("t", "cycle('train_size')",
                "Next train / test size (2,000 / 1,000, 10,000 / 2,000, 50,000 / 10,000)", show=False),
        Binding("a", "edit('attempts')", "Type the number of attempts", show=False),
        Binding("e", "edit('seed')", "Type the seed", show=False),
        Binding("n", "next_seed", "Next seed (seed + 1)", show=False),
        Binding("p", "toggle_poll", "Hide / show the poll's answer, to ask the class first", show=False),
        Binding("pageup", "log('page_up')", "Scroll the log up (it stops following)", show=False),
        Binding("pagedown", "log('page_down')", "Scroll the log down", show=False),
        Binding("home", "log('top')", "Oldest line of the log", show=False),
        Binding(FOLLOW_KEYS, "log('follow')", "Newest line of the log, follow again (End, G)", show=False),
        Binding("escape", "leave_log", "Leave the log, back to the view's keys", show=False),
    ]

    def __init__(self, settings: SearchSettings | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.settings = settings or SearchSettings()
        self.results = SearchResults()  # the last run's (empty before the first)
        self.channel: Channel | None = None  # the current run's, while it runs
        self.last_channel: Channel | None = None
        self.shelf = DataShelf()
        self.reveal_poll = True
        self._runs = 0
        self._frames = None  # the timer that shows a streaming run

    # ----------------------------------------------------------------- layout
    def compose(self):
        yield SearchControls(self.settings, id="search-controls")
        yield SearchStatus(id="search-status")
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
        self._frames = self.set_interval(1 / FRAMES_PER_S, self._frame, pause=True)
        self._idle_status()
        self._show_counters()
        self.chart.start(chart_title(self.settings), "attempt", 0)

    def on_resize(self) -> None:
        """On a short screen (lecture mode's bar above) the log shrinks first, so the counters keep
        the poll's question and answer."""
        self.set_class(self.size.height < TALL, "-short")
        self.set_class(self.size.height < SHORT, "-tiny")

    def focus_default(self) -> None:
        self.focus()

    @property
    def running(self) -> bool:
        return self.channel is not None

    @property
    def summary(self):
        """The last run's Summary (None before one ended with an attempt)."""
        return self.results.summary

    @property
    def status(self) -> SearchStatus:
        return self.query_one(SearchStatus)

    @property
    def chart(self) -> SearchChart:
        return self.query_one(SearchChart)

    # ----------------------------------------------------------------- status
    def say(self, text: str, error: bool = False) -> None:
        self.status.show(text, "error" if error else "info")

    def _idle_status(self) -> None:
        self.status.show(f"r runs {run_text(self.settings)}")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, FollowingLog):
            self.status.cover(LOG_HINT)

    def on_focus(self, event: events.Focus) -> None:
        self.status.uncover()

    def action_leave_log(self) -> None:
        if isinstance(self.app.focused, FollowingLog):
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

    # ----------------------------------------------------------------- settings
    def _refused(self, what: str) -> bool:
        if self.running:
            self.status.show(f"stop the run first (r) to change the {what}", "error")
        return self.running

    def _change(self, settings: SearchSettings, what: str) -> bool:
        if self._refused(what):
            return False
        self.settings = settings
        self.query_one(SearchControls).show(settings)
        self._idle_status()
        if self.results.settings is None:
            self.chart.start(chart_title(settings), "attempt", 0)
            self._show_counters()
        return True

    @property
    def allows_network(self) -> bool:
        access = getattr(self.app, "file_access", None)
        return access is None or access.allows_network

    def action_cycle(self, field: str) -> None:
        datasets = available_datasets() if field == "dataset" else ()
        if field == "dataset" and len(datasets) == 1 and self.settings.dataset == datasets[0]:
            if not self._refused("dataset"):
                self.status.show(f"{datasets[0]} only: {missing_cifar_text(self.allows_network)}")
            return
        self._change(self.settings.cycled(field, datasets), field.replace("_", " "))

    def set_choice(self, field: str, value) -> None:
        self._change(replace(self.settings, **{field: value}), field.replace("_", " "))

    def action_next_seed(self) -> None:
        self._change(replace(self.settings, seed=(self.settings.seed + 1) % (MAX_SEED + 1)), "seed")

    def action_edit(self, field: str) -> None:
        """Type the attempts or the seed in place of its value (Enter sets, Esc cancels)."""
        if self._refused(field):
            return
        low, high = TYPED_LIMITS[field]

        def commit(text: str) -> tuple[SearchSettings, str]:
            return self.settings.typed(field, text), field

        self.open_editor(self.query_one(SearchControls).editor(field), str(getattr(self.settings, field)), commit)
        self.status.cover(f"type the {field}, {low:,} to {high:,} · Enter sets · Esc cancels")

    def edited(self, new: SearchSettings, message: str) -> None:
        self._change(new, message)

    def editor_closed(self) -> None:
        self.query_one(SearchControls).editor_closed()
        self.status.uncover()

    # ----------------------------------------------------------------- run / stop / reset
    def action_run_stop(self) -> None:
        if self.running:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        """Start a run with the current settings (clears the last run's results; its best line stays
        on the chart if it measured the same loss on the same data)."""
        if self.running:
            return
        s = self.settings
        if s.dataset == "cifar10" and not cifar_available():
            self.status.show(f"cifar10: {missing_cifar_text(self.allows_network)}", "error")
            return
        last = self.results
        previous = None
        if last.comparable(s):
            previous = (f"last run: {last.strategy}", f"this run: {s.strategy}", last.series()[1].copy())
        self._runs += 1
        self.channel = self.last_channel = Channel(self._runs)
        self.results = SearchResults(s)
        self._clear_widgets()
        self.chart.start(chart_title(s), "step" if s.strategy == "sgd" else "attempt", s.attempts, previous)
        self.query_one("#search-panels", ContentSwitcher).current = "search-run"
        self.status.show(f"{run_text(s)} — r stops", "run")
        self._frames.resume()
        self.start_worker(self.channel, s)

    def stop(self) -> None:
        """Ask the running search to stop; every attempt it has evaluated is kept, with its best W."""
        if self.channel is not None and not self.channel.stop.is_set():
            self.channel.stop.set()
            self.status.show("stopping: keeping every attempt evaluated so far…", "stop")

    def action_reset(self) -> None:
        if self.running:
            self.status.show("stop the run first (r), then x resets", "error")
            return
        self.results = SearchResults()
        self._clear_widgets()
        self.chart.start(chart_title(self.settings), "attempt", 0)
        self.query_one("#search-panels", ContentSwitcher).current = "search-run"
        self._idle_status()

    def action_toggle_poll(self) -> None:
        self.reveal_poll = not self.reveal_poll
        self._show_counters()

    def action_toggle_templates(self) -> None:
        switcher = self.query_one("#search-panels", ContentSwitcher)
        if switcher.current == "search-templates":
            switcher.current = "search-run"
        elif self.running:
            self.status.show("templates appear when the run ends (r stops it, keeping the best W)")
        elif self.summary is None:
            self.status.show("no W yet: run a search (r), its best W's class templates show here", "error")
        else:
            switcher.current = "search-templates"

    # ----------------------------------------------------------------- what the worker hands over
    def _frame(self) -> None:
        """The frame timer: new items onto the screen, and the counters (elapsed ticks on)."""
        if self.channel is not None:
            self._take(self.channel.drain(), self.channel)
            self._show_counters()

    def on_search_bridge_ended(self, message: SearchBridge.Ended) -> None:
        channel = self.channel
        if channel is None or message.run_id != channel.run_id:
            return
        self._take(channel.drain(), channel)
        self.channel = None
        self._frames.pause()
        self.chart.flush(fit=True)
        if channel.error:
            self.status.show(channel.error, "error")
        elif self.summary is None:
            self.status.show("stopped before the first attempt", "stop")
        self._show_counters()
        self.app.refresh_bindings()

    def _take(self, items: list, channel: Channel) -> None:
        from engine.search import Progress, Summary

        if channel.status and not items:
            self.status.show(channel.status, "run")  # loading the data
        progress = self.results.add(item for item in items if isinstance(item, Progress))
        if progress:
            if channel.status:  # the data are in: the run's own status again
                channel.status = None
                self.status.show(f"{run_text(self.results.settings)} — r stops", "run")
            self.query_one(SearchLog).add_progress(self.results.strategy, progress)
            self.chart.set_data(*self.results.series())
        for item in items:
            if isinstance(item, Summary):
                self._finish(item)

    def _finish(self, summary) -> None:
        results = self.results
        if not results.finish(summary, self.shelf.data):
            return
        s, log = results.settings, self.query_one(SearchLog)
        for line in summary_lines(summary, s.strategy, results.planned):
            log.note(line)
        on_test = accuracy_text(summary.test_accuracy, results.test_images)
        if summary.cancelled:
            self.status.show(f"stopped after {counted(results.done, s.strategy)}: {on_test}", "stop")
        else:
            self.status.show(f"done · best W: {on_test} · w: templates", "ok")
        images, title = self.query_one(TemplateImages), self.query_one("#search-templates-title", Static)
        data = results.data
        if data is not None and getattr(data, "image_shape", (32, 32, 3)) == (32, 32, 3):
            images.show(summary.best_W, results.class_names)
            title.update(Text.assemble(("class templates of the best W", "bold"),
                                       f" · {s.strategy} · {s.loss} · test accuracy "
                                       f"{percent(summary.test_accuracy)} · w: chart"))
        else:
            images.clear()
            title.update("these data are not 32×32×3 images: no templates to draw")

    # ----------------------------------------------------------------- display
    def _clear_widgets(self) -> None:
        self.query_one(SearchLog).clear()
        self.query_one(TemplateImages).clear()
        self.query_one("#search-templates-title", Static).update("")
        self._show_counters()

    def _show_counters(self) -> None:
        results, channel = self.results, self.channel
        if channel is not None:
            elapsed = channel.elapsed()
        elif results.summary is not None:
            elapsed = results.summary.elapsed_s
        else:
            elapsed = results.last.elapsed_s if results.last is not None else None
        strategy = results.strategy or self.settings.strategy
        self.query_one(SearchCounters).data = counts_of(results, strategy, elapsed, self.reveal_poll,
                                                        self.settings.attempts)

    # ----------------------------------------------------------------- lecture mode, palette
    def show_stage(self, state, hidden, forward: bool) -> None:
        """The build's settings, the poll's answer hidden until revealed, and a scripted run that
        starts when the build is reached by PageDown (coming back keeps the run already made)."""
        self.reveal_poll = "poll" not in hidden
        changes = state.get("set", {})
        if changes and not self.running:
            settings = replace(self.settings, **changes)
            if settings != self.settings:
                self._change(settings, "settings")
        if state.get("action") == "run" and forward and not self.running:
            self.start()
        elif state.get("action") == "templates" and forward and self.summary is not None:
            self.query_one("#search-panels", ContentSwitcher).current = "search-templates"
        self._show_counters()

    def palette_commands(self):
        return search_commands(self)
