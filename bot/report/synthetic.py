"""Stores of Rasa-format events without running Rasa: for the report's tests and timing run.

`Script` writes the events one conversation produces, in the order and shape Rasa 3.6's SQL
tracker store stores them (`Event.as_dict()`: a test round-trips them through Rasa's own event
classes); `write_events` puts them in a table with Rasa's columns; `fill_synthetic` makes a
large random store from typical conversations.
"""
from __future__ import annotations

import json
import random
import uuid
from typing import Any, Dict, Iterable, List, Optional

import sqlalchemy as sa

HIDDEN = "[已隐藏]"


def events_table(metadata: sa.MetaData, name: str = "events") -> sa.Table:
    """Rasa's SQLTrackerStore.SQLEvent columns."""
    return sa.Table(
        name, metadata,
        sa.Column("id", sa.Integer, sa.Sequence(f"{name}_seq"), primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("type_name", sa.String(255), nullable=False),
        sa.Column("timestamp", sa.Float),
        sa.Column("intent_name", sa.String(255)),
        sa.Column("action_name", sa.String(255)),
        sa.Column("data", sa.Text),
    )


class Script:
    """The events of one conversation, with a clock that moves `step` seconds per event."""

    def __init__(self, sender_id: Optional[str] = None, start: float = 1_764_374_400.0,
                 channel: str = "rest", signed_in: bool = True, step: float = 0.5) -> None:
        self.sender_id = sender_id or f"synthetic-{uuid.uuid4().hex[:12]}"
        self.clock = start
        self.channel = channel
        self.signed_in = signed_in
        self.step = step
        self.events: List[Dict[str, Any]] = []
        self.session()

    def _at(self, wait: Optional[float] = None) -> float:
        self.clock += self.step if wait is None else wait
        return self.clock

    def wait(self, seconds: float) -> "Script":
        self.clock += seconds
        return self

    def _add(self, event: Dict[str, Any]) -> "Script":
        self.events.append(event)
        return self

    def session(self) -> "Script":
        self.action("action_session_start")
        self._add({"event": "session_started", "timestamp": self._at()})
        return self.action("action_listen")

    def action(self, name: str, policy: Optional[str] = "RulePolicy") -> "Script":
        return self._add({"event": "action", "timestamp": self._at(), "name": name,
                          "policy": policy, "confidence": 1.0, "action_text": None,
                          "hide_rule_turn": False})

    def user(self, text: str, intent: str, confidence: float = 0.93, wait: Optional[float] = None) -> "Script":
        message_id = uuid.uuid4().hex
        metadata = {"token": HIDDEN} if self.signed_in else {}
        parse = {"intent": {"name": intent, "confidence": confidence}, "entities": [], "text": text,
                 "message_id": message_id, "metadata": metadata,
                 "intent_ranking": [{"name": intent, "confidence": confidence}]}
        return self._add({"event": "user", "timestamp": self._at(wait), "metadata": metadata, "text": text,
                          "parse_data": parse, "input_channel": self.channel, "message_id": message_id})

    def bot(self, response: str, text: str = "…", wait: Optional[float] = None) -> "Script":
        data = {"elements": None, "quick_replies": None, "buttons": None, "attachment": None,
                "image": None, "custom": None}
        return self._add({"event": "bot", "timestamp": self._at(wait), "metadata": {"utter_action": response},
                          "text": text, "data": data})

    def slot(self, name: str, value: Any) -> "Script":
        return self._add({"event": "slot", "timestamp": self._at(), "name": name, "value": value})

    def loop(self, name: Optional[str]) -> "Script":
        return self._add({"event": "active_loop", "timestamp": self._at(), "name": name})

    def listen(self) -> "Script":
        return self.action("action_listen", policy="RulePolicy")

    # -- turns as the product runs them (see actions/ and data/rules/) --------------------------
    def diagnose(self, text: str, intent: str, cause: Optional[str], responses: Iterable[str] = (),
                 flow: str = "info", latency: Optional[float] = None) -> "Script":
        self.user(text, intent).action("action_diagnose")
        for index, response in enumerate(responses or ["utter_diag_attempt"]):
            self.bot(response, wait=latency if index == 0 else None)
        return self.slot("fix_flow", flow).slot("diagnosed_cause", cause)

    def start_form(self, form: str, first_slot: str) -> "Script":
        self.action(form).loop(form).slot("requested_slot", first_slot)
        return self.bot(f"utter_ask_{first_slot}").listen()

    def answer_form(self, form: str, text: str, intent: str, slot: str, value: Any,
                    next_slot: Optional[str] = None, submit: Optional[str] = None) -> "Script":
        self.user(text, intent).action(form).slot(slot, value)
        if next_slot:
            self.slot("requested_slot", next_slot)
            return self.bot(f"utter_ask_{next_slot}").listen()
        self.slot("requested_slot", None).loop(None)
        if submit:
            self.action(submit).bot(f"{submit}_done")
        return self.listen()

    def leave_form(self, text: str = "算了，不弄了", intent: str = "stop") -> "Script":
        self.user(text, intent).action("action_deactivate_loop").loop(None).slot("requested_slot", None)
        return self.action("utter_form_stopped").bot("utter_form_stopped").listen()

    def say(self, text: str, intent: str, action: str, responses: Iterable[str] = (),
            latency: Optional[float] = None) -> "Script":
        """An ordinary turn: the message, one action and its responses."""
        self.user(text, intent).action(action)
        for index, response in enumerate(responses):
            self.bot(response, wait=latency if index == 0 else None)
        return self.listen()

    def handoff(self, text: str = "转人工", intent: str = "request_human") -> "Script":
        return self.say(text, intent, "action_handoff", ["utter_handoff_ticket"])

    def fallback(self, text: str) -> "Script":
        return self.say(text, "nlu_fallback", "action_fallback", ["utter_default"])


def write_events(url: str, scripts: Iterable[Script], table: str = "events", chunk: int = 5000) -> int:
    """Insert the scripts' events (creating the table if needed); returns how many."""
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    events = events_table(metadata, table)
    written = 0
    try:
        metadata.create_all(engine)
        rows: List[Dict[str, Any]] = []
        with engine.begin() as conn:
            for script in scripts:
                for event in script.events:
                    intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
                    rows.append({"sender_id": script.sender_id, "type_name": event["event"],
                                 "timestamp": event.get("timestamp"), "intent_name": intent,
                                 "action_name": event.get("name") if event["event"] == "action" else None,
                                 "data": json.dumps(event)})
                if len(rows) >= chunk:
                    conn.execute(events.insert(), rows)
                    written += len(rows)
                    rows = []
            if rows:
                conn.execute(events.insert(), rows)
                written += len(rows)
    finally:
        engine.dispose()
    return written


_CAUSES = [("insufficient_balance", "utter_diag_insufficient_balance"),
           ("region_mismatch", "utter_diag_region_mismatch"),
           ("not_activated", "utter_diag_not_activated"), ("over_limit", "utter_diag_over_limit"),
           ("network_timeout", "utter_diag_network_timeout"), ("pin_locked", "utter_diag_pin_locked")]
_GUESSES = [("付款失败了", "payment_failed"), ("是不是余额不足", "insufficient_balance"),
            ("参保地不对吧", "region_mismatch"), ("网络不好吗", "network_error"),
            ("密码忘了", "forgot_pin"), ("超限额了？", "payment_limit")]
_UNKNOWN = ["那个码码咋整", "我那个东西弄不了", "嗯嗯嗯", "医保那个啥", "asdfgh", "就是那个钱包的事",
            "我妈的那个不行", "咋整啊这个", "那个东东", "你好那个"]


def random_conversation(rng: random.Random, start: float) -> Script:
    """One typical conversation: a diagnosis, maybe a form, a fallback, a handoff or thanks."""
    channel = rng.choice(["rest", "socketio", "socketio", "wechat"])
    script = Script(start=start, channel=channel, signed_in=rng.random() < 0.8, step=rng.uniform(0.05, 0.6))
    text, guess = rng.choice(_GUESSES)
    cause, response = rng.choice(_CAUSES)
    if rng.random() < 0.15:
        script.fallback(rng.choice(_UNKNOWN))
    flow = {"region_mismatch": "region_switch", "not_activated": "activation"}.get(cause, "info")
    script.diagnose(text, guess, cause, ["utter_diag_attempt", response], flow=flow,
                    latency=rng.uniform(0.1, 3.0))
    if flow == "region_switch":
        script.start_form("region_switch_form", "region_code")
        if rng.random() < 0.6:
            script.answer_form("region_switch_form", "/inform", "inform", "region_code", "440300", "region_confirm")
            script.answer_form("region_switch_form", "/affirm", "affirm", "region_confirm", True,
                               submit="action_switch_region")
            script.say("好了吗", "check_status", "action_check_status", ["utter_status_exact", "utter_status_all_good"])
        else:
            script.leave_form()
    roll = rng.random()
    if roll < 0.2:
        script.handoff()
    elif roll < 0.5:
        script.say("谢谢", "thank", "utter_you_are_welcome", ["utter_you_are_welcome"])
    return script


def fill_synthetic(url: str, events: int, seed: int = 16, days: int = 14, table: str = "events") -> int:
    """About `events` events of random conversations spread over the last `days` days."""
    import time

    rng = random.Random(seed)
    end = time.time()

    def scripts() -> Iterable[Script]:
        made = 0
        while made < events:
            script = random_conversation(rng, end - rng.uniform(0, days * 86400))
            made += len(script.events)
            yield script

    return write_events(url, scripts(), table=table)
