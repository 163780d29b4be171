"""What happened in one conversation, read off its Rasa events (a pure function, no I/O).

Where each fact comes from (see actions/):
- the person's guess: the intent of the message `action_diagnose` answered (or the last problem
  intent before it, as ActionDiagnose picks it), e.g. `insufficient_balance` for 「余额不足吧」;
- the cause found: the `diagnosed_cause` slot that `action_diagnose` sets; when it is empty, the
  responses it sent tell "no failed payment on record" from "not signed in";
- handoff: a `utter_handoff_*` response (ActionHandoff, also run by the two-strike fallback and
  by 「好的」 to an offered human); its reason: the assistant's previous turn offered a human
  (utter_offer_human …: accepted), else the intent of the message it answered;
- fallback: a message classified `nlu_fallback`, or answered by `action_default_fallback` /
  `utter_core_fallback` / `utter_default`;
- forms: `active_loop` events; a form the form action itself deactivated was completed, any
  other end (action_deactivate_loop, another form, the conversation ending) abandoned it at
  the last `requested_slot`;
- channel: `input_channel` of the first message (`shell` for the operator shell's REST ids);
- reply latency: from a user event to the first bot event after it (both stamped by Rasa).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional, Tuple

from actions.common import HUMAN_OFFERS, INTENT_TO_CATEGORY, PROBLEM_INTENTS

HANDOFF_RESPONSES = frozenset({"utter_handoff_ticket", "utter_handoff_ticket_anonymous",
                               "utter_handoff_no_ticket"})
FALLBACK_ACTIONS = frozenset({"action_default_fallback", "utter_core_fallback", "utter_default"})
NO_FAILURE_RESPONSES = frozenset({"utter_diag_no_failure", "utter_diag_no_failure_resident"})
NOT_SIGNED_IN_RESPONSES = frozenset({"utter_offer_sign_in", "utter_sign_in_expired"})
RECHECK_PASSED = "utter_status_all_good"
CONFIRM_INTENTS = frozenset({"thank"})
# Causes that are no cause found in the records (shown apart in the guess/cause table).
NO_FAILURE, NOT_SIGNED_IN, UNKNOWN = "no_failure", "not_signed_in", "unknown"
# Why the person went to a human: right after the assistant offered one, whatever the answer
# (「好的」, the button, 「转人工」), the offer was accepted; else the message's intent says.
HANDOFF_TRIGGERS = {"request_human": "asked", "nlu_fallback": "not_understood"}
SHELL_PREFIX = "shell-"
BEIJING = timezone(timedelta(hours=8))  # days are Beijing days: when the bureau's day starts


def beijing_day(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, BEIJING).date().isoformat()


@dataclass
class FormRun:
    form: str
    completed: bool = False
    step: Optional[str] = None  # the slot asked last (where an abandoned form stopped)


@dataclass
class ConversationFacts:
    sender_id: str
    started: float
    ended: float
    channel: str
    user_messages: int = 0
    bot_messages: int = 0
    # (guess intent, cause) pairs in order, each pair once per conversation
    diagnoses: List[Tuple[str, str]] = field(default_factory=list)
    handoff: Optional[str] = None  # trigger: asked / not_understood / accepted_offer / other
    handoff_cause: Optional[str] = None  # diagnosed cause when the handoff happened
    fallback_texts: List[str] = field(default_factory=list)
    fallbacks: int = 0
    forms: List[FormRun] = field(default_factory=list)
    solved_by: Optional[str] = None  # "recheck" / "confirmed"
    solved_at: Optional[float] = None
    latencies: List[float] = field(default_factory=list)
    message_days: Counter = field(default_factory=Counter)  # Beijing day -> user messages

    @property
    def outcome(self) -> str:
        if self.handoff:
            return "handoff"
        return "solved" if self.solved_by else "open"


def _intent(event: Dict[str, Any]) -> Optional[str]:
    return ((event.get("parse_data") or {}).get("intent") or {}).get("name")


def _channel(sender_id: str, event: Dict[str, Any]) -> str:
    channel = event.get("input_channel") or "unknown"
    if channel == "rest" and sender_id.startswith(SHELL_PREFIX):
        return "shell"
    return channel


class _Walk:
    """State while walking one conversation's events in order."""

    def __init__(self, facts: ConversationFacts) -> None:
        self.facts = facts
        self.last_intent: Optional[str] = None
        self.problem_intent: Optional[str] = None
        self.last_action: Optional[str] = None
        self.cause_slot: Optional[str] = None
        self.diagnosis: Optional[Dict[str, Any]] = None  # the action_diagnose being answered
        self.form: Optional[FormRun] = None
        self.user_ts: Optional[float] = None  # waiting for the first reply to this message
        self.message_fell_back = False
        self.user_text = ""
        self.offered = False  # the assistant's turn so far offered a human
        self.offer_pending = False  # ... and the turn before this message did
        self.helped = False  # a diagnosis ran or a form completed (confirmation makes sense)
        self.fixed = False  # a guided fix completed (a passed re-check then solves it)

    def user(self, event: Dict[str, Any]) -> None:
        self._close_diagnosis()
        facts = self.facts
        facts.user_messages += 1
        if isinstance(event.get("timestamp"), (int, float)):
            facts.message_days[beijing_day(event["timestamp"])] += 1
        self.last_intent = _intent(event)
        if self.last_intent in PROBLEM_INTENTS:
            self.problem_intent = self.last_intent
        self.user_ts = event.get("timestamp")
        self.user_text = str(event.get("text") or "")
        self.message_fell_back = False
        self.offer_pending, self.offered = self.offered, False
        if self.last_intent == "nlu_fallback":
            self._fell_back()
        if self.last_intent in CONFIRM_INTENTS and self.helped and not facts.solved_by:
            facts.solved_by, facts.solved_at = "confirmed", event.get("timestamp")

    def _fell_back(self) -> None:
        if self.message_fell_back:
            return
        self.message_fell_back = True
        self.facts.fallbacks += 1
        if self.user_text and not self.user_text.startswith("/"):  # not a button payload
            self.facts.fallback_texts.append(self.user_text)

    def action(self, event: Dict[str, Any]) -> None:
        self._close_diagnosis()
        name = event.get("name")
        self.last_action = name
        if name == "action_diagnose":
            intent = self.last_intent if self.last_intent in PROBLEM_INTENTS else (
                self.problem_intent or "payment_failed")
            self.diagnosis = {"guess": intent, "cause": None, "responses": set()}
            self.helped = True
        elif name in FALLBACK_ACTIONS and self.facts.user_messages:
            self._fell_back()

    def bot(self, event: Dict[str, Any]) -> None:
        facts = self.facts
        facts.bot_messages += 1
        if self.user_ts is not None and event.get("timestamp") is not None:
            facts.latencies.append(max(0.0, float(event["timestamp"]) - float(self.user_ts)))
            self.user_ts = None
        response = (event.get("metadata") or {}).get("utter_action")
        if self.diagnosis is not None and response:
            self.diagnosis["responses"].add(response)
        if response == "utter_default":
            self._fell_back()
        if response in HUMAN_OFFERS:
            self.offered = True
        if response in HANDOFF_RESPONSES and not facts.handoff:
            facts.handoff = ("accepted_offer" if self.offer_pending else
                             HANDOFF_TRIGGERS.get(self.last_intent or "", "other"))
            facts.handoff_cause = self.cause_slot
        if response == RECHECK_PASSED and self.fixed and not facts.solved_by:
            facts.solved_by, facts.solved_at = "recheck", event.get("timestamp")

    def slot(self, event: Dict[str, Any]) -> None:
        name, value = event.get("name"), event.get("value")
        if name == "diagnosed_cause":
            self.cause_slot = value
            if self.diagnosis is not None:
                self.diagnosis["cause"] = value
        elif name == "requested_slot" and self.form is not None and value:
            self.form.step = value

    def loop(self, event: Dict[str, Any]) -> None:
        name = event.get("name")
        if self.form is not None and name == self.form.form:
            return  # the same form asking again after a question in the middle
        if self.form is not None:
            self.form.completed = name is None and self.last_action == self.form.form
            if self.form.completed:
                self.helped = self.fixed = True
            self.form = None
        if name:
            self.form = FormRun(name)
            self.facts.forms.append(self.form)

    def _close_diagnosis(self) -> None:
        if self.diagnosis is None:
            return
        cause = self.diagnosis["cause"]
        if not cause:
            responses = self.diagnosis["responses"]
            cause = (NO_FAILURE if responses & NO_FAILURE_RESPONSES else
                     NOT_SIGNED_IN if responses & NOT_SIGNED_IN_RESPONSES else UNKNOWN)
        pair = (self.diagnosis["guess"], cause)
        if pair not in self.facts.diagnoses:
            self.facts.diagnoses.append(pair)
        self.diagnosis = None

    def finish(self) -> None:
        self._close_diagnosis()
        self.form = None  # a form still open when the conversation ended was abandoned


def conversation_facts(sender_id: str, events: List[Dict[str, Any]]) -> Optional[ConversationFacts]:
    """The facts of one conversation (one Rasa session); None if the person never wrote."""
    first = next((e for e in events if e.get("event") == "user"), None)
    if first is None:
        return None
    stamps = [float(e["timestamp"]) for e in events if isinstance(e.get("timestamp"), (int, float))]
    facts = ConversationFacts(sender_id=sender_id, started=float(first.get("timestamp") or 0),
                              ended=max(stamps) if stamps else 0.0, channel=_channel(sender_id, first))
    walk = _Walk(facts)
    handlers = {"user": walk.user, "action": walk.action, "bot": walk.bot, "slot": walk.slot,
                "active_loop": walk.loop}
    for event in events:
        handler = handlers.get(event.get("event"))
        if handler:
            handler(event)
    walk.finish()
    return facts


def guess_category(intent: str) -> Optional[str]:
    """The cause the person's guess names (None for 「付款失败了」 without a guess)."""
    return INTENT_TO_CATEGORY.get(intent)
