"""The report page: one self-contained HTML file (inline CSS and SVG charts, no script)."""
from __future__ import annotations

import html
from typing import Any, Dict, List, Optional, Sequence

from bot.report import labels as L
from bot.report.definitions import DEFINITIONS

STYLE = """
body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:0;background:#f5f6f8;color:#222;line-height:1.6}
header{background:#1f4e79;color:#fff;padding:20px 32px}header h1{margin:0;font-size:24px}
header p{margin:4px 0 0;opacity:.9;font-size:14px}main{max-width:1100px;margin:0 auto;padding:16px 24px 48px}
section{background:#fff;border-radius:8px;padding:16px 24px;margin:16px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h2{font-size:19px;margin:4px 0 12px;color:#1f4e79}h3{font-size:15px;margin:16px 0 6px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{flex:1 1 120px;background:#eef3f9;border-radius:6px;padding:10px 14px}
.card b{display:block;font-size:24px;color:#1f4e79}.card span{font-size:13px;color:#555}
table{border-collapse:collapse;margin:8px 0;font-size:14px}th,td{border:1px solid #dde;padding:4px 10px;text-align:right}
th{background:#f0f3f7}td.t,th.t{text-align:left}td.hit{background:#e3f4e8;font-weight:bold}
figure{margin:12px 0}figure svg{max-width:min(100%,820px);height:auto;display:block}.note{color:#666;font-size:13px}
.warn{background:#fff4e0;border-left:4px solid #e07b39;padding:8px 12px}dl dt{font-weight:bold;margin-top:8px}
dl dd{margin:2px 0 0 16px;color:#444;font-size:14px}.empty{text-align:center;padding:48px 24px}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def pct(rate: Optional[float]) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def seconds(value: Optional[float]) -> str:
    if value is None:
        return "—"
    if value < 60:
        return f"{value:.1f} 秒"
    minutes, rest = divmod(int(round(value)), 60)
    return f"{minutes} 分 {rest:02d} 秒" if minutes < 60 else f"{minutes // 60} 小时 {minutes % 60} 分"


def _table(head: Sequence[str], rows: List[Sequence[Any]], left: int = 1, cls: str = "") -> str:
    out = [f'<table class="{cls}"><tr>' + "".join(
        f'<th class="{"t" if i < left else ""}">{_e(h)}</th>' for i, h in enumerate(head)) + "</tr>"]
    for row in rows:
        out.append("<tr>" + "".join(f'<td class="{"t" if i < left else ""}">{_e(c)}</td>'
                                    for i, c in enumerate(row)) + "</tr>")
    return "".join(out) + "</table>"


def _figure(svg: Optional[str], caption: str) -> str:
    if not svg:
        return ""
    return f'<figure data-chart="{_e(caption)}">{svg}<figcaption class="note">{_e(caption)}</figcaption></figure>'


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>")


def _header(meta: Dict[str, Any]) -> str:
    return (f"<header><h1>医保支付助手 · 运营分析报告</h1><p>统计范围：{_e(meta['period_label'])}"
            f" ｜ 生成时间：{_e(meta['generated_label'])} ｜ 数据来源：{_e(meta['source'])}</p></header>")


def empty_page(meta: Dict[str, Any]) -> str:
    body = (_header(meta) + '<main><section class="empty"><h2>这段时间还没有对话记录</h2>'
            "<p>用户和助手聊过之后，这里会显示会话量、用户猜测与实际原因的对照、解决率等图表。</p>"
            '<p class="note">可以先运行 <code>make run</code>，在网页右下角和助手聊几句，'
            "再运行 <code>python -m bot report</code> 重新生成本报告；或检查 --since / --until 的日期。</p>"
            "</section></main>")
    return page("运营分析报告（暂无数据）", body)


def report_page(meta: Dict[str, Any], m: Dict[str, Any], charts: Dict[str, str]) -> str:
    totals, cont, fb = m["totals"], m["containment"], m["fallback"]
    lat = m["latency_seconds"]
    cards = [(totals["conversations"], "会话"), (totals["user_messages"], "用户消息"),
             (pct(cont["solved_rate"]), "自助解决率"), (pct(cont["handoff_rate"]), "转人工率"),
             (pct(fb["message_rate"]), "没听懂的消息占比"),
             (seconds(lat.get("p50")), "回复时延中位数")]
    parts = [_header(meta), "<main>"]
    if meta.get("font_warning"):
        parts.append(f'<p class="warn">{_e(meta["font_warning"])}</p>')
    parts.append('<section id="summary"><h2>概览</h2><div class="cards">' + "".join(
        f"<div class='card'><b>{_e(v)}</b><span>{_e(k)}</span></div>" for v, k in cards) + "</div></section>")
    parts.append(_volume(m, charts))
    parts.append(_guesses(m, charts))
    parts.append(_containment(m, charts))
    parts.append(_efficiency(m, charts))
    parts.append(_unknown(m, charts, meta))
    parts.append('<section id="definitions"><h2>指标定义</h2><dl>' + "".join(
        f"<dt>{_e(term)}</dt><dd>{_e(text)}</dd>" for term, text in DEFINITIONS) + "</dl></section>")
    parts.append("</main>")
    return page("医保支付助手 · 运营分析报告", "".join(parts))


def _volume(m: Dict[str, Any], charts: Dict[str, str]) -> str:
    rows = [(d["date"], d["conversations"], d["user_messages"]) for d in m["per_day"]]
    total = m["totals"]["conversations"]
    channels = [(L.name(L.CHANNEL, k), v, pct(v / total if total else None)) for k, v in m["channels"].items()]
    return ('<section id="volume"><h2>会话量与渠道</h2>' + _figure(charts.get("daily"), "每天的会话数与用户消息数")
            + _table(["日期（北京时间）", "会话数", "用户消息数"], rows)
            + _figure(charts.get("channels"), "各渠道的会话数")
            + _table(["渠道", "会话数", "占比"], channels) + "</section>")


def _guesses(m: Dict[str, Any], charts: Dict[str, str]) -> str:
    from bot.report.facts import guess_category

    table = m["guess_vs_cause"]
    if not table["rows"]:
        return ('<section id="guesses"><h2>用户的猜测 vs 后台查出的原因</h2>'
                "<p>这段时间没有做过诊断（没有人说付款失败或某个具体问题）。</p></section>")
    head = ["用户说的 ＼ 后台查出的"] + [L.name(L.CAUSE, c) for c in table["columns"]] + ["合计"]
    rows_html = ["<table><tr>" + "".join(f'<th class="{"t" if i == 0 else ""}">{_e(h)}</th>'
                                         for i, h in enumerate(head)) + "</tr>"]
    for guess in table["rows"]:
        counts = table["counts"][guess]
        cells = [f'<td class="t">{_e(L.name(L.GUESS, guess))}</td>']
        for cause in table["columns"]:
            hit = " hit" if guess_category(guess) == cause and counts.get(cause) else ""
            cells.append(f'<td class="{hit.strip()}">{counts.get(cause, 0) or ""}</td>')
        cells.append(f"<td>{sum(counts.values())}</td>")
        rows_html.append("<tr>" + "".join(cells) + "</tr>")
    rows_html.append("</table>")
    findings = []
    for guess, wrong in table["guessed_wrong_other_cause"].items():
        counts = table["counts"][guess]
        top = max((c for c in counts if c != guess_category(guess) and c in L.CAUSE and c not in (
            "no_failure", "not_signed_in", "unknown", "backend_unavailable")), key=lambda c: counts[c])
        findings.append(f"说{L.name(L.GUESS, guess)}的 {sum(counts.values())} 次诊断里，{wrong} 次后台查出的是别的原因，"
                        f"最多的是「{L.name(L.CAUSE, top)}」（{counts[top]} 次）。")
    summary = (f"<p>共 {table['diagnoses']} 次诊断（{table['conversations']} 个会话）。用户自己猜了原因的 "
               f"{table['guessed']} 次里，猜对 {table['guessed_right']} 次（{pct(table['guessed_right_rate'])}）。</p>")
    return ('<section id="guesses"><h2>用户的猜测 vs 后台查出的原因</h2>' + summary
            + "".join(f"<p>· {_e(f)}</p>" for f in findings)
            + _figure(charts.get("guess_vs_cause"), "用户说的原因（行）与后台查出的原因（列）；绿框为猜对")
            + "".join(rows_html) + "</section>")


def _containment(m: Dict[str, Any], charts: Dict[str, str]) -> str:
    cont, fb, total = m["containment"], m["fallback"], m["totals"]["conversations"]
    outcome_rows = [(L.OUTCOME["solved"], cont["solved"], pct(cont["solved_rate"])),
                    ("　其中：引导修复后复查通过", cont["solved_by_recheck"], ""),
                    ("　其中：用户确认（道谢）", cont["solved_by_confirmation"], ""),
                    (L.OUTCOME["handoff"], cont["handoff"], pct(cont["handoff_rate"])),
                    (L.OUTCOME["open"], cont["open"], pct(cont["open"] / total if total else None))]
    reasons = [(L.name(L.HANDOFF_REASON, k), v) for k, v in m["handoff_reasons"].items()]
    causes = [(L.name(L.CAUSE, k), v) for k, v in m["handoff_causes"].items()]
    forms = [(L.name(L.FORM, f), e["started"], e["completed"], e["abandoned"],
              "，".join(f"{L.name(L.STEP, s)} {n}" for s, n in e["abandoned_at"].items()) or "—")
             for f, e in m["forms"].items()]
    return ('<section id="containment"><h2>解决情况</h2>'
            + _figure(charts.get("outcomes"), "会话结果") + _table(["结果", "会话数", "占比"], outcome_rows)
            + f"<p>不需要人工的会话占 {pct(cont['without_human_rate'])}。</p>"
            + "<h3>转人工的原因</h3>" + (_figure(charts.get("handoff_reasons"), "转人工的原因")
                                      + _table(["原因", "会话数"], reasons)
                                      + _table(["转人工时已查出的原因", "会话数"], causes)
                                      if reasons else "<p>这段时间没有转人工。</p>")
            + "<h3>没听懂</h3>" + _table(["", "数量", "占比"], [
                ("没听懂的用户消息", fb["messages"], pct(fb["message_rate"])),
                ("出现过没听懂的会话", fb["conversations"], pct(fb["conversation_rate"]))])
            + "<h3>引导修复（表单）</h3>" + (_figure(charts.get("forms"), "各引导流程：完成与中途放弃")
                                         + _table(["流程", "开始", "完成", "放弃", "放弃时停在哪一步"], forms)
                                         if forms else "<p>这段时间没有开始过引导流程。</p>")
            + "</section>")


def _efficiency(m: Dict[str, Any], charts: Dict[str, str]) -> str:
    turns, res, lat, dur = m["turns"], m["resolution_seconds"], m["latency_seconds"], m["duration_seconds"]
    rows = [("每个会话的用户消息数（轮次）", turns["count"], _n(turns.get("mean")), _n(turns.get("p50")),
             _n(turns.get("p90")), _n(turns.get("max"))),
            ("自助解决用时", res["count"], seconds(res.get("mean")), seconds(res.get("p50")),
             seconds(res.get("p90")), seconds(res.get("max"))),
            ("会话时长", dur["count"], seconds(dur.get("mean")), seconds(dur.get("p50")),
             seconds(dur.get("p90")), seconds(dur.get("max")))]
    latency = ("<p>没有记录到回复时延。</p>" if not lat["count"] else
               _figure(charts.get("latency"), "回复时延分位数") + _table(
                   ["回复时延", "次数", "P50", "P90", "P95", "P99", "最大"],
                   [("", lat["count"], seconds(lat["p50"]), seconds(lat["p90"]), seconds(lat["p95"]),
                     seconds(lat["p99"]), seconds(lat["max"]))]))
    return ('<section id="efficiency"><h2>轮次、解决用时与回复时延</h2>'
            + _figure(charts.get("turns"), "每个会话的用户消息数分布")
            + _table(["", "会话数", "平均", "中位数", "P90", "最大"], rows) + latency + "</section>")


def _n(value: Optional[float]) -> str:
    return "—" if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


def _unknown(m: Dict[str, Any], charts: Dict[str, str], meta: Dict[str, Any]) -> str:
    unknown = m["unknown"]
    if not unknown["groups"]:
        return '<section id="unknown"><h2>助手没听懂的消息</h2><p>这段时间没有没听懂的消息。</p></section>'
    rows = [(i, g["representative"], g["count"],
             "；".join(f"{t}（{n}）" for t, n in list(g["examples"].items())[:5]))
            for i, g in enumerate(unknown["groups"], 1)]
    return ('<section id="unknown"><h2>助手没听懂的消息（已脱敏，按相似度分组）</h2>'
            f"<p>共 {unknown['messages']} 条，分成 {unknown['groups_total']} 组，下面是最多的 "
            f"{len(unknown['groups'])} 组。</p>" + _figure(charts.get("unknown"), "最常见的没听懂的消息（组）")
            + _table(["#", "代表句", "条数", "同组例句（次数）"], rows, left=2)
            + f'<p class="note">{_e(meta["export_hint"])}</p></section>')
