"""A seeded key fuzzer for the whole app (issue 11): bursts of 1–12 keys, each burst queued before
the app handles its first key (as one terminal read delivers them: tests/key_bursts.py), mixed
with terminal resizes, pastes, view switches (1–6), dialogs (p, ctrl+o, S, ?), the command
palette, typing, Enter / Esc / PageUp / PageDown, arrows and each view's own keys, and a tiny
search in the Search view (200 training images; a run past MAX_ATTEMPTS attempts is stopped
as a user pressing r would).

A *crash* is any exception the app raises (run_test re-raises it) or the app exiting (its quit
action only counts the attempt, so the run goes on). A *hang* is a burst the app has not handled
after HANG_S seconds of the UI thread's CPU time, or HANG_WALL_S of the clock's (a loop waiting
on nothing). CPU time, because the machine is shared: at a load of 8 on 2 cores a burst that
costs 1.5 s of CPU (opening the palette, say) takes 6 s of the clock. When a handler blocks the
event loop itself, tests/fuzz/watchdog.py raises Hang inside it one second past either limit.

The seed alone fixes every burst (keys, resizes, pastes; only "go back to the seed's view first"
depends on where the app is): ``python tests/fuzz/campaign.py --seed N`` replays one, ``make fuzz``
runs the long campaign.
"""

from __future__ import annotations

import asyncio
import random
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field, replace
from importlib import import_module

from textual import events

from engine.presets import load_preset
from key_bursts import burst
from tui.app import LATER_VIEWS, LossApp
from watchdog import Hang, Watchdog

HANG_S = 5.0  # seconds of the UI thread's CPU time
HANG_WALL_S = 60.0
MAX_ATTEMPTS = 20  # the tiny search: train 200, attempts 20
TINY_TRAIN = 200
VIEWS = {"1": "losses", "2": "classifier", "3": "search", "4": "regularization", "5": "simpler-models",
         "6": "landscape"}
SIZES = [(80, 24), (60, 20), (100, 30), (120, 40), (40, 12), (200, 50)]
DIALOG_KEYS = ["p", "ctrl+o", "S", "question_mark", "ctrl+p"]
COMMON_KEYS = ["enter", "escape", "pageup", "pagedown", "up", "down", "left", "right", "home", "end",
               "tab", "shift+tab", "backspace", "delete", "ctrl+z", "ctrl+y", "ctrl+s", "space"]
TYPED = list("0123456789") + ["full_stop", "minus", "plus", "comma", "e", "x"] + list("abcdefghijklmnoprstuvwyz")
PASTES = ["3.5", "-0", "1e308", "cat", "\x1b[2J", "\x1b]0;PWNED\x07", "a\nb", "  ", "९", "1_000", "~/x.toml"]


class FuzzApp(LossApp):
    """The real app, but a quit (q q, ctrl+q, the palette's Quit) is counted, not obeyed."""

    quits = 0

    async def action_quit(self) -> None:
        self.quits += 1


def home_key(seed: int) -> str:
    """The view key a seed fuzzes: the seeds take the views in turn."""
    return str(seed % len(VIEWS) + 1)


def view_keys(view_id: str) -> list[str]:
    """The keys the view's classes bind (read from the app, so new bindings get fuzzed too)."""
    module, name, *_ = {"losses": ("tui.views.losses", "LossesView", None), **LATER_VIEWS}[view_id]
    keys = set()
    for cls in getattr(import_module(module), name).__mro__:
        for binding in cls.__dict__.get("BINDINGS", []):
            key = binding.key if hasattr(binding, "key") else binding[0]
            keys.update(k.strip() for k in key.split(","))
    return sorted(keys)


def make_burst(rng: random.Random, own_keys: list[str]) -> list[str]:
    """1–12 keys as one terminal read: mostly the view's keys, typing and moves."""
    keys = []
    for _ in range(rng.randint(1, 12)):
        pick = rng.random()
        pool = (list(VIEWS) if pick < 0.03 else DIALOG_KEYS if pick < 0.09 else
                COMMON_KEYS if pick < 0.39 else own_keys if pick < 0.75 else TYPED)
        keys.append(rng.choice(pool))
    return keys


def plan_burst(rng: random.Random, own_keys: list[str]) -> tuple:
    """(a terminal size or None, the keys, go back home first if away?, a paste or None)."""
    size = rng.choice(SIZES) if rng.random() < 0.03 else None
    keys = make_burst(rng, own_keys)
    back = rng.random() < 0.85
    paste = rng.choice(PASTES) if rng.random() < 0.02 else None
    return size, keys, back, paste


@dataclass
class Figures:
    """What a run did and found."""

    seeds: list[int] = field(default_factory=list)
    keys: Counter = field(default_factory=Counter)  # by the view current when the burst began
    bursts: int = 0
    resizes: int = 0
    pastes: int = 0
    screens: Counter = field(default_factory=Counter)  # dialog class → bursts that ended in it
    quits: int = 0
    searches: int = 0  # runs the Search view started
    slowest: tuple[float, float, str] = (0.0, 0.0, "")  # the costliest burst: CPU s, clock s, which
    crashes: list[str] = field(default_factory=list)  # "seed N burst K [keys]: traceback"
    hangs: list[str] = field(default_factory=list)

    def add(self, other: "Figures") -> None:
        self.seeds += other.seeds
        self.keys.update(other.keys)
        self.screens.update(other.screens)
        for name in ("bursts", "resizes", "pastes", "quits", "searches"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.slowest = max(self.slowest, other.slowest)
        self.crashes += other.crashes
        self.hangs += other.hangs


async def handled(app: LossApp, figures: Figures, which: str) -> bool:
    """Wait until the app has handled everything queued so far, or has stopped (False: it did
    neither within HANG_S of CPU or HANG_WALL_S of the clock)."""
    done = asyncio.Event()
    app.call_later(done.set)  # queued behind the burst: handled after every key of it
    cpu, wall = time.thread_time(), time.monotonic()  # this thread runs the app's event loop
    while not done.is_set():
        if app.return_code is not None or not app.is_running:
            return True  # it stopped: the caller sees how
        if time.thread_time() - cpu > HANG_S or time.monotonic() - wall > HANG_WALL_S:
            return False
        try:
            await asyncio.wait_for(done.wait(), 0.05)
        except asyncio.TimeoutError:
            pass
    figures.slowest = max(figures.slowest, (time.thread_time() - cpu, time.monotonic() - wall, which))
    return True


def keep_search_tiny(app: LossApp) -> object:
    """The Search view, once built, searches 200 images; a bigger run is stopped (r). Returns the
    channel of its latest run (a new one per run), or None."""
    from tui.views.search import SearchView
    from tui.widgets.search_controls import SearchControls

    for view in app.screen_stack[0].query(SearchView):
        if not view.query("SearchControls #attempts") or not view.query("SearchCounters"):
            return None  # still mounting its children: the next burst catches it
        s = view.settings
        if s.train_size != TINY_TRAIN or s.attempts > MAX_ATTEMPTS:
            view.settings = replace(s, train_size=TINY_TRAIN, attempts=min(s.attempts, MAX_ATTEMPTS))
            view.query_one(SearchControls).show(view.settings)
        run = view.results.settings  # the last run started (None before one)
        if view.running and run is not None and (run.train_size > TINY_TRAIN or run.attempts > MAX_ATTEMPTS):
            view.action_run_stop()
        return view.last_channel
    return None


async def fuzz_seed(seed: int, bursts: int) -> Figures:
    """One app, BURSTS bursts from SEED; it starts in view home_view(seed) and mostly goes back there."""
    rng = random.Random(seed)
    home = home_key(seed)
    figures = Figures(seeds=[seed])
    own = view_keys(VIEWS[home])
    app = FuzzApp(scene=load_preset("lecture"))
    keys: list[str] = []
    exited, last_run = False, None
    try:
        with Watchdog(HANG_S + 1, HANG_WALL_S + 1) as watchdog:
            async with app.run_test(size=(80, 24)) as pilot:
                await app.run_action(f"show_view('{VIEWS[home]}')")
                keep_search_tiny(app)
                for index in range(bursts):
                    # every draw is made whatever the app's state: the seed alone fixes the input
                    size, keys, back, paste = plan_burst(rng, own)
                    current = next((k for k, v in VIEWS.items() if v == app.current_view.id), home)
                    if size:
                        figures.resizes += 1
                        await pilot.resize_terminal(*size)
                    if current != home and back:
                        keys.insert(0, home)  # back to the view this seed fuzzes
                    figures.keys[VIEWS[current]] += len(keys)
                    figures.bursts += 1
                    watchdog.arm()
                    burst(app, *keys)
                    if paste:
                        figures.pastes += 1
                        app.post_message(events.Paste(paste))
                    ok = await handled(app, figures, f"seed {seed} burst {index} {keys}")
                    watchdog.disarm()
                    if not ok:
                        figures.hangs.append(f"seed {seed} burst {index} {keys}: not handled in {HANG_S:g} s")
                        break
                    if app.return_code is not None or not app.is_running:
                        exited = True
                        break
                    figures.screens[type(app.screen).__name__] += 1
                    run = keep_search_tiny(app)
                    figures.searches += run is not None and run is not last_run
                    last_run = run
                if not exited:  # end as a quit does (keys still held by a dialog's box come first)
                    app.exit()
                    await pilot.pause()
    except Hang as exc:
        figures.hangs.append(f"seed {seed} {keys}: {exc}")
    except Exception:  # noqa: BLE001 - any exception out of the app is what we look for
        figures.crashes.append(f"seed {seed} {keys}:\n{traceback.format_exc(limit=-8)}")
    else:
        if exited:
            figures.crashes.append(f"seed {seed} {keys}: the app exited (code {app.return_code})")
    figures.quits += app.quits
    return figures


def summary(figures: Figures) -> str:
    per_view = ", ".join(f"{view} {figures.keys[view]:,}" for view in VIEWS.values())
    dialogs = ", ".join(f"{name} {count}" for name, count in figures.screens.most_common() if name != "Screen")
    return (f"keys {sum(figures.keys.values()):,} ({per_view}); bursts {figures.bursts:,}; "
            f"resizes {figures.resizes}; pastes {figures.pastes}; searches {figures.searches}; "
            f"quits counted {figures.quits}; slowest burst {figures.slowest[0]:.2f} s CPU "
            f"({figures.slowest[1]:.2f} s clock: {figures.slowest[2]}); "
            f"bursts ending in a dialog: {dialogs or 'none'}; seeds {figures.seeds[0]}–{figures.seeds[-1]} "
            f"({len(figures.seeds)}); crashes {len(figures.crashes)}; hangs {len(figures.hangs)}")
