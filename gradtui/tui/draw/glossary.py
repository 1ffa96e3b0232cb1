"""The glossary's text: the words the chart, the detail and the log use, the regimes'
thresholds (read from ``gradtui.explain.regime``, so that the glossary says what the chart
does), the chart's marks, and a one-line title for every claim code C1–C24."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from gradtui.explain import format as fmt
from gradtui.explain import regime, say

__all__ = ["CLAIM_CODES", "glossary"]

CLAIM_CODES = tuple(f"C{number}" for number in range(1, 25))
"""The claims of CLAIMS.md, as lessons and the views name them."""


def glossary(lang: str = "en") -> Text:
    """The whole glossary, one paragraph per word, then one line per claim."""
    text = Text(end="")
    text.append(say("glossary_title", lang) + "\n\n", Style(bold=True))
    words = ("glossary_grad_a", "glossary_grad_w", "glossary_a_vs_w", "glossary_local")
    for key in (*words, "glossary_running"):
        text.append(say(key, lang) + "\n\n")
    regimes = say(
        "glossary_regimes",
        lang,
        # Read at each call: the glossary says what the chart's classify does now.
        vanishing=fmt.share(regime.VANISHING_BELOW),
        exploding=fmt.times(regime.EXPLODING_ABOVE),
        huge=fmt.number(regime.HUGE_ABOVE),
    )
    text.append(regimes + "\n\n")
    text.append(say("glossary_marks", lang) + "\n\n")
    text.append(say("glossary_claims", lang) + "\n", Style(bold=True))
    width = max(len(code) for code in CLAIM_CODES)
    for code in CLAIM_CODES:
        text.append(f"{code:<{width}} ", Style(bold=True))
        text.append(say(f"claim_{code}", lang) + "\n")
    text.rstrip()
    return text
