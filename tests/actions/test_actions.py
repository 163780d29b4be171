"""Action unit tests with a fake wallet client: exact events and responses."""
from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import common
from actions.diagnosis import ActionCheckStatus, ActionDiagnose, ActionShowWallet, diagnose_last_failure
from actions.faq import ActionFamilyInfo, ActionHowToPay, ActionSecurityInfo
from actions.forms import ActionStartPinReset, ActionSwitchRegion, ValidateRegionSwitchForm
from actions.handoff import ActionFallback, ActionHandoff
from tests.actions.fake_wallet import FakeWalletClient, person

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))

ATTEMPT = {"occurred_at": "2026-11-24T07:32:00+00:00", "institution": "北京同仁堂王府井店",
           "institution_region_name": "北京市", "amount": "128.00"}

PEOPLE = {
    "ok": person(),
    "balance": person(wallet={"balance": "3.50"},
                      attempt={**ATTEMPT, "error_category": "insufficient_balance"}),
    "region": person(
        profile={"shown_region": {"code": "430100", "name": "长沙市"},
                 "real_region": {"code": "440300", "name": "深圳市"}},
        regions=[{"region_code": "430100", "region_name": "长沙市", "is_real": False, "shown": True},
                 {"region_code": "440300", "region_name": "深圳市", "is_real": True, "shown": False}],
        attempt={**ATTEMPT, "error_category": "region_mismatch"}),
    "locked": person(profile={"pin": {"locked": True, "failed_tries": 5}},
                     attempt={**ATTEMPT, "error_category": "pin_locked"}),
    "resident": person(wallet={"has_personal_account": False, "balance": None},
                       attempt={**ATTEMPT, "error_category": "insufficient_balance"}),
    "family": person(family=[{"member_name_masked": "吴*", "relation_label": "子女",
                              "member_region_name": "深圳市", "tier": "二档",
                              "needs_chc": True, "chc_bound": False}]),
}


@pytest.fixture
def fake():
    client = FakeWalletClient(PEOPLE)
    common.set_wallet_client(client)
    yield client
    common.set_wallet_client(None)


def tracker(intent: str, token: Optional[str] = None, slots: Optional[Dict[str, Any]] = None,
            entities: Optional[List[Dict[str, Any]]] = None, history: Optional[List[str]] = None,
            text: str = "付款失败了") -> Tracker:
    events: List[Dict[str, Any]] = [{"event": "session_started"}]
    for earlier in history or []:
        events.append({"event": "user", "text": earlier, "parse_data": {"intent": {"name": earlier}},
                       "metadata": {}})
    latest = {"intent": {"name": intent, "confidence": 0.99}, "entities": entities or [], "text": text}
    events.append({"event": "user", "text": text, "parse_data": latest,
                   "metadata": {"token": token} if token else {}, "input_channel": "rest"})
    return Tracker("conv-1", slots or {}, latest, events, False, None, {}, "action_listen")


def run(action, trk: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, trk, DOMAIN))
    return events, dispatcher.messages


def responses(messages) -> List[str]:
    return [m["response"] for m in messages if m.get("response")]


def test_balance_persona_gets_own_figures(fake):
    events, messages = run(ActionDiagnose(), tracker("payment_failed", "balance"))
    assert events == [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", "insufficient_balance")]
    assert responses(messages) == ["utter_diag_attempt", "utter_diag_insufficient_balance"]
    assert messages[0]["amount"] == "128.00" and messages[0]["attempt_time"] == "11月24日 15:32"
    assert messages[1]["balance"] == "3.50"


def test_wrong_guess_is_corrected_and_region_switch_follows(fake):
    events, messages = run(ActionDiagnose(), tracker("insufficient_balance", "region"))
    assert events == [SlotSet("fix_flow", "region_switch"), SlotSet("diagnosed_cause", "region_mismatch")]
    assert responses(messages) == ["utter_diag_attempt", "utter_diag_correct_guess_balance",
                                   "utter_diag_region_mismatch"]
    assert messages[1]["balance"] == "856.40"
    assert messages[2]["real_region"] == "深圳市"  # no internal code shown to people


def test_resident_has_no_personal_account(fake):
    _, messages = run(ActionDiagnose(), tracker("payment_failed", "resident"))
    assert "utter_diag_no_personal_account" in responses(messages)


def test_locked_pin_leads_to_pin_reset(fake):
    events, _ = run(ActionDiagnose(), tracker("payment_failed", "locked"))
    assert events[0] == SlotSet("fix_flow", "pin_reset")


def test_no_failure_walks_through_network_checks(fake):
    events, messages = run(ActionDiagnose(), tracker("payment_failed", "ok"))
    assert events == [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", None)]
    assert responses(messages) == ["utter_diag_no_failure", "utter_network_checklist"]


def test_anonymous_gets_generic_walkthrough_without_backend_calls(fake):
    events, messages = run(ActionDiagnose(), tracker("network_error"))
    assert events == [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", None)]
    assert responses(messages) == ["utter_generic_network_error", "utter_offer_sign_in"]
    assert fake.calls == []


def test_invalid_token_is_treated_as_signed_out(fake):
    events, messages = run(ActionDiagnose(), tracker("forgot_pin", "forged"))
    assert events == [SlotSet("fix_flow", "pin_reset"), SlotSet("diagnosed_cause", None)]
    assert responses(messages) == ["utter_sign_in_expired", "utter_generic_forgot_pin"]


def test_backend_down_answers_generically_and_offers_a_human(fake):
    fake.down = True
    events, messages = run(ActionDiagnose(), tracker("payment_failed", "balance"))
    assert events == [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", "backend_unavailable")]
    assert responses(messages) == ["utter_backend_down", "utter_generic_payment_failed",
                                   "utter_offer_human"]


def test_resolved_cause_is_reported_as_resolved():
    profile = person()["profile"]  # shown == real now
    attempt = {**ATTEMPT, "error_category": "region_mismatch"}
    result = diagnose_last_failure("payment_failed", profile, person()["wallet"], attempt)
    assert [u[0] for u in result.utterances] == ["utter_diag_attempt", "utter_diag_resolved"]
    assert result.flow == "info"


def test_region_switch_needs_confirmation(fake):
    slots = {"region_code": "440300", "region_confirm": False}
    events, messages = run(ActionSwitchRegion(), tracker("deny", "region", slots=slots))
    assert responses(messages) == ["utter_region_switch_cancelled"]
    assert not [c for c in fake.calls if c[0] == "switch_region"]
    assert events == [SlotSet("region_code", None), SlotSet("region_confirm", None)]


def test_region_switch_after_confirmation_is_sent_with_channel_and_conversation(fake):
    slots = {"region_code": "440300", "region_confirm": True}
    events, messages = run(ActionSwitchRegion(), tracker("affirm", "region", slots=slots))
    assert ("switch_region", "region", "440300", "rest", "conv-1") in fake.calls
    assert responses(messages) == ["utter_region_switched"]
    assert events[-1] == SlotSet("fix_flow", "region_switch")


def test_region_outside_records_skips_confirmation(fake):
    validator = ValidateRegionSwitchForm()
    dispatcher = CollectingDispatcher()
    result = asyncio.run(validator.validate_region_code("广州", dispatcher, tracker("inform", "region"), DOMAIN))
    assert result == {"region_code": "440100", "region_confirm": False}


def test_pin_reset_ticket_only_after_confirmation(fake):
    slots = {"pay_channel": "wechat", "pin_reset_confirm": True}
    events, messages = run(ActionStartPinReset(), tracker("affirm", "locked", slots=slots))
    assert responses(messages) == ["utter_pin_ticket", "utter_pin_path_wechat", "utter_pin_rules"]
    assert events == [SlotSet("pin_reset_confirm", None), SlotSet("pin_ticket_id", "tk1"),
                      SlotSet("fix_flow", "pin_reset")]
    events, messages = run(ActionStartPinReset(), tracker("deny", "locked",
                                                          slots={"pay_channel": "app", "pin_reset_confirm": False}))
    assert [c[0] for c in fake.calls].count("start_pin_reset") == 1
    assert responses(messages) == ["utter_pin_path_app", "utter_pin_rules"]


def test_check_status_reports_what_still_blocks(fake):
    _, messages = run(ActionCheckStatus(), tracker("check_status", "region"))
    assert responses(messages) == ["utter_status_exact", "utter_status_still_blocked"]
    assert "长沙市" in messages[1]["blockers"]


def test_show_wallet_figures(fake):
    _, messages = run(ActionShowWallet(), tracker("check_balance", "ok"))
    assert messages[0]["response"] == "utter_wallet_figures"
    assert messages[0]["balance"] == "856.40" and messages[0]["single_limit"] == "2000.00"


def test_how_to_pay_uses_the_channel_named_now(fake):
    entities = [{"entity": "pay_channel", "value": "支付宝"}]
    _, messages = run(ActionHowToPay(), tracker("how_to_pay", entities=entities,
                                                slots={"pay_channel": "wechat"}))
    assert responses(messages) == ["utter_how_to_pay_alipay"]


def test_family_info_warns_about_community_health_centre(fake):
    _, messages = run(ActionFamilyInfo(), tracker("family_binding", "family"))
    assert "社康中心" in messages[-1]["text"] and "二档" in messages[-1]["text"]


def test_security_info_offers_revoke_buttons(fake):
    _, messages = run(ActionSecurityInfo(), tracker("security_info", "ok"))
    payloads = [b["payload"] for b in messages[-1]["buttons"]]
    assert payloads == ['/revoke_authorization{"auth_channel":"alipay"}',
                        '/revoke_authorization{"auth_channel":"wechat"}']


def test_handoff_summary_and_ticket(fake):
    trk = tracker("request_human", "balance", slots={"diagnosed_cause": "insufficient_balance"},
                  text="转人工")
    _, messages = run(ActionHandoff(), trk)
    call = next(c for c in fake.calls if c[0] == "open_support_ticket")
    assert "insufficient_balance" in call[1] and "转人工" in call[1]
    assert messages[0]["ticket_no"] == "T20261125-0001"
    assert responses(messages) == ["utter_handoff_ticket"]  # a signed-in person can be called back


def test_anonymous_handoff_does_not_promise_a_call_back(fake):
    _, messages = run(ActionHandoff(), tracker("request_human", text="转人工"))
    assert responses(messages) == ["utter_handoff_ticket_anonymous"]


def test_handoff_without_backend_gives_the_hotline(fake):
    fake.down = True
    _, messages = run(ActionHandoff(), tracker("request_human"))
    assert responses(messages) == ["utter_handoff_no_ticket"]


def test_second_misunderstanding_in_a_row_hands_over(fake):
    _, messages = run(ActionFallback(), tracker("nlu_fallback"))
    assert responses(messages) == ["utter_default"]
    _, messages = run(ActionFallback(), tracker("nlu_fallback", history=["nlu_fallback"]))
    assert responses(messages) == ["utter_handoff_ticket_anonymous"]  # nobody signed in


def test_every_response_the_actions_use_exists_in_the_domain():
    defined = set(DOMAIN["responses"])
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "actions").glob("*.py"))
    names = set(re.findall(r'"(utter_[a-z_]+)"', source))
    names.discard("utter_action")  # Rasa's key for the response a bot event came from
    channels = ["app", "alipay", "wechat"]
    names |= {f"utter_{kind}_{c}" for kind in ("activation_steps", "pin_path", "how_to_pay") for c in channels}
    names |= {f"utter_generic_{i}" for i in common.PROBLEM_INTENTS}
    names |= {f"utter_diag_{c}" for c in ("not_activated", "pin_locked", "info_mismatch")}
    missing = sorted(n for n in names if n not in defined)
    assert not missing, missing


def test_choosing_the_region_already_shown_needs_no_confirmation(fake):
    result = asyncio.run(ValidateRegionSwitchForm().validate_region_code(
        "430100", CollectingDispatcher(), tracker("inform", "region"), DOMAIN))
    assert result == {"region_code": "430100", "region_confirm": True}
    events, messages = run(ActionSwitchRegion(), tracker("inform", "region", slots=result))
    assert responses(messages) == ["utter_region_already_shown"]
    assert not [c for c in fake.calls if c[0] == "switch_region"]


def test_token_of_an_earlier_message_is_not_reused(fake):
    trk = tracker("check_balance")
    trk.events.insert(1, {"event": "user", "text": "付款失败了", "metadata": {"token": "balance"},
                          "parse_data": {"intent": {"name": "payment_failed"}}})
    _, messages = run(ActionShowWallet(), trk)
    assert responses(messages) == ["utter_sign_in_to_check"]
