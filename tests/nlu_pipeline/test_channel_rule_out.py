"""「我不会用支付宝」「没装国家医保APP」: the channel is tagged as ruled out, not as the one chosen."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.guard import ChannelRuleOutGuard
from bot.nlu.ruled_out import ruled_out_channels


@pytest.mark.parametrize("text, codes", [
    ("我不会用支付宝", ["alipay"]),
    ("俺没微信", ["wechat"]),
    ("我手机里没装那个国家医保APP", ["app"]),
    ("支付宝我不会弄，有别的办法吗", ["alipay"]),
    ("微信跟支付宝都没有", ["wechat", "alipay"]),
    ("我妈没有支付宝也不会用微信", ["alipay", "wechat"]),
    ("zfb 不会弄", ["alipay"]),
    ("国家医保app没下载，怎么付款", ["app"]),
    # said in passing (trial round 4): where, how long, a bare "app"
    ("我平时只用微信 那个医保app我手机里没有", ["app"]),
    ("app早就卸了，用微信行不行", ["app"]),
    ("我没有那个app", ["app"]),
    # trial round 11: 「不太会」 rules it out too (it had been taken as choosing WeChat)
    ("微信我也不太会", ["wechat"]),
    ("那个国家医保APP我也装不上", ["app"]),
    ("支付宝不大会用 还有别的不", ["alipay"]),
    # the verb belongs to the channel before it, not to the next clause's
    ("app没装 微信里也找不到", ["app"]),
    ("忘了密码 app我也没装 支付宝里能改吗", ["app"]),
])
def test_channels_ruled_out(text, codes):
    assert [code for code, _, _ in ruled_out_channels(text)] == codes


@pytest.mark.parametrize("text", [
    "微信付不了", "微信里没有医保码", "我没有用微信付", "支付宝不会扣钱吧", "用微信怎么付款",
    "在支付宝激活的", "支付宝上医保码打不开", "app里怎么改密码", "app没有这个功能吗", "我在app上没找到医保码",
])
def test_a_channel_that_fails_or_is_chosen_is_not_ruled_out(text):
    assert ruled_out_channels(text) == []


def _message(text, intent, entities):
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": 0.4})
    message.set("entities", entities)
    return message


def test_the_guard_swaps_the_entity_and_reads_a_bare_rule_out_as_an_answer():
    text = "我不会用支付宝，用微信行吗"
    entities = [{"entity": "pay_channel", "value": "支付宝", "start": 4, "end": 7},
                {"entity": "pay_channel", "value": "微信", "start": 9, "end": 11}]
    [message] = ChannelRuleOutGuard().process([_message(text, "faq", entities)])
    assert [(e["entity"], e["value"]) for e in message.get("entities")] == [
        ("pay_channel", "微信"), ("ruled_out_channel", "alipay")]
    assert message.get("intent")["name"] == "inform"
    # a problem keeps its intent: 「我没有微信，怎么激活」 is still about activation
    [message] = ChannelRuleOutGuard().process([_message("我没有微信，怎么激活", "activate_credential", [])])
    assert message.get("intent")["name"] == "activate_credential"
    assert [e["value"] for e in message.get("entities")] == ["wechat"]


def test_a_long_faq_question_that_mentions_a_missing_channel_keeps_its_intent():
    text = "我爸妈都没有微信，也没有智能手机，他们去医院看病医保还能不能用"
    [message] = ChannelRuleOutGuard().process([_message(text, "faq", [])])
    assert message.get("intent")["name"] == "faq"
    assert [e["value"] for e in message.get("entities")] == ["wechat"]
