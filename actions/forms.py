"""Guided fixes: activation, PIN reset, authorization revoke (region switching: region_switch.py).

Each state change happens only after an explicit confirmation turn and is sent to the
backend with the channel and conversation id so that it lands in the audit log.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.channel_choice import CHANNELS, named_channels, remember, ruled_out, ruled_out_now, say_for_channels_left
from actions.common import (
    FORM_OWNER_SLOT,
    PAY_CHANNEL_LABELS,
    WalletAction,
    asked_someone_else,
    channel_of,
    confirmation_key,
    domain_text,
    pay_channel_code,
    said_since,
    said_this_session,
    say,
    token_subject,
    user_token,
    wallet_client,
    wallet_failed,
)
from actions.recent import IS_QUESTION, specific_answer
from actions.scam import scam_answer
from actions.second_problem import offer_pending
from actions.wallet_client import WalletAuthError, WalletError, WalletNotFound, WalletRefused
from bot.nlu.topics import declines_for_self_service

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
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        if ruled_out_now(tracker):
            # 「我没有微信」 answers the channel question with "not that one": remembered (which
            # also keeps the form going) and the question comes again without it.
            events += remember(tracker, force=True)
        return events

    async def validate_pay_channel(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        scam = scam_answer(tracker.latest_message.get("text") or "")
        if scam:
            # 「有人微信发了个链接 说点了就能重置密码」 names 微信 but answers nothing: the warning,
            # and the question comes again (the rules' digression never runs once a slot is filled).
            say(dispatcher, scam, tracker)
            return {"pay_channel": None}
        asked = specific_answer(tracker) if IS_QUESTION.search(tracker.latest_message.get("text") or "") else None
        if asked and set(asked) <= said_since(tracker, "user"):
            asked = None  # answered this turn already, before the form started (round 30: twice in a row)
        if asked:
            # 「改了密码以后支付宝里的也要改吗」 names a channel but chooses none: the answer, then
            # the question again (a slot filled here would skip the digression).
            say(dispatcher, asked, tracker)
            return {"pay_channel": None}
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
        # 「我自己弄吧」 before a channel was chosen: nothing more to ask; the submit gives every
        # channel's own path (it used to be 「好的。」 and the channel question again).
        if not tracker.get_slot("pay_channel") and declines_for_self_service(
                tracker.latest_message.get("text") or ""):
            return []
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
            except WalletError as error:  # said the one way; the steps below help anyway
                wallet_failed(dispatcher, error)
        channel = tracker.get_slot("pay_channel") or "app"
        dispatcher.utter_message(response=f"utter_activation_steps_{channel}")
        dispatcher.utter_message(response="utter_activation_troubles")
        return [SlotSet("fix_flow", "activation"), *offer_pending(dispatcher, tracker, domain, "activate_credential")]


class ActionStartPinReset(Action):
    """Never asks for the PIN: opens a ticket whose link leads to the wallet's secure page."""

    def name(self) -> Text:
        return "action_start_pin_reset"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        events = await self._start(dispatcher, tracker, domain)
        return events + offer_pending(dispatcher, tracker, domain, "forgot_pin")

    async def _start(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: Dict[Text, Any]) -> List[EventType]:
        chosen = tracker.get_slot("pay_channel")
        # no channel chosen: the path shown with the ticket is of the first channel not ruled out
        channel = chosen or next((code for code in CHANNELS if code not in ruled_out(tracker)), "app")
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
            except WalletAuthError as error:
                wallet_failed(dispatcher, error)
            except WalletError as exc:
                logger.warning("pin reset ticket failed: %s", exc)
                tell_unapplied(dispatcher, False, domain_text(domain, "utter_label_pin_reset"))
            else:
                dispatcher.utter_message(response="utter_pin_ticket",
                                         ticket_id=ticket["ticket_id"], reset_url=ticket["reset_url"])
                events.append(SlotSet("pin_ticket_id", ticket["ticket_id"]))
                events.append(SlotSet("fix_flow", "pin_reset"))
                dispatcher.utter_message(response=f"utter_pin_path_{channel}")
                dispatcher.utter_message(response="utter_pin_rules")
                return events
        if chosen:
            dispatcher.utter_message(response=f"utter_pin_path_{channel}")
        else:  # no channel chosen (the person will do it themselves): the path in each
            say_for_channels_left(dispatcher, tracker, "utter_pin_paths_all")
        dispatcher.utter_message(response="utter_pin_rules")
        if not token:
            dispatcher.utter_message(response="utter_pin_sign_in_needed")
        return events


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
        except WalletError:  # still ask; the submit action reports the backend problem
            authorizations = []
        buttons = revoke_buttons(domain, authorizations, "/inform")
        dispatcher.utter_message(response="utter_revoke_which_channel", buttons=buttons or None)
        return []


def revoke_buttons(domain: Dict[Text, Any], authorizations: List[Dict[str, Any]],
                   intent: str) -> List[Dict[str, str]]:
    """One 「取消…授权」 button per active authorization."""
    return [{"title": domain_text(domain, "utter_label_revoke",
                                  auth_channel_label=PAY_CHANNEL_LABELS.get(a["channel"], a["channel"])),
             "payload": '%s{"auth_channel":"%s"}' % (intent, a["channel"])}
            for a in authorizations if a.get("active")]


# 「支付宝那个取消掉吧」「我是说把支付宝的授权取消了」: a typed request to revoke one channel.
REVOKE_WORDS = re.compile(r"取消|解除|撤销|撤掉|删掉|删除|删了|关掉|关闭|关了|去掉|停掉|不要了")
# 「怎么取消支付宝的授权」 before any list was shown asks how (the security answer shows the list).
ASKS_HOW = re.compile(r"怎么|如何|怎样|咋|在哪|哪里|吗|[?？]")
# 「要不要把支付宝的授权关了」 asks whether: answered with the list and its buttons.
ASKS_WHETHER = re.compile(r"要不要|该不该|需不需要|用不用|是否|有没有必要")
def restates_revoke(tracker: Tracker) -> bool:
    """Inside the revoke form, once a channel is chosen: the request typed again for that same
    channel (not a question whether to)."""
    text = tracker.latest_message.get("text") or ""
    channel = tracker.get_slot("auth_channel")
    return (bool(channel) and tracker.get_slot("requested_slot") == "revoke_confirm"
            and bool(REVOKE_WORDS.search(text)) and not ASKS_WHETHER.search(text)
            and not re.search(r"不取消|别取消|先不|不要取消", text) and named_channels(tracker) == [channel])


async def typed_revoke(tracker: Tracker) -> Optional[List[EventType]]:
    """A typed request to revoke a named channel's authorization starts the same form (and the
    same confirmation) as its button: signed in, one channel named, and that one in the person's
    list of active authorizations. None otherwise (the message is answered as before)."""
    token = user_token(tracker)
    text = tracker.latest_message.get("text") or ""
    if not token or tracker.active_loop_name or not REVOKE_WORDS.search(text) or ASKS_WHETHER.search(text):
        return None
    listed = "utter_authorizations_active" in said_this_session(tracker)
    if not listed and ("授权" not in text or ASKS_HOW.search(text)):
        return None
    channels = named_channels(tracker)
    if len(channels) != 1:
        return None
    try:
        authorizations = await wallet_client().authorizations(token)
    except WalletError as exc:
        logger.warning("authorizations for a typed revoke failed: %s", exc)
        return None
    channel = channels[0]
    if not any(a.get("channel") == channel and a.get("active") for a in authorizations):
        return None
    return [SlotSet("auth_channel", channel), SlotSet("auth_channel_label", PAY_CHANNEL_LABELS[channel]),
            FollowupAction("revoke_authorization_form")]


class ActionRevokeAuthorization(WalletAction):
    signed_out = ("utter_sign_in_to_check",)

    def name(self) -> Text:
        return "action_revoke_authorization"

    def finish(self, tracker: Tracker) -> List[EventType]:
        return [SlotSet("auth_channel", None), SlotSet("revoke_confirm", None)]

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        token = user_token(tracker)
        channel = tracker.get_slot("auth_channel")
        label = PAY_CHANNEL_LABELS.get(channel, channel or "")
        if not tracker.get_slot("revoke_confirm"):
            dispatcher.utter_message(response="utter_revoke_cancelled")
            return self.finish(tracker)
        if refuse_other_person(dispatcher, tracker):
            return self.finish(tracker)
        client = wallet_client()
        try:
            await client.revoke_authorization(token, channel, channel_of(tracker), tracker.sender_id,
                                              idempotency_key=confirmation_key(tracker, "revoke"))
        except WalletNotFound:
            dispatcher.utter_message(response="utter_revoke_not_found", auth_channel_label=label)
            return self.finish(tracker)
        except WalletAuthError:
            raise
        except WalletError as exc:
            logger.warning("revoke failed: %s", exc)

            async def revoked_now() -> bool:
                return any(a.get("channel") == channel and not a.get("active")
                           for a in await client.authorizations(token))

            applied = await reread(revoked_now)
            if not applied:
                tell_unapplied(dispatcher, applied,
                               domain_text(domain, "utter_label_revoke", auth_channel_label=label))
                return self.finish(tracker)
        dispatcher.utter_message(response="utter_revoked", auth_channel_label=label)
        return self.finish(tracker)
