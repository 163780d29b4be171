"""Trial round 16: narrow questions after an answer that got 「帮不上忙」, the fallback, the re-check
or another topic's text — each now gets the line for what was asked about what was just said."""
from __future__ import annotations

import pytest

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionCheckStatus, ActionDiagnose
from actions.faq import ActionAnswerDigression, ActionFamilyInfo, ActionHowToPay
from actions.handoff import ActionFallback

ACTIONS = {"follow_up": ActionFollowUp, "out_of_scope": ActionOutOfScope, "nlu_fallback": ActionFallback,
           "how_to_pay": ActionHowToPay, "still_not_working": ActionCheckStatus, "family_binding": ActionFamilyInfo}


@pytest.mark.parametrize("before, text, intent, expected", [
    # after the limit: paying the rest now, where to change it
    ("utter_diag_over_limit", "人还在窗口 现在咋办", "nlu_fallback", "utter_pay_excess"),
    ("utter_diag_over_limit", "在哪调", "out_of_scope", "utter_limit_where"),
    ("utter_limit_who_sets", "在哪调", "out_of_scope", "utter_limit_where"),
    # after a timeout: twice charged, the network is fine
    ("utter_diag_network_timeout", "会不会扣两次", "follow_up", "utter_network_no_double"),
    ("utter_network_checklist", "我网络好好的 wifi满格", "follow_up", "utter_network_fine_still"),
    # after the place's system: whose fault, buying today
    ("utter_diag_institution_system_error", "是我的问题还是药店的问题", "follow_up", "utter_institution_not_you"),
    ("utter_diag_institution_system_error", "是我的问题还是药店的问题", "still_not_working",
     "utter_institution_not_you"),
    ("utter_diag_institution_system_error", "那我今天急着买药怎么办", "follow_up", "utter_system_failure_pay_now"),
    # after the device steps: buying today without the APP
    ("utter_app_troubleshoot", "那我今天急着买药怎么办", "follow_up", "utter_app_pay_today"),
    # a paused insurance: the bills meanwhile; 异地: the ratio
    ("utter_diag_status_abnormal", "这段时间看病的钱还能报吗", "out_of_scope", "utter_gap_reimburse"),
    ("utter_beian_where", "报销比例一样吗", "out_of_scope", "utter_beian_ratio"),
    ("utter_generic_region_mismatch", "报销比例一样吗", "out_of_scope", "utter_beian_ratio"),
    # 深圳's 社康中心 after the family answer: where, and whether every visit starts there
    ("utter_family_members", "社区医院？啥社区医院 在哪弄", "family_binding", "utter_chc_where"),
    ("utter_chc_where", "那以后呢 每次都要先去社区医院吗", "nlu_fallback", "utter_chc_first_visit"),
    # writing for a father after the usual causes; a limit changed; 门诊 elsewhere; an entry not found
    ("utter_generic_payment_failed", "要本人去吗 他腿脚不方便", "out_of_scope", "utter_relative_go_instead"),
    ("utter_diag_over_limit", "改了限额马上能用吗", "follow_up", "utter_limit_change_effect"),
    ("utter_beian_ratio", "门诊也能用吗", "how_to_pay", "utter_beian_outpatient"),
    ("utter_how_to_pay_alipay", "找不到在那里", "follow_up", "utter_channel_entry_missing"),
    # after a scam warning: how to guard against the next one
    ("utter_scam_warning", "以后咋防", "how_to_pay", "utter_scam_prevention"),
])
def test_the_narrow_question_gets_its_line(fake, tracker, run, responses, before, text, intent, expected):
    token = "ok" if intent == "still_not_working" else None
    trk = tracker(intent, token, text=text, turns=[{"intent": "payment_failed", "bot": [before]}])
    assert expected in responses(run(ACTIONS[intent](), trk)[1])


def test_whose_fault_without_the_records_is_not_claimed(fake, tracker, run, responses):
    """The general text about system failures found nothing: 「是药店的问题」 is not said."""
    trk = tracker("follow_up", None, text="是我的问题还是药店的问题",
                  turns=[{"intent": "system_failure", "bot": ["utter_generic_system_failure"]}])
    assert "utter_institution_not_you" not in responses(run(ActionFollowUp(), trk)[1])


def test_how_long_inside_the_region_switch_is_the_switch_not_the_pin(fake, tracker, run, responses):
    trk = tracker("follow_up", "region", text="改完要多久生效", active_loop="region_switch_form",
                  turns=[{"intent": "inform", "bot": ["utter_region_switch_confirm"]}])
    names = responses(run(ActionAnswerDigression(), trk)[1])
    assert "utter_region_switch_time" in names and "utter_pin_after_reset" not in names, names


def test_one_places_insurance_in_another_city_is_the_code_elsewhere(fake, tracker, run, responses):
    trk = tracker("region_mismatch", None, text="河南医保在杭州能刷医保码吗")
    assert responses(run(ActionDiagnose(), trk)[1])[0] == "utter_code_elsewhere"


def test_a_why_after_the_diagnosis_is_answered_first(fake, tracker, run, responses):
    earlier = [{"intent": "payment_failed", "action": "action_diagnose"}]
    trk = tracker("payment_failed", "balance", text="为啥余额会不够", turns=earlier,
                  slots={"diagnosed_cause": "insufficient_balance"})
    assert "utter_already_diagnosed" not in responses(run(ActionDiagnose(), trk)[1])


@pytest.mark.parametrize("text", ["村里人帮忙弄行不行", "让邻居帮着弄可以吗"])
def test_someone_else_helping_with_the_activation_needs_the_persons_face(fake, tracker, run, responses, text):
    trk = tracker("follow_up", None, text=f"那{text}", active_loop="activation_form",
                  turns=[{"intent": "activate_credential", "bot": ["utter_ask_pay_channel"]}])
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_activation_presence"]


def test_where_is_the_app_in_english_gets_its_name():
    from actions.english import english_reply

    assert english_reply("where is the app", introduced=True)[0] == ["utter_english_app"]
    assert english_reply("how do I activate it in the app?")[0][-1] == "utter_english_activation"


@pytest.mark.parametrize("text, intent, token, expected", [
    ("帮我老公问下 他换工作以后医保码就用不了了", "family_binding", "ok", True),
    ("他新公司说还没给他交社保", "out_of_scope", None, True),
    ("我换了工作 医保码用不了", "payment_failed", "ok", False),  # the person's own records answer
])
def test_a_job_change_is_contributions_stopped(fake, tracker, run, responses, text, intent, token, expected):
    action = {"family_binding": ActionFamilyInfo, "out_of_scope": ActionOutOfScope,
              "payment_failed": ActionDiagnose}[intent]
    names = responses(run(action(), tracker(intent, token, text=text))[1])
    assert ("utter_lapse_job_change" in names) is expected, names


def test_the_months_without_insurance_after_the_job_change(fake, tracker, run, responses):
    trk = tracker("out_of_scope", None, text="补缴能补回来吗",
                  turns=[{"intent": "out_of_scope", "bot": ["utter_lapse_job_change"]}])
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_gap_reimburse"]


def test_still_failing_after_the_face_check_tips_is_the_service_hall(fake, tracker, run, responses):
    trk = tracker("still_not_working", "ok", text="还是不行啊", active_loop="activation_form",
                  turns=[{"intent": "activate_credential", "bot": ["utter_face_check_fails", "utter_ask_pay_channel"]}])
    names = responses(run(ActionAnswerDigression(), trk)[1])
    assert names[:2] == ["utter_face_check_still", "utter_offer_human"], names


def test_torn_between_the_phone_and_a_problem_goes_on_with_the_device(fake, tracker, run, responses):
    ranking = [{"name": "nlu_fallback", "confidence": 0.15}, {"name": "app_problem", "confidence": 0.38},
               {"name": "system_failure", "confidence": 0.37}]
    trk = tracker("nlu_fallback", "ok", text="华为手机 刚更新了系统", latest_extra={"intent_ranking": ranking},
                  turns=[{"intent": "app_problem", "bot": ["utter_app_troubleshoot"]}])
    names = responses(run(ActionFallback(), trk)[1])
    assert names and "utter_default" not in names and names[0].startswith("utter_app_"), names


def test_what_now_after_the_reasons_for_a_paused_insurance(fake, tracker, run, responses):
    trk = tracker("follow_up", "ok", text="那咋办", slots={"diagnosed_cause": "status_abnormal"},
                  turns=[{"intent": "payment_failed", "bot": ["utter_diag_status_abnormal", "utter_offer_human"]},
                         {"intent": "follow_up", "bot": ["utter_generic_credential_abnormal"]}])
    names = responses(run(ActionFollowUp(), trk)[1])
    assert names[:2] == ["utter_jingban_where", "utter_today_status_abnormal"], names


def test_already_bound_after_the_family_list_is_told_apart_from_the_chc(fake, tracker, run, responses):
    trk = tracker("family_binding", "family", text="他才5岁 已经绑了的",
                  turns=[{"intent": "family_binding", "bot": ["utter_family_binding_rules", "utter_family_members"]}])
    assert responses(run(ActionFamilyInfo(), trk)[1]) == ["utter_chc_not_family_binding"]


def test_what_now_after_a_timeout_keeps_the_next_step_and_the_offer(fake, tracker, run, responses):
    """「那我现在咋办」 after the network steps: another channel and a person (a ticket follows a
    「还是不行」 right after the offer), not a right-now line without the offer."""
    trk = tracker("follow_up", "ok", text="那我现在咋办", slots={"diagnosed_cause": "network_timeout"},
                  turns=[{"intent": "payment_failed",
                          "bot": ["utter_diag_network_timeout", "utter_network_checklist"]}])
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_timeout_next", "utter_offer_human"]
