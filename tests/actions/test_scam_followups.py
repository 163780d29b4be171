"""Scams and security, phrased as people write (trial 5: c03, c04, c08, c25): a stranger's reset
link, an SMS asking for the ID number and the code, a code already given away, the short
questions after a warning, and the security text never sent twice in one conversation."""
from __future__ import annotations

import pytest

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionCheckStatus
from actions.faq import ActionAnswerDigression, ActionSecurityInfo

SCAM_SMS = "【国家医保局】您的医保账户存在异常即将冻结，请于24小时内点击 http://ybj-gov.cc/jd 完成解冻认证"
WARNED = {"intent": "security_info", "text": SCAM_SMS, "bot": ["utter_scam_warning"]}
GAVE_IT = {"intent": "security_info", "text": "我已经把验证码回给他了", "bot": ["utter_scam_already"]}


def _said(run, responses, action, trk):
    return responses(run(action, trk)[1])


@pytest.mark.parametrize("text", [
    "有人微信发了个链接 说点了就能重置医保密码 能点不",
    "群里有人发了个网址 说进去就能解锁医保密码",
    "朋友转发了一个链接 说点进去就能解锁医保支付密码",
])
def test_a_strangers_reset_link_gets_where_resets_really_happen(fake, tracker, run, responses, text):
    assert _said(run, responses, ActionSecurityInfo(), tracker("security_info", text=text)) == ["utter_scam_link"]


@pytest.mark.parametrize("text", [
    "收到一条短信：【医保中心】您的医保电子凭证即将失效，请回复身份证号及验证码完成续期，否则将影响报销。",
    "短信让我回复验证码和身份证 说是医保年审",
    "有个电话说是医保中心的 让我报一下身份证号和验证码",
    "对方要我截图医保码发过去",
    "有人打电话说是医保局的 让我把收到的验证码报给他 他帮我冻结",  # asked, not yet given
    "朋友转发了一个链接 说点进去医保码就能升级",
    "陌生人发来一个网页，说填一下就能解冻医保账户",
])
def test_a_request_for_the_id_or_the_code_is_warned_about(fake, tracker, run, responses, text):
    said = _said(run, responses, ActionSecurityInfo(), tracker("security_info", text=text))
    assert said == ["utter_scam_warning"], text


@pytest.mark.parametrize("text", [
    "刚才有个男的打电话来 说他是医保局的 讲我的医保卡在外地被人盗刷了 让我把手机上收到的验证码念给他 我就念了",
    "我把身份证号和验证码都发给他了",
    "点了短信里的链接 还填了身份证和医保密码",
])
def test_a_code_given_away_without_a_warning_before_says_it_was_a_scam_then_what_to_do(
        fake, tracker, run, responses, text):
    said = _said(run, responses, ActionSecurityInfo(), tracker("security_info", text=text))
    assert said == ["utter_scam_called_out", "utter_scam_already"], text
    # signed in: also the channels to check, with their buttons
    said = _said(run, responses, ActionSecurityInfo(), tracker("security_info", "ok", text=text))
    assert said == ["utter_scam_called_out", "utter_scam_already", "utter_authorizations_active"]


@pytest.mark.parametrize("action, intent", [(ActionSecurityInfo(), "security_info"),
                                            (ActionCheckStatus(), "check_status"),
                                            (ActionFollowUp(), "follow_up")])
@pytest.mark.parametrize("text", ["我已经点进去了 还输了身份证号和医保密码 咋办",
                                  "我已经把验证码回给他了", "验证码我已经给他了 咋整"])
def test_already_given_after_a_warning_gets_the_steps(fake, tracker, run, responses, action, intent, text):
    said = _said(run, responses, action, tracker(intent, text=text, turns=[WARNED]))
    assert said == ["utter_scam_already"], text


@pytest.mark.parametrize("text, answer", [
    ("要报警不", "utter_scam_police"), ("需要去派出所报案吗", "utter_scam_police"),
    ("我卡里的钱会不会没了", "utter_scam_money"), ("钱会不会被转走啊", "utter_scam_money"),
    ("12393是啥电话 打了要钱不", "utter_scam_hotline"), ("打12393要钱不", "utter_scam_hotline"),
    ("要不要换手机号", "utter_scam_change_number"), ("手机号要换掉吗", "utter_scam_change_number"),
])
@pytest.mark.parametrize("before", [WARNED, GAVE_IT,
                                    {"intent": "security_info", "bot": ["utter_theft_steps"]}])
@pytest.mark.parametrize("action, intent", [(ActionOutOfScope(), "out_of_scope"),
                                            (ActionFollowUp(), "follow_up"),
                                            (ActionSecurityInfo(), "security_info")])
def test_short_questions_after_a_warning_are_answered_about_the_scam(fake, tracker, run, responses,
                                                                      text, answer, before, action, intent):
    said = _said(run, responses, action, tracker(intent, text=text, turns=[before]))
    assert said == [answer], (text, said)
    # asked again right after that answer: a person, not the same text
    again = {"intent": intent, "text": text, "bot": [answer]}
    said = _said(run, responses, action, tracker(intent, text=text, turns=[before, again]))
    assert said == ["utter_offer_human"], (text, said)


def test_the_money_answer_signed_in_lists_the_channels(fake, tracker, run, responses):
    said = _said(run, responses, ActionSecurityInfo(),
                 tracker("security_info", "ok", text="我卡里的钱会不会没了", turns=[GAVE_IT]))
    assert said == ["utter_scam_money", "utter_authorizations_active"]


def test_a_fear_for_the_money_without_a_warning_is_answered_directly(fake, tracker, run, responses):
    said = _said(run, responses, ActionSecurityInfo(), tracker("security_info", text="医保卡里的钱会不会被盗走"))
    assert said == ["utter_scam_money"]


def test_without_a_warning_the_short_questions_are_not_about_a_scam(fake, tracker, run, responses):
    said = _said(run, responses, ActionOutOfScope(), tracker("out_of_scope", text="要报警不"))
    assert said == ["utter_out_of_scope"]
    pin = {"intent": "forgot_pin", "bot": ["utter_generic_forgot_pin"]}
    said = _said(run, responses, ActionOutOfScope(), tracker("out_of_scope", text="要不要换手机号", turns=[pin]))
    assert said == ["utter_out_of_scope"]


def test_the_security_text_is_never_sent_twice(fake, tracker, run, responses):
    told = {"intent": "security_info", "text": "医保码安全吗", "bot": ["utter_security_info"]}
    said = _said(run, responses, ActionSecurityInfo(), tracker("security_info", text="医保码安全吗"))
    assert said == ["utter_security_info"]
    # asked again: no four-part text, a person instead
    said = _said(run, responses, ActionSecurityInfo(), tracker("security_info", text="那安全不", turns=[told]))
    assert said == ["utter_no_narrower_answer", "utter_offer_human"]
    # who can use the code: the part asked about (signed in: the channels and their buttons)
    ask = "要不要把支付宝的授权关了"
    said = _said(run, responses, ActionSecurityInfo(), tracker("security_info", text=ask, turns=[told]))
    assert said == ["utter_authorizations_advice"]
    said = _said(run, responses, ActionSecurityInfo(), tracker("security_info", "ok", text=ask, turns=[told]))
    assert said == ["utter_authorizations_active"]


def test_revoking_after_a_scam_warning_gets_the_channels_not_the_security_text(fake, tracker, run, responses):
    ask = "要不要把支付宝的授权关了"
    for before in (WARNED, GAVE_IT):
        said = _said(run, responses, ActionSecurityInfo(), tracker("security_info", "ok", text=ask, turns=[before]))
        assert said == ["utter_authorizations_active"]
        said = _said(run, responses, ActionSecurityInfo(), tracker("security_info", text=ask, turns=[before]))
        assert said == ["utter_authorizations_advice"]


def test_a_second_scam_in_one_conversation_gets_the_other_half_of_the_advice(fake, tracker, run, responses):
    other = {"intent": "faq", "text": "激活要钱吗", "bot": ["utter_faq/is_free"]}
    said = _said(run, responses, ActionSecurityInfo(),
                 tracker("security_info", text="又有人打电话说医保要停用 让我报验证码", turns=[WARNED, other]))
    assert said == ["utter_scam_next_steps"]


@pytest.mark.parametrize("text", ["重置密码的链接在哪", "微信里怎么重置密码", "你发的链接打不开", "医保码安全吗",
                                  "输了三次密码被锁了", "我在微信里输了密码 还是付不了"])
def test_ordinary_questions_get_no_scam_warning(fake, tracker, run, responses, text):
    said = _said(run, responses, ActionSecurityInfo(), tracker("security_info", text=text))
    assert not {"utter_scam_warning", "utter_scam_link", "utter_scam_called_out"} & set(said), text


def test_the_reset_link_after_this_assistant_sent_one_is_not_a_lure(fake, tracker, run, responses):
    sent = {"intent": "forgot_pin", "bot": ["utter_pin_ticket"]}
    said = _said(run, responses, ActionSecurityInfo(),
                 tracker("security_info", "ok", text="重置密码的链接在哪", turns=[sent],
                         slots={"pin_ticket_id": "tk1"}))
    assert said == ["utter_pin_link_above"]


def test_a_strangers_link_in_the_middle_of_the_pin_reset_is_warned_about(fake, tracker, run, responses):
    text = "有人微信发了个链接 说点了就能重置医保密码 能点不"
    trk = tracker("security_info", text=text, active_loop="pin_reset_form")
    assert _said(run, responses, ActionAnswerDigression(), trk) == ["utter_scam_link"]


def test_a_strangers_link_naming_wechat_is_no_answer_to_the_channel_question(fake, tracker, run, responses):
    from actions.forms import ValidatePinResetForm

    text = "有人微信发了个链接 说点了就能重置医保密码 能点不"
    trk = tracker("security_info", text=text, active_loop="pin_reset_form",
                  entities=[{"entity": "pay_channel", "value": "微信", "start": 3, "end": 5}],
                  turns=[{"event": "active_loop", "name": "pin_reset_form"}],
                  slots={"requested_slot": "pay_channel", "pay_channel": "微信"},
                  after=[{"event": "slot", "name": "pay_channel", "value": "微信"}])
    events, messages = run(ValidatePinResetForm(), trk)
    assert responses(messages) == ["utter_scam_link"]
    assert {"event": "slot", "timestamp": None, "name": "pay_channel", "value": None} in events
    # a plain answer still picks the channel
    plain = tracker("inform", text="微信", active_loop="pin_reset_form",
                    entities=[{"entity": "pay_channel", "value": "微信", "start": 0, "end": 2}],
                    turns=[{"event": "active_loop", "name": "pin_reset_form"}],
                    slots={"requested_slot": "pay_channel", "pay_channel": "微信"},
                    after=[{"event": "slot", "name": "pay_channel", "value": "微信"}])
    events, messages = run(ValidatePinResetForm(), plain)
    assert not responses(messages)
    assert {"event": "slot", "timestamp": None, "name": "pay_channel", "value": "wechat"} in events
