"""Trial round 18's follow-ups: the person's own payments listed and a payment not theirs, an old
ID photo against the face check, 新农合 for a wallet transfer, a relative filing a claim, a 港澳
document for activation, which 社康中心, a new employer after a paused status, whose money for whom,
and a relative's PIN reset asked without the word 密码."""
from __future__ import annotations

import pytest

from actions.context import ActionOutOfScope
from actions.faq import ActionAnswerFaq, ActionFamilyInfo, ActionSecurityInfo
from actions.handoff import ActionFallback
from actions.recent import specific_answer


def _paid(at, place, amount, result="success"):
    return {"occurred_at": at, "institution": place, "amount": amount, "result": result}


PAYMENTS = [_paid("2026-12-01T03:10:00+00:00", "北京同仁堂王府井店", "120.00"),
            _paid("2026-11-30T02:00:00+00:00", "北京协和医院", "230.00"),
            _paid("2026-11-29T02:00:00+00:00", "北京协和医院", "15.00", result="failed")]


@pytest.mark.parametrize("text, action", [
    ("最近都在哪花的", ActionOutOfScope), ("你把最近的付款记录列出来我看看", ActionAnswerFaq),
    ("钱都花哪去了", ActionFallback),
])
def test_the_payments_listed_when_signed_in(fake, tracker, run, responses, text, action):
    fake.people["ok"]["attempts"] = PAYMENTS
    messages = run(action(), tracker("out_of_scope", "ok", text=text))[1]
    assert responses(messages) == ["utter_recent_payments"]
    assert "北京同仁堂王府井店 120.00元" in messages[0]["payments"] and "15.00" not in messages[0]["payments"]


def test_a_theft_fear_gets_the_payments_then_the_channels(fake, tracker, run, responses):
    fake.people["ok"]["attempts"] = PAYMENTS
    said = responses(run(ActionSecurityInfo(), tracker("security_info", "ok",
                                                        text="我感觉有人盗刷我医保 最近几笔你帮我看看"))[1])
    assert said[0] == "utter_recent_payments" and "utter_security_info" not in said
    assert any(call[0] == "authorizations" for call in fake.calls)


def test_a_payment_not_theirs_after_the_list(fake, tracker, run, responses):
    trk = tracker("out_of_scope", "ok", text="这几个药店我好像没去过",
                  turns=[{"intent": "out_of_scope", "bot": ["utter_recent_payments"]}])
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_theft_steps"]


def test_no_payments_listed_without_a_sign_in(fake, tracker, run, responses):
    assert "utter_recent_payments" not in responses(run(ActionOutOfScope(),
                                                        tracker("out_of_scope", None, text="最近都在哪花的"))[1])
    assert not fake.calls


@pytest.mark.parametrize("before, text, token, expected", [
    (["utter_face_check_fails"], "身份证是十多年前办的 照片跟现在不像 有关系吗", None, "utter_face_photo_old"),
    (["utter_face_check_fails"], "那照片去哪更新 派出所吗", None, "utter_face_photo_old"),
    (["utter_wallet_transfer_unaccepted"], "对了我交的是新农合 也能转吗", None, "utter_wallet_resident_transfer"),
    (["utter_claim_papers"], "俺岁数大了跑不动 让俺儿去报中不中", None, "utter_claim_by_relative"),
    (["utter_activation_documents"], "我没有身份证 只有回乡证 行不行", None, "utter_activation_foreign_id"),
    (["utter_chc_info"], "随便绑哪个社康都行吗", None, "utter_chc_which"),
    (["utter_diag_status_abnormal"], "我上个月刚换了工作 新公司说给我交了医保的", "ok", "utter_status_new_employer"),
])
def test_round18_follow_ups(fake, tracker, run, responses, before, text, token, expected):
    trk = tracker("out_of_scope", token, text=text, turns=[{"intent": "faq", "bot": before}])
    assert specific_answer(trk) == [expected]
    assert responses(run(ActionOutOfScope(), trk)[1]) == [expected]


def test_no_follow_up_without_its_topic(fake, tracker):
    assert specific_answer(tracker("out_of_scope", None, text="随便哪个都行吗")) != ["utter_chc_which"]
    assert specific_answer(tracker("out_of_scope", None, text="我交的是新农合")) != ["utter_wallet_resident_transfer"]


@pytest.mark.parametrize("text, expected", [
    ("我老婆是居民医保 我的钱能给她买药用吗", "utter_family_mutual_aid_short"),
    ("我闺女单位交的医保 她那的钱能挪给我用不", "utter_family_mutual_aid_reverse"),
])
def test_whose_money_for_whom(fake, tracker, run, responses, text, expected):
    assert responses(run(ActionFamilyInfo(), tracker("family_binding", None, text=text))[1]) == [expected]


def test_a_relatives_pin_reset_without_the_word(fake, tracker, run, responses):
    trk = tracker("family_binding", None, text="我是帮我妈弄 她不在身边 能重置不",
                  turns=[{"intent": "forgot_pin", "bot": ["utter_generic_forgot_pin", "utter_pin_path_alipay"]}])
    assert responses(run(ActionFamilyInfo(), trk)[1]) == ["utter_family_pin_reset"]
    # no PIN in view: the family answer
    plain = tracker("family_binding", None, text="我是帮我妈弄 她不在身边 能重置不")
    assert responses(run(ActionFamilyInfo(), plain)[1]) != ["utter_family_pin_reset"]


@pytest.mark.parametrize("text, expected", [
    ("能往里充点钱吗", ["utter_account_topup"]), ("医保个人账户能充值吗", ["utter_account_topup"]),
])
def test_a_top_up(fake, tracker, text, expected):
    assert specific_answer(tracker("faq", None, text=text)) == expected


def test_no_top_up_for_activation(fake, tracker):
    assert specific_answer(tracker("faq", None, text="医保码开通要充值吗")) != ["utter_account_topup"]


@pytest.mark.parametrize("text", ["那家庭共济是我闺女那边弄还是我这边弄", "家庭共济是她那边还是我这边"])
def test_which_side_opens_mutual_aid(fake, tracker, run, responses, text):
    trk = tracker("family_binding", None, text=text,
                  turns=[{"intent": "family_binding", "bot": ["utter_family_mutual_aid_reverse"]}])
    assert responses(run(ActionFamilyInfo(), trk)[1]) == ["utter_mutual_aid_side"]
