"""Writes answered truthfully after a timeout, and forms that answer only the person asked."""
from __future__ import annotations

import base64
import json
from typing import Any, Dict, Optional

import pytest
from rasa_sdk.events import SlotSet

from actions import common
from actions.common import ANONYMOUS, confirmation_key, token_subject
from actions.forms import ActionRevokeAuthorization, ValidateRevokeAuthorizationForm
from actions.region_switch import ActionSwitchRegion


def token_for(subject: str) -> str:
    payload = base64.urlsafe_b64encode(json.dumps({"sub": subject}).encode()).decode().rstrip("=")
    return f"{payload}.signature"


ZHANG, CHEN = token_for("zhang_ok"), token_for("chen_region")


@pytest.fixture
def people(person):
    region = person(regions=[{"region_code": "430100", "region_name": "长沙市", "is_real": False, "shown": True},
                             {"region_code": "440300", "region_name": "深圳市", "is_real": True, "shown": False}])
    return {ZHANG: person(), CHEN: region}


@pytest.fixture(scope="session")
def tracker(tracker):
    """`tracker(token, slots, ...)`: the person's 确认 (message `message_id`) after the question."""
    def confirmation(token: Optional[str], slots: Dict[str, Any], message_id: str = "m1",
                     active_loop: Optional[str] = None, filled: Optional[Dict[str, Any]] = None):
        trk = tracker("affirm", token, text="确认", slots={**slots, **(filled or {})}, message_id=message_id,
                      # the form was active when the message arrived
                      turns=[{"event": "active_loop", "name": active_loop}] if active_loop else (),
                      after=[{"event": "slot", "name": name, "value": value}
                             for name, value in (filled or {}).items()],
                      active_loop=active_loop)
        trk.latest_message = {"intent": {"name": "affirm"}}
        return trk

    return confirmation


@pytest.fixture
def run(run):
    """`run(action, tracker) -> (events, response names)`, with no forms or slots in the domain."""
    def names(action, trk):
        events, messages = run(action, trk, domain={"forms": {}, "slots": {}})
        return events, [m.get("response") for m in messages]

    return names


def test_subjects_tell_people_apart_whatever_token_they_use():
    assert token_subject(ZHANG) == token_subject(token_for("zhang_ok"))
    assert token_subject(ZHANG) != token_subject(CHEN) != ANONYMOUS
    assert token_subject(None) == ANONYMOUS
    assert token_subject("not-a-token") != token_subject("another-garbage")


def test_the_idempotency_key_is_the_conversation_plus_the_confirming_message(tracker):
    first = confirmation_key(tracker(ZHANG, {}, message_id="m1"), "revoke")
    assert first == confirmation_key(tracker(CHEN, {}, message_id="m1"), "revoke")  # duplicate delivery
    assert first != confirmation_key(tracker(ZHANG, {}, message_id="m2"), "revoke")
    assert first != confirmation_key(tracker(ZHANG, {}, message_id="m1"), "region_switch")


def test_a_revoke_whose_answer_was_lost_but_landed_is_reported_done(fake, tracker, run):
    fake.write_timeout = "applied"
    slots = {"auth_channel": "alipay", "revoke_confirm": True, "form_owner": token_subject(ZHANG)}
    _, said = run(ActionRevokeAuthorization(), tracker(ZHANG, slots))
    assert said == ["utter_revoked"]
    assert fake.idempotency_keys == [confirmation_key(tracker(ZHANG, slots), "revoke")]


def test_a_revoke_that_did_not_land_is_reported_not_applied(fake, tracker, run):
    fake.write_timeout = "lost"
    slots = {"auth_channel": "alipay", "revoke_confirm": True, "form_owner": token_subject(ZHANG)}
    _, said = run(ActionRevokeAuthorization(), tracker(ZHANG, slots))
    assert said == ["utter_write_not_applied", "utter_offer_human"]


def test_a_region_switch_that_timed_out_while_the_backend_is_down_is_unconfirmed(fake, tracker, run):
    fake.write_timeout = "lost"
    slots = {"region_code": "440300", "region_confirm": True, "form_owner": token_subject(CHEN)}
    original = fake.regions
    calls = {"n": 0}

    async def regions_then_down(token):
        calls["n"] += 1
        if calls["n"] > 1:
            raise common.WalletError("down")
        return await original(token)

    fake.regions = regions_then_down
    _, said = run(ActionSwitchRegion(), tracker(CHEN, slots))
    assert said == ["utter_write_unconfirmed", "utter_offer_human"]


def test_a_confirmation_from_someone_else_changes_nothing(fake, tracker, run):
    slots = {"auth_channel": "alipay", "revoke_confirm": True, "form_owner": token_subject(ZHANG)}
    _, said = run(ActionRevokeAuthorization(), tracker(CHEN, slots))
    assert said == ["utter_not_the_person_asked"]
    _, said = run(ActionRevokeAuthorization(), tracker(None, slots))  # no token: nothing to act on
    assert said == ["utter_sign_in_to_check"]
    assert not [c for c in fake.calls if c[0] == "revoke_authorization"]


def test_the_form_remembers_who_it_asked_and_refuses_answers_from_others(fake, tracker, run):
    validator = ValidateRevokeAuthorizationForm()
    # Activation: Rasa already reports the loop as active to the validation action.
    events, _ = run(validator, tracker(ZHANG, {"requested_slot": "auth_channel"}))
    assert events[0] == SlotSet("form_owner", token_subject(ZHANG))
    activating = tracker(ZHANG, {})
    activating.active_loop = {"name": "revoke_authorization_form"}
    events, _ = run(validator, activating)
    assert events[0] == SlotSet("form_owner", token_subject(ZHANG))
    asked = {"form_owner": token_subject(ZHANG), "requested_slot": "revoke_confirm", "auth_channel": "alipay"}
    events, said = run(validator, tracker(CHEN, asked, active_loop="revoke_authorization_form",
                                          filled={"revoke_confirm": True}))
    assert said == ["utter_not_the_person_asked"]
    assert events == [SlotSet("revoke_confirm", None)]
    events, said = run(validator, tracker(ZHANG, asked, active_loop="revoke_authorization_form",
                                          filled={"revoke_confirm": True}))
    assert "utter_not_the_person_asked" not in said and SlotSet("revoke_confirm", None) not in events


def test_the_action_server_can_register_every_action_of_the_package():
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")  # raises when a helper class poses as an Action
    assert {"validate_revoke_authorization_form", "action_revoke_authorization"} <= set(executor.actions)


@pytest.mark.parametrize("text", [
    "有人打电话说是医保局的，让我报一下短信验证码", "陌生人加我微信，要我把医保码截图发给他",
    "短信说我的医保卡要停用了，让我点链接升级", "说升级电子医保卡要交升级费，是真的吗",
    "这是不是骗子啊"])
def test_a_likely_scam_gets_the_warning_first(fake, text, tracker, run):
    from actions.faq import ActionSecurityInfo

    trk = tracker(None, {})
    trk.latest_message = {"text": text, "intent": {"name": "security_info"}}
    _, said = run(ActionSecurityInfo(), trk)
    # the warning first, and not pushed down or followed by how the platform protects the code
    assert said[0] == "utter_scam_warning" and "utter_security_info" not in said


@pytest.mark.parametrize("text, expected", [
    ("医保码安全吗，怎么管理授权", "utter_security_info"), ("别人能盗刷我的医保码吗", "utter_security_worry"),
    ("截图能付款吗", "utter_code_no_screenshot"),  # the one-line answer (actions/aspects.py)
    ("我的密码忘了怎么办", "utter_security_info")])
def test_ordinary_security_questions_get_no_scam_alarm(fake, text, expected, tracker, run):
    from actions.faq import ActionSecurityInfo

    trk = tracker(None, {})
    trk.latest_message = {"text": text, "intent": {"name": "security_info", "confidence": 0.9}}  # a sure reading
    _, said = run(ActionSecurityInfo(), trk)
    assert said[0] == expected and "utter_scam_warning" not in said
