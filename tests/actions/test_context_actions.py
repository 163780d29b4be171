"""Context: follow-ups, 「还是不行」, answers to an offer, problems and FAQs inside a form, and a
diagnosis that is referred to instead of repeated."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.context import (ActionAnswerYes, ActionAppTroubleshoot, ActionFollowUp,
                             ActionStillNotWorking, previous_bot_responses, previous_topic)
from actions.diagnosis import ActionDiagnose, diagnose_last_failure
from actions.faq import ActionAnswerDigression
from tests.actions.fake_wallet import person
from tests.actions.test_actions import ATTEMPT, fake, responses, run  # noqa: F401 (fixture)


def conversation(turns: List[Dict[str, Any]], intent: str, text: str, token: Optional[str] = None,
                 slots: Optional[Dict[str, Any]] = None, active_loop: Optional[str] = None,
                 latest_extra: Optional[Dict[str, Any]] = None) -> Tracker:
    """turns: earlier {"intent": ..., "bot": [response names], "action": name?}."""
    events: List[Dict[str, Any]] = [{"event": "session_started"}]
    for turn in turns:
        events.append({"event": "user", "text": turn.get("text", "…"),
                       "parse_data": {"intent": {"name": turn["intent"]}}, "metadata": {}})
        if turn.get("action"):
            events.append({"event": "action", "name": turn["action"]})
        events += [{"event": "bot", "text": "…", "metadata": {"utter_action": name}}
                   for name in turn.get("bot", [])]
    latest = {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text,
              **(latest_extra or {})}
    events.append({"event": "user", "text": text, "parse_data": latest, "input_channel": "rest",
                   "metadata": {"token": token} if token else {}})
    return Tracker("conv-1", slots or {}, latest, events, False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


def test_context_helpers_look_before_the_message_being_answered():
    trk = conversation([{"intent": "payment_failed", "bot": ["utter_diag_attempt"]},
                        {"intent": "thank", "bot": ["utter_you_are_welcome", "utter_offer_human"]}],
                       "follow_up", "那咋整啊")
    assert previous_bot_responses(trk) == {"utter_you_are_welcome", "utter_offer_human"}
    assert previous_topic(trk) == "payment_failed"  # thank carries no topic


def test_follow_up_after_a_diagnosis_gets_the_next_step_for_that_cause(fake):
    trk = conversation([{"intent": "payment_failed", "bot": ["utter_diag_status_abnormal"]}],
                       "follow_up", "那我咋办嘛", token="balance",
                       slots={"diagnosed_cause": "status_abnormal"})
    _, messages = run(ActionFollowUp(), trk)
    assert responses(messages) == ["utter_generic_credential_abnormal", "utter_offer_human"]


def test_follow_up_after_a_human_was_offered_is_not_a_no(fake):
    trk = conversation([{"intent": "info_mismatch", "bot": ["utter_diag_info_mismatch",
                                                           "utter_offer_human"]}],
                       "follow_up", "那咋整啊", slots={"diagnosed_cause": "info_mismatch"})
    _, messages = run(ActionFollowUp(), trk)
    assert responses(messages) == ["utter_follow_up_human_offered"]


def test_follow_up_for_anonymous_problem_offers_the_lookup(fake):
    trk = conversation([{"intent": "network_error", "bot": ["utter_generic_network_error"]}],
                       "follow_up", "然后呢")
    _, messages = run(ActionFollowUp(), trk)
    assert responses(messages) == ["utter_generic_network_error", "utter_offer_sign_in"]


def test_follow_up_after_a_how_to_and_without_any_context(fake):
    trk = conversation([{"intent": "how_to_pay", "bot": ["utter_how_to_pay_generic"]}],
                       "follow_up", "接下来呢")
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_follow_up_howto"]
    trk = conversation([], "follow_up", "那怎么办")
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_follow_up_no_context"]


def test_yes_to_an_offered_human_hands_over_else_asks_what_next(fake):
    offered = conversation([{"intent": "payment_failed", "bot": ["utter_offer_human"]}],
                           "affirm", "好的")
    assert responses(run(ActionAnswerYes(), offered)[1]) == ["utter_handoff_ticket_anonymous"]
    plain = conversation([{"intent": "how_to_pay", "bot": ["utter_how_to_pay_generic"]}],
                         "affirm", "好的")
    assert responses(run(ActionAnswerYes(), plain)[1]) == ["utter_anything_else"]


def test_still_not_working_rechecks_then_offers_a_human(fake):
    trk = conversation([{"intent": "forgot_pin"}], "still_not_working", "还是不行", token="locked")
    _, messages = run(ActionStillNotWorking(), trk)
    assert responses(messages) == ["utter_still_not_working", "utter_status_exact",
                                   "utter_status_still_blocked", "utter_offer_human"]
    anonymous = conversation([], "still_not_working", "还是不行啊")
    assert responses(run(ActionStillNotWorking(), anonymous)[1]) == [
        "utter_still_not_working_anonymous", "utter_offer_human"]


def test_app_failure_gets_device_steps_not_the_hospital(fake):
    events, messages = run(ActionAppTroubleshoot(), conversation([], "app_problem", "医保app闪退"))
    assert responses(messages) == ["utter_app_troubleshoot", "utter_app_troubleshoot_after"]
    assert events == [SlotSet("diagnosed_cause", "phone_app")]


def test_pin_question_inside_the_region_form_is_looked_up_and_the_form_stays(fake):
    trk = conversation([{"intent": "region_mismatch"}], "forgot_pin", "等下，我密码是不是也锁了？",
                       token="locked", active_loop="region_switch_form")
    events, messages = run(ActionAnswerDigression(), trk)
    assert responses(messages) == ["utter_in_form_pin_locked"] and events == []
    trk = conversation([{"intent": "region_mismatch"}], "forgot_pin", "我密码锁了吗", token="ok",
                       active_loop="region_switch_form")
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_in_form_pin_ok"]
    trk = conversation([], "system_failure", "药店机器是不是坏了", token="ok",
                       active_loop="activation_form")
    _, messages = run(ActionAnswerDigression(), trk)
    assert responses(messages) == ["utter_in_form_problem_later"]
    assert messages[0]["problem_label"] == "医院药店系统的问题"


def test_faq_inside_a_form_gets_the_selected_answer(fake):
    selected = {"response_selector": {"faq": {"response": {"utter_action": "utter_faq/hotline"}}}}
    trk = conversation([], "faq", "热线多少", active_loop="activation_form", latest_extra=selected)
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_faq/hotline"]
    trk = conversation([], "follow_up", "然后呢", active_loop="pin_reset_form")
    _, messages = run(ActionAnswerDigression(), trk)
    assert responses(messages) == ["utter_in_form_hint"] and messages[0]["form_label"] == "重置支付密码"


def test_a_diagnosis_already_given_is_referred_to_not_repeated(fake):
    earlier = [{"intent": "payment_failed", "action": "action_diagnose"}]
    trk = conversation(earlier, "network_error", "怎么没反应？？", token="balance",
                       slots={"diagnosed_cause": "insufficient_balance"})
    events, messages = run(ActionDiagnose(), trk)
    assert responses(messages) == ["utter_already_diagnosed"]
    assert messages[0]["cause_label"] == "个人账户余额不足"
    assert events == [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", "insufficient_balance")]
    # the first time, the whole diagnosis
    first = conversation([], "payment_failed", "付款失败了", token="balance")
    assert "utter_diag_insufficient_balance" in responses(run(ActionDiagnose(), first)[1])


def test_a_fixed_cause_is_not_followed_by_the_question_of_its_fix():
    attempt = {**ATTEMPT, "error_category": "region_mismatch"}
    result = diagnose_last_failure("region_mismatch", person()["profile"], person()["wallet"], attempt)
    assert [u[0] for u in result.utterances][-1] == "utter_diag_resolved"
    assert result.flow == "info"
    # a different fix the person asks for still follows
    result = diagnose_last_failure("forgot_pin", person()["profile"], person()["wallet"], attempt)
    assert result.flow == "pin_reset"


def test_a_failed_attempt_newer_than_the_last_diagnosis_is_said_in_full(fake):
    told_at = datetime(2026, 11, 24, 7, 0, tzinfo=timezone.utc).timestamp()  # before ATTEMPT
    trk = conversation([{"intent": "payment_failed", "action": "action_diagnose"}], "payment_failed",
                       "又付款失败了", token="balance", slots={"diagnosed_cause": "insufficient_balance"})
    next(e for e in trk.events if e.get("event") == "action")["timestamp"] = told_at
    _, messages = run(ActionDiagnose(), trk)
    assert "utter_diag_insufficient_balance" in responses(messages)
