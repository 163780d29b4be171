"""Trial round 18's follow-ups still open after its re-grade: a lost phone and a new one after it,
a relative buying for someone sick, using the code once registered elsewhere, one channel's PIN
path after all of them, a failed payment to be paid again (from the records when signed in), a
relative's PIN reset from afar, the face check for 家庭共济, the first of the theft steps, and
「咋改过来」 inside the region switch."""
from __future__ import annotations

import pytest

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionAnswerDigression, ActionAnswerFaq, ActionFamilyInfo, ActionSecurityInfo
from actions.recent import narrower_answer, specific_answer


def _attempt(at, place, amount, result):
    return {"occurred_at": at, "institution": place, "amount": amount, "result": result}


@pytest.mark.parametrize("intent, action, before, text, expected", [
    ("security_info", ActionSecurityInfo, [], "手机丢了 医保码会不会被人用", "utter_lost_phone"),
    ("security_info", ActionSecurityInfo, [], "我手机昨天在公交上被偷了 里面有医保码咋办", "utter_lost_phone"),
    ("faq", ActionAnswerFaq, ["utter_lost_phone"], "新手机上还能再开吗", "utter_lost_phone_new"),
    ("out_of_scope", ActionOutOfScope, ["utter_code_no_screenshot"], "那他咋帮我买 我发烧起不来",
     "utter_buy_for_sick"),
    ("out_of_scope", ActionOutOfScope, [], "俺腿脚不好去不了 让俺闺女帮我去拿药行不", "utter_buy_for_sick"),
    ("region_mismatch", ActionDiagnose, ["utter_code_elsewhere"], "备案好了去杭州药店买药也能直接刷吗",
     "utter_beian_done_use"),
    ("forgot_pin", ActionDiagnose, ["utter_generic_forgot_pin"], "支付宝那个密码我早忘了 咋重置",
     "utter_pin_path_alipay"),
    ("forgot_pin", ActionDiagnose, ["utter_generic_forgot_pin"], "微信里的密码咋改", "utter_pin_path_wechat"),
    ("payment_failed", ActionDiagnose, ["utter_generic_payment_failed"], "那刚才医院那86块没付成 要重新去交吗",
     "utter_pay_again"),
    ("payment_failed", ActionDiagnose, [], "刚才那笔是不是没付成 要不要重新去交", "utter_pay_again"),
    ("out_of_scope", ActionOutOfScope, ["utter_family_pin_reset"], "只能等她回来自己弄了？",
     "utter_family_pin_reset_remote"),
    ("family_binding", ActionFamilyInfo, [], "家庭共济咋弄 她要刷脸吗", "utter_mutual_aid_face"),
    ("follow_up", ActionFollowUp, ["utter_theft_steps"], "那我现在该咋办", "utter_theft_first_step"),
])
def test_round18_leftovers(fake, tracker, run, responses, intent, action, before, text, expected):
    trk = tracker(intent, None, text=text, turns=[{"intent": "faq", "bot": before}] if before else [])
    assert responses(run(action(), trk)[1])[:1] == [expected]


@pytest.mark.parametrize("text", ["手机信号掉了 付不了", "我手机号丢了 收不到验证码", "手机里的医保码找不到了"])
def test_not_a_lost_phone(fake, tracker, text):
    assert (specific_answer(tracker("network_error", None, text=text)) or []) != ["utter_lost_phone"]


def test_a_new_phone_not_wanted_is_not_a_new_phone_after_a_loss(fake, tracker):
    trk = tracker("faq", None, text="我不想换新手机", turns=[{"intent": "faq", "bot": ["utter_lost_phone"]}])
    assert specific_answer(trk) == ["utter_no_new_phone"]


def test_one_channel_path_only_after_the_paths_and_outside_a_form(fake, tracker):
    text = "支付宝那个密码我早忘了 咋重置"
    assert specific_answer(tracker("forgot_pin", None, text=text)) != ["utter_pin_path_alipay"]
    inside = tracker("forgot_pin", "locked", text=text, active_loop="pin_reset_form",
                     turns=[{"intent": "forgot_pin", "bot": ["utter_diag_pin_locked"]}])
    assert specific_answer(inside) != ["utter_pin_path_alipay"]


def test_paying_again_is_a_question_not_a_report(fake, tracker):
    trk = tracker("payment_failed", None, text="我重新扫了一次还是没付成",
                  turns=[{"intent": "payment_failed", "bot": ["utter_generic_payment_failed"]}])
    assert specific_answer(trk) != ["utter_pay_again"]


@pytest.mark.parametrize("attempts, expected, amount_shown", [
    ([_attempt("2026-12-03T02:10:00+00:00", "北京协和医院", "86.00", "failed")], "utter_pay_again_failed", "86.00"),
    ([_attempt("2026-12-03T02:12:00+00:00", "北京协和医院", "86.00", "success"),
      _attempt("2026-12-03T02:10:00+00:00", "北京协和医院", "86.00", "failed")], "utter_pay_again_paid", "86.00"),
])
def test_paying_again_signed_in_reads_the_records(fake, tracker, run, responses, attempts, expected,
                                                   amount_shown):
    fake.people["ok"]["attempts"] = attempts
    messages = run(ActionDiagnose(), tracker("payment_failed", "ok", text="那刚才医院那86块没付成 要重新去交吗"))[1]
    assert responses(messages) == [expected]
    assert messages[0]["amount"] == amount_shown and messages[0]["institution"] == "北京协和医院"


def test_paying_again_with_no_such_payment_in_the_records(fake, tracker, run, responses):
    fake.people["ok"]["attempts"] = [_attempt("2026-12-03T02:10:00+00:00", "北京协和医院", "300.00", "failed")]
    trk = tracker("out_of_scope", "ok", text="那刚才医院那86块没付成 要重新去交吗")
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_pay_again"]


def test_the_face_question_about_the_reset_page_is_still_the_face_check(fake, tracker):
    trk = tracker("forgot_pin", None, text="刷脸在哪刷啊")
    assert narrower_answer(trk) != ["utter_mutual_aid_face"]


@pytest.mark.parametrize("text, expected", [("咋改过来", "utter_in_form_hint"), ("那怎么弄啊", "utter_in_form_hint")])
def test_how_inside_the_region_switch(fake, tracker, run, responses, text, expected):
    trk = tracker("info_mismatch", "region", text=text, active_loop="region_switch_form",
                  turns=[{"intent": "region_mismatch", "bot": ["utter_diag_region_mismatch"]}])
    assert responses(run(ActionAnswerDigression(), trk)[1]) == [expected]


def test_the_pin_named_inside_the_region_switch_is_not_the_bare_how(fake, tracker, run, responses):
    trk = tracker("forgot_pin", "region", text="密码咋改", active_loop="region_switch_form",
                  turns=[{"intent": "region_mismatch", "bot": ["utter_diag_region_mismatch"]}])
    assert "utter_in_form_hint" not in responses(run(ActionAnswerDigression(), trk)[1])


def test_the_code_not_found_on_the_phone_is_not_a_lost_phone(fake, tracker):
    assert (specific_answer(tracker("cannot_show_code", None, text="手机上的医保码找不到了")) or []) \
        != ["utter_lost_phone"]
