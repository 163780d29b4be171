"""Action unit tests with a fake wallet client: exact events and responses."""
from __future__ import annotations

import asyncio
import re
from pathlib import Path

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import common
from actions.diagnosis import ActionCheckStatus, ActionDiagnose, ActionShowWallet, diagnose_last_failure
from actions.faq import ActionFamilyInfo, ActionHowToPay, ActionSecurityInfo
from actions.forms import ActionStartPinReset
from actions.handoff import ActionFallback, ActionHandoff
from actions.region_switch import ActionSwitchRegion, ValidateRegionSwitchForm

ROOT = Path(__file__).resolve().parents[2]


def test_balance_persona_gets_own_figures(fake, tracker, run, responses):
    events, messages = run(ActionDiagnose(), tracker("payment_failed", "balance"))
    assert events == [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", "insufficient_balance")]
    assert responses(messages) == ["utter_diag_attempt", "utter_diag_insufficient_balance"]
    assert messages[0]["amount"] == "128.00" and messages[0]["attempt_time"] == "11月24日 15:32"
    assert messages[1]["balance"] == "3.50"


def test_wrong_guess_is_corrected_and_region_switch_follows(fake, tracker, run, responses):
    events, messages = run(ActionDiagnose(), tracker("insufficient_balance", "region"))
    assert events == [SlotSet("fix_flow", "region_switch"), SlotSet("diagnosed_cause", "region_mismatch")]
    assert responses(messages) == ["utter_diag_attempt", "utter_diag_correct_guess_balance",
                                   "utter_diag_region_mismatch"]
    assert messages[1]["balance"] == "856.40"
    assert messages[2]["real_region"] == "深圳市"  # no internal code shown to people


def test_resident_has_no_personal_account(fake, tracker, run, responses):
    _, messages = run(ActionDiagnose(), tracker("payment_failed", "resident"))
    assert "utter_diag_no_personal_account" in responses(messages)


def test_locked_pin_leads_to_pin_reset(fake, tracker, run):
    events, _ = run(ActionDiagnose(), tracker("payment_failed", "locked"))
    assert events[0] == SlotSet("fix_flow", "pin_reset")


def test_no_failure_walks_through_network_checks(fake, tracker, run, responses):
    events, messages = run(ActionDiagnose(), tracker("payment_failed", "ok"))
    assert events == [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", None)]
    assert responses(messages) == ["utter_diag_no_failure", "utter_network_checklist"]


def test_anonymous_gets_generic_walkthrough_without_backend_calls(fake, tracker, run, responses):
    events, messages = run(ActionDiagnose(), tracker("network_error"))
    assert events == [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", None)]
    assert responses(messages) == ["utter_generic_network_error", "utter_offer_sign_in"]
    assert fake.calls == []


def test_invalid_token_is_treated_as_signed_out(fake, tracker, run, responses):
    events, messages = run(ActionDiagnose(), tracker("forgot_pin", "forged"))
    assert events == [SlotSet("fix_flow", "pin_reset"), SlotSet("diagnosed_cause", None)]
    assert responses(messages) == ["utter_sign_in_expired", "utter_generic_forgot_pin"]


def test_backend_down_answers_generically_and_offers_a_human(fake, tracker, run, responses):
    fake.down = True
    events, messages = run(ActionDiagnose(), tracker("payment_failed", "balance"))
    assert events == [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", "backend_unavailable")]
    assert responses(messages) == ["utter_backend_down", "utter_generic_payment_failed",
                                   "utter_offer_human"]


def test_resolved_cause_is_reported_as_resolved(person, attempt):
    profile = person()["profile"]  # shown == real now
    failed = {**attempt, "error_category": "region_mismatch"}
    result = diagnose_last_failure("payment_failed", profile, person()["wallet"], failed)
    assert [u[0] for u in result.utterances] == ["utter_diag_attempt", "utter_diag_resolved"]
    assert result.flow == "info"


def test_region_switch_needs_confirmation(fake, tracker, run, responses):
    slots = {"region_code": "440300", "region_confirm": False}
    events, messages = run(ActionSwitchRegion(), tracker("deny", "region", slots=slots))
    assert responses(messages) == ["utter_region_switch_cancelled"]
    assert not [c for c in fake.calls if c[0] == "switch_region"]
    assert events == [SlotSet("region_code", None), SlotSet("region_confirm", None)]


def test_region_switch_after_confirmation_is_sent_with_channel_and_conversation(fake, tracker, run, responses):
    slots = {"region_code": "440300", "region_confirm": True}
    events, messages = run(ActionSwitchRegion(), tracker("affirm", "region", slots=slots))
    assert ("switch_region", "region", "440300", "rest", "conv-1") in fake.calls
    assert responses(messages) == ["utter_region_switched"]
    assert events[-1] == SlotSet("fix_flow", "region_switch")


def test_region_outside_records_skips_confirmation(fake, tracker, domain):
    validator = ValidateRegionSwitchForm()
    dispatcher = CollectingDispatcher()
    result = asyncio.run(validator.validate_region_code("广州", dispatcher, tracker("inform", "region"), domain))
    assert result == {"region_code": "440100", "region_confirm": False}


def test_pin_reset_ticket_only_after_confirmation(fake, tracker, run, responses):
    slots = {"pay_channel": "wechat", "pin_reset_confirm": True}
    events, messages = run(ActionStartPinReset(), tracker("affirm", "locked", slots=slots))
    assert responses(messages) == ["utter_pin_ticket", "utter_pin_path_wechat", "utter_pin_rules"]
    assert events == [SlotSet("pin_reset_confirm", None), SlotSet("pin_ticket_id", "tk1"),
                      SlotSet("fix_flow", "pin_reset")]
    events, messages = run(ActionStartPinReset(), tracker("deny", "locked",
                                                          slots={"pay_channel": "app", "pin_reset_confirm": False}))
    assert [c[0] for c in fake.calls].count("start_pin_reset") == 1
    assert responses(messages) == ["utter_pin_path_app", "utter_pin_rules"]


def test_check_status_reports_what_still_blocks(fake, tracker, run, responses):
    _, messages = run(ActionCheckStatus(), tracker("check_status", "region"))
    assert responses(messages) == ["utter_status_exact", "utter_status_still_blocked"]
    assert "长沙市" in messages[1]["blockers"]


def test_show_wallet_figures(fake, tracker, run):
    _, messages = run(ActionShowWallet(), tracker("check_balance", "ok"))
    assert messages[0]["response"] == "utter_wallet_figures"
    assert messages[0]["balance"] == "856.40" and messages[0]["single_limit"] == "2000.00"


def test_how_to_pay_uses_the_channel_named_now(fake, tracker, run, responses):
    entities = [{"entity": "pay_channel", "value": "支付宝"}]
    _, messages = run(ActionHowToPay(), tracker("how_to_pay", entities=entities,
                                                slots={"pay_channel": "wechat"}))
    assert responses(messages) == ["utter_how_to_pay_alipay"]


def test_family_info_warns_about_community_health_centre(fake, tracker, run):
    _, messages = run(ActionFamilyInfo(), tracker("family_binding", "family"))
    assert messages[-1]["response"] == "utter_family_members"
    assert "社康中心" in messages[-1]["members"] and "二档" in messages[-1]["members"]


def test_security_info_offers_revoke_buttons(fake, tracker, run):
    _, messages = run(ActionSecurityInfo(), tracker("security_info", "ok", text="医保码安全吗，怎么管理授权"))
    payloads = [b["payload"] for b in messages[-1]["buttons"]]
    assert payloads == ['/revoke_authorization{"auth_channel":"alipay"}',
                        '/revoke_authorization{"auth_channel":"wechat"}']


def test_handoff_summary_and_ticket(fake, tracker, run, responses):
    trk = tracker("request_human", "balance", slots={"diagnosed_cause": "insufficient_balance"},
                  text="转人工")
    _, messages = run(ActionHandoff(), trk)
    call = next(c for c in fake.calls if c[0] == "open_support_ticket")
    assert "insufficient_balance" in call[1] and "转人工" in call[1]
    assert messages[0]["ticket_no"] == "T20261125-0001"
    assert responses(messages) == ["utter_handoff_ticket"]  # a signed-in person can be called back


def test_anonymous_handoff_does_not_promise_a_call_back(fake, tracker, run, responses):
    _, messages = run(ActionHandoff(), tracker("request_human", text="转人工"))
    assert responses(messages) == ["utter_handoff_ticket_anonymous"]


def test_handoff_without_backend_gives_the_hotline(fake, tracker, run, responses):
    fake.down = True
    _, messages = run(ActionHandoff(), tracker("request_human"))
    assert responses(messages) == ["utter_handoff_no_ticket"]


def test_second_misunderstanding_in_a_row_offers_a_human_and_opens_nothing(fake, tracker, run, responses, domain):
    _, messages = run(ActionFallback(), tracker("nlu_fallback", text="sdfjkl;;"))
    assert responses(messages) == ["utter_default"]
    for turns in ([{"intent": "nlu_fallback", "text": "sdfjkl;;"}],
                  [{"intent": "nlu_fallback", "text": "唉唉唉"}, {"intent": "nlu_fallback", "text": "啊啊啊啊啊"}]):
        for token in (None, "ok"):  # anonymous or signed in: an offer, never a ticket unasked
            _, messages = run(ActionFallback(), tracker("nlu_fallback", token, text="哎呀呀呀", turns=turns))
            assert responses(messages) == ["utter_default_offer_human"]
            assert not [c for c in fake.calls if c[0] == "open_support_ticket"]
    buttons = domain["responses"]["utter_default_offer_human"][0]["buttons"]
    assert buttons[0]["payload"] == "/request_human" and len(buttons) >= 3  # the choices stay


def test_every_response_the_actions_use_exists_in_the_domain(domain):
    defined = set(domain["responses"])
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "actions").glob("*.py"))
    names = set(re.findall(r'"(utter_[a-z_]+)"', source))
    names.discard("utter_action")  # Rasa's key for the response a bot event came from
    channels = ["app", "alipay", "wechat"]
    names |= {f"utter_{kind}_{c}" for kind in ("activation_steps", "pin_path", "how_to_pay") for c in channels}
    names |= {f"utter_generic_{i}" for i in common.PROBLEM_INTENTS}
    names |= {f"utter_diag_{c}" for c in ("not_activated", "pin_locked", "info_mismatch")}
    missing = sorted(n for n in names if n not in defined)
    assert not missing, missing


def test_choosing_the_region_already_shown_needs_no_confirmation(fake, tracker, run, responses, domain):
    result = asyncio.run(ValidateRegionSwitchForm().validate_region_code(
        "430100", CollectingDispatcher(), tracker("inform", "region"), domain))
    assert result == {"region_code": "430100", "region_confirm": True}
    events, messages = run(ActionSwitchRegion(), tracker("inform", "region", slots=result))
    assert responses(messages) == ["utter_region_already_shown"]
    assert not [c for c in fake.calls if c[0] == "switch_region"]


def test_token_of_an_earlier_message_is_not_reused(fake, tracker, run, responses):
    trk = tracker("check_balance")
    trk.events.insert(1, {"event": "user", "text": "付款失败了", "metadata": {"token": "balance"},
                          "parse_data": {"intent": {"name": "payment_failed"}}})
    _, messages = run(ActionShowWallet(), trk)
    assert responses(messages) == ["utter_sign_in_to_check"]


def test_a_question_only_taken_for_a_security_one_gets_no_revoke_buttons(fake, tracker, run, responses):
    # 「那链接在哪」 after a PIN answer was read as security_info: the general answer, and no list
    # of the person's channels with buttons that cancel them.
    _, messages = run(ActionSecurityInfo(), tracker("security_info", "ok", text="那链接在哪"))
    assert responses(messages) == ["utter_security_info"]
    assert not any(m.get("buttons") for m in messages)
    _, stolen = run(ActionSecurityInfo(), tracker("security_info", "ok", text="医保卡被人盗刷了怎么办"))
    assert responses(stolen)[-1] == "utter_authorizations_active"


def test_a_wallet_that_did_not_work_for_this_person_is_diagnosed(fake, tracker, run, responses):
    from rasa_sdk.events import FollowupAction

    from actions.faq import ActionMedicalWallet

    text = "药店说他们不能用医保钱包付 是不是我的问题"
    events, messages = run(ActionMedicalWallet(), tracker("medical_wallet", "balance", text=text))
    assert events == [FollowupAction("action_diagnose")] and messages == []
    _, anonymous = run(ActionMedicalWallet(), tracker("medical_wallet", text=text))
    assert responses(anonymous) == ["utter_medical_wallet", "utter_offer_sign_in"]
    _, question = run(ActionMedicalWallet(), tracker("medical_wallet", "balance", text="医保钱包怎么开通"))
    assert responses(question) == ["utter_medical_wallet"]
