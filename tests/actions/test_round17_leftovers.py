"""Trial round 17's leftovers: a sign-in asked for with a number that no longer receives SMS, a
short question read as what the code is, a double charge feared, where 「授权管理」 is, and a
narrow question about one of the two family ways."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.charges import duplicate_pair, fears_double_charge
from actions.context import ActionFollowUp
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionFamilyInfo, ActionSecurityInfo, ActionWhatIsCredential, narrow_family_answer
from actions.handoff import ActionFallback
from actions.verification import ActionFinishPhoneVerification, ValidatePhoneVerificationForm, number_gone

OLD_NUMBER = "我以前那个手机号早就不用了 收不到验证码 怎么登录"


@pytest.mark.parametrize("text", [OLD_NUMBER, "原来的号停机了 验证码收不到", "我换号了 登不上去",
                                  "那个号码早注销了", "老号丢了 收不到短信"])
def test_a_number_out_of_use(text):
    assert number_gone(text)


@pytest.mark.parametrize("text", ["手机验证", "我想用手机号验证身份", "验证码收不到 再发一次",
                                  "现在用的号还是以前留的号", "发个验证码给我"])
def test_a_number_in_use(text):
    assert not number_gone(text)


def test_the_sign_in_is_not_started_for_an_old_number(fake, tracker, run, responses, domain):
    trk = tracker("verify_phone", None, text=OLD_NUMBER, active_loop="phone_verification_form")
    form = ValidatePhoneVerificationForm()
    slots = asyncio.run(form.required_slots(["verify_phone", "verify_code"], CollectingDispatcher(), trk, domain))
    assert slots == []
    assert responses(run(ActionFinishPhoneVerification(), trk)[1]) == ["utter_sign_in_old_number"]
    signed_in = tracker("verify_phone", "ok", text=OLD_NUMBER)
    assert responses(run(ActionFinishPhoneVerification(), signed_in)[1]) == ["utter_sign_in_old_number_signed_in"]
    # an ordinary sign-in asks for the number
    plain = tracker("verify_phone", None, text="手机验证", active_loop="phone_verification_form")
    assert asyncio.run(form.required_slots(["verify_phone", "verify_code"], CollectingDispatcher(), plain,
                                           domain)) == ["verify_phone", "verify_code"]


@pytest.mark.parametrize("before, expected", [
    ("utter_lapse_job_change", "utter_jingban_documents_status"),
    ("utter_generic_region_mismatch", "utter_jingban_documents_region"),
    ("utter_generic_info_mismatch", "utter_jingban_documents"),
])
def test_what_to_bring_read_as_what_the_code_is(fake, tracker, run, responses, before, expected):
    trk = tracker("what_is_credential", None, text="去的话要带啥东西", turns=[{"intent": "faq", "bot": [before]}])
    assert responses(run(ActionWhatIsCredential(), trk)[1]) == [expected]


@pytest.mark.parametrize("text", ["医保电子凭证是什么", "医保码到底是个啥", "去的话要带啥东西"])
def test_what_the_code_is_when_nothing_came_before_or_it_is_named(fake, tracker, run, responses, text):
    trk = tracker("what_is_credential", None, text=text)
    assert responses(run(ActionWhatIsCredential(), trk)[1]) == ["utter_what_is_credential"]
    after = tracker("what_is_credential", None, text="医保码是啥", turns=[{"intent": "faq",
                                                                          "bot": ["utter_lapse_job_change"]}])
    assert responses(run(ActionWhatIsCredential(), after)[1]) == ["utter_what_is_credential"]


@pytest.mark.parametrize("text", ["我昨天在药店刷了医保码 怎么好像扣了两次钱", "付了两次钱", "是不是重复扣费了",
                                  "一次买药扣了2笔"])
def test_a_double_charge_named(text):
    assert fears_double_charge(text)


@pytest.mark.parametrize("text", ["付款失败了", "扣了钱但是没出单", "分两次付行不行"])
def test_no_double_charge_named(text):
    assert not fears_double_charge(text)


def _paid(at, place="北京同仁堂王府井店", amount="68.50", result="success"):
    return {"occurred_at": at, "institution": place, "amount": amount, "result": result}


def test_a_duplicate_pair_is_two_equal_payments_at_one_place_close_together():
    twice = [_paid("2026-12-01T03:10:00+00:00"), _paid("2026-12-01T03:08:00+00:00"),
             _paid("2026-11-28T03:00:00+00:00", amount="230.00")]
    assert duplicate_pair(twice) == (twice[1], twice[0])
    # a day apart, another place, another amount, or a failed try: not a duplicate
    assert duplicate_pair([_paid("2026-12-01T03:10:00+00:00"), _paid("2026-11-30T03:10:00+00:00")]) is None
    assert duplicate_pair([_paid("2026-12-01T03:10:00+00:00"),
                           _paid("2026-12-01T03:09:00+00:00", place="北京协和医院")]) is None
    assert duplicate_pair([_paid("2026-12-01T03:10:00+00:00"),
                           _paid("2026-12-01T03:09:00+00:00", amount="12.00")]) is None
    assert duplicate_pair([_paid("2026-12-01T03:10:00+00:00"),
                           _paid("2026-12-01T03:09:00+00:00", result="failed")]) is None


def test_a_double_charge_signed_in_reads_the_payments(fake, tracker, run, responses):
    fake.people["ok"]["attempts"] = [_paid("2026-12-01T03:10:00+00:00"), _paid("2026-12-01T03:08:00+00:00")]
    trk = tracker("payment_failed", "ok", text="我昨天在药店刷了医保码 怎么好像扣了两次钱")
    events, messages = run(ActionDiagnose(), trk)
    assert responses(messages) == ["utter_double_charge_found"]
    assert messages[0]["institution"] == "北京同仁堂王府井店" and messages[0]["amount"] == "68.50"
    assert not [call for call in fake.calls if call[0] == "overview"]  # no failure looked for

    fake.people["ok"]["attempts"] = [_paid("2026-12-01T03:10:00+00:00"), _paid("2026-11-29T03:08:00+00:00")]
    events, messages = run(ActionDiagnose(), trk)
    assert responses(messages) == ["utter_double_charge_none"]
    assert "68.50元" in messages[0]["payments"] and "12月1日" in messages[0]["payments"]

    fake.people["ok"]["attempts"] = [_paid("2026-12-01T03:10:00+00:00", result="failed")]
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_double_charge_no_payments"]


def test_a_double_charge_not_signed_in_and_after_a_timeout(fake, tracker, run, responses):
    trk = tracker("payment_failed", None, text="好像扣了两次钱")
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_double_charge_general"]
    assert not fake.calls
    # right after a timeout its own line answers (actions/aspects.py), not the payments
    after = tracker("payment_failed", "ok", text="会不会扣两次",
                    turns=[{"intent": "payment_failed", "bot": ["utter_diag_network_timeout"]}])
    assert "utter_double_charge_found" not in responses(run(ActionDiagnose(), after)[1])
    assert not [call for call in fake.calls if call[0] == "payment_attempts"]


def test_how_to_get_it_back_after_the_double_charge(fake, tracker, run, responses):
    trk = tracker("nlu_fallback", "ok", text="那怎么退", turns=[{"intent": "payment_failed",
                                                                 "bot": ["utter_double_charge_found"]}])
    assert responses(run(ActionFallback(), trk)[1]) == ["utter_double_charge_refund"]


def test_where_authorizations_are_managed(fake, tracker, run, responses):
    anonymous = tracker("security_info", None, text="授权管理在哪里")
    assert responses(run(ActionSecurityInfo(), anonymous)[1]) == ["utter_auth_manage_where", "utter_auth_manage_here"]
    signed_in = tracker("security_info", "ok", text="授权管理在哪里")
    said = responses(run(ActionSecurityInfo(), signed_in)[1])
    assert said[0] == "utter_auth_manage_where" and "utter_security_info" not in said
    assert any(call[0] == "authorizations" for call in fake.calls)  # the list with its buttons
    again = tracker("security_info", "ok", text="支付宝里的授权管理在哪",
                    turns=[{"intent": "security_info", "bot": ["utter_auth_manage_where"]}])
    assert responses(run(ActionSecurityInfo(), again)[1])[0] == "utter_auth_manage_search"


@pytest.mark.parametrize("text, expected", [
    ("我能给我妈绑定亲情账户吗", "utter_family_binding_short"),
    ("家庭共济能给我儿子用吗", "utter_family_mutual_aid_short"),
    ("亲情账户可以加我爸不", "utter_family_binding_short"),
    ("家庭共济怎么弄", None),
    ("亲情账户最多绑几个", None),
    ("亲情账户和家庭共济能一起用吗", None),
])
def test_a_narrow_family_question(text, expected):
    assert narrow_family_answer(text) == expected


def test_a_narrow_family_question_gets_its_short_answer(fake, tracker, run, responses):
    trk = tracker("family_binding", None, text="家庭共济能给我儿子用吗")
    assert responses(run(ActionFamilyInfo(), trk)[1]) == ["utter_family_mutual_aid_short"]
    trk = tracker("family_binding", "ok", text="我能给我妈绑定亲情账户吗")
    said = responses(run(ActionFamilyInfo(), trk)[1])
    assert said[0] == "utter_family_binding_short" and "utter_family_binding_rules" not in said


@pytest.mark.parametrize("token, expected", [(None, "utter_sign_in_meanwhile"),
                                             ("ok", "utter_sign_in_meanwhile_signed_in")])
def test_what_now_after_the_old_number(fake, tracker, run, responses, token, expected):
    trk = tracker("follow_up", token, text="那咋办", turns=[{"intent": "verify_phone",
                                                          "bot": ["utter_sign_in_old_number"]}])
    assert responses(run(ActionFollowUp(), trk)[1]) == [expected]


def test_where_authorizations_are_asked_again_without_the_offer_again(fake, tracker, run, responses):
    trk = tracker("security_info", None, text="支付宝里的授权管理在哪",
                  turns=[{"intent": "security_info", "bot": ["utter_auth_manage_where", "utter_auth_manage_here"]}])
    assert responses(run(ActionSecurityInfo(), trk)[1]) == ["utter_auth_manage_search"]


@pytest.mark.parametrize("text", ["你就不能直接说到底哪里出问题了吗", "到底是啥原因", "问题到底出在哪"])
def test_the_exact_cause_demanded_without_a_sign_in(fake, tracker, run, responses, text):
    before = [{"intent": "payment_failed", "bot": ["utter_generic_payment_failed", "utter_offer_sign_in"]},
              {"intent": "still_not_working", "bot": ["utter_still_not_working_anonymous", "utter_offer_human"]}]
    trk = tracker("follow_up", None, text=text, turns=before)
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_cause_needs_records"]
    # asked once more: not the same text again
    again = tracker("follow_up", None, text=text, turns=[*before, {"intent": "follow_up",
                                                                    "bot": ["utter_cause_needs_records"]}])
    assert "utter_cause_needs_records" not in responses(run(ActionFollowUp(), again)[1])
