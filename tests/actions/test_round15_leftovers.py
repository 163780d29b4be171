"""Trial round 15's last zeros: a channel ruled out came back in the PIN-reset paths;
「那我以后还能去那个药店买吗」 after the place's system failed was refused; 「你说的这些我都看不懂」
after the usual causes got the fallback menu."""
from __future__ import annotations

import pytest

from actions.context import ActionFollowUp
from actions.diagnosis import ActionDiagnose
from actions.forms import ActionStartPinReset

RULED_OUT = "ruled_out_channels"


def _ruled_out(*codes):
    return {"event": "slot", "name": RULED_OUT, "value": list(codes)}


def test_an_anonymous_forgotten_pin_leaves_out_the_channel_ruled_out(fake, tracker, run, responses):
    trk = tracker("forgot_pin", None, text="密码忘了咋办", turns=[_ruled_out("alipay")])
    events, messages = run(ActionDiagnose(), trk)
    names = responses(messages)
    assert names[:3] == ["utter_generic_forgot_pin_left", "utter_pin_path_app", "utter_pin_path_wechat"], names
    assert "utter_pin_path_alipay" not in names and "utter_generic_forgot_pin" not in names
    intro = messages[0]
    assert intro["ruled_out"] == "支付宝" and intro["channels"] == "国家医保APP、微信", intro


def test_nothing_ruled_out_keeps_the_one_line(fake, tracker, run, responses):
    names = responses(run(ActionDiagnose(), tracker("forgot_pin", None, text="密码忘了咋办"))[1])
    assert names[0] == "utter_generic_forgot_pin" and "utter_pin_path_app" not in names, names


def test_every_channel_ruled_out_leaves_the_office(fake, tracker, run, responses):
    trk = tracker("forgot_pin", None, text="密码忘了咋办", turns=[_ruled_out("app", "alipay", "wechat")])
    names = responses(run(ActionDiagnose(), trk)[1])
    assert names[0] == "utter_pin_paths_none" and not any(n.startswith("utter_pin_path_") for n in names), names


def test_a_channel_chosen_again_comes_back(fake, tracker, run, responses):
    trk = tracker("forgot_pin", None, text="密码忘了咋办", turns=[
        _ruled_out("wechat"), {"event": "slot", "name": "pay_channel", "value": "wechat"}])
    assert responses(run(ActionDiagnose(), trk)[1])[0] == "utter_generic_forgot_pin"


def test_the_reset_without_a_channel_lists_only_those_left(fake, tracker, run, responses):
    trk = tracker("inform", "locked", text="我自己弄吧", slots={"pin_reset_confirm": False},
                  turns=[_ruled_out("wechat")])
    names = responses(run(ActionStartPinReset(), trk)[1])
    assert names[:3] == ["utter_pin_paths_left", "utter_pin_path_app", "utter_pin_path_alipay"], names
    assert "utter_pin_path_wechat" not in names and "utter_pin_paths_all" not in names, names


def test_the_ticket_without_a_channel_shows_a_path_not_ruled_out(fake, tracker, run, responses):
    trk = tracker("affirm", "locked", text="好", slots={"pin_reset_confirm": True}, turns=[_ruled_out("app")])
    names = responses(run(ActionStartPinReset(), trk)[1])
    assert names[:2] == ["utter_pin_ticket", "utter_pin_path_alipay"], names


@pytest.mark.parametrize("before, text, expected", [
    ("utter_diag_institution_system_error", "那我以后还能去那个药店买吗", "utter_institution_later"),
    ("utter_generic_system_failure", "下次还能去这家医院刷吗", "utter_institution_later"),
    ("utter_generic_payment_failed", "你说的这些我都看不懂", "utter_causes_short"),
    ("utter_generic_error_text", "太长了 说重点", "utter_causes_short"),
])
def test_the_follow_up_is_answered_for_what_was_just_said(fake, tracker, run, responses, before, text, expected):
    trk = tracker("follow_up", None, text=text, turns=[{"intent": "payment_failed", "bot": [before]}])
    assert responses(run(ActionFollowUp(), trk)[1])[0] == expected


def test_later_is_not_read_after_other_answers(fake, tracker, run, responses):
    trk = tracker("follow_up", None, text="以后还能用吗",
                  turns=[{"intent": "payment_failed", "bot": ["utter_diag_network_timeout"]}])
    assert "utter_institution_later" not in responses(run(ActionFollowUp(), trk)[1])
