"""The widget as impatient, offline, keyboard and screen-reader users meet it (issue 13).

Answers are held back in the browser (Playwright routes the widget's WebSocket) to make a slow
backend; the network is cut with the browser context's offline switch. Phone-sized screenshots
while waiting and while offline go to test-artifacts/screenshots/.
"""
from __future__ import annotations

import json
import re
import time
from typing import Any, Dict, List

import httpx
import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from bot.settings import ROOT
from tests.browser.helpers import PHONE, Widget, collect_console_errors, collect_foreign_requests

pytestmark = pytest.mark.usefixtures("fresh_personas")

AXE = ROOT / "bot" / "web" / "node_modules" / "axe-core" / "axe.min.js"
STARTERS = ["付款失败了", "怎么激活医保码", "忘记支付密码", "手机验证", "转人工"]


class HeldReplies:
    """Relays the widget's socket.io WebSocket and, while holding, keeps the bot's answers back:
    to the page the backend is slow. Counts what the page sends."""

    def __init__(self, page: Page) -> None:
        self.holding = False
        self.held: List[Any] = []
        self.sent: List[str] = []
        self.sockets: List[WebSocketRoute] = []
        page.route_web_socket(re.compile(r".*/socket\.io/.*"), self._route)

    def _route(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        self.sockets.append(ws)

        def from_page(message: Any) -> None:
            if isinstance(message, str):
                self.sent.append(message)
            server.send(message)

        def from_server(message: Any) -> None:
            if self.holding and isinstance(message, str) and '"bot_uttered"' in message:
                self.held.append((ws, message))
            else:
                ws.send(message)

        ws.on_message(from_page)
        server.on_message(from_server)

    def hold(self) -> None:
        self.holding = True

    def release(self) -> None:
        self.holding = False
        held, self.held = self.held, []
        for ws, message in held:
            ws.send(message)

    def user_messages(self, text: str) -> int:
        """How many user_uttered events with exactly this text the page sent."""
        count = 0
        for frame in self.sent:
            if frame.startswith("42") and '"user_uttered"' in frame:
                event = json.loads(frame[frame.index("["):])
                count += event[1].get("message") == text
        return count


def user_texts(widget: Widget) -> List[str]:
    return [e["text"] for e in widget.tracker_events() if e["event"] == "user"]


def greeted(widget: Widget) -> None:
    widget.open_chat()
    widget.bot("我是医保支付助手")


def test_first_visit_starters_identity_and_no_third_party_requests(page, stack, shot):
    errors = collect_console_errors(page)
    foreign = collect_foreign_requests(page, f"127.0.0.1:{stack.ports.web}", f"127.0.0.1:{stack.ports.rasa}",
                                       f"127.0.0.1:{stack.ports.wallet}")
    widget = Widget(page, stack).open_site()
    greeted(widget)
    header = page.locator(".rw-conversation-container .rw-header")
    expect(header).to_contain_text("匿名访问")
    starters = page.locator(".yb-starter")
    expect(starters).to_have_text(STARTERS)
    for index in range(len(STARTERS)):
        assert starters.nth(index).bounding_box()["height"] >= 44
    shot(page, "starters")

    page.get_by_role("button", name="怎么激活医保码", exact=True).click()
    expect(page.locator(".rw-client").filter(has_text="怎么激活医保码")).to_have_count(1)
    expect(starters.first).to_be_hidden()  # only on a first visit: gone once the person spoke
    widget.bot("激活医保码可以在")
    assert "怎么激活医保码" in user_texts(widget)
    page.reload()  # the same conversation: no starter buttons again
    widget.bot("激活医保码可以在")
    expect(page.locator(".rw-client").first).to_be_visible()
    expect(starters.first).to_be_hidden()

    # The widget's stylesheet imported a Google font; now nothing leaves for a third party and
    # the console stays clean (the page's CSP used to log one error per stylesheet).
    assert foreign == []
    assert errors == []


def test_signed_in_person_is_shown_masked_and_links_are_labelled(page, context, stack, shot):
    errors = collect_console_errors(page)
    widget = Widget(page, stack).open_site()
    widget.sign_in("sun_pin_locked", "孙敏")
    widget.open_chat()
    header = page.locator(".rw-conversation-container .rw-header")
    expect(header).to_contain_text("已登录：孙*")
    expect(header).not_to_contain_text("孙敏")
    widget.say("付款失败了")
    widget.bot("锁定")
    widget.click_button("支付宝")
    widget.click_button("好的，开重置单")
    link = page.locator(".rw-response a[href*='/wallet/pin-reset/']").last
    expect(link).to_have_text("打开重置页面")  # not an 80-character raw URL
    assert link.get_attribute("href").startswith(f"{stack.wallet_url}/wallet/pin-reset/")
    # The reply asks to compare the address bar with the link: the site is still shown.
    expect(page.locator(".yb-link-site").last).to_contain_text(f"127.0.0.1:{stack.ports.wallet}")
    shot(page, "labelled-link")
    assert errors == []


def test_waiting_is_visible_and_a_resend_is_not_processed_twice(browser, stack, shot):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        errors = collect_console_errors(page)
        socket = HeldReplies(page)
        widget = Widget(page, stack).open_site()
        # On a phone the launcher never covers the privacy hint, wherever the page is scrolled.
        hint = page.locator(".privacy-hint")
        launcher = page.locator(".rw-launcher")
        for block in ("start", "end"):
            hint.evaluate(f"element => element.scrollIntoView({{block: '{block}'}})")
            assert not overlap(hint.bounding_box(), launcher.bounding_box()), block
        greeted(widget)

        socket.hold()  # from here the backend is "slow": answers are held back
        widget.say("付款失败了")
        typing = page.locator(".yb-typing")
        expect(typing).to_be_visible()
        expect(typing).to_contain_text("助手正在回复")
        expect(page.locator(".rw-new-message")).to_be_enabled()  # the input stays usable
        shot(page, "phone-waiting")

        page.fill(".rw-new-message", "付款失败了")  # impatient: the same again
        page.keyboard.press("Enter")
        expect(page.locator(".yb-notice")).to_contain_text("正在处理")
        expect(page.locator(".rw-new-message")).to_have_value("")
        expect(page.locator(".rw-client").filter(has_text="付款失败了")).to_have_count(1)
        page.wait_for_timeout(1000)
        assert socket.user_messages("付款失败了") == 1
        expect(typing).to_be_visible()

        socket.release()
        widget.bot("付款失败常见的原因有")
        expect(typing).to_be_hidden()
        assert user_texts(widget).count("付款失败了") == 1

        # Answered: the same text may be sent again and is processed again.
        widget.say("付款失败了")
        expect(page.locator(".rw-client").filter(has_text="付款失败了")).to_have_count(2)
        wait_until(lambda: user_texts(widget).count("付款失败了") == 2)
        assert errors == []
    finally:
        context.close()


def test_offline_notice_and_what_was_typed_offline_is_sent_on_reconnect(browser, stack, shot):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        widget = Widget(page, stack).open_site()
        greeted(widget)

        context.set_offline(True)
        notice = page.locator(".yb-connection")
        expect(notice).to_have_text("连接中断，正在重连…")
        expect(notice).to_have_attribute("role", "status")
        page.fill(".rw-new-message", "怎么激活医保码")
        page.keyboard.press("Enter")
        unsent = page.locator(".yb-unsent")
        expect(unsent).to_contain_text("未发送")
        expect(unsent).to_contain_text("怎么激活医保码")
        expect(page.locator(".rw-client").filter(has_text="怎么激活医保码")).to_have_count(0)
        shot(page, "phone-offline")
        assert "怎么激活医保码" not in user_texts(widget)

        context.set_offline(False)
        expect(notice).to_be_hidden()
        expect(page.locator(".yb-notice")).to_contain_text("已补发您离线时输入的 1 条消息")
        expect(unsent).to_have_count(0)
        expect(page.locator(".rw-client").filter(has_text="怎么激活医保码")).to_have_count(1)
        widget.bot("激活医保码可以在")
        assert user_texts(widget).count("怎么激活医保码") == 1
    finally:
        context.close()


def test_a_dropped_socket_shows_the_notice_and_the_widget_reconnects(page, stack):
    socket = HeldReplies(page)
    widget = Widget(page, stack).open_site()
    greeted(widget)
    for ws in socket.sockets:
        ws.close(code=1006, reason="network gone")  # the connection drops under the page
    notice = page.locator(".yb-connection")
    expect(notice).to_have_text("连接中断，正在重连…")
    expect(notice).to_be_hidden()  # socket.io reconnects by itself, into the same session
    widget.say("医保电子凭证是什么")
    widget.bot("医保电子凭证")


def test_accessibility_with_axe_and_the_keyboard(browser, stack, shot):
    assert AXE.is_file(), "axe-core is not installed: npm ci --prefix bot/web"
    # axe is injected as an inline script, which the page's CSP (rightly) forbids.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        widget = Widget(page, stack).open_site()
        launcher = page.get_by_role("button", name="打开在线客服：医保支付助手")
        launcher.focus()
        page.keyboard.press("Enter")  # the launcher works from the keyboard
        expect(page.locator(".rw-conversation-container")).to_be_visible()
        widget.bot("我是医保支付助手")
        box = page.get_by_role("textbox", name="输入您的问题")
        expect(box).to_be_focused()
        send = page.get_by_role("button", name="发送", exact=True)
        expect(send).to_be_visible()  # before anything is typed
        fill = send.locator("svg").evaluate("icon => getComputedStyle(icon).fill")
        assert fill not in ("rgba(0, 0, 0, 0)", "transparent", "none"), fill
        expect(page.locator(".rw-messages-container")).to_have_attribute("aria-live", "polite")
        assert_no_serious_violations(page)

        # Focus order: the conversation, the starter buttons, the text box, send, the launcher.
        box.fill("你好")
        page.locator(".rw-messages-container").focus()
        names = []
        for _ in range(len(STARTERS) + 3):
            page.keyboard.press("Tab")
            names.append(page.evaluate(
                "() => { const e = document.activeElement;"
                " return e.getAttribute('aria-label') || e.textContent.trim(); }"))
        assert names == STARTERS + ["输入您的问题", "发送", "关闭在线客服"], names
        box.fill("")

        # A reply with quick replies: buttons by role, reachable, pressable, 44 px tall.
        page.get_by_role("button", name="忘记支付密码", exact=True).press("Enter")
        widget.bot("在哪个渠道使用医保码")
        replies = page.locator(".rw-conversation-container .rw-reply")
        expect(replies.first).to_be_visible()
        for index in range(replies.count()):
            reply = replies.nth(index)
            assert reply.get_attribute("role") == "button" and reply.get_attribute("tabindex") == "0"
            assert reply.bounding_box()["height"] >= 44
        shot(page, "quick-replies")
        assert_no_serious_violations(page)
    finally:
        context.close()


def assert_no_serious_violations(page: Page) -> None:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    result: Dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
        " 'best-practice']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    assert result["passes"], "axe ran no checks"


def overlap(a: Dict[str, float], b: Dict[str, float]) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def wait_until(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.25)


def test_the_served_bundle_has_no_font_import_and_keeps_one_socket(stack):
    # What the tests above drive is the patched bundle (bot/web/bundle.py).
    bundle = httpx.get(f"{stack.web_url}/widget.js", timeout=10).text
    assert "fonts.googleapis.com" not in bundle
    assert 'key:"isInitialized",value:function(){return null!==this.socket}' in bundle
