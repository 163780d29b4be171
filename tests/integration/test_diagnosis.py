"""Every seeded persona says "付款失败了" and hears its own cause, with its own figures.

Real processes (wallet backend, action server, Rasa) on free ports; the REST channel.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")

# persona -> phrases its diagnosis must contain (the person's own facts from the backend)
EXPECTED = {
    "zhang_ok": ["没有失败", "856.40", "网络"],
    "li_unactivated": ["没有激活"],
    "wang_frozen": ["暂停", "经办机构"],
    "zhao_balance": ["3.50", "128.00", "北京同仁堂王府井店"],
    "chen_region": ["深圳市", "长沙市", "参保地不一致"],
    "liu_limit": ["1200.00", "500.00"],
    "sun_pin_locked": ["锁定"],
    "zhou_mismatch": ["公安", "不一致"],
    "qian_network": ["超时", "网络"],
    "wu_family": ["没有失败", "网络"],
    "zheng_system": ["大参林", "没有接入医保钱包"],
}
# Causes that belong to someone else must not be claimed.
WRONG = {
    "zhang_ok": ["余额只有", "锁定"],
    "zhao_balance": ["参保地不一致", "锁定"],
    "chen_region": ["余额只有", "锁定"],
    "qian_network": ["余额只有", "没有激活"],
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_payment_failed_is_diagnosed_from_the_persons_records(chat, persona):
    reply = chat(persona).say("付款失败了")
    for phrase in EXPECTED[persona]:
        assert phrase in reply, f"{persona}: {phrase!r} missing in {reply!r}"
    for phrase in WRONG.get(persona, []):
        assert phrase not in reply, f"{persona}: wrongly says {phrase!r}: {reply!r}"


def test_wrong_guess_is_corrected_with_the_balance(chat):
    reply = chat("chen_region").say("是不是余额不足啊，医保码付不了")
    assert "余额是充足的" in reply
    assert "参保地不一致" in reply


def test_anonymous_user_gets_generic_walkthrough_and_sign_in_offer(chat):
    reply = chat().say("付款失败了")
    assert "常见的原因" in reply
    assert "登录" in reply
    assert "856.40" not in reply


def test_forged_token_gets_nothing_personal(chat, stack):
    conversation = chat()
    conversation.token = "eyJmb3JnZWQiOnRydWV9.c2lnbmF0dXJl"
    reply = conversation.say("付款失败了")
    assert "登录已过期或无效" in reply
    assert "常见的原因" in reply


def test_guessed_conversation_id_without_the_token_gets_nothing_personal(chat, stack):
    victim = chat("zhao_balance")
    assert "3.50" in victim.say("付款失败了")
    intruder = chat()
    intruder.sender = victim.sender  # same conversation id, no token
    reply = intruder.say("帮我查下余额")
    assert "3.50" not in reply and "登录" in reply
    reply = intruder.say("付款失败了")
    assert "3.50" not in reply and "128.00" not in reply
