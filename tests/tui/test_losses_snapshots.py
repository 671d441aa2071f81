"""SVG snapshots of the Losses view at 80×24 and 120×40 (textual and rich are pinned exactly).

Update with ``pytest tests/tui/test_losses_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest

from losses_helpers import make_app


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_lecture_table(snap_compare, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=_settle)


def test_single_preset_w_times_two(snap_compare):
    assert snap_compare(make_app("single"), terminal_size=(80, 24), press=["plus"], run_before=_settle)


def test_jiggle_on_svm_vs_softmax(snap_compare):
    assert snap_compare(make_app("svm-vs-softmax"), terminal_size=(80, 24), press=["j"],
                        run_before=_settle)


def test_invalid_edit_message(snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["enter", "x", "enter"],
                        run_before=_settle)


def test_regularization_pane_narrow(snap_compare):
    assert snap_compare(make_app("single"), terminal_size=(80, 24),
                        press=["L", "0", ".", "1", "enter", "plus", "d"], run_before=_settle)


def test_log_base_10_and_variants_wide(snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 40), press=["b", "b", "s", "right", "right"],
                        run_before=_settle)
