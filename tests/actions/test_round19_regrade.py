"""Round 19's re-grade zeros, each answered for the topic in view: a face check doubted and the
PIN's way round the phone inside the reset, a 社康中心 once bound, a status while the employer
pays, 居民医保's money and its outpatient cover, a refused screenshot, a 共济's other side,
another person's phone for the face check and the ID card for the hall."""
from __future__ import annotations

import pytest

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionAnswerDigression, ActionFamilyInfo
from actions.handoff import ActionFallback

PIN_TALK = [{"intent": "forgot_pin", "bot": ["utter_generic_forgot_pin", "utter_ask_pay_channel"]}]


def test_an_elderly_person_lost_in_the_reset_gets_the_hall(tracker, run, responses):
    trk = tracker("nlu_fallback", None, text="我七十多了 手机上弄那个重置看不明白", turns=PIN_TALK,
                  active_loop="pin_reset_form")
    assert responses(run(ActionFallback(), trk)[1]) == ["utter_pin_reset_offline"]


@pytest.mark.parametrize("text", ["刷脸我这老脸能刷过去不", "人脸那步我这老脸过得去吗"])
def test_a_face_check_doubted_inside_the_reset(tracker, run, responses, text):
    trk = tracker("activate_credential", None, text=text, turns=PIN_TALK, active_loop="pin_reset_form")
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_face_check_fails"]


def test_the_hall_two_turns_after_the_pin(tracker, run, responses):
    trk = tracker("out_of_scope", None, text="手机上实在弄不了 能去哪儿当面办",
                  turns=[*PIN_TALK, {"intent": "activate_credential", "bot": ["utter_face_check_fails"]}])
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_pin_reset_offline"]


def test_a_childs_community_centre_once_bound(tracker, run, responses):
    trk = tracker("out_of_scope", None, text="弄好了直接去儿童医院能刷吗",
                  turns=[{"intent": "family_binding", "bot": ["utter_chc_info"]},
                         {"intent": "family_binding", "bot": ["utter_chc_where"]}])
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_chc_after_bind"]


STATUS_TOLD = [{"intent": "credential_abnormal", "bot": ["utter_generic_credential_abnormal", "utter_offer_sign_in"]}]


@pytest.mark.parametrize("text, expected", [
    ("我一直在单位交着呢", "utter_status_employer_paying"),
    ("公司每个月都在工资里扣的啊", "utter_status_employer_paying"),
    ("刚换的工作", "utter_lapse_job_change"),
])
def test_a_paused_status_while_an_employer_pays(tracker, run, responses, text, expected):
    trk = tracker("out_of_scope", None, text=text, turns=STATUS_TOLD)
    assert responses(run(ActionOutOfScope(), trk)[1]) == [expected]


def test_employer_paying_needs_the_status_in_view(tracker, run, responses):
    trk = tracker("out_of_scope", None, text="我一直在单位交着呢")
    assert "utter_status_employer_paying" not in responses(run(ActionOutOfScope(), trk)[1])


RESIDENT_TOLD = [{"intent": "insufficient_balance", "bot": ["utter_wallet_resident"]}]


def test_resident_insurance_is_not_wasted(tracker, run, responses):
    trk = tracker("follow_up", None, text="那是不是白交了", turns=RESIDENT_TOLD)
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_resident_not_wasted"]


@pytest.mark.parametrize("text", ["门诊拿药能报不", "去诊所开药能报吗"])
def test_resident_outpatient_cover(tracker, run, responses, text):
    trk = tracker("out_of_scope", None, text=text,
                  turns=[*RESIDENT_TOLD, {"intent": "follow_up", "bot": ["utter_resident_not_wasted"]}])
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_resident_outpatient"]


def test_resident_named_in_the_question(tracker, run, responses):
    trk = tracker("out_of_scope", None, text="居民医保门诊拿药能报不")
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_resident_outpatient"]


@pytest.mark.parametrize("text", ["那咋办", "那怎么办呢"])
def test_a_refused_screenshot_then_what(tracker, run, responses, text):
    trk = tracker("follow_up", None, text=text, turns=[{"intent": "faq", "bot": ["utter_faq/screenshot"]}])
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_screenshot_instead"]


def test_the_other_side_of_a_mutual_aid(tracker, run, responses):
    trk = tracker("follow_up", None, text="她那边要操作啥",
                  turns=[{"intent": "family_binding", "bot": ["utter_family_binding_rules"]}])
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_mutual_aid_side"]


FACE_TIPS = [{"intent": "activate_credential", "bot": ["utter_face_check_fails", "utter_offer_human"]}]


def test_another_persons_phone_for_the_face_check(tracker, run, responses):
    trk = tracker("family_binding", None, text="换个手机刷行不行 用我儿子的", turns=FACE_TIPS)
    assert responses(run(ActionFamilyInfo(), trk)[1]) == ["utter_face_other_phone"]


def test_a_relatives_phone_number_is_no_phone(tracker, run, responses):
    trk = tracker("out_of_scope", None, text="用我儿子的手机号行不行", turns=FACE_TIPS)
    assert "utter_face_other_phone" not in responses(run(ActionOutOfScope(), trk)[1])


def test_the_id_card_is_enough_for_the_hall(tracker, run, responses):
    trk = tracker("info_mismatch", None, text="带身份证就够了？",
                  turns=[*FACE_TIPS, {"intent": "family_binding", "bot": ["utter_face_other_phone"]}])
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_jingban_id_enough"]
