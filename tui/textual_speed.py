"""Where Textual 8.2.8 repaints more than the screen needs, and how the app avoids it, in one place.

Each is covered by tests/tui/test_textual_speed.py, which also checks that Textual still behaves
this way: when a release changes it, that test fails and the workaround can go.

- ``Screen.focused`` is a repainting reactive: every focus change repaints the whole screen, although
  the widgets that lose and gain the focus repaint themselves (``Widget._on_focus/_on_blur``) and
  ``:focus-within`` styles are updated node by node. A view switch moves the focus, so the screen
  was painted twice in one frame (the new view's layout, then everything again): ~20 KB instead of
  ~10 KB over SSH for the Classifier. ``SteadyScreen`` declares the same reactive without the repaint.

(Textual's ``Footer`` remounts a dozen key widgets on every bindings refresh; the app draws its
footer as one widget instead: tui/widgets/key_line.py.)
"""

from __future__ import annotations

from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget


class SteadyScreen(Screen):
    """The app's main screen: a focus change repaints the two widgets it concerns, not the screen."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
