"""How-to answers that get better when we know who is asking."""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.aspects import aspect_answer, topics_of
from actions.channel_choice import remember, ruled_out, say_other_channels
from actions.charges import answer_payments
from actions.common import (
    PAY_CHANNEL_LABELS,
    PROBLEM_INTENTS,
    WalletAction,
    ask_wallet,
    domain_text,
    intent_confidence,
    latest_intent,
    needs_chc,
    pay_channel_code,
    said_this_session,
    say,
    tell_family_members,
    user_token,
    wallet_client,
)
from actions.context import (
    ASKS_LINK,
    SCAM_ANSWERS,
    SYMPTOM,
    ActionTryLater,
    about_last_answer,
    about_scam,
    asks_to_move_money,
    steps_first,
)
from actions.diagnosis import LIMIT_QUESTION_READ_AS, ActionCheckStatus, ActionShowWallet
from actions.english import INTRO as ENGLISH_INTRO
from actions.english import english_answer
from actions.flows import DIGRESSIONS, form_label, form_next
from actions.forms import restates_revoke, revoke_buttons, typed_revoke
from actions.handoff import ActionFallback, ActionTicketStatus
from actions.later_question import answer_both
from actions.limits import answer_limit_question, answer_split, asks_limit_figures, asks_to_split
from actions.recent import (
    CAN,
    CORRECTION,
    OFFERS_SECRET,
    PUSHBACK,
    SHORT_QUESTION,
    compact,
    face_check_fails,
    last_answer,
    narrower_answer,
    new_smartphone_for_family,
    pushback_answer,
    repeats_last_answer,
    specific_answer,
)
from actions.region_switch import real_record_meant
from actions.round21 import card_then_code, round21_question, session_story, wallet_transfer_question
from actions.round22 import channel_dropped, round22_question, topics_near
from actions.round23 import asks_own_check, before_scam_warning, round23_question, wallet_use_place
from actions.round24 import error_code_answer, round24_first, round24_question
from actions.round26 import STAFF_PIN, asks_in_laws_transfer
from actions.round27 import round27_answer, round27_priority
from actions.round28 import named_in_whole
from actions.round29 import follow_up as round29_follow_up
from actions.round30 import sensitive_answer
from actions.round33 import named as round33_named
from actions.scam import scam_answer
from actions.second_problem import problems_named
from actions.verification import SIGN_IN_CODE
from actions.wallet_client import WalletError
from bot.nlu.scam import fears_losing_money
from bot.nlu.topics import (
    FAMILY_WORDS,
    KIN,
    asks_family_pin,
    asks_pin_for_someone,
    asks_relative_activation,
    old_device,
    pasted_code_sms,
)
from bot.privacy import ascii_digits

logger = logging.getLogger(__name__)


# 「帮家里人付药钱」「替我妈付款」: paying for a relative (亲情账户 or 家庭共济), not the scan steps.
PAYS_FOR_FAMILY = re.compile(r"(帮|替|给)我?家?老?(" + FAMILY_WORDS + r").{0,4}(付|交钱|买药|拿药|结算|出示)")
# 「能用我老公的医保帮我付吗」: a relative's insurance for the writer's own care — 家庭共济, never
# his code (showing another person's code for one's own care is 冒名就医).
OTHERS_INSURANCE_FOR_ME = re.compile(r"用" + KIN + r"的(医保|医保码|医保卡|社保卡|个人账户|个账|账户).{0,6}"
                                     r"(帮我|给我|替我|我(自己)?(看病|买药|拿药|付|用))|"
                                     + KIN + r"的(医保|医保码|医保卡|社保卡|个人账户|个账).{0,4}(能|可以)?(给|帮|替)我|"
                                     # 「我老公个人账户钱多 能用他的不」 (round 26's re-grade: every family rule)
                                     + KIN + r"的?(个人账户|个账|医保卡|账户).{0,10}(能|可以)?用(他|她)的")
# 「能让我闺女从她那给我转点吗」 (trial round 17: the five-part family answer)
RELATIVE_SENDS = re.compile(KIN + r".{0,6}(给我|帮我)?转(点|些|一点|钱|过来)|让" + KIN + r".{0,6}给我转")
FAMILY_QUESTION = 24  # characters: a longer message tells its own story


class ActionHowToPay(Action):
    def name(self) -> Text:
        return "action_how_to_pay"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        revoke = await typed_revoke(tracker)
        if revoke:  # 「支付宝那个取消掉吧」 after the list: its button's confirmation, not how to pay
            return revoke
        own = named_in_whole(tracker)
        if own:  # 「窗口说要先办个就诊卡…」 (round 29: how to pay, three times)
            say(dispatcher, own, tracker)
            return []
        if channel_dropped(tracker.latest_message.get("text") or ""):
            # 「我之前在支付宝和微信都弄了医保码，现在想把支付宝那个取消掉」 (trial round 22: how to pay
            # with Alipay, for its first clause): removing it there.
            dispatcher.utter_message(response="utter_unbind_one_channel")
            return []
        # 「单笔限额多少？异地就医要备案吗」: the first question here, the later one after it.
        return await answer_both(self.answer, dispatcher, tracker, domain)

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: Dict[Text, Any]) -> List[EventType]:
        if asks_to_split(tracker):
            # 「能不能分两笔付」 after the limit: a question about the limits, not the channels.
            return await answer_split(dispatcher, tracker, domain)
        coded = error_code_answer(tracker)
        if coded:  # 「付款时手机上提示错误码 4096 是什么意思」 (round 24: the how-to)
            dispatcher.utter_message(**coded)
            return []
        narrower = narrower_answer(tracker)
        if narrower:
            # 「那国家医保那个APP呢 我也不会下载」: no phone channel at all, not one more ruled out.
            say(dispatcher, narrower, tracker)
            return remember(tracker)
        if PAYS_FOR_FAMILY.search(tracker.latest_message.get("text") or ""):
            # 「我想帮家里人付药钱 怎么弄」 (trial round 16, beside the balance: the scan steps)
            dispatcher.utter_message(response="utter_pay_for_family")
            return []
        excluded = ruled_out(tracker)
        # The channel named in this message wins over one remembered from earlier turns; one
        # the person ruled out is never the answer.
        named = [code for code in map(pay_channel_code, tracker.get_latest_entity_values("pay_channel"))
                 if code and code not in excluded]
        remembered = pay_channel_code(tracker.get_slot("pay_channel"))
        channel = named[0] if named else (remembered if remembered not in excluded else None)
        if channel:
            dispatcher.utter_message(response=f"utter_how_to_pay_{channel}")
        elif excluded:
            say_other_channels(dispatcher, domain, excluded)
        else:
            dispatcher.utter_message(response="utter_how_to_pay_generic")
        return remember(tracker)


# The credential named (「医保码是啥」「电子凭证到底是个啥」): its introduction, whatever came before.
NAMES_CREDENTIAL = re.compile(r"医保码|凭证|电子医保|医保电子|医保卡|社保卡")


# 「开通了有啥用，跟医保码有啥区别」 right after the wallet (trial round 22: the code's introduction)
DIFFERENCE = re.compile(r"区别|不一样|一回事|一个东西|有啥用|有什么用|干啥用|干嘛用")


class ActionWhatIsCredential(Action):
    """「医保电子凭证是什么」: the introduction. A message read as that which names no credential,
    right after another answer (「去的话要带啥东西」 after a paused insurance, trial round 17: the
    five-part introduction), asks about that answer: the part asked."""

    def name(self) -> Text:
        return "action_what_is_credential"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        if "钱包" in text or (DIFFERENCE.search(text) and "wallet" in topics_near(tracker)):
            # 「医保钱包是干啥用的 跟医保码是一个东西吗」 (trial round 20: the code's introduction only)
            dispatcher.utter_message(response="utter_wallet_vs_code")
            return []
        own = named_in_whole(tracker)
        if own:  # 「电子社保卡和医保码是一回事吗」 (round 28: the introduction)
            say(dispatcher, own, tracker)
            return []
        both = card_then_code(tracker.latest_message.get("text") or "")
        if both:
            say(dispatcher, both, tracker)
            return []
        later = (round27_priority(compact(text), tracker)
                 or round24_question(compact(text), said_this_session(tracker), tracker)) \
            if said_this_session(tracker) else None
        if later:  # 「那我这个医保码在线上能用不」 after online care (round 24: the introduction)
            say(dispatcher, later, tracker)
            return []
        if not NAMES_CREDENTIAL.search(tracker.latest_message.get("text") or ""):
            narrower = narrower_answer(tracker)
            if narrower:
                say(dispatcher, narrower, tracker)
                return []
        dispatcher.utter_message(response="utter_what_is_credential")
        return []


# 「药店说我的医保钱包用不了 是不是我卡有问题」: a failure of this person's, not a question about
# the wallet in general.
FAILURE_WORDS = ("用不了", "付不了", "不能用", "不能付", "刷不了", "扣不了", "失败", "不让用", "不支持",
                 "不给用", "付款不成功")


class ActionMedicalWallet(Action):
    def name(self) -> Text:
        return "action_medical_wallet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        own = named_in_whole(tracker)
        if own:  # 「提示被转账人医保钱包账户未开立」 (round 29: the wallet's introduction)
            say(dispatcher, own, tracker)
            return []
        transfer = wallet_transfer_question(compact(text), session_story(tracker))
        if transfer:  # 「能给我表哥转钱吗」: not kin (round 21: 「能转」)
            say(dispatcher, transfer, tracker)
            return []
        if asks_to_move_money(text) and "钱包" not in text:
            # About the account, not the wallet (whose transfers utter_medical_wallet explains).
            dispatcher.utter_message(response="utter_account_transfer")
            return []
        if asks_to_move_money(text) and CAN.search(text) and not re.search(r"怎么|咋|如何", text):
            # 「钱包里的钱能转给我老婆吗」 asks whether: the short yes (「怎么转」: the whole wallet answer)
            dispatcher.utter_message(response="utter_wallet_transfer_yes")
            return []
        if wallet_use_place(text):
            # 「开医保钱包让选使用地 选哪个」 (round 22's re-grade: the whole wallet text): the place
            city = next(iter(tracker.get_latest_entity_values("region")), None)
            if city:
                dispatcher.utter_message(response="utter_wallet_use_place_city", city=city)
            else:
                dispatcher.utter_message(response="utter_wallet_use_place")
            return []
        narrower = narrower_answer(tracker) or pushback_answer(tracker)
        if narrower:  # 「你没回答我 我问的是能不能转」 after the wallet text: that part
            say(dispatcher, narrower, tracker)
            return []
        failed = any(word in (tracker.latest_message.get("text") or "") for word in FAILURE_WORDS)
        if failed and user_token(tracker):
            # The person's own records say why (the pharmacy's system, the balance, a limit...).
            return [FollowupAction("action_diagnose")]
        dispatcher.utter_message(response="utter_medical_wallet")
        if failed:
            dispatcher.utter_message(response="utter_offer_sign_in")
        return []


# 「能给我妈绑亲情账户吗」: whether, about one of the two ways (「怎么绑」 asks for the steps).
ASKS_WHETHER = re.compile(r"(能|可以|行)(不|吗|么|嘛|不能|不行)?|吗[?？]?$|不[?？]?$")
ASKS_HOW = re.compile(r"怎么|咋|如何|步骤|流程|在哪|哪里|区别|什么|啥|几|多少|谁")


# Which side opens 家庭共济 (the one whose account pays).
MUTUAL_AID_SIDE = re.compile(r"(那边|这边)(来)?(弄|办|开|开通|操作|申请)|(她|他|我)(那边|这边)还是|"
                             r"还是(我|她|他)(这边|那边)")
# A relative's PIN reset asked for without the word 密码, the PIN being the topic.
RESET_FOR_KIN = re.compile(r"[帮替给]我?" + KIN + r".{0,10}(重置|改|弄|解锁|解开)|"
                           + KIN + r".{0,8}(能|可以)(重置|改|解锁)")
# 「我老婆是居民医保 我的钱能给她买药用吗」, 「她那的钱能挪给我用不」 (trial round 18): whose money.
MY_MONEY_FOR_KIN = re.compile(r"我的(钱|账户|个人账户|个账|医保|余额).{0,8}(给|帮|替)")
KIN_MONEY_FOR_ME = re.compile(KIN + r"(那边|那儿|那里|那)?的?(钱|账户|个人账户|个账|医保|余额)"
                              r".{0,8}(给我|我用|帮我|挪)")


def narrow_family_answer(text: str) -> Optional[str]:
    """The short answer for a whether-question naming 家庭共济 or 亲情账户 alone, or whose money
    pays for whom, else None."""
    short = compact(text)
    if len(short) > FAMILY_QUESTION or ASKS_HOW.search(short) or not ASKS_WHETHER.search(short):
        return None
    if KIN_MONEY_FOR_ME.search(short):
        return "utter_family_mutual_aid_reverse"
    if MY_MONEY_FOR_KIN.search(short):
        return "utter_family_mutual_aid_short"
    mutual, binding = "共济" in short, bool(re.search(r"亲情|绑定|绑家人|添加家人", short))
    if mutual == binding:
        return None  # neither, or both (「亲情账户和家庭共济能一起用吗」): the whole answer
    return "utter_family_mutual_aid_short" if mutual else "utter_family_binding_short"


class ActionFamilyInfo(WalletAction):
    def name(self) -> Text:
        return "action_family_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        own = round27_priority(compact(text), tracker)
        if own:  # 「是他绑的我 我这边能解吗」「输谁的密码」 (round 27: the binding rules)
            say(dispatcher, own, tracker)
            return []
        if asks_in_laws_transfer(text):
            dispatcher.utter_message(response="utter_wallet_in_laws")  # 「我能给丈母娘转吗」 (round 26)
            return []
        if asks_to_move_money(text):
            dispatcher.utter_message(response="utter_account_transfer")  # not the binding steps
            return []
        if asks_family_pin(text):
            dispatcher.utter_message(response="utter_family_pin")  # not the binding rules
            return []
        short = compact(text)
        if (RESET_FOR_KIN.search(short) and len(short) <= FAMILY_QUESTION
                and ("pin" in topics_of(said_this_session(tracker)) or "密码" in short)):
            # 「我是帮我妈弄 她不在身边 能重置不」 after the PIN answers (trial round 18: the family text)
            dispatcher.utter_message(response="utter_family_pin_reset")
            return []
        if len(short) <= FAMILY_QUESTION and RELATIVE_SENDS.search(short):
            say(dispatcher, ["utter_wallet_transfer_yes"], tracker)  # she sends it from her 医保钱包
            return []
        if len(short) <= FAMILY_QUESTION and OTHERS_INSURANCE_FOR_ME.search(short):
            # trial round 16: the five-part family answer; the one way, and the way it is not
            say(dispatcher, ["utter_other_pays_not_code", "utter_family_mutual_aid_reverse"], tracker)
            return []
        if (user_token(tracker) and "utter_relative_problem" in said_this_session(tracker)
                and (CORRECTION.search(text) or PUSHBACK.search(text))):
            # 「我问的是孩子的 不是我的」 after the child's failure: the child's own blocker, plainly.
            return await self.tell_relative_blocker(dispatcher, tracker)
        narrower = narrower_answer(tracker)
        if narrower:  # 「社康中心是啥 咋绑」 after the rules: that part only
            say(dispatcher, narrower, tracker)
            return []
        if "共济" in text and MUTUAL_AID_SIDE.search(short):
            # 「那家庭共济是我闺女那边弄还是我这边弄」 (round 18 re-grade: the five-part text): hers
            dispatcher.utter_message(response="utter_mutual_aid_side")
            return []
        short_answer = narrow_family_answer(text)
        if short_answer:
            # 「我能给我妈绑定亲情账户吗」「家庭共济能给我儿子用吗」 (trial round 17: the five-part answer)
            dispatcher.utter_message(response=short_answer)
            binding = short_answer == "utter_family_binding_short"
            return await super().run(dispatcher, tracker, domain) if binding and user_token(tracker) else []
        if repeats_last_answer(tracker, "utter_family_binding_rules"):
            dispatcher.utter_message(response="utter_no_narrower_answer")
            dispatcher.utter_message(response="utter_offer_human")
            return []
        said = last_answer(tracker)
        if "utter_family_binding_rules" in said_this_session(tracker) - said:
            # Said earlier this conversation (trial round 19: three times in one): the part asked
            # when it names one, else the short version, not the five parts again.
            part = aspect_answer(short, said, tracker) if len(short) <= SHORT_QUESTION else None
            say(dispatcher, part or ["utter_family_binding_short"], tracker)
            return []
        dispatcher.utter_message(response="utter_family_binding_rules")  # for everyone
        return await super().run(dispatcher, tracker, domain) if user_token(tracker) else []

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        await tell_family_members(dispatcher, tracker, domain)
        return []

    @staticmethod
    async def tell_relative_blocker(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        members = await ask_wallet(dispatcher, lambda: wallet_client().family_bindings(user_token(tracker)))
        blocked = next((m for m in members or [] if needs_chc(m)), None)
        if blocked:
            dispatcher.utter_message(response="utter_relative_chc_direct", member=blocked.get("member_name_masked"),
                                     tier=blocked.get("tier") or "")
        elif members is not None:
            dispatcher.utter_message(response="utter_relative_problem")  # nothing the records show
            dispatcher.utter_message(response="utter_offer_human")
        return []


# Who can use my code: authorizations, theft, payments that were not the person's own.
ACCESS_WORDS = ("授权", "盗刷", "被盗", "冒用", "被人用", "别人用", "被人刷", "别人刷", "不是我",
                "不是本人", "异常消费", "消费记录", "不认识", "陌生", "解绑", "管理")


# 「医保卡被人盗刷了」「这笔不是我付的」: it happened (「会不会被盗刷」 only asks).
THEFT_REPORT = re.compile(r"被(?:人)?(?:盗刷|盗用|冒用|刷)了|(?:盗刷|盗用|冒用)了|"
                          r"不是我(?:本人)?(?:付|刷|买|消费|用)的|莫名其妙.{0,6}(?:扣|刷|少)|没用过.{0,6}(?:扣|刷|少)")


# 「我娃的医保会不会也被冻了」 after a warning about a 「冻结」 SMS: whether the family is affected.
FAMILY_AFFECTED = re.compile(r"(?:" + FAMILY_WORDS + r").{0,8}(?:冻|停|封|锁|有事|受影响|也会|也被|没事)")

# 「会不会有人盗我号」「我的医保码会不会被别人用」: a worry, nothing has happened (THEFT_REPORT: it has).
_TAKEN = re.compile(r"(会不会|会|能不能|能|可能|怕|担心|是不是|容易).{0,6}"
                    r"(盗|偷|被黑|黑了|被人用|被别人用|别人用|冒用|冒名|被人登|别人登|被人刷|别人刷)")
ACCOUNT_WORRY = 20  # characters: a longer message tells a story of its own


def fears_account_taken(text: str) -> bool:
    short = re.sub(r"\W", "", text)
    # 「医保码安全吗 会不会被别人盗用」 asks how it is protected too: the whole text
    return (0 < len(short) <= ACCOUNT_WORRY and bool(_TAKEN.search(short)) and not THEFT_REPORT.search(short)
            and not re.search(r"安全|措施|保障|保护", short))


# 「授权管理在哪里」「支付宝的授权在哪看」: where the page is.
_AUTH_WHERE = re.compile(r"授权.{0,6}(在哪|哪里|哪儿|怎么找|找不到|找不着|没找到|入口|怎么(进|打开|看|查))|"
                         r"(在哪|哪里|哪儿)(找|看|进|查|打开)?.{0,6}授权|怎么(找|进|打开)到?.{0,4}授权|"
                         r"(怎么|咋|如何|在哪|哪里)(看|查|知道).{0,8}授权(了|过)?")  # 「怎么看哪些地方授权了」


def asks_where_auth_manage(text: str) -> bool:
    return bool(_AUTH_WHERE.search(re.sub(r"\s", "", text)))


# A security reading the classifier was unsure of, with no word of security in it (trial round 17:
# 「快点快点 药店说我这码用不了 后面一堆人排队」 at 0.39, 「帮我看看我的医保码还正常不」 at 0.21): the
# four-part text answered a failure, a status check, a lock — and after it every turn read as a scam.
WEAK_SECURITY = 0.5
SECURITY_WORDS = re.compile(r"安全|盗|骗|诈|授权|泄露|泄漏|冒用|冒名|加密|隐私|被人|别人|陌生|短信|链接|电话|"
                            r"验证码|截图|黑|偷|保护|风险|可靠|放心|举报|报警")
STATUS_ASKED = re.compile(r"(正常|好使|管用|能用|好用)(不|吗|么|没|没有|不了)?[啊呀呢吧]?$|还能不能用|是不是好的")


def misread_as_security(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    return intent_confidence(tracker) < WEAK_SECURITY and not SECURITY_WORDS.search(text) \
        and not pasted_code_sms(text) and not fears_losing_money(text)


async def answer_misread(dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: Dict[Text, Any]) -> List[EventType]:
    """What the words say instead: the part asked about the last answer, a failure (the
    diagnosis), the person's status, or the choices (never the security text)."""
    text = tracker.latest_message.get("text") or ""
    narrower = narrower_answer(tracker)
    if narrower:
        say(dispatcher, narrower, tracker)
        return []
    if problems_named(text) or any(word in text for word in FAILURE_WORDS):
        return [FollowupAction("action_diagnose")]
    if STATUS_ASKED.search(compact(text)):
        return await ActionCheckStatus().run(dispatcher, tracker, domain)
    return await ActionFallback().run(dispatcher, tracker, domain)  # answered here: a follow-up action loops


# Answers after which the channels to check are worth listing (signed in).
_CHECK_CHANNELS = {"utter_scam_already", "utter_scam_money"}


class ActionSecurityInfo(WalletAction):
    def name(self) -> Text:
        return "action_security_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        revoke = await typed_revoke(tracker)
        if revoke:  # 「我是说把支付宝的授权取消了」: its button's confirmation, not the list again
            return revoke
        after = round29_follow_up(compact(tracker.latest_message.get("text") or ""), tracker,
                                  said_this_session(tracker))
        if after:  # 「大号解绑了 以前的钱会不会没了」 after one account per channel (round 29: the 分身 text)
            say(dispatcher, after, tracker)
            return []
        about = about_last_answer(tracker)
        if about:
            # 「那链接在哪」 after the PIN reset, 「这是真的吗」 after a scam warning: about that answer.
            say(dispatcher, about, tracker)
            if set(about) & _CHECK_CHANNELS and user_token(tracker):
                return await super().run(dispatcher, tracker, domain)  # the channels to check
            return []
        text = tracker.latest_message.get("text") or ""
        scam = scam_answer(text)
        latest = None if scam else round33_named(compact(text))
        if latest:  # a pasted account-credit SMS, a hospital Wi-Fi's code (round 33: other texts)
            say(dispatcher, latest, tracker)
            return []
        status = before_scam_warning(tracker)
        if status:  # 「是不是被人盗用了 所以给我冻了」 after a paused insurance (round 23: the theft steps)
            say(dispatcher, status, tracker)
            return []
        own = round27_answer(text, tracker)
        if own:  # 「社保卡丢了…」「以后咋防着他再乱点」 (round 27: the four-part security text)
            say(dispatcher, own, tracker)
            return []
        if asks_own_check(text) and user_token(tracker):
            # 「帮我看看我的医保码有没有问题」 (round 23: 「没明白」): the person's records
            return await ActionCheckStatus().run(dispatcher, tracker, domain)
        payments = None if scam else await answer_payments(dispatcher, tracker)
        if payments is not None:
            # 「我感觉有人盗刷我医保 最近几笔你帮我看看」: the payments, then the channels to check
            return [*payments, *await super().run(dispatcher, tracker, domain)]
        if not scam and misread_as_security(tracker):
            return await answer_misread(dispatcher, tracker, domain)
        if not scam and pasted_code_sms(text):
            # The platform's code SMS pasted here (trial round 16: the whole security text, or
            # 「您已经是登录状态了」): it is nobody's to have; unasked, someone may be trying.
            dispatcher.utter_message(response="utter_code_sms_pasted")
            return []
        narrower = None if scam else narrower_answer(tracker, stories=False)
        if narrower:
            # 「为啥会这样啊 我没动过」 after the region answer sounds like a break-in; it asks why.
            say(dispatcher, narrower, tracker)
            return []
        if not scam and asks_to_move_money(text):
            dispatcher.utter_message(response="utter_account_transfer")
            return []
        stolen = bool(THEFT_REPORT.search(text))
        access = any(word in text for word in ACCESS_WORDS)
        earlier = said_this_session(tracker)
        if not scam and earlier & SCAM_ANSWERS and FAMILY_AFFECTED.search(text):
            say(dispatcher, ["utter_scam_family_safe"], tracker)  # 「我娃的医保会不会也被冻了」
            return []
        if scam or stolen:
            # A scam or a theft happening now: what to do, and (signed in) the channels to check;
            # how the platform protects the code would only push that down.
            names = scam or ["utter_theft_steps"]
            if names == ["utter_scam_warning"] and "utter_scam_warning" in earlier \
                    and "utter_scam_next_steps" not in earlier:
                names = ["utter_scam_next_steps"]  # warned already this session: the other half
            say(dispatcher, steps_first(names, tracker), tracker)
        elif fears_losing_money(text):
            say(dispatcher, ["utter_scam_money"], tracker)  # 「钱会不会没了」: where to look, directly
            access = True
        elif asks_where_auth_manage(text):
            # 「授权管理在哪里」 (trial round 17: the four-part text): where, and (signed in) the list
            # right here with its buttons; not signed in, that it can be done here after a sign-in.
            where = "utter_auth_manage_search" if "utter_auth_manage_where" in earlier else "utter_auth_manage_where"
            here = [] if user_token(tracker) or "utter_auth_manage_here" in earlier else ["utter_auth_manage_here"]
            say(dispatcher, [where] + here, tracker)
            access = True
        elif fears_account_taken(text):
            # 「会不会有人盗我号」 (trial round 16: the four-part security text): whether, and the one
            # thing that lets it happen.
            say(dispatcher, ["utter_security_worry"], tracker)
        elif access and earlier & ({"utter_security_info", "utter_theft_steps", "utter_check_records",
                                    "utter_pharmacy_sees", "utter_code_photo_useless"} | SCAM_ANSWERS):
            # 「要不要把支付宝的授权关了」 after a warning or the security text: that part only
            # (signed in: the channels with their buttons, below), not the four-part text again.
            if not user_token(tracker):
                say(dispatcher, ["utter_authorizations_advice"], tracker)
                return []
        elif "utter_security_info" in earlier:
            # Given this session already: never again; a person instead.
            say(dispatcher, ["utter_no_narrower_answer", "utter_offer_human"], tracker)
            return []
        else:
            dispatcher.utter_message(response="utter_security_info")
        # The channels with their revoke buttons only for someone asking who can use the code
        # (or describing a scam): a question that was only taken for a security one
        # ("怎么保证安全") should not end with buttons that cancel the person's own channels.
        if user_token(tracker) and (scam or access):
            return await super().run(dispatcher, tracker, domain)
        return []

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        authorizations = await wallet_client().authorizations(user_token(tracker))
        active = [a for a in authorizations if a.get("active")]
        if not active:
            dispatcher.utter_message(response="utter_authorizations_none")
            return []
        names = "、".join(PAY_CHANNEL_LABELS.get(a["channel"], a["channel"]) for a in active)
        dispatcher.utter_message(response="utter_authorizations_active", channels=names,
                                 buttons=revoke_buttons(domain, active, "/revoke_authorization"))
        return []


# Readings inside a fix under which a question that names its topic may hide.
# 「那还有啥办法」「别的办法呢」: other ways than the channels named so far.
OTHER_WAYS = re.compile(r"(还有|别的|其他|其它)(啥|什么)?(办法|法子|路子|方法|渠道)|还能(咋|怎么)")
# Their own answer comes first, whatever aspect the words name (「要我告诉你身份证号吗」 is never
# a question about which documents to carry).
_OWN_ANSWER_FIRST = ("share_sensitive_data", "security_info", "other_language", "request_human", "stop")
# 「链接多久失效」 asks about the link, it does not ask for it (actions/aspects.py answers).
LINK_LIFETIME = re.compile(r"多久|多长时间|几分钟|失效|有效|过期")
_SPECIFIC_IN_FORMS = ("follow_up", "still_not_working", "faq", "out_of_scope", "nlu_fallback")


# The face check passed in the channel's page, and now? (the PIN reset's page, or activation's)
FACE_PASSED = re.compile(r"(人脸|刷脸|脸|认证|验证)(识别)?(已经|终于)?(过了|通过了?|成功了?|好了)")
FACE_NEXT = {"pin_reset_form": "utter_pin_after_face", "activation_form": "utter_activation_after_face"}
STEPS_ASKED = re.compile(r"(怎么|咋|如何)(改|弄|办|操作|切|换)|一步步|一步一步|步骤|流程")
# 「咋改过来」「那怎么弄啊」: how, and nothing named (「密码咋改」 names the PIN).
BARE_STEPS = re.compile(r"^(那|那我|所以|可|但)?(要|该|得)?(咋|怎么|如何|怎样)(才能)?(改|弄|办|操作|切|换)"
                        r"(过来|回来|过去|一下|好)?(呢|啊|呀|嘛|吧|哇|哦)*$")


class ActionAnswerDigression(Action):
    """A question in the middle of a guided fix is answered; the form then asks again
    (the rules come from the table in actions/flows.py)."""

    def name(self) -> Text:
        return "action_answer_digression"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        # 「单笔限额多少？异地就医要备案吗」 inside a fix: the first question here, the later one after it.
        return await answer_both(self.answer, dispatcher, tracker, domain)

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: Dict[Text, Any]) -> List[EventType]:
        intent = latest_intent(tracker)
        form = tracker.active_loop_name
        text_now = tracker.latest_message.get("text") or ""
        meant = await real_record_meant(tracker)
        if meant:
            return [SlotSet("region_code", meant)]  # 「好 那就切吧」 read as a question: the go-ahead
        if (form == "phone_verification_form" and tracker.get_slot("requested_slot") == "verify_code"
                and SIGN_IN_CODE.search(ascii_digits(text_now))):
            return []  # the code pasted with its SMS (read as a security question): the form takes it next
        if intent == "share_sensitive_data":  # the warning before anything the message asks
            say(dispatcher, sensitive_answer(tracker), tracker)
            return []
        if (form == "phone_verification_form"
                and intent in ("check_balance", "check_status", "verify_phone")):
            # Personal answers need the verification that is under way.
            dispatcher.utter_message(response="utter_verify_in_progress")
            return []
        if intent == "check_balance":
            return await ActionShowWallet().run(dispatcher, tracker, domain)
        if intent == "check_status":
            return await ActionCheckStatus().run(dispatcher, tracker, domain)
        if intent == "how_to_pay":
            return await ActionHowToPay().run(dispatcher, tracker, domain)
        about = about_scam(tracker)
        if about:
            say(dispatcher, about, tracker)  # 「已经发过去了」 after a warning, whatever it was read as
            return []
        if STAFF_PIN.search(compact(text_now)):
            say(dispatcher, ["utter_pin_staff_never"], tracker)  # a cashier, not a caller (round 26: the scam text)
            return []
        scam = scam_answer(tracker.latest_message.get("text") or "") if intent == "security_info" else None
        if scam:
            say(dispatcher, steps_first(scam, tracker), tracker)  # the warning, not the FAQ (nor the form's link)
            return []
        if intent == "security_info":
            worry = ("utter_code_sms_pasted" if pasted_code_sms(text_now)
                     else "utter_security_worry" if fears_account_taken(text_now) else None)
            if worry:  # 「会不会有人盗我号」 inside the reset: that, not the four-part text
                say(dispatcher, [worry], tracker)
                return []
        if (form == "pin_reset_form" and intent in ("follow_up", "security_info")
                and ASKS_LINK.search(tracker.latest_message.get("text") or "")
                and not LINK_LIFETIME.search(tracker.latest_message.get("text") or "")):
            # 「链接呢」 before the ticket is confirmed: the link comes with this step.
            dispatcher.utter_message(response="utter_in_form_same_topic", form_label=form_label(domain, form),
                                     form_next=form_next(domain, form))
            return []
        if intent == "other_language":
            say(dispatcher, english_answer(tracker.latest_message.get("text") or "",
                                           ENGLISH_INTRO in said_this_session(tracker)))
            return []
        if form == "revoke_authorization_form" and restates_revoke(tracker):
            # 「我是说把支付宝的授权取消了」 while 「确认要取消…吗」 waits: that is the yes.
            return [SlotSet("revoke_confirm", True)]
        short = compact(tracker.latest_message.get("text") or "")
        specific = (specific_answer(tracker) if intent in _SPECIFIC_IN_FORMS
                    else round27_priority(short, tracker)
                    or round21_question(short, said_this_session(tracker), tracker)
                    or round22_question(short, said_this_session(tracker), tracker)
                    or round23_question(short, said_this_session(tracker), tracker)
                    or round24_first(short, tracker) or round24_question(short, said_this_session(tracker), tracker))
        if (not specific and len(short) <= SHORT_QUESTION and intent not in _OWN_ANSWER_FIRST
                and not OFFERS_SECRET.search(short)):
            # 「要带身份证吗」 inside the activation read as any topic: that aspect of the form's topic
            specific = aspect_answer(short, last_answer(tracker), tracker)
        if specific:
            say(dispatcher, specific, tracker)  # 「锁了多久能自己解开啊」 inside the reset: that question
            return []
        if intent == "faq":
            dispatcher.utter_message(response=faq_response(tracker))
            return []
        if (form == "activation_form" and ruled_out(tracker)
                and OTHER_WAYS.search(tracker.latest_message.get("text") or "")):
            # 「那还有啥办法」 once 支付宝 and 微信 are ruled out: the ways without them, then the question.
            dispatcher.utter_message(response="utter_activation_other_ways")
            return []
        if intent == "still_not_working" and "utter_face_check_fails" in last_answer(tracker):
            # 「还是不行啊」 right after the face-check tips (trial round 16: the channel question for
            # the fourth time): the way without the phone, and a person.
            say(dispatcher, ["utter_face_check_still", "utter_offer_human"], tracker)
            return []
        if form in FACE_NEXT and FACE_PASSED.search(text_now):
            # 「好了人脸过了 然后呢」 (trial round 17: the form's prompt again): the page's next step
            dispatcher.utter_message(response=FACE_NEXT[form])
            return []
        if form == "activation_form" and asks_relative_activation(text_now):
            # 「我用我自己的手机能帮他激活吗」 (trial round 17: the channel question again): his own face
            dispatcher.utter_message(response="utter_relative_activation")
            return []
        if intent in ("follow_up", "still_not_working"):
            # 「然后呢」: what the questions lead to; 「还是不行」: nothing has changed yet.
            response = "utter_in_form_hint" if intent == "follow_up" else "utter_in_form_not_yet"
            if response in last_answer(tracker):
                response = "utter_in_form_hint_again"  # asked again: not the same words
            dispatcher.utter_message(response=response, form_label=form_label(domain, form),
                                     form_next=form_next(domain, form))
            return []
        if face_check_fails(tracker.latest_message.get("text") or ""):
            # 「还有别的办法吗 刷脸老是失败」 in the reset or activation fix: the ways around it.
            dispatcher.utter_message(response="utter_face_check_fails")
            return []
        if asks_pin_for_someone(tracker.latest_message.get("text") or ""):
            # 「我老伴的密码我能帮她改吗」 inside the reset: hers needs her own face, not this ticket.
            dispatcher.utter_message(response="utter_family_pin_reset")
            return []
        token = user_token(tracker)
        if (token and intent in LIMIT_QUESTION_READ_AS
                and asks_limit_figures(tracker.latest_message.get("text") or "")):
            # 「单笔限额多少」 inside another fix: the person's figures (a question, not a problem to put off).
            return await answer_limit_question(dispatcher, tracker, domain, token)
        if intent in PROBLEM_INTENTS:
            # 「是不是就是银行卡那个6位密码」「激活完了去外地能用吗」 read as the fix's own problem:
            # a narrower question with its own answer, not the form's text again.
            narrower = narrower_answer(tracker, stories=False)
            if narrower:
                say(dispatcher, narrower, tracker)
                return []
            if BARE_STEPS.search(short):
                # 「咋改过来」 in the region switch (trial round 18: read as an identity mismatch): the
                # question asked leads there, not another problem's text.
                dispatcher.utter_message(response="utter_in_form_hint", form_label=form_label(domain, form),
                                         form_next=form_next(domain, form))
                return []
            await _answer_problem_in_form(dispatcher, tracker, domain, intent)
            return []
        if intent in ("try_later", "ticket_status"):
            action = ActionTryLater() if intent == "try_later" else ActionTicketStatus()
            return await action.run(dispatcher, tracker, domain)
        text = tracker.latest_message.get("text") or ""
        if intent == "family_binding" and asks_family_pin(text):
            dispatcher.utter_message(response="utter_family_pin")
            return []
        if intent == "app_problem" and old_device(text) and not SYMPTOM.search(text):
            dispatcher.utter_message(response="utter_app_old_phone")
            return []
        narrower = narrower_answer(tracker)
        if narrower:
            # 「人脸识别是在哪做的 我眼睛不好」 in the reset: that part, then the form asks again.
            say(dispatcher, narrower, tracker)
            return []
        if intent in ("out_of_scope", "nlu_fallback") and STEPS_ASKED.search(text_now):
            # 「怎么改 一步步说」 in the region switch (trial round 17: 「帮不上忙」): where the questions lead
            dispatcher.utter_message(response="utter_in_form_hint", form_label=form_label(domain, form),
                                     form_next=form_next(domain, form))
            return []
        if intent == "thank":
            # 「好 谢谢你」 inside a fix (round 24: 「不客气」, then the form's question as if not heard)
            dispatcher.utter_message(response="utter_you_are_welcome_in_form", form_label=form_label(domain, form))
            return []
        dispatcher.utter_message(response=DIGRESSIONS.get(intent) or "utter_default")
        return []


def retrieval_response(tracker: Tracker) -> Optional[str]:
    """The FAQ answer the ResponseSelector picked for this message (utter_faq/<key>)."""
    selector = (tracker.latest_message.get("response_selector") or {}).get("faq") or {}
    return (selector.get("response") or {}).get("utter_action")


def faq_response(tracker: Tracker) -> str:
    """The FAQ answer, unless the words say it is the wrong one: a family member's NEW smartphone
    is read as the offline FAQ for elderly people without one."""
    if new_smartphone_for_family(tracker.latest_message.get("text") or ""):
        return "utter_new_smartphone_family"
    return retrieval_response(tracker) or "utter_default"


class ActionAnswerFaq(Action):
    """faq/<key>: the ResponseSelector's answer (as utter_faq would send it), checked first."""

    def name(self) -> Text:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        own = round27_priority(compact(tracker.latest_message.get("text") or ""), tracker)
        if own:  # 「他那边能看到我替他付了吗」 (round 27: a payment of the records)
            say(dispatcher, own, tracker)
            return []
        payments = await answer_payments(dispatcher, tracker)
        if payments is not None:  # 「你把最近的付款记录列出来我看看」 signed in: them, not the APP's menu
            return payments
        # 「我是问改完名字以后 医保码还要重新激活吗」 read as the fee FAQ: the question it names.
        specific = specific_answer(tracker)
        if specific:
            say(dispatcher, specific, tracker)
            return []
        dispatcher.utter_message(response=faq_response(tracker))
        return []


# Problems whose general answer is how-to text, given in the middle of a form instead of
# being put off until it is done.
ANSWERED_IN_FORMS = ("activate_credential", "region_mismatch")
# A problem raised inside the form that fixes it (the region form answers 异地就医 questions
# with the general text above instead).
FORM_OF_PROBLEM = {"forgot_pin": "pin_reset_form", "activate_credential": "activation_form"}


# 「我密码是不是锁了」 inside the PIN change or reset: the records answer it.
ASKS_LOCKED = re.compile(r"是不是.{0,3}锁|锁了(?:吗|么|没|不)|锁没锁|有没有(?:被)?锁|被锁了?(?:吗|么)")


async def _answer_problem_in_form(dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: Dict[Text, Any], intent: str) -> None:
    """「等下，我密码是不是也锁了？」 in the middle of a fix: a short look at that one thing
    where the backend can tell, without the whole diagnosis and without leaving the form."""
    token = user_token(tracker)
    form = tracker.active_loop_name
    asks_if_locked = intent == "forgot_pin" and bool(token) and bool(
        ASKS_LOCKED.search(tracker.latest_message.get("text") or ""))
    if FORM_OF_PROBLEM.get(intent) == form and not asks_if_locked:
        # 「我密码是不是要等24小时才能解锁」 while resetting it: this step is the fix.
        dispatcher.utter_message(response="utter_in_form_same_topic", form_label=form_label(domain, form),
                                 form_next=form_next(domain, form))
        return
    if intent == "forgot_pin" and token:
        try:
            profile = await wallet_client().profile(token)
        except WalletError as exc:
            logger.warning("pin state unavailable in a form: %s", exc)
        else:
            locked = (profile.get("pin") or {}).get("locked")
            dispatcher.utter_message(response="utter_in_form_pin_locked" if locked
                                     else "utter_in_form_pin_ok")
            return
    if intent == "insufficient_balance" and token:
        await ActionShowWallet().run(dispatcher, tracker, domain)
        return
    if intent in ANSWERED_IN_FORMS:
        # 「医保码怎么激活啊」「异地就医要备案吗」 are questions as much as problems: the general
        # answer now (it covers them), and the form asks its question again.
        dispatcher.utter_message(response=f"utter_generic_{intent}")
        return
    # How the problem is named back to the person: utter_label_problem_<intent> in domain.yml.
    dispatcher.utter_message(response="utter_in_form_problem_later",
                             problem_label=domain_text(domain, f"utter_label_problem_{intent}"))
