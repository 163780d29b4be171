"""Fixtures shared by the action unit tests: the domain, a fake wallet client, trackers, and
running an action with a collecting dispatcher.

A module picks its personas by overriding `people` (token -> record built with `person`); the
`fake` fixture installs a FakeWalletClient holding them for the test.
"""
from __future__ import annotations

import asyncio
import copy
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import common
from actions.wallet_client import WalletAuthError, WalletError, WalletNotFound

ROOT = Path(__file__).resolve().parents[2]


def _person(**overrides: Any) -> Dict[str, Any]:
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
    """An in-memory stand-in for WalletClient: what the actions asked, and canned records."""

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

    async def overview(self, token):
        self.calls.append(("overview", token))
        person = self._person(token)
        return {"profile": person["profile"], "wallet": person["wallet"], "last_failed_attempt": person["attempt"]}

    async def payment_attempts(self, token, limit=10):
        self.calls.append(("payment_attempts", token, limit))
        return self._person(token).get("attempts", [])[:limit]

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


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def person():
    """`person(**overrides)`: a healthy persona's records, with the given parts replaced."""
    return _person


@pytest.fixture
def attempt() -> Dict[str, Any]:
    """A payment attempt (add `error_category` for a failed one)."""
    return {"occurred_at": "2026-11-24T07:32:00+00:00", "institution": "北京同仁堂王府井店",
            "institution_region_name": "北京市", "amount": "128.00"}


@pytest.fixture
def use_wallet():
    """`use_wallet(client)`: the actions talk to `client` for this test."""
    def install(client):
        common.set_wallet_client(client)
        return client

    yield install
    common.set_wallet_client(None)


@pytest.fixture
def people(person, attempt) -> Dict[str, Dict[str, Any]]:
    """Token -> persona records for `fake`; a module may override this."""
    return {
        "ok": person(),
        "balance": person(wallet={"balance": "3.50"},
                          attempt={**attempt, "error_category": "insufficient_balance"}),
        "region": person(
            profile={"shown_region": {"code": "430100", "name": "长沙市"},
                     "real_region": {"code": "440300", "name": "深圳市"}},
            regions=[{"region_code": "430100", "region_name": "长沙市", "is_real": False, "shown": True},
                     {"region_code": "440300", "region_name": "深圳市", "is_real": True, "shown": False}],
            attempt={**attempt, "error_category": "region_mismatch"}),
        "locked": person(profile={"pin": {"locked": True, "failed_tries": 5}},
                         attempt={**attempt, "error_category": "pin_locked"}),
        "resident": person(wallet={"has_personal_account": False, "balance": None},
                           attempt={**attempt, "error_category": "insufficient_balance"}),
        "family": person(family=[{"member_name_masked": "吴*", "relation_label": "子女",
                                  "member_region_name": "深圳市", "tier": "二档",
                                  "needs_chc": True, "chc_bound": False}]),
    }


@pytest.fixture
def fake(people, use_wallet) -> FakeWalletClient:
    return use_wallet(FakeWalletClient(people))


def _build_tracker(intent: str, token: Optional[str] = None, *, text: str = "付款失败了",
                   slots: Optional[Dict[str, Any]] = None, entities: Optional[List[Dict[str, Any]]] = None,
                   turns: Sequence[Dict[str, Any]] = (), after: Sequence[Dict[str, Any]] = (),
                   active_loop: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None,
                   message_id: Optional[str] = None, latest_extra: Optional[Dict[str, Any]] = None,
                   sender: str = "conv-1") -> Tracker:
    """A tracker whose latest event is the user's message `text` (REST channel).

    turns: what came before, each {"intent", "text"?, "action"?, "bot": [response names]?} or
    a raw event (has "event"); after: raw events following the message (e.g. slots set)."""
    events: List[Dict[str, Any]] = [{"event": "session_started"}]
    for turn in turns:
        if "event" in turn:
            events.append(turn)
            continue
        events.append({"event": "user", "text": turn.get("text", "…"),
                       "parse_data": {"intent": {"name": turn["intent"]}}, "metadata": {}})
        if turn.get("action"):
            events.append({"event": "action", "name": turn["action"]})
        events += [{"event": "bot", "text": "…", "metadata": {"utter_action": name}}
                   for name in turn.get("bot", [])]
    latest = {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or [], "text": text,
              **(latest_extra or {})}
    meta = dict(metadata or {})
    if token:
        meta["token"] = token
    message = {"event": "user", "text": text, "parse_data": latest, "metadata": meta, "input_channel": "rest"}
    if message_id is not None:
        message["message_id"] = message_id
    events += [message, *after]
    return Tracker(sender, slots or {}, latest, events, False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


@pytest.fixture(scope="session")
def tracker():
    """`tracker(intent, token=None, text=..., slots=..., turns=..., active_loop=..., ...)`."""
    return _build_tracker


@pytest.fixture
def run(domain):
    """`run(action, tracker, domain=None) -> (events, messages)` with a collecting dispatcher."""
    def run_action(action, trk: Tracker, domain: Optional[Dict[str, Any]] = None):
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, trk, full_domain if domain is None else domain))
        return events, dispatcher.messages

    full_domain = domain
    return run_action


@pytest.fixture(scope="session")
def responses():
    """`responses(messages)`: the names of the domain responses among the messages."""
    def names(messages) -> List[str]:
        return [m["response"] for m in messages if m.get("response")]

    return names
