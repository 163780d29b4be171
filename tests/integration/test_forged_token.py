"""A token forged with the repository's old public secret gets nothing personal."""
from __future__ import annotations

from datetime import datetime, timezone

import httpx

from bot.wallet.security import issue_user_token


def forged_token(person_id: str) -> str:
    token, _ = issue_user_token(person_id, secret="demo-token-secret-change-me",
                                now=datetime.now(timezone.utc), ttl_seconds=3600)
    return token


def test_the_wallet_refuses_a_token_signed_with_the_old_default_secret(stack):
    response = httpx.get(f"{stack.wallet_url}/api/v1/me/profile",
                         headers={"X-User-Token": forged_token("zhang_ok"),
                                  "X-Service-Key": stack.env["WALLET_SERVICE_KEY"]}, timeout=10)
    assert response.status_code == 401


def test_a_forged_token_reads_no_balance_through_the_chat(chat):
    genuine = chat("zhang_ok")
    assert "856.40" in genuine.say("查下余额")
    forged = chat()
    forged.token = forged_token("zhang_ok")
    reply = forged.say("查下余额")
    assert reply and "856.40" not in reply and "张" not in reply
