"""The website widget end to end in headless Chromium: demo page → rasa-webchat → socket.io → Rasa.

Screenshots of the key steps go to test-artifacts/screenshots/.
"""
from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator, List

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import Widget, collect_console_errors

pytestmark = pytest.mark.usefixtures("fresh_personas")

XSS = "<img src=x onerror=alert(1)>"


def test_persona_diagnosis_buttons_and_pin_reset_on_the_secure_page(page, context, stack, wallet_api,
                                                                      shot, dialogs):
    errors = collect_console_errors(page)
    widget = Widget(page, stack).open_site()
    expect(page).to_have_title(re.compile("医保支付助手"))
    widget.sign_in("sun_pin_locked", "孙敏")
    shot(page, "signed-in")

    widget.open_chat()
    widget.say("付款失败了")
    widget.bot("锁定")
    expect(page.locator(".rw-response").filter(has_text="我查了您的记录")).to_be_visible()
    shot(page, "diagnosis")

    # Buttons are buttons (role, keyboard focus), and clicking one answers with its payload.
    expect(page.get_by_role("button", name="支付宝", exact=True)).to_have_attribute("tabindex", "0")
    widget.click_button("支付宝")
    widget.bot("开一个密码重置单")
    widget.click_button("好的，开重置单")

    link = page.locator(".rw-response a[href*='/wallet/pin-reset/']").last
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href.startswith(f"{stack.wallet_url}/wallet/pin-reset/")
    assert "noopener" in (link.get_attribute("rel") or "")
    shot(page, "reset-link")

    # The visitor follows the link (a new tab) and resets the PIN on the wallet's own page.
    with context.expect_page() as opened:
        link.click()
    secure = opened.value
    secure.wait_for_load_state()
    assert secure.url == href
    secure.click("#face-check-btn")
    for pin in ("123456", "480317"):  # a trivial PIN is refused, a good one accepted
        secure.fill("#pin", pin)
        secure.fill("#pin-confirm", pin)
        secure.click("#submit-pin")
        if pin == "123456":
            expect(secure.locator("#result")).not_to_be_empty()
            expect(secure.locator("#result")).not_to_contain_text("密码重置成功")
    expect(secure.locator("#result")).to_contain_text("密码重置成功")
    shot(secure, "secure-page-done")
    secure.close()

    widget.say("改好了，现在可以了吗")
    widget.bot("锁定已解除")
    shot(page, "unlocked")

    # The signed-in person's token reached Rasa as message metadata, over the socketio channel
    # (the answers above are personal); the tracker store keeps only that there was one.
    token = json.loads(page.evaluate("sessionStorage.getItem('yibao.demo.signin')"))["token"]
    events = widget.tracker_events()
    users = [e for e in events if e["event"] == "user"]
    assert users and all(e["input_channel"] == "socketio" for e in users)
    assert all((e.get("metadata") or {}).get("token") == "[已隐藏]" for e in users)
    assert token not in json.dumps(events)
    entries = wallet_api.get("/persons/sun_pin_locked/audit-log").json()["entries"]
    created = [e for e in entries if e["action"] == "pin_reset.ticket_created"]
    assert created and created[-1]["channel"] == "socketio"
    assert created[-1]["conversation_id"] == widget.conversation_id()

    # A reload keeps the conversation: the messages are still there and it carries on.
    session = widget.session_id()
    page.reload()
    expect(page.locator(".rw-client").filter(has_text="付款失败了").first).to_be_visible()
    expect(page.locator(".rw-response").filter(has_text="锁定已解除").last).to_be_visible()
    assert widget.session_id() == session
    widget.say("谢谢")
    widget.bot("不客气")
    assert [e["text"] for e in widget.tracker_events() if e["event"] == "user"][-1] == "谢谢"
    shot(page, "after-reload")
    assert dialogs == []
    assert errors == []  # e.g. no blocked font request, no script error


def test_anonymous_visitor_gets_the_walkthrough_and_html_stays_text(page, stack, shot, dialogs):
    errors = collect_console_errors(page)
    widget = Widget(page, stack).open_site()
    expect(page.locator("#signin-status")).to_contain_text("匿名访问")
    widget.open_chat()
    widget.say(XSS)
    widget.say("付款失败了")
    widget.bot("付款失败常见的原因有")
    shot(page, "anonymous")

    # The text shows literally; nothing of it became an element, and no script ran.
    expect(page.locator(".rw-client .rw-message-text").filter(has_text=XSS)).to_have_count(1)
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("[...document.images].filter(i => i.getAttribute('src') === 'x').length") == 0
    assert dialogs == []
    users = [e for e in widget.tracker_events() if e["event"] == "user"]
    # both messages reached the tracker (all() of nothing would pass), neither with a token
    assert len(users) >= 2 and all(not (e.get("metadata") or {}).get("token") for e in users)
    assert errors == []


def partner_page(stack, title: str) -> str:
    """Another site: the widget is one script tag and a few settings."""
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>合作网站</title></head>
<body><h1>某市医保服务网（合作网站）</h1>
<script src="{stack.web_url}/embed.js" data-socket-url="{stack.rasa_url}" data-title="{title}"
        data-open="true"></script></body></html>"""


@pytest.fixture
def other_site(stack) -> Iterator[str]:
    """A real second web site on another port (an origin not on the allow-list)."""
    body = partner_page(stack, "不该出现的助手").encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_opening_the_chat_before_the_socket_connects_keeps_one_socket_and_session(page, stack):
    # The cause of a reply that never came: opening the chat (a visitor's click, or data-open)
    # before the first socket connected made rasa-webchat open a second one. Each got its own
    # session; the widget stored one and sent through the other socket, and the channel drops
    # messages for a session not confirmed to that socket: silence. Hold the handshake until the
    # chat is open, so the click always comes first.
    handshakes: List[Any] = []

    def is_handshake(url: str) -> bool:
        return "/socket.io/" in url and "sid=" not in url

    def hold(route: Any) -> None:
        handshakes.append(route)

    page.route(is_handshake, hold)
    widget = Widget(page, stack).open_site()
    page.click(".rw-launcher")
    expect(page.locator(".rw-conversation-container")).to_be_visible()
    page.wait_for_timeout(1000)  # the widget had every chance to open another socket
    assert len(handshakes) == 1
    for route in handshakes:
        route.continue_()
    page.unroute(is_handshake)
    widget.bot("我是医保支付助手")
    widget.say("医保电子凭证是什么")
    widget.bot("医保电子凭证")
    assert [e["text"] for e in widget.tracker_events() if e["event"] == "user"][-1] == "医保电子凭证是什么"


def test_embeds_on_an_allowed_site_and_is_refused_elsewhere(browser, page, stack, shot, other_site):
    # http://localhost:<web port> is another origin than the demo site, and is on the allow-list.
    # Playwright serves that page (so it has no address), and Chromium lets such a page load
    # scripts from 127.0.0.1 only with the local-network-access permission.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  permissions=["local-network-access"])
    partner = context.new_page()
    allowed = f"http://localhost:{stack.ports.web}/partner.html"
    partner.route(allowed, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8",
                                                       body=partner_page(stack, "合作网站医保助手")))
    partner.goto(allowed)
    expect(partner.locator(".rw-conversation-container")).to_contain_text("合作网站医保助手")
    Widget(partner, stack).say("你好")
    expect(partner.locator(".rw-response").filter(has_text="我是医保支付助手").first).to_be_visible()
    shot(partner, "partner-site")
    context.close()

    # The same tag on a site that is not configured: the widget shows, but Rasa refuses the
    # socket.io handshake (400, no CORS header), so no session starts and nothing is answered.
    console: List[str] = []
    page.on("console", lambda message: console.append(message.text))
    with page.expect_event("requestfailed", lambda r: "/socket.io/" in r.url) as handshake:
        page.goto(other_site)
    assert handshake.value.url.startswith(f"{stack.rasa_url}/socket.io/")
    expect(page.locator(".rw-conversation-container")).to_contain_text("不该出现的助手")
    page.wait_for_timeout(2000)
    expect(page.locator(".rw-new-message")).to_be_disabled()  # the widget never got connected
    expect(page.locator(".rw-response")).to_have_count(0)
    assert not [text for text in console if "session_confirm" in text]
    assert any("CORS" in text for text in console)
    shot(page, "refused-site")


@pytest.mark.parametrize("transport", ["polling", "websocket"])
def test_socketio_refuses_other_origins(stack, transport):
    url = f"{stack.rasa_url}/socket.io/"
    params = {"EIO": "4", "transport": transport}
    headers = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="} if transport == "websocket" else {}
    refused = httpx.get(url, params=params, headers={**headers, "Origin": "http://evil.example"}, timeout=10)
    assert refused.status_code in (400, 403)
    assert "access-control-allow-origin" not in refused.headers
    if transport == "polling":
        demo = f"http://127.0.0.1:{stack.ports.web}"
        accepted = httpx.get(url, params=params, headers={"Origin": demo}, timeout=10)
        assert accepted.status_code == 200
        assert accepted.headers["access-control-allow-origin"] == demo


def test_anonymous_visitor_signs_in_with_phone_and_code_from_the_demo_inbox(page, context, stack, shot):
    phone = "15810263391"  # zhao_balance
    widget = Widget(page, stack).open_site()
    widget.open_chat()
    widget.say("手机验证")
    widget.bot("绑定的手机号")
    widget.say(phone)
    widget.bot("158****3391")
    # The code is read off the demo "phone", a separate page, as a person reads an SMS.
    inbox = context.new_page()
    inbox.goto(f"{stack.web_url}/sms?phone={phone}")
    message = inbox.locator("#sms-list li").first
    expect(message).to_contain_text("验证码是")
    code = re.search(r"验证码是(\d{6})", message.inner_text()).group(1)
    expect(inbox.locator("#persona-phones")).to_contain_text("赵丽娟")
    shot(inbox, "sms-inbox")
    inbox.close()
    widget.say(code)
    widget.bot("验证成功，赵丽娟您好")
    widget.click_button("付款为什么失败")
    widget.bot("北京同仁堂王府井店")
    shot(page, "phone-signed-in")
    users = [e for e in widget.tracker_events() if e["event"] == "user"]
    assert all(phone not in (e.get("text") or "") for e in users)
    # Attached by the channel (the page has none), then dropped by the tracker store.
    assert (users[-1].get("metadata") or {}).get("token") == "[已隐藏]"
