"""A human ticket only when the person asks for one or accepts the offer, over REST and phrased
as people write (trial 3: c03, c05, c08, c18, c32)."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")

TICKET_NO = re.compile(r"T\d{8}-\d{4}")


def offers_human(conversation) -> bool:
    return any(b["payload"] == "/request_human" for b in conversation.buttons)


@pytest.mark.parametrize("persona, text", [
    ("qian_network", "好 我换个网络试试 要是还是不行再来问你"),
    ("wang_frozen", "不用 我去药店再试试，还是不行再找你"),  # right after a human was offered
])
def test_trying_first_gets_a_short_yes_without_a_recheck_or_a_ticket(chat, persona, text):
    conversation = chat(persona)
    conversation.say("付款失败了")
    reply = conversation.say(text)
    assert "先试试" in reply and "还是不行" in reply, reply
    assert "工单号" not in reply and "重新查" not in reply and "抱歉还没解决" not in reply, reply
    assert not offers_human(conversation)
    # and when it then really fails, the re-check and the offer come
    again = conversation.say("换了网络还是不行")
    assert "重新查" in again and "工单号" not in again, again


def test_two_misunderstandings_in_a_row_offer_a_human_without_opening_one(chat):
    conversation = chat()
    conversation.say("sdfjkl;;")
    for text in ("啊啊啊啊啊", "哎呀呀呀"):
        reply = conversation.say(text)
        assert "没明白" in reply and "工单号" not in reply, reply
        assert offers_human(conversation) and len(conversation.buttons) >= 3
    # accepting the offer opens it, with what an anonymous person needs to be called back
    reply = conversation.say("好的")
    assert "工单号T" in reply and "手机验证" in reply, reply


def test_asking_about_the_ticket_answers_about_that_ticket(chat):
    conversation = chat("wang_frozen")
    conversation.say("付款失败了")
    opened = TICKET_NO.findall(conversation.say("转人工"))
    assert len(opened) == 1
    for text in ("那工单多久有人联系我", "我那个工单咋样了"):
        reply = conversation.say(text)
        assert TICKET_NO.findall(reply) == opened, reply  # the same ticket, no second one
        assert "已经开好" in reply and "手机号" in reply and "12393" in reply, reply
    # without a ticket: none yet, and an offer
    other = chat("zhang_ok")
    reply = other.say("我那个工单咋样了")
    assert "还没有" in reply and "工单号" not in reply and offers_human(other), reply


def test_still_not_working_with_a_ticket_open_refers_to_it(chat):
    conversation = chat("qian_network")
    conversation.say("付款失败了")
    conversation.say("那我现在咋办")
    opened = TICKET_NO.findall(conversation.say("试了重启 还是不行"))  # right after the offer
    assert len(opened) == 1
    reply = conversation.say("还是不行")
    assert "重新查" in reply and TICKET_NO.findall(reply) == opened, reply
    assert "自费" in reply and not offers_human(conversation), reply
    later = conversation.say("好 我再换个网络试试 不行再找你")
    assert TICKET_NO.findall(later) == opened and "先试试" in later, later
