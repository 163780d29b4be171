"""Trial round 9: English as a conversation (thanks, a person asked for, the intro once, a code that
will not pay, a mixed message, 「???」 after English), and revoking an authorization by words."""
from __future__ import annotations

import pytest

from actions.context import ActionOutOfScope
from actions.english import ActionAnswerEnglish, english_reply
from actions.faq import ActionAnswerDigression, ActionHowToPay, ActionSecurityInfo
from actions.handoff import ActionFallback
from bot.nlu.guard import language_verdict

ENGLISH_TURN = [{"intent": "other_language", "text": "hello do u speak english", "bot": ["utter_english_only"]}]
LISTED = [{"intent": "security_info", "text": "授权管理", "bot": ["utter_authorizations_active"]}]
ALIPAY = [{"entity": "pay_channel", "value": "支付宝"}]


# --- 1. English --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["ok thanks", "thank you", "ok i try wifi. thanks", "Thanks a lot!"])
def test_english_thanks_get_a_short_welcome(text):
    assert english_reply(text) == (["utter_english_welcome"], False)
    assert language_verdict(text) == "other"


def test_thanks_with_a_problem_still_get_the_problem_answered():
    names, handoff = english_reply("thanks but my code still doesn't work")
    assert "utter_english_welcome" not in names and "utter_english_payment" in names and not handoff


@pytest.mark.parametrize("text", ["Can I talk to a human who speaks English?", "human please", "agent",
                                  "I want to speak to a real person"])
def test_a_person_asked_for_in_english_gets_the_handoff(fake, tracker, run, responses, text):
    assert language_verdict(text) == "other"
    events, messages = run(ActionAnswerEnglish(), tracker("other_language", text=text))
    assert responses(messages) == ["utter_english_human", "utter_handoff_ticket_anonymous"]
    assert any(e.get("name") == "handoff_ticket" for e in events)
    assert not any(e.get("event") == "followup" for e in events)  # no rule would follow it


def test_an_agent_who_called_for_the_code_is_a_scam_not_a_request():
    assert english_reply("an agent called me and wants my code") == (
        ["utter_english_only", "utter_english_scam"], False)


def test_do_you_speak_english_asks_for_nobody():
    assert english_reply("hello do u speak english") == (["utter_english_only"], False)


def test_the_intro_is_said_once_a_conversation(fake, tracker, run, responses):
    later = tracker("other_language", text="how can i reset my pin??", turns=ENGLISH_TURN)
    assert responses(run(ActionAnswerEnglish(), later)[1]) == ["utter_english_pin"]
    nothing = tracker("other_language", text="hello anyone there", turns=ENGLISH_TURN)
    assert responses(run(ActionAnswerEnglish(), nothing)[1]) == ["utter_english_reminder"]
    in_form = tracker("other_language", text="what now", turns=ENGLISH_TURN, active_loop="pin_reset_form")
    assert responses(run(ActionAnswerDigression(), in_form)[1]) == ["utter_english_reminder"]


def test_a_code_that_will_not_pay_gets_the_key_checks(fake, tracker, run, responses, domain):
    text = "My medical insurance QR code won't work at the pharmacy. What should I do?"
    trk = tracker("other_language", "ok", text=text)
    assert responses(run(ActionAnswerEnglish(), trk)[1]) == ["utter_english_only", "utter_english_payment"]
    line = domain["responses"]["utter_english_payment"][0]["text"]
    assert "activated" in line and "Wi-Fi" in line and "limit" in line and "手机验证" in line
    assert fake.calls == []  # no diagnosis in English


def test_mixed_broken_chinese_gets_english_and_short_chinese(fake, tracker, run, responses, domain):
    text = "my chinese not good. 医保码 不能 用. 怎么办"
    assert language_verdict(text) == "other"
    assert responses(run(ActionAnswerEnglish(), tracker("other_language", text=text))[1]) == [
        "utter_english_only", "utter_english_payment", "utter_code_not_working_simple"]
    chinese = domain["responses"]["utter_code_not_working_simple"][0]["text"]
    assert "激活" in chinese and "网络" in chinese and "12393" in chinese and "截图" not in chinese


@pytest.mark.parametrize("text", ["医保码付不了", "我不会用支付宝", "ok", "wifi 连不上"])
def test_chinese_without_a_language_named_stays_chinese(text):
    assert language_verdict(text) != "other"


def test_question_marks_after_english_get_the_english_reminder(fake, tracker, run, responses):
    after = tracker("nlu_fallback", text="???", turns=ENGLISH_TURN)
    assert responses(run(ActionFallback(), after)[1]) == ["utter_english_reminder"]
    chinese = [{"intent": "payment_failed", "text": "付不了", "bot": ["utter_generic_payment_failed"]}]
    assert responses(run(ActionFallback(), tracker("nlu_fallback", text="???", turns=chinese))[1]) \
        == ["utter_default"]


def test_every_english_line_is_short_and_has_the_hotline_where_it_promises_it(domain):
    for name in ("utter_english_reminder", "utter_english_welcome", "utter_english_human"):
        text = domain["responses"][name][0]["text"]
        assert "12393" in text and len(text) < 300, name


# --- 2. Revoking an authorization by words ------------------------------------------------------
def _starts_the_revoke(events, channel, label):
    assert ("followup", "revoke_authorization_form") in [(e["event"], e.get("name")) for e in events], events
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots == {"auth_channel": channel, "auth_channel_label": label}


def test_a_channel_named_after_the_list_starts_its_buttons_confirmation(fake, tracker, run):
    trk = tracker("inform", "ok", text="支付宝那个取消掉吧 我平时不用", entities=ALIPAY, turns=LISTED)
    events, messages = run(ActionHowToPay(), trk)
    _starts_the_revoke(events, "alipay", "支付宝")
    assert messages == []  # the form asks for the confirmation
    assert not any(call[0] == "revoke_authorization" for call in fake.calls)  # never without it


def test_i_mean_cancel_alipays_authorization_is_no_second_list(fake, tracker, run):
    trk = tracker("security_info", "ok", text="我是说把支付宝的授权取消了", entities=ALIPAY, turns=LISTED)
    _starts_the_revoke(run(ActionSecurityInfo(), trk)[0], "alipay", "支付宝")


@pytest.mark.parametrize("action,intent,text,channel,label", [
    (ActionOutOfScope(), "out_of_scope", "微信那个删掉", "wechat", "微信"),
    (ActionFallback(), "nlu_fallback", "微信的关掉", "wechat", "微信"),
    (ActionSecurityInfo(), "security_info", "撤销微信授权", "wechat", "微信"),
])
def test_other_words_for_it(fake, tracker, run, action, intent, text, channel, label):
    _starts_the_revoke(run(action, tracker(intent, "ok", text=text, turns=LISTED))[0], channel, label)


def test_not_signed_in_no_revoke_starts(fake, tracker, run, responses):
    trk = tracker("inform", text="支付宝那个取消掉吧", entities=ALIPAY, turns=LISTED)
    events, messages = run(ActionHowToPay(), trk)
    assert not any(e.get("event") == "followup" for e in events)
    # the code in that channel removed (trial round 22), never how to pay with it
    assert responses(messages) == ["utter_unbind_one_channel"]


def test_a_channel_not_in_the_list_is_not_revoked(fake, tracker, run):
    trk = tracker("out_of_scope", "ok", text="国家医保APP那个删掉", turns=LISTED)
    assert not any(e.get("event") == "followup" for e in run(ActionOutOfScope(), trk)[0])


def test_how_to_cancel_before_any_list_is_still_the_security_answer(fake, tracker, run):
    trk = tracker("security_info", "ok", text="怎么取消支付宝的授权", entities=ALIPAY)
    assert not any(e.get("event") == "followup" for e in run(ActionSecurityInfo(), trk)[0])


def test_two_channels_at_once_are_left_to_the_buttons(fake, tracker, run):
    trk = tracker("security_info", "ok", text="支付宝和微信的授权都取消", turns=LISTED)
    assert not any(e.get("event") == "followup" for e in run(ActionSecurityInfo(), trk)[0])


def test_whether_to_cancel_is_a_question_answered_with_the_list(fake, tracker, run):
    trk = tracker("security_info", "ok", text="要不要把支付宝的授权关了", turns=LISTED)
    assert not any(e.get("event") == "followup" for e in run(ActionSecurityInfo(), trk)[0])
