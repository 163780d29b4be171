"""The report from a real stack: scripted conversations over the REST channel, then every figure
of the report checked against what was sent; the operator page in a real browser.

Real processes (wallet, action server, Rasa: the session `stack`); the report reads that
stack's SQLite tracker store, limited to this module's period (other tests' conversations are
older). The website (create_app, which mounts the /ops routes) runs in this process, uvicorn on a free port.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Dict, Iterator

import httpx
import pytest

from bot.processes import free_port
from bot.report.build import build_report
from bot.wallet_api import SyncWalletClient, WalletApiSettings
from tests.conftest import SERVICE_KEY, Chat

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
OPS_TOKEN = "stack-report-ops-token-0123456789"


def converse(stack) -> Dict[str, Chat]:
    """Thirteen conversations, every persona; each step checks the reply, so a changed dialogue
    fails here, not in the figures."""
    chats: Dict[str, Chat] = {}
    # 1. guesses 余额不足, the backend finds a region mismatch; switch done, re-check passes
    chen = chats["chen"] = Chat(stack, "chen_region")
    reply = chen.say("是不是余额不足啊，医保码付不了")
    assert "余额是充足的" in reply and "参保地不一致" in reply, reply
    assert "确认把医保码显示的参保地" in chen.click("深圳市")
    assert "已经切换好了" in chen.click("确认切换")
    assert "现在一切正常" in chen.say("改好了，现在可以用了吗")
    # 2. says only 付款失败了: insufficient balance; thanks
    zhao = chats["zhao"] = Chat(stack, "zhao_balance")
    assert "3.50" in zhao.say("付款失败了")
    zhao.say("好的谢谢")
    # 3. info mismatch, a human offered, 「好的」 (the channel reads it as the offer's button)
    zhou = chats["zhou"] = Chat(stack, "zhou_mismatch")
    zhou.say("付款失败了")
    assert "工单号T" in zhou.say("好的")
    # 4. over the limit (no human offered), then asks for one
    liu = chats["liu"] = Chat(stack, "liu_limit")
    assert "500.00" in liu.say("付款失败了")
    assert "工单号" in liu.say("转人工")
    # 5. anonymous nonsense twice: the second offers a human (nobody asked: no ticket)
    lost = chats["lost"] = Chat(stack)
    assert "没太明白" in lost.say("asdfghjk")
    second = lost.say("asdfghjk")
    assert "人工" in second and "工单号" not in second, second
    # 6. activation form left at its first question
    li = chats["li"] = Chat(stack, "li_unactivated")
    assert "没有激活" in li.say("付款失败了")
    assert "先不办了" in li.say("算了，不弄了")
    # 7. nothing failed on record
    assert "没有失败" in Chat(stack, "zhang_ok").say("付款失败了")
    # 8. anonymous: generic walk-through and the sign-in offer
    assert "登录" in Chat(stack).say("付款失败了")
    # 9.-13. the other personas say 付款失败了 once and leave (sun_pin_locked mid-form)
    for persona, phrase in ONE_MESSAGE.items():
        assert phrase in Chat(stack, persona).say("付款失败了"), persona
    return chats


# persona -> a phrase of its diagnosis (tests/integration/test_diagnosis.py); each leaves after it
ONE_MESSAGE = {"wang_frozen": "暂停", "sun_pin_locked": "锁定", "wu_family": "没有失败",
               "qian_network": "超时", "zheng_system": "大参林"}


@pytest.fixture(scope="module")
def stack_report(stack, tmp_path_factory) -> SimpleNamespace:
    SyncWalletClient(WalletApiSettings(wallet_url=stack.wallet_url, service_key=SERVICE_KEY,
                                       timeout_seconds=10)).demo_reset()
    since = time.time() - 1
    chats = converse(stack)
    out = tmp_path_factory.mktemp("ops-report")
    built = build_report(f"sqlite:///{stack.env['TRACKER_DB']}", out, since=since, progress=False)
    return SimpleNamespace(built=built, out=out, chats=chats)


def test_every_figure_matches_the_conversations_sent(stack_report):
    m = stack_report.built.metrics
    assert m["totals"]["conversations"] == 13
    assert m["totals"]["user_messages"] == 4 + 2 + 2 + 2 + 2 + 2 + 1 + 1 + 5
    assert m["channels"] == {"rest": 13}
    assert m["guess_vs_cause"]["counts"] == {
        "insufficient_balance": {"region_mismatch": 1},
        "payment_failed": {"insufficient_balance": 1, "info_mismatch": 1, "over_limit": 1,
                           "not_activated": 1, "no_failure": 2, "not_signed_in": 1,
                           "status_abnormal": 1, "pin_locked": 1, "network_timeout": 1,
                           "institution_system_error": 1},
    }
    assert (m["guess_vs_cause"]["guessed"], m["guess_vs_cause"]["guessed_right"]) == (1, 0)
    cont = m["containment"]
    assert (cont["solved"], cont["solved_by_recheck"], cont["solved_by_confirmation"]) == (2, 1, 1)
    assert (cont["handoff"], cont["open"]) == (2, 9)
    assert m["handoff_reasons"] == {"accepted_offer": 1, "asked": 1}
    assert m["handoff_causes"] == {"info_mismatch": 1, "over_limit": 1}
    assert (m["fallback"]["messages"], m["fallback"]["conversations"]) == (2, 1)
    assert m["forms"] == {
        "activation_form": {"started": 1, "completed": 0, "abandoned": 1, "abandoned_at": {"pay_channel": 1}},
        "pin_reset_form": {"started": 1, "completed": 0, "abandoned": 1, "abandoned_at": {"pay_channel": 1}},
        "region_switch_form": {"started": 1, "completed": 1, "abandoned": 0, "abandoned_at": {}},
    }
    assert m["turns"]["max"] == 4 and m["turns"]["histogram"] == {
        "1": 7, "2": 5, "3": 0, "4-5": 1, "6-10": 0, "11+": 0}
    assert m["resolution_seconds"]["count"] == 2
    latency = m["latency_seconds"]
    assert latency["count"] == 21 and 0 < latency["p50"] <= latency["max"] < 60
    assert m["unknown"]["groups"] == [{"representative": "asdfghjk", "count": 2, "examples": {"asdfghjk": 2}}]
    page = stack_report.built.index.read_text(encoding="utf-8")
    assert "<b>13</b><span>会话</span>" in page and "<b>15.4%</b><span>自助解决率</span>" in page


@pytest.fixture(scope="module")
def website(stack, stack_report) -> Iterator[str]:
    """The demo website with the /ops routes, serving this module's report."""
    import uvicorn

    from bot.web.app import create_app
    from bot.web.config import WebSettings

    port = free_port()
    # create_app mounts the /ops routes itself, reading these two from the environment
    saved = {name: os.environ.get(name) for name in ("OPS_TOKEN", "OPS_REPORT_DIR")}
    os.environ.update(OPS_TOKEN=OPS_TOKEN, OPS_REPORT_DIR=str(stack_report.out))
    try:
        app = create_app(WebSettings(port=port, rasa_url=stack.rasa_url, wallet_url=stack.wallet_url))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    assert any(getattr(route, "path", "") == "/ops/report" for route in app.routes), \
        "bot/web/app.py does not include bot.web.ops.ops_router()"
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.started, "website did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_operator_page_needs_the_token_and_renders_the_charts(stack, website, stack_report, artifacts_dir):
    for site in (website, stack.web_url):  # this module's site, and the stack's own website
        refused = httpx.get(f"{site}/ops/report", timeout=10)
        assert refused.status_code == 401 and "运营令牌" in refused.text, site
        assert "用户的猜测" not in refused.text
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: install it with `apt-get install -y chromium` (.ci/run does)")
    from playwright.sync_api import sync_playwright

    folder = artifacts_dir / "screenshots"
    folder.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
            page.goto(f"{website}/ops/report")
            page.fill("input[name=token]", OPS_TOKEN)
            page.click("button[type=submit]")
            try:
                page.wait_for_selector("#guesses figure svg")
            except Exception:
                page.screenshot(path=str(folder / "ops-report-not-shown.png"))
                raise
            charts = page.locator("figure svg")
            assert charts.count() >= 7
            for index in range(charts.count()):
                chart = charts.nth(index)
                box = chart.bounding_box()
                assert chart.is_visible() and box and box["width"] > 300 and box["height"] > 100, (index, box)
                assert chart.locator("path").count() > 20  # bars, axes and glyph outlines drawn
            # glyph outlines in the charts: no label drawn with a font that lacks it
            saved = httpx.get(f"{website}/ops/report.json", timeout=10,
                              headers={"Authorization": f"Bearer {OPS_TOKEN}"}).json()
            assert saved["font"] and "WenQuanYi" in saved["font"] and saved["missing_glyphs"] == 0
            page.screenshot(path=str(folder / "ops-report-full.png"), full_page=True)
            page.locator("#guesses").screenshot(path=str(folder / "ops-report-guesses.png"))
            page.locator("#containment").screenshot(path=str(folder / "ops-report-containment.png"))
        finally:
            browser.close()
