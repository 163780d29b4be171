"""An in-memory stand-in for WalletClient, for action unit tests only."""
from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional

from actions.wallet_client import WalletAuthError, WalletError, WalletNotFound


def person(**overrides: Any) -> Dict[str, Any]:
    record = {
        "profile": {
            "id": "p", "name": "测试", "insurance_type": "employee",
            "credential": {"status": "active", "activated_channels": ["alipay"]},
            "pin": {"locked": False, "failed_tries": 0},
            "shown_region": {"code": "110000", "name": "北京市"},
            "real_region": {"code": "110000", "name": "北京市"},
        },
        "wallet": {"has_personal_account": True, "balance": "856.40", "single_limit": "2000.00",
                   "daily_limit": "5000.00", "used_today": "0.00", "remaining_today": "5000.00"},
        "attempt": None,
        "regions": [{"region_code": "110000", "region_name": "北京市", "is_real": True, "shown": True}],
        "authorizations": [{"channel": "alipay", "active": True}, {"channel": "wechat", "active": True}],
        "family": [],
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(record.get(key), dict):
            record[key].update(value)
        else:
            record[key] = value
    return record


class FakeWalletClient:
    def __init__(self, people: Dict[str, Dict[str, Any]], down: bool = False) -> None:
        self.people = copy.deepcopy(people)
        self.down = down
        self.calls: List[tuple] = []
        self.tickets: Dict[str, Dict[str, Any]] = {}
        self.idempotency_keys: List[Optional[str]] = []
        # Writes that time out: "applied" (it landed, the answer was lost) or "lost" (it did not).
        self.write_timeout: Optional[str] = None

    def _write(self, key: Optional[str]) -> bool:
        """Record the key; False when this write must not change anything."""
        self.idempotency_keys.append(key)
        return self.write_timeout != "lost"

    def _after_write(self) -> None:
        if self.write_timeout:
            raise WalletError("ReadTimeout")

    def _person(self, token: Optional[str]) -> Dict[str, Any]:
        if self.down:
            raise WalletError("backend down")
        if token not in self.people:
            raise WalletAuthError("invalid_token")
        return self.people[token]

    async def profile(self, token):
        self.calls.append(("profile", token))
        return self._person(token)["profile"]

    async def wallet(self, token):
        self.calls.append(("wallet", token))
        return self._person(token)["wallet"]

    async def last_failed_attempt(self, token):
        self.calls.append(("last_failed_attempt", token))
        return self._person(token)["attempt"]

    async def regions(self, token):
        self.calls.append(("regions", token))
        return self._person(token)["regions"]

    async def switch_region(self, token, region_code, channel, conversation_id, idempotency_key=None):
        self.calls.append(("switch_region", token, region_code, channel, conversation_id))
        regions = self._person(token)["regions"]
        if not any(r["region_code"] == region_code for r in regions):
            raise WalletNotFound("region_not_found")
        if self._write(idempotency_key):
            for record in regions:
                record["shown"] = record["region_code"] == region_code
        self._after_write()
        return regions

    async def start_pin_reset(self, token, channel, conversation_id, idempotency_key=None):
        self.calls.append(("start_pin_reset", token, channel, conversation_id))
        self.idempotency_keys.append(idempotency_key)
        self._person(token)
        ticket = {"ticket_id": "tk1", "status": "pending",
                  "reset_url": "http://wallet.test/wallet/pin-reset/secret", "expires_at": "x"}
        self.tickets["tk1"] = ticket
        return ticket

    async def pin_reset_status(self, token, ticket_id):
        self.calls.append(("pin_reset_status", token, ticket_id))
        locked = self._person(token)["profile"]["pin"]["locked"]
        return {"ticket_id": ticket_id, "status": self.tickets.get(ticket_id, {}).get("status", "pending"),
                "pin_locked": locked}

    async def authorizations(self, token):
        self.calls.append(("authorizations", token))
        return self._person(token)["authorizations"]

    async def revoke_authorization(self, token, auth_channel, channel, conversation_id,
                                   idempotency_key=None):
        self.calls.append(("revoke_authorization", token, auth_channel, channel, conversation_id))
        for record in self._person(token)["authorizations"]:
            if record["channel"] == auth_channel and record["active"]:
                if self._write(idempotency_key):
                    record["active"] = False
                self._after_write()
                return record
        raise WalletNotFound("authorization_not_found")

    async def family_bindings(self, token):
        self.calls.append(("family_bindings", token))
        return self._person(token)["family"]

    async def open_support_ticket(self, summary, channel, conversation_id, token=None, idempotency_key=None):
        self.idempotency_keys.append(idempotency_key)
        self.calls.append(("open_support_ticket", summary, channel, conversation_id, token))
        if self.down:
            raise WalletError("backend down")
        return {"ticket_no": "T20261125-0001", "status": "open", "person_attached": token in self.people}
