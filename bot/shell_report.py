"""What the operator shell shows about a turn, read from Rasa's tracker (HTTP API, JSON).

Pure functions over the tracker's JSON, so that the shell, `--script` and `--replay` show the
same thing: the intent (with the FAQ sub-intent the ResponseSelector picked), the entities,
every action with the policy that chose it, the slots the turn changed, the active form.
"""
from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional, Tuple

Event = Dict[str, Any]
MAX_VALUE_CHARS = 80


def value_text(value: Any) -> str:
    """A slot value on one line, cut to a readable length."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.replace("\n", "⏎")
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS - 1] + "…"


def last_turn(events: List[Event]) -> Tuple[Optional[Event], List[Event]]:
    """The last user event and the events after it (what the assistant did for it)."""
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=None)
    if last_user is None:
        return None, []
    return events[last_user], events[last_user + 1:]


def intent_label(parse: Dict[str, Any]) -> str:
    """`payment_failed 0.93`, or for a retrieval intent its sub-intent: `faq/screenshot 0.98 (faq 1.00)`."""
    intent = parse.get("intent") or {}
    name, confidence = intent.get("name") or "—", float(intent.get("confidence") or 0)
    selector = parse.get("response_selector") or {}
    for retrieval in selector.get("all_retrieval_intents") or []:
        if retrieval not in str(name).split("+"):
            continue
        response = (selector.get(retrieval) or {}).get("response") or {}
        key = response.get("intent_response_key")
        if key:
            return f"{key} {float(response.get('confidence') or 0):.2f} ({name} {confidence:.2f})"
    return f"{name} {confidence:.2f}"


def entities_text(parse: Dict[str, Any]) -> str:
    return ", ".join(f"{e.get('entity')}={e.get('value')}" for e in parse.get("entities") or [])


def policy_name(policy: Optional[str]) -> str:
    """Rasa names the policy of a prediction `policy_2_RulePolicy` in some versions: the class."""
    return re.sub(r"^policy_\d+_", "", policy) if policy else "—"


def actions_text(turn: List[Event]) -> str:
    """Every action of the turn with who chose it: `action_diagnose [RulePolicy 1.00]`."""
    parts = []
    for event in turn:
        if event.get("event") != "action":
            continue
        confidence = event.get("confidence")
        chosen = policy_name(event.get("policy"))
        if confidence is not None:
            chosen += f" {float(confidence):.2f}"
        parts.append(f"{event.get('name')} [{chosen}]")
    return " → ".join(parts) or "—"


def slot_changes(before: Dict[str, Any], after: Dict[str, Any]) -> List[str]:
    """`slot: old → new` for every slot whose value differs (a new conversation starts empty)."""
    changes = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes.append(f"{name}: {value_text(old)} → {value_text(new)}")
    return changes


def form_text(tracker: Dict[str, Any]) -> str:
    form = (tracker.get("active_loop") or {}).get("name")
    if not form:
        return "—"
    requested = (tracker.get("slots") or {}).get("requested_slot")
    return f"{form}, requested slot: {requested or '—'}"


def turn_report(tracker: Dict[str, Any], slots_before: Dict[str, Any]) -> List[str]:
    """The lines the shell prints under the assistant's replies for the last turn."""
    user, turn = last_turn(tracker.get("events") or [])
    if user is None:
        return ["  ↳ (no user turn in the tracker)"]
    parse = user.get("parse_data") or {}
    line = f"  ↳ intent {intent_label(parse)}"
    entities = entities_text(parse)
    if entities:
        line += f" | entities: {entities}"
    lines = [line, f"  ↳ actions: {actions_text(turn)}"]
    changes = slot_changes(slots_before, tracker.get("slots") or {})
    if changes:
        lines.append("  ↳ slots: " + "; ".join(changes))
    lines.append(f"  ↳ form: {form_text(tracker)}")
    return lines


def tracker_lines(tracker: Dict[str, Any]) -> List[str]:
    """`/tracker`: the slots that hold a value now, and the form."""
    slots = tracker.get("slots") or {}
    filled = {name: value for name, value in slots.items() if value is not None}
    lines = [f"— tracker of {tracker.get('sender_id')}: {len(filled)} of {len(slots)} slots set"]
    lines += [f"  {name} = {value_text(filled[name])}" for name in sorted(filled)]
    lines.append(f"  form: {form_text(tracker)}")
    latest = tracker.get("latest_message") or {}
    if latest.get("intent"):
        lines.append(f"  last intent: {intent_label(latest)}")
    return lines


def bot_texts(events: List[Event]) -> List[str]:
    """What the assistant said, one entry per message: its text and buttons (else its payload)."""
    texts = []
    for event in events:
        if event.get("event") != "bot":
            continue
        data = event.get("data") or {}
        text = event.get("text") or ""
        buttons = [str(b.get("title")) for b in data.get("buttons") or [] if isinstance(b, dict)]
        if buttons:
            text = f"{text} [{' | '.join(buttons)}]".strip()
        if not text and data.get("custom"):
            text = f"[custom] {value_text(data.get('custom'))}"
        if text:
            texts.append(text)
    return texts


def chosen_button(typed: str, user: Optional[Event], buttons: List[Dict[str, Any]]) -> Optional[int]:
    """The button (0-based) the channel read a typed answer as: Rasa got that button's payload."""
    if user is None:
        return None
    received = user.get("text")
    if not received or received == typed:
        return None
    for index, button in enumerate(buttons):
        if received == (button.get("payload") or button.get("title")):
            return index
    return None
