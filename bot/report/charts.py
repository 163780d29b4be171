"""The report's charts: matplotlib figures as inline SVG with a CJK font.

Text is drawn as glyph outlines (`svg.fonttype: path`), so Chinese labels look the same in any
browser, whatever fonts the reader has. The font is found with fontconfig (`fc-list :lang=zh`,
e.g. fonts-wqy-microhei); without one the charts are still drawn, the labels may show as boxes,
and the report says so (`missing_glyphs`).
"""
from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import warnings
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

logger = logging.getLogger(__name__)

PREFERRED_FONTS = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC",
                   "Source Han Sans SC", "Droid Sans Fallback")
COLOURS = ["#2f6fb0", "#e07b39", "#3a9a5b", "#c0392b", "#8e6bb8", "#7f8c8d", "#d4a017", "#16a085"]
_GLYPH_MISSING = re.compile(r"Glyph \d+ .*missing from current font")


def find_cjk_font() -> Optional[str]:
    """Path of a font file with Chinese glyphs (fontconfig), preferring the families above."""
    if not shutil.which("fc-list"):
        return None
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "file", "family"], capture_output=True,
                                text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    fonts: List[Tuple[str, str]] = []
    for line in listed.splitlines():
        path, _, family = line.partition(":")
        if path.strip():
            fonts.append((path.strip(), family.strip()))
    for wanted in PREFERRED_FONTS:
        for path, family in fonts:
            if wanted in family and path.lower().endswith((".ttf", ".ttc", ".otf")):
                return path
    return next((p for p, _ in fonts if p.lower().endswith((".ttf", ".ttc", ".otf"))), None)


class ChartMaker:
    """Draws the charts; remembers the font used and any glyph the font lacked."""

    def __init__(self) -> None:
        with warnings.catch_warnings():  # matplotlib 3.5 vs newer pyparsing: noise only
            warnings.simplefilter("ignore", DeprecationWarning)
            import matplotlib
            matplotlib.use("Agg")
            from matplotlib import font_manager, pyplot

        self.plt = pyplot
        self.font_name: Optional[str] = None
        self.missing_glyphs = 0
        path = find_cjk_font()
        if path:
            font_manager.fontManager.addfont(path)
            self.font_name = font_manager.FontProperties(fname=path).get_name()
        else:
            logger.warning("no font with Chinese glyphs found (fc-list :lang=zh); install "
                           "fonts-wqy-microhei, else the charts' Chinese labels show as boxes")
        self.style = {
            "font.family": [self.font_name] if self.font_name else ["DejaVu Sans"],
            "font.sans-serif": [self.font_name or "DejaVu Sans", "DejaVu Sans"],
            "axes.unicode_minus": False,  # the CJK font has no U+2212
            "svg.fonttype": "path",
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
        self._count = 0

    def _svg(self, draw: Callable[[Any, Any], None], size: Tuple[float, float]) -> str:
        import matplotlib

        self._count += 1
        # A salt per chart: the inline SVGs share one page, so their element ids must differ.
        with matplotlib.rc_context({**self.style, "svg.hashsalt": f"chart{self._count}"}), \
                warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            figure, axes = self.plt.subplots(figsize=size)
            try:
                draw(figure, axes)
                figure.tight_layout()
                buffer = io.StringIO()
                figure.savefig(buffer, format="svg")
            finally:
                self.plt.close(figure)
        self.missing_glyphs += sum(1 for w in caught if _GLYPH_MISSING.search(str(w.message)))
        svg = buffer.getvalue()
        return svg[svg.index("<svg"):]  # drop the XML prolog and doctype: it goes inside HTML

    @staticmethod
    def integer_ticks() -> Any:
        from matplotlib.ticker import MaxNLocator
        return MaxNLocator(integer=True)

    # -- the charts -------------------------------------------------------------------------
    def daily(self, days: Sequence[str], conversations: Sequence[int], messages: Sequence[int]) -> str:
        def draw(figure: Any, axes: Any) -> None:
            positions = range(len(days))
            axes.bar(positions, conversations, color=COLOURS[0], label="会话数")
            axes.set_ylabel("会话数")
            twin = axes.twinx()
            twin.plot(positions, messages, color=COLOURS[1], marker="o", label="用户消息数")
            twin.set_ylabel("用户消息数")
            twin.set_ylim(bottom=0)
            axes.set_xticks(list(positions))
            axes.set_xticklabels([d[5:] for d in days], rotation=45 if len(days) > 10 else 0)
            axes.set_title("每天的会话数与用户消息数（北京时间）")
            handles = axes.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
            axes.legend(handles, ["会话数", "用户消息数"], loc="upper left", frameon=False)
        return self._svg(draw, (8, 3.6))

    def bars(self, title: str, labels: Sequence[str], values: Sequence[float],
             unit: str = "", colour: Any = 0, value_format: str = "{:g}", whole: bool = True) -> str:
        """Horizontal bars in the given order, top down, each with its value written beside it.
        `colour`: one palette index, or one per bar; `whole`: counts (integer ticks)."""
        def draw(figure: Any, axes: Any) -> None:
            positions = list(range(len(labels)))[::-1]
            indexes = colour if isinstance(colour, (list, tuple)) else [colour] * len(labels)
            axes.barh(positions, values, height=0.6, color=[COLOURS[i % len(COLOURS)] for i in indexes])
            if whole:
                axes.xaxis.set_major_locator(self.integer_ticks())
            axes.set_yticks(positions)
            axes.set_yticklabels(labels)
            for y, value in zip(positions, values):
                axes.text(value, y, " " + value_format.format(value) + unit, va="center")
            axes.set_xlim(0, (max(values) if values else 1) * 1.25 or 1)
            axes.set_ylim(-0.75, len(labels) - 0.25)  # the same bar thickness for 1 bar or 10
            axes.set_title(title)
        return self._svg(draw, (8, max(1.8, 0.42 * len(labels) + 1.1)))

    def stacked(self, title: str, labels: Sequence[str], series: Dict[str, Sequence[int]]) -> str:
        """Horizontal stacked bars (e.g. forms: completed / abandoned)."""
        def draw(figure: Any, axes: Any) -> None:
            positions = list(range(len(labels)))[::-1]
            left = [0] * len(labels)
            for index, (name, values) in enumerate(series.items()):
                axes.barh(positions, values, left=left, height=0.6, color=COLOURS[index + 2], label=name)
                for y, start, value in zip(positions, left, values):
                    if value:
                        axes.text(start + value / 2, y, str(value), va="center", ha="center",
                                  color="white")
                left = [a + b for a, b in zip(left, values)]
            axes.set_yticks(positions)
            axes.set_yticklabels(labels)
            axes.set_ylim(-0.75, len(labels) - 0.25)
            axes.xaxis.set_major_locator(self.integer_ticks())
            axes.set_title(title)
            axes.legend(frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))  # off the bars
        return self._svg(draw, (8, max(1.8, 0.45 * len(labels) + 1.2)))

    def matrix(self, title: str, rows: Sequence[str], columns: Sequence[str],
               counts: Sequence[Sequence[int]], highlight: Sequence[Tuple[int, int]] = ()) -> str:
        """The guess/cause table as a heat map with the count in every cell."""
        def draw(figure: Any, axes: Any) -> None:
            peak = max((max(r) for r in counts if r), default=0) or 1
            axes.imshow(counts, cmap="Blues", vmin=0, vmax=peak, aspect="auto")
            axes.set_xticks(range(len(columns)))
            axes.set_xticklabels(columns, rotation=35, ha="right")
            axes.set_yticks(range(len(rows)))
            axes.set_yticklabels(rows)
            for i, row in enumerate(counts):
                for j, value in enumerate(row):
                    if value:
                        axes.text(j, i, str(value), ha="center", va="center",
                                  color="white" if value > peak * 0.6 else "black")
            for i, j in highlight:  # the cells where the guess was right
                axes.add_patch(self.plt.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False,
                                                  edgecolor=COLOURS[2], linewidth=2))
            axes.set_xlabel("后台查出的原因")
            axes.set_ylabel("用户自己说的原因")
            axes.set_title(title)
            for spine in axes.spines.values():
                spine.set_visible(False)
        return self._svg(draw, (min(11.0, max(6.5, 0.7 * len(columns) + 3.5)), max(3.4, 0.5 * len(rows) + 2.8)))
