"""Whole-screen SVG snapshots (pytest-textual-snapshot) at fixed terminal sizes."""

from __future__ import annotations

from pathlib import Path

import pytest

APP = Path(__file__).parent / "snapshot_app.py"


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))


class TestMainScreen:
    def test_after_a_full_backward_pass_120x40(self, snap_compare):
        assert snap_compare(APP, press=["e"], terminal_size=(120, 40))

    def test_after_a_full_backward_pass_80x24(self, snap_compare):
        assert snap_compare(APP, press=["e"], terminal_size=(80, 24))

    def test_in_chinese_80x24(self, snap_compare):
        """Chinese takes two cells a character: the panes, the log and the footer must
        still fit at 80 columns."""
        assert snap_compare(APP, press=["z", "e"], terminal_size=(80, 24))


class TestHelpScreen:
    def test_help(self, snap_compare):
        assert snap_compare(APP, press=["question_mark"], terminal_size=(120, 40))


class TestTheoryView:
    def test_theory_after_a_pass(self, snap_compare):
        assert snap_compare(APP, press=["e", "T"], terminal_size=(120, 40))


class TestHistoryView:
    def test_history_after_training(self, snap_compare):
        async def train_then_open(pilot):
            await pilot.press("t")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("H")
            await pilot.pause()

        assert snap_compare(APP, run_before=train_then_open, terminal_size=(120, 40))


COMPARE_APP = Path(__file__).parent / "snapshot_compare_app.py"


class TestCompareView:
    def test_compare_after_a_pass(self, snap_compare):
        assert snap_compare(COMPARE_APP, press=["e"], terminal_size=(120, 40))


class TestThroughTimeView:
    def test_through_time_after_all_steps(self, snap_compare):
        assert snap_compare(APP, press=["B", "e"], terminal_size=(120, 40))
