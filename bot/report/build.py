"""Read the store, count, draw, write `index.html` + `report.json` (and the NLU draft)."""
from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, Optional

from bot.report import labels as L
from bot.report.facts import BEIJING, conversation_facts
from bot.report.metrics import compute_metrics
from bot.report.render import empty_page, pct, report_page, seconds
from bot.report.similarity import nlu_draft
from bot.report.store import _safe, read_conversations

UNKNOWN_BARS = 10


@dataclass
class Built:
    out_dir: Path
    metrics: Dict[str, Any]
    seconds_reading: float
    seconds_total: float
    font: Optional[str]
    missing_glyphs: int
    nlu_draft: Optional[Path] = None

    @property
    def index(self) -> Path:
        return self.out_dir / "index.html"


def _when(timestamp: Optional[float]) -> str:
    return datetime.fromtimestamp(timestamp, BEIJING).strftime("%Y-%m-%d %H:%M") if timestamp else "…"


def period_label(since: Optional[float], until: Optional[float]) -> str:
    if since is None and until is None:
        return "全部记录"
    return f"{_when(since) if since else '最早'} 至 {_when(until) if until else '现在'}（北京时间，不含结束时刻）"


def write_atomic(path: Path, text: str) -> None:
    """Readers (the website) see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o640)  # conversations, even masked, are for operators only
    os.replace(tmp, path)


def build_report(url: str, out_dir: Path, since: Optional[float] = None, until: Optional[float] = None,
                 table: str = "events", export_nlu: Optional[Path] = None, progress: bool = True,
                 ) -> Built:
    started = time.monotonic()
    facts = []
    for conversation in read_conversations(url, since, until, table=table, progress=progress):
        item = conversation_facts(conversation.sender_id, conversation.events)
        if item is not None:
            facts.append(item)
    reading = time.monotonic() - started
    metrics = compute_metrics(facts)
    groups = metrics.pop("_unknown_groups")
    meta = {"period_label": period_label(since, until), "source": _safe(url),
            "generated_label": datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
            "export_hint": "把这些消息导出为训练数据草稿：python -m bot report --export-nlu 文件名.yml"
                           "（人工确认意图后再放入 data/nlu/）。"}
    font, missing = None, 0
    if metrics["totals"]["conversations"]:
        from bot.report.charts import ChartMaker

        maker = ChartMaker()
        charts = draw_charts(maker, metrics)
        font, missing = maker.font_name, maker.missing_glyphs
        if not font or missing:
            meta["font_warning"] = ("图表缺少中文字体（请安装 fonts-wqy-microhei），部分中文标签可能显示为方框。")
        page = report_page(meta, metrics, charts)
    else:
        page = empty_page(meta)
    out_dir = Path(out_dir)
    write_atomic(out_dir / "index.html", page)
    summary = {"generated_at": datetime.now(BEIJING).isoformat(timespec="seconds"),
               "period": {"since": since, "until": until, "label": meta["period_label"]},
               "source": meta["source"], "font": font, "missing_glyphs": missing, **metrics}
    write_atomic(out_dir / "report.json", json.dumps(summary, ensure_ascii=False, indent=1))
    draft = None
    if export_nlu is not None:
        draft = Path(export_nlu)
        write_atomic(draft, nlu_draft(groups))
    return Built(out_dir, metrics, reading, time.monotonic() - started, font, missing, draft)


def draw_charts(maker: Any, m: Dict[str, Any]) -> Dict[str, str]:
    charts: Dict[str, str] = {}
    days = m["per_day"]
    charts["daily"] = maker.daily([d["date"] for d in days], [d["conversations"] for d in days],
                                  [d["user_messages"] for d in days])
    charts["channels"] = maker.bars("各渠道的会话数", [L.name(L.CHANNEL, k) for k in m["channels"]],
                                    list(m["channels"].values()), unit=" 个")
    table = m["guess_vs_cause"]
    if table["rows"]:
        from bot.report.facts import guess_category

        counts = [[table["counts"][g].get(c, 0) for c in table["columns"]] for g in table["rows"]]
        hits = [(i, table["columns"].index(guess_category(g))) for i, g in enumerate(table["rows"])
                if guess_category(g) in table["columns"] and table["counts"][g].get(guess_category(g))]
        charts["guess_vs_cause"] = maker.matrix(
            "用户的猜测 vs 后台查出的原因（诊断次数）", [L.name(L.GUESS, g) for g in table["rows"]],
            [L.name(L.CAUSE, c) for c in table["columns"]], counts, hits)
    cont = m["containment"]
    charts["outcomes"] = maker.bars("会话结果", [L.OUTCOME[k] for k in ("solved", "handoff", "open")],
                                    [cont["solved"], cont["handoff"], cont["open"]], unit=" 个", colour=[2, 3, 5])
    if m["handoff_reasons"]:
        charts["handoff_reasons"] = maker.bars(
            "转人工的原因", [L.name(L.HANDOFF_REASON, k) for k in m["handoff_reasons"]],
            list(m["handoff_reasons"].values()), unit=" 个", colour=3)
    if m["forms"]:
        names = list(m["forms"])
        charts["forms"] = maker.stacked("引导修复：完成与放弃", [L.name(L.FORM, f) for f in names], {
            "完成": [m["forms"][f]["completed"] for f in names],
            "放弃": [m["forms"][f]["abandoned"] for f in names]})
    histogram = m["turns"]["histogram"]
    charts["turns"] = maker.bars("每个会话的用户消息数（轮次）", [f"{k} 条" for k in histogram],
                                 list(histogram.values()), unit=" 个", colour=4)
    lat = m["latency_seconds"]
    if lat["count"]:
        keys = ("p50", "p90", "p95", "p99", "max")
        charts["latency"] = maker.bars("回复时延（秒）", ["P50", "P90", "P95", "P99", "最大"],
                                       [round(lat[k], 2) for k in keys], unit=" 秒", colour=1, whole=False)
    groups = m["unknown"]["groups"][:UNKNOWN_BARS]
    if groups:
        charts["unknown"] = maker.bars("最常见的没听懂的消息", [_short(g["representative"]) for g in groups],
                                       [g["count"] for g in groups], unit=" 条", colour=5)
    return charts


def _short(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def console_summary(built: Built) -> str:
    """A few lines for the terminal after a build."""
    m = built.metrics
    totals, cont = m["totals"], m["containment"]
    lines = [f"报告已生成：{built.index}",
             f"  会话 {totals['conversations']}，用户消息 {totals['user_messages']}；自助解决 "
             f"{pct(cont['solved_rate'])}，转人工 {pct(cont['handoff_rate'])}，没听懂 "
             f"{pct(m['fallback']['message_rate'])}；回复时延 P50 {seconds(m['latency_seconds'].get('p50'))}",
             f"  读取 {built.seconds_reading:.1f} 秒，共 {built.seconds_total:.1f} 秒"]
    if built.nlu_draft:
        lines.append(f"  没听懂的消息草稿：{built.nlu_draft}（{m['unknown']['groups_total']} 组）")
    if totals["conversations"] and (not built.font or built.missing_glyphs):
        lines.append("  警告：图表缺少中文字体，请安装 fonts-wqy-microhei")
    return "\n".join(lines)
