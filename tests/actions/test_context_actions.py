"""Context: follow-ups, 「还是不行」, answers to an offer, problems and FAQs inside a form, and a
diagnosis that is referred to instead of repeated."""
from __future__ import annotations

from datetime import datetime, timezone

from rasa_sdk.events import SlotSet

from actions.context import (
    ActionAnswerYes,
    ActionAppTroubleshoot,
    ActionFollowUp,
    ActionStillNotWorking,
    previous_bot_responses,
    previous_topic,
)
from actions.diagnosis import ActionDiagnose, diagnose_last_failure
from actions.faq import ActionAnswerDigression, ActionFamilyInfo, ActionMedicalWallet, ActionSecurityInfo


def test_context_helpers_look_before_the_message_being_answered(tracker):
    trk = tracker("follow_up", text="那咋整啊",
                  turns=[{"intent": "payment_failed", "bot": ["utter_diag_attempt"]},
                         {"intent": "thank", "bot": ["utter_you_are_welcome", "utter_offer_human"]}])
    assert previous_bot_responses(trk) == {"utter_you_are_welcome", "utter_offer_human"}
    assert previous_topic(trk) == "payment_failed"  # thank carries no topic


def test_follow_up_after_a_diagnosis_gets_the_next_step_for_that_cause(fake, tracker, run, responses):
    trk = tracker("follow_up", "balance", text="那我咋办嘛",
                  turns=[{"intent": "payment_failed", "bot": ["utter_diag_status_abnormal"]}],
                  slots={"diagnosed_cause": "status_abnormal"})
    _, messages = run(ActionFollowUp(), trk)
    assert responses(messages) == ["utter_generic_credential_abnormal", "utter_offer_human"]


def test_follow_up_after_a_human_was_offered_is_not_a_no(fake, tracker, run, responses):
    trk = tracker("follow_up", text="那咋整啊",
                  turns=[{"intent": "info_mismatch", "bot": ["utter_diag_info_mismatch", "utter_offer_human"]}],
                  slots={"diagnosed_cause": "info_mismatch"})
    _, messages = run(ActionFollowUp(), trk)
    assert responses(messages) == ["utter_follow_up_human_offered"]


def test_follow_up_for_anonymous_problem_offers_the_lookup(fake, tracker, run, responses):
    trk = tracker("follow_up", text="然后呢",
                  turns=[{"intent": "network_error", "bot": ["utter_generic_network_error"]}])
    _, messages = run(ActionFollowUp(), trk)
    assert responses(messages) == ["utter_offer_sign_in"]  # the checklist was just given
    before = tracker("follow_up", text="然后呢", turns=[{"intent": "network_error", "bot": ["utter_greet"]}])
    assert responses(run(ActionFollowUp(), before)[1]) == ["utter_generic_network_error", "utter_offer_sign_in"]


def test_a_follow_up_never_repeats_the_answer_just_given(fake, tracker, run, responses):
    # 「那咋整啊」 right after the device steps and the other channels: one more concrete step and a
    # person, not the same text
    trk = tracker("follow_up", text="那咋整啊", slots={"diagnosed_cause": "phone_app"},
                  turns=[{"intent": "app_problem", "bot": ["utter_app_troubleshoot", "utter_app_troubleshoot_after"]}])
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_app_next_step", "utter_offer_human"]
    # and asked once more after that: what the person offered can do
    trk = tracker("follow_up", text="还能咋整", slots={"diagnosed_cause": "phone_app"},
                  turns=[{"intent": "app_problem", "bot": ["utter_app_troubleshoot", "utter_app_troubleshoot_after"]},
                         {"intent": "follow_up", "bot": ["utter_app_next_step", "utter_offer_human"]}])
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_follow_up_human_offered"]
    # after a scam warning, what to do next instead of the warning again
    trk = tracker("follow_up", text="然后呢", turns=[{"intent": "security_info", "bot": ["utter_scam_warning"]}])
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_scam_next_steps"]
    # after the balance, how to pay what it does not cover
    trk = tracker("follow_up", text="不够咋整啊",
                  turns=[{"intent": "check_balance+how_to_pay", "bot": ["utter_wallet_figures"]}])
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_generic_insufficient_balance"]


def test_follow_up_after_a_how_to_and_without_any_context(fake, tracker, run, responses):
    trk = tracker("follow_up", text="接下来呢",
                  turns=[{"intent": "how_to_pay", "bot": ["utter_how_to_pay_generic"]}])
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_follow_up_howto"]
    trk = tracker("follow_up", text="那怎么办")
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_follow_up_no_context"]


def test_yes_to_an_offered_human_hands_over_else_asks_what_next(fake, tracker, run, responses):
    offered = tracker("affirm", text="好的", turns=[{"intent": "payment_failed", "bot": ["utter_offer_human"]}])
    assert responses(run(ActionAnswerYes(), offered)[1]) == ["utter_handoff_ticket_anonymous"]
    plain = tracker("affirm", text="好的", turns=[{"intent": "how_to_pay", "bot": ["utter_how_to_pay_generic"]}])
    assert responses(run(ActionAnswerYes(), plain)[1]) == ["utter_anything_else"]


def test_still_not_working_rechecks_then_offers_a_human(fake, tracker, run, responses):
    trk = tracker("still_not_working", "locked", text="还是不行", turns=[{"intent": "forgot_pin"}])
    _, messages = run(ActionStillNotWorking(), trk)
    assert responses(messages) == ["utter_still_not_working", "utter_status_exact",
                                   "utter_status_still_blocked", "utter_offer_human"]
    anonymous = tracker("still_not_working", text="还是不行啊")
    assert responses(run(ActionStillNotWorking(), anonymous)[1]) == [
        "utter_still_not_working_anonymous", "utter_offer_human"]
    # said again right after that offer: the person, not the same re-check and offer again
    again = tracker("still_not_working", "locked", text="还是不行",
                    turns=[{"intent": "still_not_working", "bot": ["utter_still_not_working", "utter_offer_human"]}])
    assert responses(run(ActionStillNotWorking(), again)[1]) == ["utter_handoff_ticket"]


def test_app_failure_gets_device_steps_not_the_hospital(fake, tracker, run, responses):
    events, messages = run(ActionAppTroubleshoot(), tracker("app_problem", text="医保app闪退"))
    assert responses(messages) == ["utter_app_troubleshoot", "utter_app_troubleshoot_after"]
    assert events == [SlotSet("diagnosed_cause", "phone_app")]


def test_pin_question_inside_the_region_form_is_looked_up_and_the_form_stays(fake, tracker, run, responses):
    trk = tracker("forgot_pin", "locked", text="等下，我密码是不是也锁了？", turns=[{"intent": "region_mismatch"}],
                  active_loop="region_switch_form")
    events, messages = run(ActionAnswerDigression(), trk)
    assert responses(messages) == ["utter_in_form_pin_locked"] and events == []
    trk = tracker("forgot_pin", "ok", text="我密码锁了吗", turns=[{"intent": "region_mismatch"}],
                  active_loop="region_switch_form")
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_in_form_pin_ok"]
    trk = tracker("system_failure", "ok", text="药店机器是不是坏了", active_loop="activation_form")
    _, messages = run(ActionAnswerDigression(), trk)
    assert responses(messages) == ["utter_in_form_problem_later"]
    assert messages[0]["problem_label"] == "医院药店系统的问题"
    # how-to questions that name a problem are answered now, and the form goes on
    trk = tracker("activate_credential", "region", text="医保码怎么激活啊", active_loop="region_switch_form")
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_generic_activate_credential"]
    trk = tracker("region_mismatch", "region", text="异地就医要备案吗", active_loop="region_switch_form")
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_beian_needed", "utter_beian_where"]


def test_faq_inside_a_form_gets_the_selected_answer(fake, tracker, run, responses):
    selected = {"response_selector": {"faq": {"response": {"utter_action": "utter_faq/hotline"}}}}
    trk = tracker("faq", text="热线多少", active_loop="activation_form", latest_extra=selected)
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_faq/hotline"]
    trk = tracker("follow_up", text="然后呢", active_loop="pin_reset_form")
    _, messages = run(ActionAnswerDigression(), trk)
    assert responses(messages) == ["utter_in_form_hint"] and messages[0]["form_label"] == "重置支付密码"
    assert "刷脸" in messages[0]["form_next"]  # what the questions lead to, not only that they exist
    trk = tracker("still_not_working", text="还是不行", active_loop="region_switch_form")
    _, messages = run(ActionAnswerDigression(), trk)
    assert responses(messages) == ["utter_in_form_not_yet"] and "参保地" in messages[0]["form_next"]


def test_a_diagnosis_already_given_is_referred_to_not_repeated(fake, tracker, run, responses):
    earlier = [{"intent": "payment_failed", "action": "action_diagnose"}]
    trk = tracker("network_error", "balance", text="怎么没反应？？", turns=earlier,
                  slots={"diagnosed_cause": "insufficient_balance"})
    events, messages = run(ActionDiagnose(), trk)
    assert responses(messages) == ["utter_already_diagnosed"]
    assert messages[0]["cause_label"] == "个人账户余额不足"
    assert events == [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", "insufficient_balance")]
    # asking why (or to change it) gets the general answer for that cause, without 「记录没有变化」
    # before it (trial round 16: that read as no answer)
    trk = tracker("insufficient_balance", "balance", text="为啥余额会不够啊 我上个月刚有钱", turns=earlier,
                  slots={"diagnosed_cause": "insufficient_balance"})
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_generic_insufficient_balance"]
    # the first time, the whole diagnosis
    first = tracker("payment_failed", "balance", text="付款失败了")
    assert "utter_diag_insufficient_balance" in responses(run(ActionDiagnose(), first)[1])


def test_a_fixed_cause_is_not_followed_by_the_question_of_its_fix(person, attempt):
    failed = {**attempt, "error_category": "region_mismatch"}
    result = diagnose_last_failure("region_mismatch", person()["profile"], person()["wallet"], failed)
    assert [u[0] for u in result.utterances][-1] == "utter_diag_resolved"
    assert result.flow == "info"
    # a different fix the person asks for still follows
    result = diagnose_last_failure("forgot_pin", person()["profile"], person()["wallet"], failed)
    assert result.flow == "pin_reset"


def test_a_failed_attempt_newer_than_the_last_diagnosis_is_said_in_full(fake, tracker, run, responses):
    told_at = datetime(2026, 11, 24, 7, 0, tzinfo=timezone.utc).timestamp()  # before the attempt
    trk = tracker("payment_failed", "balance", text="又付款失败了",
                  turns=[{"intent": "payment_failed", "action": "action_diagnose"}],
                  slots={"diagnosed_cause": "insufficient_balance"})
    next(e for e in trk.events if e.get("event") == "action")["timestamp"] = told_at
    _, messages = run(ActionDiagnose(), trk)
    assert "utter_diag_insufficient_balance" in responses(messages)


def test_a_question_about_the_lock_is_answered_from_the_records(fake, tracker, run, responses):
    # signed in, PIN fine: the answer and no reset (C18 of the 2026-11-30 trial)
    events, messages = run(ActionDiagnose(), tracker("forgot_pin", "region", text="我密码是不是也锁了"))
    assert responses(messages) == ["utter_pin_not_locked"] and events == [SlotSet("fix_flow", "info")]
    # forgetting it still starts the reset; a locked PIN gets the diagnosis and the reset
    events, _ = run(ActionDiagnose(), tracker("forgot_pin", "region", text="我密码忘了"))
    assert SlotSet("fix_flow", "pin_reset") in events
    events, messages = run(ActionDiagnose(), tracker("forgot_pin", "locked", text="我密码是不是锁了"))
    assert "utter_pin_not_locked" not in responses(messages) and SlotSet("fix_flow", "pin_reset") in events


def test_the_problem_a_form_fixes_raised_inside_it_points_to_this_step(fake, tracker, run, responses):
    trk = tracker("forgot_pin", "locked", text="我密码是不是要等24小时才能解锁", active_loop="pin_reset_form")
    _, messages = run(ActionAnswerDigression(), trk)
    assert responses(messages) == ["utter_in_form_same_topic"] and "刷脸" in messages[0]["form_next"]


def test_signed_in_after_a_general_answer_the_follow_up_looks_at_the_records(fake, tracker, run):
    from rasa_sdk.events import FollowupAction

    # the SMS code may be read as any intent (bot_challenge here): a number carries no topic
    before = [{"intent": "payment_failed", "action": "action_diagnose",
               "bot": ["utter_generic_payment_failed", "utter_offer_sign_in"]},
              {"intent": "bot_challenge", "text": "482913", "bot": ["utter_verified_problem"]}]
    events, _ = run(ActionFollowUp(), tracker("follow_up", "balance", text="那我咋办嘛", turns=before))
    assert events == [FollowupAction("action_diagnose")]
    # once the records have answered, a follow-up is answered from that cause
    after = before + [{"intent": "payment_failed", "bot": ["utter_diag_attempt", "utter_diag_insufficient_balance"]}]
    events, _ = run(ActionFollowUp(), tracker("follow_up", "balance", text="那我咋办嘛", turns=after,
                                              slots={"diagnosed_cause": "insufficient_balance"}))
    assert events == []


PIN_TICKET = {"intent": "affirm", "bot": ["utter_pin_ticket", "utter_pin_path_alipay", "utter_pin_rules"]}
PIN_PATH_ONLY = {"intent": "inform", "bot": ["utter_pin_path_wechat", "utter_pin_rules", "utter_pin_sign_in_needed"]}
SCAM_WARNED = {"intent": "security_info", "text": "【医保局】您的医保卡已停用，请点击链接升级电子医保",
               "bot": ["utter_scam_warning", "utter_security_info"]}


def test_asking_for_the_link_after_the_pin_reset_is_about_that_link(fake, tracker, run, responses):
    # read as a security question or as a follow-up, the answer is where the link is
    for intent, action in (("security_info", ActionSecurityInfo()), ("follow_up", ActionFollowUp())):
        trk = tracker(intent, "locked", text="那链接在哪", turns=[{"intent": "forgot_pin"}, PIN_TICKET],
                      slots={"pin_ticket_id": "tk1"})
        assert responses(run(action, trk)[1]) == ["utter_pin_link_above"], intent
    # no ticket was opened (not signed in): there is no link, the path is the fix
    trk = tracker("security_info", text="链接呢", turns=[{"intent": "forgot_pin"}, PIN_PATH_ONLY])
    assert responses(run(ActionSecurityInfo(), trk)[1]) == ["utter_pin_link_sign_in"]
    trk = tracker("follow_up", "locked", text="链接呢？", turns=[{"intent": "forgot_pin"}, PIN_PATH_ONLY])
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_pin_link_none"]
    # a 「好的」 in between does not hide the answer asked about
    trk = tracker("security_info", "locked", text="链接在哪里啊", slots={"pin_ticket_id": "tk1"},
                  turns=[PIN_TICKET, {"intent": "thank", "bot": ["utter_you_are_welcome"]}])
    assert responses(run(ActionSecurityInfo(), trk)[1]) == ["utter_pin_link_above"]
    # asked again right after: a person, not the same text
    trk = tracker("follow_up", "locked", text="链接呢", slots={"pin_ticket_id": "tk1"},
                  turns=[PIN_TICKET, {"intent": "follow_up", "bot": ["utter_pin_link_above"]}])
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_offer_human"]


def test_a_link_question_without_the_pin_answer_is_still_a_security_question(fake, tracker, run, responses):
    trk = tracker("security_info", text="医保的链接能随便点吗", turns=[{"intent": "how_to_pay",
                                                                 "bot": ["utter_how_to_pay_generic"]}])
    assert responses(run(ActionSecurityInfo(), trk)[1]) == ["utter_security_info"]
    # a new scam pasted after the PIN answer is warned about, not taken for the reset link
    trk = tracker("security_info", text="【医保中心】您的医保卡已停用 点链接 http://x.cn 升级",
                  turns=[PIN_TICKET], slots={"pin_ticket_id": "tk1"})
    assert responses(run(ActionSecurityInfo(), trk)[1])[0] == "utter_scam_warning"


def test_is_it_real_after_a_scam_warning_gets_the_verdict_and_what_to_do(fake, tracker, run, responses):
    for intent, action in (("security_info", ActionSecurityInfo()), ("follow_up", ActionFollowUp())):
        trk = tracker(intent, text="这是真的吗 怎么弄", turns=[SCAM_WARNED])
        assert responses(run(action, trk)[1]) == ["utter_scam_verdict"], intent
    # 「然后呢」 still gets the next steps; asked again after the verdict, the other answer
    trk = tracker("follow_up", text="然后呢", turns=[SCAM_WARNED])
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_scam_next_steps"]
    trk = tracker("security_info", text="真的是骗子吗", turns=[SCAM_WARNED,
                                                          {"intent": "security_info", "bot": ["utter_scam_verdict"]}])
    assert responses(run(ActionSecurityInfo(), trk)[1]) == ["utter_scam_next_steps"]


def test_moving_account_money_to_a_spouse_is_not_answered_with_binding_steps(fake, tracker, run, responses):
    for action, intent, text in (
            (ActionFamilyInfo(), "family_binding", "能把我医保卡里的钱转给我老婆吗"),
            (ActionMedicalWallet(), "medical_wallet", "我医保里的钱能不能转给我妈"),
            (ActionSecurityInfo(), "security_info", "医保卡的钱可以转到我媳妇卡上不"),
            (ActionMedicalWallet(), "medical_wallet", "个账里的余额能提现吗")):
        assert responses(run(action, tracker(intent, "ok", text=text))[1]) == ["utter_account_transfer"], text
    # binding a family member, and the wallet's own transfers, keep their answers
    assert responses(run(ActionFamilyInfo(), tracker("family_binding", text="怎么给我妈绑亲情账户"))[1]) == [
        "utter_family_binding_rules"]
    assert responses(run(ActionMedicalWallet(), tracker("medical_wallet", text="医保钱包怎么给家人转账"))[1]) == [
        "utter_medical_wallet"]
