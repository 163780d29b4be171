"""One answer per failure: every action that calls the wallet says the same thing when the wallet
is down (a human offered) and when the sign-in has expired (actions.common.WalletAction)."""
from __future__ import annotations

import pytest

from actions.faq import ActionFamilyInfo, ActionSecurityInfo
from actions.forms import ActionActivationSteps, ActionRevokeAuthorization, ActionStartPinReset
from actions.region_switch import ActionSwitchRegion

# action, token with a record, the slots of its confirmation turn[, the message]
CASES = {
    "region switch": (ActionSwitchRegion, "region", {"region_code": "440300", "region_confirm": True}),
    "revoke": (ActionRevokeAuthorization, "ok", {"auth_channel": "alipay", "revoke_confirm": True}),
    "pin reset": (ActionStartPinReset, "locked", {"pay_channel": "alipay", "pin_reset_confirm": True}),
    "family": (ActionFamilyInfo, "family", {}),
    "security": (ActionSecurityInfo, "ok", {}, "谁授权用了我的医保码"),
    "activation": (ActionActivationSteps, "ok", {"pay_channel": "wechat"}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_wallet_down_gets_a_human_offered_by_every_action(case, fake, tracker, run, responses):
    action, token, slots, *text = CASES[case]
    fake.down = True
    _, messages = run(action(), tracker("affirm", token, slots=slots, text=(text or ["付款失败了"])[0]))
    said = responses(messages)
    assert "utter_offer_human" in said, said
    # Either the backend is down (nothing was sent), or a write's outcome is reported truthfully.
    assert {"utter_backend_down", "utter_write_not_applied", "utter_write_unconfirmed"} & set(said)
    assert "utter_sign_in_expired" not in said


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_expired_sign_in_gets_the_same_answer_from_every_action(case, fake, tracker, run, responses):
    action, _, slots, *text = CASES[case]
    _, messages = run(action(), tracker("affirm", "expired-token", slots=slots, text=(text or ["付款失败了"])[0]))
    said = responses(messages)
    assert said.count("utter_sign_in_expired") == 1, said
    assert "utter_backend_down" not in said and "utter_write_not_applied" not in said


def test_the_questions_of_the_forms_come_from_the_domain(fake, tracker, run, domain):
    from actions.forms import ActionAskAuthChannel
    from actions.region_switch import ActionAskRegionCode, ActionAskRegionConfirm

    _, asked = run(ActionAskRegionCode(), tracker("region_mismatch", "region"))
    assert asked[0]["response"] == "utter_region_which_record"
    assert [b["title"] for b in asked[0]["buttons"]] == ["长沙市（医保码当前显示）", "深圳市（实际参保地）"]
    _, confirm = run(ActionAskRegionConfirm(), tracker("inform", "region", slots={"region_code": "440300"}))
    assert confirm[0]["response"] == "utter_region_switch_confirm"
    assert (confirm[0]["shown_region"], confirm[0]["region"]) == ("长沙市", "深圳市")
    _, revoke = run(ActionAskAuthChannel(), tracker("revoke_authorization", "ok"))
    assert [b["title"] for b in revoke[0]["buttons"]] == ["取消支付宝授权", "取消微信授权"]
    fake.down = True
    _, anonymous = run(ActionAskRegionCode(), tracker("region_mismatch", "region"))
    assert anonymous[0]["response"] == "utter_region_which_city"
    # Every response an action sends exists in the domain (no inline text left to drift).
    for message in asked + confirm + revoke + anonymous:
        assert message["response"] in domain["responses"] and not message.get("text")
