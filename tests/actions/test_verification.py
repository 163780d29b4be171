"""Phone sign-in form actions with a fake wallet: what is asked, said and stored, per turn."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk.events import SlotSet

from actions.verification import ActionFinishPhoneVerification, ValidatePhoneVerificationForm
from actions.wallet_client import WalletError, WalletRefused
from bot.privacy import seal, unseal

PHONE = "13812345678"
CONV = "conv-otp-1"


class FakeCodes:
    """The wallet's code rules in miniature: one code, 5 tries, then locked."""

    def __init__(self, code: str = "482913", down: bool = False) -> None:
        self.code, self.down = code, down
        self.refuse_request: Optional[Dict[str, Any]] = None
        self.tries = 0
        self.requests: List[tuple] = []
        self.settings = type("S", (), {"demo_sms_url": None})()

    async def request_phone_code(self, phone: str, channel: str, conversation_id: str) -> Dict[str, Any]:
        if self.down:
            raise WalletError("down")
        if self.refuse_request:
            raise WalletRefused(429, self.refuse_request)
        self.requests.append((phone, channel, conversation_id))
        return {"status": "sent_if_bound", "phone_masked": phone[:3] + "****" + phone[-4:],
                "expires_in": 300, "resend_after": 60}

    async def verify_phone_code(self, phone: str, code: str, channel: str,
                                conversation_id: str) -> Dict[str, Any]:
        if self.tries >= 5:
            raise WalletRefused(429, {"detail": "too_many_attempts", "retry_after": 900})
        if code != self.code:
            self.tries += 1
            if self.tries >= 5:
                raise WalletRefused(429, {"detail": "too_many_attempts", "retry_after": 900})
            raise WalletRefused(400, {"detail": "wrong_code", "tries_left": 5 - self.tries})
        return {"token": "tok-zhang", "expires_at": "2026-11-25T12:00:00+00:00", "name": "张伟明"}


@pytest.fixture
def codes(use_wallet):
    return use_wallet(FakeCodes())


@pytest.fixture(scope="session")
def tracker(tracker):
    """`tracker(text, requested_slot, ...)`: an answer inside the phone verification form."""
    def answer(text: str, requested: Optional[str], slots: Optional[Dict[str, Any]] = None,
               metadata: Optional[Dict[str, Any]] = None, token: Optional[str] = None):
        all_slots = {"requested_slot": requested, "verify_phone": None, "verify_code": None,
                     "verified_name": None, **(slots or {})}
        return tracker("inform", token, text=text, slots=all_slots, metadata=metadata,
                       active_loop="phone_verification_form", sender=CONV)

    return answer


def said(messages) -> List[str]:
    return [m.get("response") or ("json" if m.get("custom") else m.get("text")) for m in messages]


def slot(events, name):
    values = [e["value"] for e in events if e.get("event") == "slot" and e.get("name") == name]
    return values[-1] if values else "unset"


def test_sealed_number_sends_a_code_and_only_the_seal_is_kept(codes, tracker, run):
    sealed = seal(PHONE, CONV)
    events, messages = run(ValidatePhoneVerificationForm(),
                           tracker("[手机号已隐藏]", "verify_phone", metadata={"sealed_phones": [sealed]}))
    assert codes.requests == [(PHONE, "rest", CONV)]
    assert said(messages) == ["utter_verify_code_sent"]
    assert messages[0]["phone_masked"] == "138****5678"
    assert slot(events, "verify_phone") == sealed and PHONE not in str(events)
    # Rasa asks the next empty required slot (verify_code) itself.
    assert slot(events, "requested_slot") == "unset" and slot(events, "verify_code") == "unset"


def test_a_seal_from_another_conversation_or_a_forged_one_is_refused(codes, tracker, run):
    for sealed in (seal(PHONE, "someone-else"), "forged-value", seal(PHONE, CONV, now=0)):
        events, messages = run(ValidatePhoneVerificationForm(),
                               tracker("[手机号已隐藏]", "verify_phone", metadata={"sealed_phones": [sealed]}))
        assert codes.requests == []
        assert said(messages) == ["utter_verify_phone_invalid"]
        assert slot(events, "verify_phone") is None


def test_right_code_hands_the_token_to_the_channel_and_finishes(codes, tracker, run):
    events, messages = run(ValidatePhoneVerificationForm(),
                           tracker("482913", "verify_code", slots={"verify_phone": seal(PHONE, CONV)}))
    assert messages[0]["custom"] == {"session": {"token": "tok-zhang",
                                                 "expires_at": "2026-11-25T12:00:00+00:00"}}
    # Both required slots are filled now, so Rasa ends the form.
    assert slot(events, "verify_code") == "verified" and slot(events, "verified_name") == "张伟明"
    assert "482913" not in str(events)  # the code itself is never stored in a slot


def test_wrong_codes_count_down_then_lock(codes, tracker, run):
    sealed = seal(PHONE, CONV)
    for left in (4, 3, 2, 1):
        events, messages = run(ValidatePhoneVerificationForm(),
                               tracker("000000", "verify_code", slots={"verify_phone": sealed}))
        assert said(messages) == ["utter_verify_code_wrong"] and messages[0]["tries_left"] == left
        assert slot(events, "verify_code") is None  # asked again
    events, messages = run(ValidatePhoneVerificationForm(),
                           tracker("验证码000000", "verify_code", slots={"verify_phone": sealed}))
    assert said(messages) == ["utter_verify_locked"] and messages[0]["minutes"] == 15
    assert slot(events, "verify_code") == "locked" and slot(events, "requested_slot") is None


def test_resend_and_non_code_answers(codes, tracker, run):
    sealed = seal(PHONE, CONV)
    events, messages = run(ValidatePhoneVerificationForm(),
                           tracker("没收到，重新发一下", "verify_code", slots={"verify_phone": sealed}))
    assert len(codes.requests) == 1 and said(messages) == ["utter_verify_code_sent"]
    events, messages = run(ValidatePhoneVerificationForm(),
                           tracker("1234", "verify_code", slots={"verify_phone": sealed}))
    assert said(messages) == ["utter_verify_code_invalid"]
    # A question is not taken as an answer: nothing extracted, so the rules can answer it.
    events, messages = run(ValidatePhoneVerificationForm(),
                           tracker("医保码是什么", "verify_code", slots={"verify_phone": sealed}))
    assert messages == [] and slot(events, "verify_code") == "unset"


@pytest.mark.parametrize("detail, response, outcome", [
    ("resend_too_soon", "utter_verify_resend_wait", "unset"),
    ("too_many_codes", "utter_verify_too_many_codes", "locked"),
    ("too_many_attempts", "utter_verify_locked", "locked"),
])
def test_refused_code_requests_say_why(codes, detail, response, outcome, tracker, run):
    codes.refuse_request = {"detail": detail, "retry_after": 600}
    events, messages = run(ValidatePhoneVerificationForm(),
                           tracker("[手机号已隐藏]", "verify_phone",
                                   metadata={"sealed_phones": [seal(PHONE, CONV)]}))
    assert said(messages) == [response]
    assert slot(events, "verify_code") == outcome


def test_another_number_instead_of_the_code_starts_over_with_it(codes, tracker, run):
    other = "13972148830"
    events, messages = run(ValidatePhoneVerificationForm(),
                           tracker("[手机号已隐藏]", "verify_code", slots={"verify_phone": seal(PHONE, CONV)},
                                   metadata={"sealed_phones": [seal(other, CONV)]}))
    assert codes.requests == [(other, "rest", CONV)] and said(messages) == ["utter_verify_code_sent"]
    assert unseal(slot(events, "verify_phone"), CONV) == other and slot(events, "verify_code") is None


def test_backend_down_ends_the_form_with_the_reason(codes, tracker, run):
    codes.down = True
    events, messages = run(ValidatePhoneVerificationForm(),
                           tracker("[手机号已隐藏]", "verify_phone",
                                   metadata={"sealed_phones": [seal(PHONE, CONV)]}))
    assert said(messages) == ["utter_backend_down"]
    assert slot(events, "verify_code") == "failed" and slot(events, "requested_slot") is None


def test_signed_in_people_are_not_asked_and_slots_are_cleared(codes, tracker, run):
    events, _ = run(ValidatePhoneVerificationForm(), tracker("手机验证", None, token="tok"))
    assert slot(events, "requested_slot") is None and codes.requests == []
    events, messages = run(ActionFinishPhoneVerification(), tracker("手机验证", None, token="tok"))
    assert said(messages) == ["utter_already_signed_in"]
    assert events == [SlotSet("verify_phone", None), SlotSet("verify_code", None),
                      SlotSet("verified_name", None)]


def test_seal_is_bound_to_conversation_and_time():
    sealed = seal(PHONE, CONV, now=1_000_000)
    assert unseal(sealed, CONV, now=1_000_000 + 60) == PHONE
    assert unseal(sealed, "other", now=1_000_000 + 60) is None
    assert unseal(sealed, CONV, now=1_000_000 + 16 * 60) is None
    assert unseal(sealed[:-4] + "AAAA", CONV, now=1_000_000) is None
    assert unseal(None, CONV) is None and unseal("x" * 600, CONV) is None
