"""The explanation log: one short entry per step, wrapped to the pane, scrolling, copyable
as plain text or Markdown."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import RichLog

__all__ = ["ExplanationLog"]

MAX_ENTRIES = 2000


class ExplanationLog(RichLog):
    """Entries as wrapped paragraphs (Rich wraps by cell width, so CJK text wraps right)."""

    DEFAULT_CSS = """
    ExplanationLog {
        background: $surface;
        scrollbar-size-vertical: 1;
        padding: 0 0 0 1;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(
            max_lines=20 * MAX_ENTRIES,
            min_width=16,
            wrap=True,
            markup=False,
            auto_scroll=True,
            **kwargs,
        )
        self.entries: list[str] = []
        """Every entry so far (the last ``MAX_ENTRIES``), for copying and saving."""

    def add_entry(self, sentences: list[str]) -> None:
        """Append one step's sentences as one entry."""
        if not sentences:
            return
        text = " ".join(sentences)
        self.entries.append(text)
        del self.entries[:-MAX_ENTRIES]
        entry = Text(end="")
        entry.append("• ", style="bold")
        entry.append(text)
        self.write(entry, scroll_end=True)

    def transcript(self) -> str:
        """The whole log as Markdown, one bullet per entry."""
        return "".join(f"- {entry}\n" for entry in self.entries)
