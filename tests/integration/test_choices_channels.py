"""Typed answers to buttons and chat-sized bubbles on every channel, against the running stack.

A person who answers 「2」 or 「第二个」 must get exactly what pressing the second button gives:
compared here with a second conversation of the same persona that presses the button.
"""
from __future__ import annotations

import asyncio
import re
import uuid
from typing import Any, Dict, List

import httpx
import pytest
from wechatpy import parse_message

from bot.channels.wechat import MORE_HINT, WECHAT_REPLY_CHARS, WeChatInput, paginate, render
from tests.conftest import WECHAT_TOKEN
from tests.integration.conftest import signed_params, text_xml

# Personas as seeded (one test switches chen_region's region); not for the in-process test.
seeded = pytest.mark.usefixtures("fresh_personas")


def texts(messages: List[Dict[str, Any]]) -> List[str]:
    return [m["text"] for m in messages if m.get("text")]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def at_region_choice(chat):
    conversation = chat("chen_region")
    conversation.say("付款失败了")
    assert len(conversation.buttons) >= 2, conversation.last  # the region question
    return conversation


def pressed_second(chat) -> List[Dict[str, Any]]:
    """What pressing the second region button gives (the reference)."""
    conversation = at_region_choice(chat)
    conversation.say(conversation.buttons[1]["payload"])
    return conversation.last


def without_recipient(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [{k: v for k, v in m.items() if k != "recipient_id"} for m in messages]


@seeded
@pytest.mark.parametrize("answer", ["2", "第二个", "２号"])
def test_rest_typed_number_is_the_second_button(chat, answer):
    expected = pressed_second(chat)
    assert "确认把医保码显示的参保地" in "".join(texts(expected))
    conversation = at_region_choice(chat)
    conversation.say(answer)
    assert without_recipient(conversation.last) == without_recipient(expected)
    # What reached Rasa is the button's payload, so NLU never read 「2」 as goodbye.
    user_events = [e for e in conversation.tracker()["events"] if e.get("event") == "user"]
    assert user_events[-1]["parse_data"]["intent"]["name"] == "inform"


@seeded
def test_rest_naming_the_option_and_saying_yes(chat, wallet_api):
    conversation = at_region_choice(chat)
    reply = conversation.say("深圳那个")
    assert "切换为深圳市" in reply  # the option named, whatever its number
    assert [b["title"] for b in conversation.buttons] == ["确认切换", "先不切换"]
    reply = conversation.say("是的")
    assert "已经切换好了" in reply
    assert wallet_api.get("/persons/chen_region").json()["shown_region"]["code"] == "440300"


@seeded
def test_rest_free_text_is_left_alone(chat):
    conversation = at_region_choice(chat)
    reply = conversation.say("我看不懂这个是什么意思")
    assert "好的，祝您身体健康" not in reply
    user_events = [e for e in conversation.tracker()["events"] if e.get("event") == "user"]
    assert user_events[-1]["text"] == "我看不懂这个是什么意思"


@seeded
def test_rest_long_texts_come_as_chat_sized_bubbles(chat):
    conversation = chat()
    conversation.say("医保电子凭证是什么")
    bubbles = texts(conversation.last)
    assert len(bubbles) >= 2 and all(len(b) <= 150 for b in bubbles), bubbles


def wechat(stack, openid: str, content: str) -> str:
    response = httpx.post(f"{stack.rasa_url}/webhooks/wechat/webhook", params=signed_params(),
                          content=text_xml(openid, content, msg_id=uuid.uuid4().int % 10**15).encode(),
                          timeout=60)
    assert response.status_code == 200, response.text
    return parse_message(response.text).content


@seeded
@pytest.mark.parametrize("answer", ["第二个", "2"])
def test_wechat_typed_answer_is_the_second_button(stack, chat, answer):
    expected_text, _ = render(pressed_second(chat))
    wechat(stack, "wx_chen_region", "/restart")  # the bound openid's conversation from the start
    first = wechat(stack, "wx_chen_region", "付款失败了")
    assert "回复数字选择" in first
    reply = wechat(stack, "wx_chen_region", answer)
    assert squeeze(reply) == squeeze(expected_text)


@seeded
def test_rest_a_number_past_the_options_asks_again_and_the_choice_still_works(chat):
    conversation = at_region_choice(chat)
    shown = [b["title"] for b in conversation.buttons]
    reply = conversation.say("第三个")
    assert "只有2个选项" in reply and "帮不上" not in reply, reply
    assert [b["title"] for b in conversation.buttons] == shown
    assert "确认" in conversation.say("2")  # the region question is still the one answered


@seeded
def test_wechat_a_number_past_the_options_lists_them_again(stack):
    wechat(stack, "wx_chen_region", "/restart")
    wechat(stack, "wx_chen_region", "付款失败了")
    reply = wechat(stack, "wx_chen_region", "5")
    assert "只有2个选项" in reply and "回复数字选择" in reply, reply


@seeded
def test_socketio_typed_answer_is_the_second_button(stack, chat, wallet):
    from tests.browser.helpers import SocketChat

    expected = pressed_second(chat)
    token = wallet.demo_session("chen_region")["token"]
    socket = SocketChat(stack)
    try:
        first = socket.say("付款失败了", token=token)
        assert any(m.get("quick_replies") for m in first), first
        reply = socket.say("第二个", token=token)
    finally:
        socket.close()
    assert texts(reply) == texts(expected)
    assert [q["payload"] for m in reply for q in m.get("quick_replies") or []] == \
        [b["payload"] for m in expected for b in m.get("buttons") or []]


def test_wechat_long_reply_in_parts_fetched_with_0():
    """In process (no stack needed): a turn whose reply is longer than a WeChat reply."""
    paragraphs = [f"第{i}段：" + "医保码使用说明。" * 12 for i in range(1, 9)]  # ~800 characters
    buttons = [{"title": "国家医保APP", "payload": "/a"}, {"title": "支付宝", "payload": "/b"}]
    seen: List[str] = []

    async def on_new_message(message):
        seen.append(message.text)
        if len(seen) == 1:
            await message.output_channel.send_text_message(message.sender_id, "\n\n".join(paragraphs))
            await message.output_channel.send_text_with_buttons(message.sender_id, "您用哪个？", buttons)
        else:
            await message.output_channel.send_text_message(message.sender_id, "好的。")

    channel = WeChatInput(token=WECHAT_TOKEN, app_id="wx0", aes_key=None,
                          wallet_url="http://127.0.0.1:9", service_key="k")

    async def conversation():
        replies = [await channel._ask_assistant(on_new_message, "wx_reader", "怎么用")]
        while replies[-1].endswith(MORE_HINT):
            replies.append(await channel._ask_assistant(on_new_message, "wx_reader", "0"))
        replies.append(await channel._ask_assistant(on_new_message, "wx_reader", "支付宝吧"))
        return replies

    replies = asyncio.run(conversation())
    parts, last = replies[:-1], replies[-1]
    assert len(parts) >= 2 and all(len(p) <= WECHAT_REPLY_CHARS for p in parts)
    assert all(p.endswith(MORE_HINT) for p in parts[:-1]) and not parts[-1].endswith(MORE_HINT)
    full, _ = render([{"text": "\n\n".join(paragraphs)}, {"text": "您用哪个？", "buttons": buttons}])
    assert squeeze("".join(p.replace(MORE_HINT, "") for p in parts)) == squeeze(full)
    assert parts[-1].endswith("1. 国家医保APP\n2. 支付宝")
    assert seen == ["怎么用", "/b"]  # 「0」 never reached Rasa; the named option did, as its payload
    assert last == "好的。"
    assert paginate("短") == ["短"]


@seeded
@pytest.mark.parametrize("pick_digits, debug, who", [(False, True, "the channel read 「第二个」"),
                                                    (True, False, "picked by the shell")])
def test_operator_shell_resolves_a_named_choice_like_the_channels(stack, chat, pick_digits, debug, who):
    """As typed (default), the REST channel resolves the choice and the shell says so;
    --pick-digits resolves it in the shell, as before. Either way the same answer."""
    import argparse
    import io

    from bot.shell import Session
    from tests.conftest import API_TOKEN

    expected = texts(pressed_second(chat))
    out = io.StringIO()
    session = Session(argparse.Namespace(persona="chen_region", rasa_url=stack.rasa_url,
                                         wallet_url=stack.wallet_url, api_token=API_TOKEN,
                                         debug=debug, pick_digits=pick_digits), out)
    session.handle("付款失败了")
    session.handle("第二个")
    transcript = out.getvalue().split("用户: 第二个")[-1]
    assert "(choice 2: " in transcript and who in transcript
    assert [line[len("助手: "):] for line in transcript.splitlines() if line.startswith("助手: ")] == expected


@seeded
def test_socketio_a_number_past_the_options_asks_again(stack, wallet):
    from tests.browser.helpers import SocketChat

    token = wallet.demo_session("chen_region")["token"]
    socket = SocketChat(stack)
    try:
        socket.say("付款失败了", token=token)
        reply = socket.say("第三个", token=token)
    finally:
        socket.close()
    assert any("只有2个选项" in t for t in texts(reply)), reply
    assert len([q for m in reply for q in m.get("quick_replies") or []]) == 2, reply
