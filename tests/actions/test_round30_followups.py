"""Round 29's leftovers and trial round 30's situations (our own rewordings of the testers'
messages, with intents the model is likely to give)."""
from __future__ import annotations

import pytest

from actions.faq import ActionAnswerDigression
from actions.round30 import ActionWarnSensitive


@pytest.mark.parametrize("text, expected", [
    # the masked PIN still says what was asked (round 29: the warning alone)
    ("我设的密码[密码已隐藏] 提示不符合规则", ["utter_never_send_pin", "utter_pin_format"]),
    # nothing else asked: the warning alone
    ("我的支付密码是[密码已隐藏]", ["utter_never_send_pin"]),
    ("身份证[身份证号已隐藏]", ["utter_never_send_pin"]),
])
def test_warning_then_what_the_message_asks(tracker, run, responses, text, expected):
    assert responses(run(ActionWarnSensitive(), tracker("share_sensitive_data", None, text=text))[1]) == expected


def test_warning_first_inside_a_form(tracker, run, responses):
    # inside the PIN reset the topic answer used to come without the warning
    trk = tracker("share_sensitive_data", None, text="新密码设[密码已隐藏]为啥不符合要求", active_loop="pin_reset_form")
    assert responses(run(ActionAnswerDigression(), trk)[1])[:2] == ["utter_never_send_pin", "utter_pin_format"]
