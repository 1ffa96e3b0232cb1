"""The explanation log over a long session: bounded, scrollable, truthful, and an entry costs
the same however many came before it (counted in wraps, not timed)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from gradtui.config import apply_overrides
from gradtui.lessons import load_lesson_file
from gradtui.sim import Phase
from gradtui.tui.app import GradtuiApp
from gradtui.tui.widgets import explanation_log
from gradtui.tui.widgets.explanation_log import HISTORY, ExplanationLog
from gradtui.tui.widgets.gradient_chart import GradientChart


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


class LogApp(App):
    def compose(self) -> ComposeResult:
        yield ExplanationLog()


def sentences(number: int) -> list[str]:
    """An entry that wraps to a few lines and names its number."""
    return [f"Entry {number} begins.", "Some words that make it wrap " * 3, f"End {number}."]


def shown(log: ExplanationLog) -> str:
    return " ".join(log.visible_text.split())


@pytest.fixture
def wraps(monkeypatch) -> list[int]:
    """Counts the log's wraps (one per entry wrapped at a width)."""
    count = [0]
    original = ExplanationLog._wrap

    def counting(self, text):
        count[0] += 1
        return original(self, text)

    monkeypatch.setattr(ExplanationLog, "_wrap", counting)
    return count


async def test_a_long_session_is_bounded_scrollable_and_says_what_it_dropped():
    app = LogApp()
    async with app.run_test(size=(60, 12)) as pilot:
        log = app.query_one(ExplanationLog)
        for number in range(5000):
            log.add_entry(sentences(number))
        await pilot.pause()
        assert "End 4999." in shown(log)  # the newest is on screen
        assert len(log._wrapped) <= HISTORY  # wrapped lines are kept for the pane's entries only
        # The transcript holds the whole session, in order.
        assert len(log.entries) == 5000
        assert log.entries[0].startswith("Entry 0 begins.")
        assert log.transcript().count("\n- ") == 4999
        # Scrolling back shows older entries, and the first row says how to return.
        log.focus()
        await pilot.press("pageup", "pageup", "up")
        assert "End 4999." not in shown(log)
        assert "Entry 499" in shown(log)
        assert "earlier · End: newest" in log.render_line(0).text
        assert "later · End: newest" in log.render_line(log.size.height - 1).text
        # The pane keeps HISTORY entries: at its top, a line says the rest were dropped
        # and how to get them, then the oldest kept entry.
        await pilot.press("home")
        top = shown(log)
        assert top.startswith(f"… {5000 - HISTORY} older entries are not kept here;")
        assert "w saves the whole session." in top
        assert f"Entry {5000 - HISTORY} begins." in top
        assert f"Entry {4999 - HISTORY} " not in top
        await pilot.press("up")
        assert shown(log) == top  # nothing above the note
        await pilot.press("down")
        assert shown(log) != top
        await pilot.press("end")
        assert "End 4999." in shown(log)
        # A new entry returns the pane to the newest, also from far back.
        await pilot.press("home")
        log.add_entry(["The newest."])
        await pilot.pause()
        assert "The newest." in shown(log)


async def test_past_its_cap_the_transcript_says_how_many_entries_it_lost(monkeypatch):
    monkeypatch.setattr(explanation_log, "TRANSCRIPT_ENTRIES", 2000)
    monkeypatch.setattr(explanation_log, "TRIM", 200)
    app = LogApp()
    async with app.run_test(size=(60, 12)) as pilot:
        log = app.query_one(ExplanationLog)
        log.add_entries(sentences(number) for number in range(2500))
        await pilot.pause()
        kept = len(log.entries) - 1
        assert kept <= 2000
        assert log.entries[0] == (
            f"(The first {2500 - kept} entries of this session are not kept; "
            f"these are the newest {kept}.)"
        )
        assert log.entries[1].startswith(f"Entry {2500 - kept} begins.")
        assert log.entries[-1].startswith("Entry 2499 begins.")
        log.focus()
        await pilot.press("home")
        assert f"the newest {kept} (the first {2500 - kept} are gone)" in shown(log)


async def test_an_entry_costs_the_same_wraps_after_thousands(wraps):
    app = LogApp()
    async with app.run_test(size=(60, 12)) as pilot:
        log = app.query_one(ExplanationLog)

        def wraps_for_adding(count: int) -> int:
            before = wraps[0]
            for _ in range(count):
                log.add_entry(sentences(len(log.entries)))
            return wraps[0] - before

        wraps_for_adding(50)
        early = wraps_for_adding(100)
        wraps_for_adding(5000)
        late = wraps_for_adding(100)
        assert early == late == 100  # each entry wrapped once, when it is added
        await pilot.pause()
        # A batch wraps only its last page, however long it is.
        before = wraps[0]
        log.add_entries(sentences(number) for number in range(3000))
        assert wraps[0] - before <= log.size.height + 1
        await pilot.pause()
        # A new width wraps again only what is in view.
        before = wraps[0]
        await pilot.resize_terminal(50, 12)
        await pilot.pause()
        assert 0 < wraps[0] - before <= 2 * log.size.height + 2


async def test_finishing_a_pass_twice_at_depth_1000_keeps_the_log_and_chart_in_step():
    lesson = load_lesson_file("vanishing-sigmoid")
    config = apply_overrides(lesson.config, ["network.depth=1000"])
    app = GradtuiApp(config, title=lesson.title, lesson=lesson)
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.query_one(ExplanationLog)
        chart = app.query_one(GradientChart)
        for finished in (1, 2):
            before = len(log.entries)
            await pilot.press("e")
            await pilot.pause()
            snapshot = app.stepper.snapshot
            assert snapshot.phase == Phase.BACKWARD and snapshot.layer == 1
            assert snapshot.batch == finished - 1
            # An entry per stage: 1000 forward, the loss, 1000 backward (the second pass
            # also the first one's update and the next batch).
            assert 2001 <= len(log.entries) - before <= 2005
            assert log.entries[-1].startswith("Layer 1 back:")
            assert "• Layer 1 back:" in shown(log)
            assert app.selected_layer == 1 and chart.cursor_layer == 1
            assert len(chart.rows) == len(
                [row for row in chart.rows if row.value is not None or row.stale is not None]
            )
            assert chart.rows[0].value is not None and chart.rows[-1].value is not None
        # Scrolling back a whole pass reaches the forward pass's entries.
        log.focus()
        await pilot.press("home")
        assert "Layer" in shown(log)
        assert shown(log).startswith("… ")


async def test_a_page_turns_to_the_new_entry_and_fills_before_turning_again():
    app = LogApp()
    async with app.run_test(size=(60, 12)) as pilot:
        log = app.query_one(ExplanationLog)
        log.add_entries(sentences(number) for number in range(3000))
        await pilot.pause()
        tall = len(log._lines(2999))  # lines of every entry here
        per_page = log.size.height // tall
        assert per_page >= 2
        pages = []
        for number in range(3000, 3000 + 4 * per_page):
            log.add_entry(sentences(number))
            pages.append(log._page)
        # Each turn starts the page at the entry that did not fit; the next ones fill it.
        assert len(set(pages)) == 4
        assert all(page in range(3000, 3000 + 4 * per_page, per_page) for page in pages)
        await pilot.pause()
        assert shown(log).startswith(f"• Entry {pages[-1]} begins.")


async def test_a_heading_starts_a_page_of_its_own_and_is_a_heading_in_the_transcript():
    """Where a lesson begins: its heading is the pane's first line, what follows comes
    under it, and the entries before it are scrolled back to, above it."""
    app = LogApp()
    async with app.run_test(size=(60, 12)) as pilot:
        log = app.query_one(ExplanationLog)
        log.add_entry(["Entry 0, the old lesson's verdict."])
        log.add_heading("Course 2/13: Deeper")
        log.add_entry(["The new lesson's intro."])
        await pilot.pause()
        rows = log.visible_text.splitlines()
        assert rows[:2] == ["── Course 2/13: Deeper ──", "• The new lesson's intro."]
        # A taller pane (the lesson panel's step got shorter) turns no page above it.
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert log.visible_text.startswith("── Course 2/13: Deeper ──")
        log.action_scroll_back(1)
        await pilot.pause()
        assert "Entry 0, the old lesson's verdict." in shown(log)
        assert log.headings == {1}
        assert log.transcript() == (
            "- Entry 0, the old lesson's verdict.\n\n### Course 2/13: Deeper\n\n"
            "- The new lesson's intro.\n"
        )


async def test_headings_keep_their_place_when_the_oldest_entries_are_dropped(monkeypatch):
    monkeypatch.setattr(explanation_log, "TRANSCRIPT_ENTRIES", 100)
    monkeypatch.setattr(explanation_log, "TRIM", 10)
    app = LogApp()
    async with app.run_test(size=(60, 12)):
        log = app.query_one(ExplanationLog)
        log.add_heading("First")
        for number in range(60):
            log.add_entry([f"Entry {number}."])
        log.add_heading("Second")
        for number in range(60, 100):
            log.add_entry([f"Entry {number}."])
        entries = log.entries
        assert entries[0].startswith("(The first") and [entries[i] for i in log.headings] == [
            "Second"
        ]


async def test_paging_on_through_a_long_entry_marks_the_top_and_hides_no_line():
    """Paged on (shift+↓) through the newest entry, the pane's top began mid-sentence with no
    mark; and with a hint row at the top and one at the bottom, a page of height − 1 rows
    hid the line under the old page's bottom hint."""
    app = LogApp()
    async with app.run_test(size=(40, 6)) as pilot:
        log = app.query_one(ExplanationLog)
        log.add_entry([" ".join(f"word{number}" for number in range(60))])
        await pilot.pause()
        lines = [line.plain for line in log._lines(log._count - 1)]
        seen: list[str] = []
        for _ in range(len(lines)):
            rows = [log.render_line(y).text.rstrip() for y in range(log.size.height)]
            if seen:
                assert rows[0].strip().startswith("↑ more above")
            seen += [row for row in rows if row.strip() and row.strip()[0] not in "↑↓"]
            log.action_scroll_page(-1)
            await pilot.pause()
        assert all(line.rstrip() in seen for line in lines)
