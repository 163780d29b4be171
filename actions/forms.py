"""Guided fixes: activation, PIN reset, region switching, authorization revoke.

Each state change happens only after an explicit confirmation turn and is sent to the
backend with the channel and conversation id so that it lands in the audit log.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    FORM_OWNER_SLOT,
    PAY_CHANNEL_LABELS,
    asked_someone_else,
    channel_of,
    confirmation_key,
    pay_channel_code,
    token_subject,
    user_token,
    wallet_client,
)
from actions.wallet_client import WalletAuthError, WalletError, WalletNotFound, WalletRefused
from bot.nlu.regions import region_code_for, region_name_for

logger = logging.getLogger(__name__)


async def reread(check: Callable[[], Awaitable[bool]]) -> Optional[bool]:
    """After a write timed out: did it happen? None when the backend still cannot tell."""
    try:
        return await check()
    except WalletError as exc:
        logger.warning("state re-read after a failed write failed too: %s", exc)
        return None


def tell_unapplied(dispatcher: CollectingDispatcher, applied: Optional[bool], what: str) -> None:
    # The write carried a deadline, so the wallet will not apply it later: say so, truthfully.
    dispatcher.utter_message(response="utter_write_not_applied" if applied is False
                             else "utter_write_unconfirmed", operation=what)
    dispatcher.utter_message(response="utter_offer_human")


def refuse_other_person(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    if asked_someone_else(tracker):
        dispatcher.utter_message(response="utter_not_the_person_asked")
        return True
    return False


class OwnedForm:
    """Mixin for FormValidationAction (not an Action itself: rasa-sdk registers every Action
    subclass and asks it for a name). A form answers only the person it asked.

    On activation the form records who started it (`form_owner`, a hash of the token's
    subject, or anonymous); an answer from anyone else — another person's token, or no token at
    all in a signed-in person's conversation — fills nothing and is told so.
    """

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        subject = token_subject(user_token(tracker))
        if not _was_active_before_this_message(tracker, self.form_name()):  # it activates now
            return [SlotSet(FORM_OWNER_SLOT, subject), *await super().run(dispatcher, tracker, domain)]
        if asked_someone_else(tracker):
            logger.warning("form %s: an answer from another person was refused", self.form_name())
            dispatcher.utter_message(response="utter_not_the_person_asked")
            return [SlotSet(name, None) for name in tracker.slots_to_validate()]
        return await super().run(dispatcher, tracker, domain)


def _was_active_before_this_message(tracker: Tracker, form: Text) -> bool:
    # Rasa validates on activation with a tracker that already looks active, so look at the
    # loop state as it was when the message being answered arrived.
    seen_message = False
    for event in reversed(tracker.events):
        if not seen_message:
            seen_message = event.get("event") == "user"
        elif event.get("event") == "active_loop":
            return event.get("name") == form
    return False


class ValidatePayChannel:
    async def validate_pay_channel(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        channel = pay_channel_code(slot_value)
        if channel is None:
            dispatcher.utter_message(response="utter_ask_pay_channel")
        return {"pay_channel": channel}


class ValidateActivationForm(ValidatePayChannel, OwnedForm, FormValidationAction):
    def name(self) -> Text:
        return "validate_activation_form"


class ValidatePinResetForm(ValidatePayChannel, OwnedForm, FormValidationAction):
    def name(self) -> Text:
        return "validate_pin_reset_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        # A reset ticket needs a signed-in person; others get the channel's path only.
        if user_token(tracker):
            return domain_slots
        return [slot for slot in domain_slots if slot != "pin_reset_confirm"]


class ActionActivationSteps(Action):
    def name(self) -> Text:
        return "action_activation_steps"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        token = user_token(tracker)
        if token:
            try:
                profile = await wallet_client().profile(token)
                credential = profile.get("credential") or {}
                if credential.get("status") == "active":
                    channels = "、".join(PAY_CHANNEL_LABELS.get(c, c)
                                        for c in credential.get("activated_channels") or []) or "—"
                    dispatcher.utter_message(response="utter_activation_status_active",
                                             channels=channels)
                else:
                    dispatcher.utter_message(response="utter_activation_status_not_active")
            except WalletError as exc:  # the steps below help anyway
                logger.warning("activation status unavailable: %s", exc)
        channel = tracker.get_slot("pay_channel") or "app"
        dispatcher.utter_message(response=f"utter_activation_steps_{channel}")
        dispatcher.utter_message(response="utter_activation_troubles")
        return [SlotSet("fix_flow", "activation")]


class ActionStartPinReset(Action):
    """Never asks for the PIN: opens a ticket whose link leads to the wallet's secure page."""

    def name(self) -> Text:
        return "action_start_pin_reset"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        channel = tracker.get_slot("pay_channel") or "app"
        events: List[EventType] = [SlotSet("pin_reset_confirm", None)]
        token = user_token(tracker)
        if token and tracker.get_slot("pin_reset_confirm") and refuse_other_person(dispatcher, tracker):
            return events
        if token and tracker.get_slot("pin_reset_confirm"):
            key = confirmation_key(tracker, "pin_reset")
            try:
                try:
                    ticket = await wallet_client().start_pin_reset(
                        token, channel_of(tracker), tracker.sender_id, idempotency_key=key)
                except (WalletAuthError, WalletNotFound, WalletRefused):
                    raise
                except WalletError as exc:
                    # Same key: the wallet returns the first outcome if the first try landed.
                    logger.warning("pin reset ticket failed, retrying once: %s", exc)
                    ticket = await wallet_client().start_pin_reset(
                        token, channel_of(tracker), tracker.sender_id, idempotency_key=key)
            except WalletAuthError:
                dispatcher.utter_message(response="utter_sign_in_expired")
            except WalletError as exc:
                logger.warning("pin reset ticket failed: %s", exc)
                tell_unapplied(dispatcher, False, "开密码重置单")
            else:
                dispatcher.utter_message(response="utter_pin_ticket",
                                         ticket_id=ticket["ticket_id"], reset_url=ticket["reset_url"])
                events.append(SlotSet("pin_ticket_id", ticket["ticket_id"]))
                events.append(SlotSet("fix_flow", "pin_reset"))
                dispatcher.utter_message(response=f"utter_pin_path_{channel}")
                dispatcher.utter_message(response="utter_pin_rules")
                return events
        dispatcher.utter_message(response=f"utter_pin_path_{channel}")
        dispatcher.utter_message(response="utter_pin_rules")
        if not token:
            dispatcher.utter_message(response="utter_pin_sign_in_needed")
        return events


class ValidateRegionSwitchForm(OwnedForm, FormValidationAction):
    def name(self) -> Text:
        return "validate_region_switch_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        # A region outside the person's records cannot be switched to: no confirmation turn.
        if tracker.get_slot("region_code") and tracker.get_slot("region_confirm") is False:
            return ["region_code"]
        return domain_slots

    async def validate_region_code(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        values = slot_value if isinstance(slot_value, list) else [slot_value]
        code = None
        for value in values:
            text = str(value).strip()
            code = text if text.isdigit() and len(text) == 6 else region_code_for(text)
            if code:
                break
        if not code:
            dispatcher.utter_message(response="utter_region_invalid")
            return {"region_code": None}
        try:
            regions = await wallet_client().regions(user_token(tracker) or "")
        except WalletError:
            return {"region_code": code}  # the submit action reports the backend problem
        record = next((r for r in regions if r.get("region_code") == code), None)
        if record is None:
            # Not one of the person's records: skip the confirmation, explain on submit.
            return {"region_code": code, "region_confirm": False}
        if record.get("shown"):
            # Nothing would change: no confirmation turn, the submit action says so.
            return {"region_code": code, "region_confirm": True}
        return {"region_code": code}


def _region_name(code: Optional[str], regions: List[Dict[str, Any]]) -> str:
    for record in regions:
        if record.get("region_code") == code:
            return record.get("region_name") or "未知地区"
    return region_name_for(code) or "未知地区"  # never the administrative code


class ActionAskRegionCode(Action):
    def name(self) -> Text:
        return "action_ask_region_code"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        try:
            regions = await wallet_client().regions(user_token(tracker) or "")
        except WalletError:
            regions = []
        if not regions:
            dispatcher.utter_message(text="请告诉我您现在真正的参保地是哪个城市？（比如「深圳」）")
            return []
        def label(record: Dict[str, Any]) -> str:
            notes = [note for flag, note in (("shown", "医保码当前显示"), ("is_real", "实际参保地"))
                     if record.get(flag)]
            return record["region_name"] + (f"（{'，'.join(notes)}）" if notes else "")

        buttons = [{
            "title": label(record),
            "payload": '/inform{"region_code":"%s"}' % record["region_code"],
        } for record in regions]
        dispatcher.utter_message(
            text="您名下有这些参保记录，哪个是您现在真正的参保地？", buttons=buttons)
        return []


class ActionAskRegionConfirm(Action):
    def name(self) -> Text:
        return "action_ask_region_confirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        code = tracker.get_slot("region_code")
        try:
            regions = await wallet_client().regions(user_token(tracker) or "")
        except WalletError:
            regions = []
        shown = next((r.get("region_name") for r in regions if r.get("shown")), "当前记录")
        dispatcher.utter_message(
            text=f"确认把医保码显示的参保地从{shown}切换为{_region_name(code, regions)}吗？",
            buttons=[{"title": "确认切换", "payload": "/affirm"},
                     {"title": "先不切换", "payload": "/deny"}])
        return []


class ActionSwitchRegion(Action):
    def name(self) -> Text:
        return "action_switch_region"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        reset = [SlotSet("region_code", None), SlotSet("region_confirm", None)]
        token = user_token(tracker)
        code = tracker.get_slot("region_code")
        if not token:
            dispatcher.utter_message(response="utter_sign_in_to_check")
            dispatcher.utter_message(response="utter_generic_region_mismatch")
            return reset
        if refuse_other_person(dispatcher, tracker):
            return reset
        client = wallet_client()
        name, writing = _region_name(code, []), False
        try:
            regions = await client.regions(token)
            record = next((r for r in regions if r.get("region_code") == code), None)
            name = _region_name(code, regions)
            if record is None:
                dispatcher.utter_message(response="utter_region_not_in_records", region=name)
                return reset
            if not tracker.get_slot("region_confirm"):
                dispatcher.utter_message(response="utter_region_switch_cancelled")
                return reset
            if record.get("shown"):
                dispatcher.utter_message(response="utter_region_already_shown", region=name)
                return reset
            writing = True
            await client.switch_region(token, code, channel_of(tracker), tracker.sender_id,
                                       idempotency_key=confirmation_key(tracker, "region_switch"))
        except WalletNotFound:
            dispatcher.utter_message(response="utter_region_not_in_records",
                                     region=_region_name(code, []))
            return reset
        except WalletAuthError:
            dispatcher.utter_message(response="utter_sign_in_expired")
            return reset
        except WalletError as exc:
            logger.warning("region switch failed: %s", exc)
            if not writing:  # nothing was sent: the backend is just unavailable
                dispatcher.utter_message(response="utter_backend_down")
                dispatcher.utter_message(response="utter_offer_human")
                return reset

            async def shown_now() -> bool:
                return any(r.get("shown") and r.get("region_code") == code for r in await client.regions(token))

            applied = await reread(shown_now)
            if not applied:
                tell_unapplied(dispatcher, applied, "切换参保地")
                return reset
        dispatcher.utter_message(response="utter_region_switched", region=name)
        return reset + [SlotSet("fix_flow", "region_switch")]


class ValidateRevokeAuthorizationForm(OwnedForm, FormValidationAction):
    def name(self) -> Text:
        return "validate_revoke_authorization_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        return domain_slots if user_token(tracker) else []

    async def validate_auth_channel(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        channel = pay_channel_code(slot_value)
        if channel is None:
            return {"auth_channel": None}
        return {"auth_channel": channel, "auth_channel_label": PAY_CHANNEL_LABELS[channel]}


class ActionAskAuthChannel(Action):
    def name(self) -> Text:
        return "action_ask_auth_channel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        try:
            authorizations = await wallet_client().authorizations(user_token(tracker) or "")
        except WalletError:
            authorizations = []
        active = [a for a in authorizations if a.get("active")]
        buttons = [{"title": f"取消{PAY_CHANNEL_LABELS.get(a['channel'], a['channel'])}授权",
                    "payload": '/inform{"auth_channel":"%s"}' % a["channel"]} for a in active]
        dispatcher.utter_message(text="要取消哪个渠道的授权？", buttons=buttons or None)
        return []


class ActionRevokeAuthorization(Action):
    def name(self) -> Text:
        return "action_revoke_authorization"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        reset = [SlotSet("auth_channel", None), SlotSet("revoke_confirm", None)]
        token = user_token(tracker)
        if not token:
            dispatcher.utter_message(response="utter_sign_in_to_check")
            return reset
        channel = tracker.get_slot("auth_channel")
        label = PAY_CHANNEL_LABELS.get(channel, channel or "")
        if not tracker.get_slot("revoke_confirm"):
            dispatcher.utter_message(response="utter_revoke_cancelled")
            return reset
        if refuse_other_person(dispatcher, tracker):
            return reset
        client = wallet_client()
        try:
            await client.revoke_authorization(token, channel, channel_of(tracker), tracker.sender_id,
                                              idempotency_key=confirmation_key(tracker, "revoke"))
        except WalletNotFound:
            dispatcher.utter_message(response="utter_revoke_not_found", auth_channel_label=label)
            return reset
        except WalletAuthError:
            dispatcher.utter_message(response="utter_sign_in_expired")
            return reset
        except WalletError as exc:
            logger.warning("revoke failed: %s", exc)

            async def revoked_now() -> bool:
                return any(a.get("channel") == channel and not a.get("active")
                           for a in await client.authorizations(token))

            applied = await reread(revoked_now)
            if not applied:
                tell_unapplied(dispatcher, applied, f"取消{label}授权")
                return reset
        dispatcher.utter_message(response="utter_revoked", auth_channel_label=label)
        return reset
