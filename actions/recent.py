"""What the last answer was, and the narrower questions about it that have an answer of their
own (「要带啥证件去」 after a 经办机构 fix): shared by the context actions and the diagnosis,
which context.py imports."""
from __future__ import annotations

import re
from typing import List, Optional, Set

from rasa_sdk import Tracker

from actions.aspects import ASPECTS, MISMATCH_ANSWERS, SCAM_ANSWERS, TOPICS, aspect_answer, aspects_of
from actions.channel_choice import named_channels
from actions.common import answer_turns, faq_given, said_this_session, user_token
from actions.round21 import round21_question
from actions.round22 import round22_question
from actions.round23 import round23_first, round23_question
from actions.round24 import round24_first, round24_question, round24_story
from actions.round27 import round27_priority
from actions.round28 import named_in_whole
from bot.nlu.topics import FAMILY_WORDS, KIN

# Turns that answered nothing: look past them for the answer being asked about (a turn that only
# offered a human leaves the question about the answer before it: 「为啥会这样啊」).
FILLER = {"utter_anything_else", "utter_you_are_welcome", "utter_offer_human", "utter_offer_human_again"}
SHORT_QUESTION = 16  # characters; a longer message says something of its own


def last_answer(tracker: Tracker) -> Set[str]:
    """Responses of the most recent earlier turn this session that answered something."""
    return next((turn for turn in answer_turns(tracker) if turn - FILLER), set())


# A narrower question about the answer just given (or the cause found) that the classifier
# reads as out of scope or as the same topic again: the part it asks about, not the whole
# answer again (「要带啥证件去」「在哪办」 after a 经办机构 fix, 「备案在哪弄」 after 异地就医,
# 「社康中心是啥」 after the family rules). Cues, not NLU data: ~30 follow-up examples cost the
# wild set 2 points (docs/nlu-experiments.md).
ASKS_DOCUMENTS = re.compile(r"证件|材料|带啥|带什么|要带|拿啥|拿什么|身份证")
ASKS_WHERE = re.compile(r"在哪|去哪|哪里|哪儿|哪办|什么地方|啥地方|地址|哪个部门")
ASKS_WHERE_OR_HOW = re.compile(ASKS_WHERE.pattern + r"|怎么|咋|如何|啥|什么")
# 「为啥啊」「所以到底是啥原因」: only the why, nothing else in the message.
WHY_ONLY = re.compile(r"^(所以|那|可|可是|但是|但)?(到底|究竟)?是?(为啥|为什么|为何|咋回事|怎么回事|啥原因|什么原因|"
                      r"凭什么|咋会这样|怎么会这样|怎么会)(呀|啊|呢|嘛|吗|哦|的|捏)*$")
# Answers and causes that send the person to the 经办机构 (where, with what).
# Only right after one of them (or the other half of the question): the cause stays in its
# slot all session, and a later 「密码在哪改」 is about the PIN.
JINGBAN_ANSWERS = {"utter_diag_info_mismatch", "utter_generic_info_mismatch", "utter_diag_status_abnormal",
                   "utter_generic_region_mismatch", "utter_why_region_mismatch",
                   "utter_generic_credential_abnormal", "utter_region_single_record",
                   "utter_jingban_documents", "utter_jingban_where", "utter_region_check_steps"}
# A paused or ended insurance sends the person to the 经办机构 too, but to resume it (other papers).
STATUS_ANSWERS = dict(TOPICS)["status"]
# Topics in view for trial round 18's follow-ups (specific_question).
WALLET_TOPIC_ANSWERS = dict(TOPICS)["wallet"]
ACTIVATION_ANSWERS = dict(TOPICS)["activation"]
CHC_ANSWERS = dict(TOPICS)["chc"]
# Asked for the materials again right after them: the short line.
DOCUMENTS_SHORT = {"utter_jingban_documents": "utter_jingban_documents_short",
                   "utter_jingban_documents_status": "utter_jingban_documents_status_short",
                   "utter_activation_documents": "utter_activation_documents_short",
                   "utter_beian_documents": "utter_beian_documents_short"}
# 「我是个退休老头 手机不大会用」「APP我也不会下载」: no phone channel at all (not one ruled out).
NO_SMARTPHONE = re.compile(r"不会用手机|手机不(大|太)?会用|不会玩手机|不会用智能手机|没有智能手机|老人机|不会下载|"
                           r"下载不来|不会装|不会弄手机|手机.{0,4}(不会|用不来|玩不转)|老年机")
ELDERLY = re.compile(r"退休|老头|老太|老人|岁数大|年纪大|上了年纪|七十|八十|九十|[789]\d岁")
NEEDS_CODE = re.compile(r"医保码|医保卡|社保卡|医保|看病|拿药|买药|结算|出示|APP|app")
# 「我刚给我妈买了个新智能手机 咋给她弄医保码」: a family member who now HAS a smartphone (the
# offline FAQ is for those without one): activation on her phone, or 亲情账户 on the child's.
NEW_SMARTPHONE = re.compile(r"(新|刚)(买|换|配|入手)?.{0,6}(智能|苹果|华为|小米|安卓)?手机|"
                            r"(买|换|配)(了)?.{0,4}(智能|苹果|华为|小米|安卓)?手机|智能手机")
FAMILY_MEMBER = re.compile(r"[妈爸娘爹]|父亲|母亲|老人|老伴|奶奶|爷爷|外婆|外公|姥姥|姥爷|公公|婆婆|岳父|岳母|"
                           r"孩子|儿子|女儿|[她他]")
ASKS_SET_UP = re.compile(r"怎么|咋|如何|弄|开通|激活|用|装|绑")
NEW_SMARTPHONE_QUESTION = 40  # characters


def new_smartphone_for_family(text: str) -> bool:
    short = compact(text)
    return (0 < len(short) <= NEW_SMARTPHONE_QUESTION and bool(NEW_SMARTPHONE.search(short))
            and not NO_SMARTPHONE.search(short) and "没有智能" not in short
            and bool(FAMILY_MEMBER.search(short)) and bool(ASKS_SET_UP.search(short))
            and bool(NEEDS_CODE.search(short)))


# 「要多久能弄好」 in (or right after) the region switch: it takes effect at once.
ASKS_HOW_LONG = re.compile(r"多久|多长时间|几天|多少天|(啥|什么)时候(能|才能)?(好|生效|弄好|切好)|"
                           r"马上(就)?(能|生效)|立刻|立即")
REGION_SWITCH_ANSWERS = {"utter_region_switched", "utter_region_switch_confirm", "utter_region_which_record",
                         "utter_region_which_city"}
# 「个人账户啥时候再打钱进来」: when the personal account is credited (differs by region).
ACCOUNT_CREDIT = re.compile(r"(啥时候|什么时候|几号|哪天|多久|每月|每个月).{0,6}"
                            r"(打钱|到账|划钱|划入|划账|进钱|到钱|发钱|打进)|"
                            r"(打钱|划钱|划入|进钱|到钱|打进来).{0,4}(啥时候|什么时候|几号|哪天)")
# Answers that told the limits (limits.py asks about splitting and the excess after them).
LIMIT_ANSWERS = {"utter_diag_over_limit", "utter_generic_payment_limit", "utter_why_payment_limit",
                 "utter_wallet_figures", "utter_split_payment", "utter_split_payment_general",
                 "utter_limit_who_sets"}
# 「限额是谁定的」「这个限额谁规定的 能改吗」: who sets them and whether they can be raised, not the
# limit text again (no figures: they differ by region and channel).
LIMIT_WORDS = re.compile(r"限额|额度|上限")
WHO_SETS = re.compile(r"谁(定|规定|设|订|说了算|管|决定)|(哪|什么|啥)(个)?(部门|单位|机构)?(定|规定|设置?)的|"
                      r"能(不能)?(改|调|提|提高|调高|放宽)|可以(改|调|提高|调高)|能否(改|调)|"
                      r"(怎么|咋|如何)(才能)?(改|调|提高|调高|提额)|提额")
# 「那我换个药店能行不」 after the pharmacy's system failed: yes, another 定点 pharmacy may work.
OTHER_PLACE = re.compile(r"换(个|一个|一家|家|别的|其他|其它)?(药店|药房|医院|地方|店|诊所)|"
                         r"(别的|其他|其它|另一家|另外一家|隔壁)(药店|药房|医院|店|家)|别家")
ASKS_IF_IT_WORKS = re.compile(r"行不|行吗|能行|可以吗|可以不|能不能|能用|好使|管用|有用|吗|么|呢|不$")
SYSTEM_FAILURE_ANSWERS = {"utter_diag_institution_system_error", "utter_generic_system_failure"}


# 「网是好的 微信抖音都能刷」 after the device steps: not the network, so the next step.
APP_ANSWERS = {"utter_app_troubleshoot", "utter_app_troubleshoot_after", "utter_app_old_phone"}
NETWORK_FINE = re.compile(r"网(络)?(是|都|也)?(好|没问题|正常|通|挺快|很快)|能(上网|刷|看|用)|信号(好|满|没问题)")


# 「为啥会这样啊 我没动过」 after the region answer: why the code shows another region.
REGION_ANSWERS = {"utter_generic_region_mismatch", "utter_diag_region_mismatch", "utter_region_check_steps"}
WHY_FIRST = re.compile(r"^(所以|那|可|可是|但是|但)?(到底|究竟)?(为啥|为什么|为何|咋回事|怎么回事|咋会|怎么会)")
# 「我都不知道我还有别的参保地 这个是咋来的」 (round 20: the switch text again)
WHERE_FROM = re.compile(r"咋来的|怎么来的|哪来的|哪儿来的|从哪(儿)?来的|咋冒出来|怎么冒出来")


# 「晚上十一点能转吗」 after the wallet transfers were explained: the hours rule.
TRANSFER_ANSWERS = {"utter_account_transfer", "utter_medical_wallet", "utter_wallet_transfer_hours",
                    "utter_wallet_transfer_yes"}
ASKS_TIME = re.compile(r"点|晚上|夜里|半夜|凌晨|早上|几时|时候|时间")
CAN = re.compile(r"能|可以|行不|行吗")
WALLET_ANSWERS = {"utter_medical_wallet", "utter_wallet_transfer_yes", "utter_wallet_open_steps"}
WALLET_OPEN = re.compile(r"(咋|怎么|如何|怎样|在哪)(开通|开|办|申请)|开通(步骤|流程)|咋弄")
# 「那昨天自费的钱还能报吗」: paid out of pocket, can it be claimed (keep the receipts, the 经办机构).
SELF_PAID_CLAIM = re.compile(r"(自费|自己付|自己掏|垫付|自己出|现金付|(微信|支付宝|零钱|银行卡)(付|刷)了?).{0,10}"
                             r"(报|退|认不认|还认|算不算)")
# 「还有别的办法吗 刷脸老是失败」: the face check fails (light, phone, an old 公安 photo; the
# 经办大厅 in person), whatever the fix or intent it came in (domain.md: cannot activate / PIN).
FACE = re.compile(r"刷脸|人脸|脸部|面部|认脸|扫脸")
FACE_FAILS = re.compile(r"失败|不行|不过|过不了|通不过|不了|不成功|没通过|没过|老是|总是|一直|识别不|摄像头.{0,3}坏|"
                        r"不是本人|非本人|比对不|不通过")  # 「…说不是本人操作」「人脸比对不通过」 (round 20)
FACE_QUESTION = 24  # characters: a story about something else that mentions the face check is not this


# 「人脸识别是在哪做的 我眼睛不好」: where and how the face check is done.
FACE_WHERE = re.compile(r"在哪|哪里|哪儿|怎么|咋|如何|啥样|什么样")


def asks_about_face_check(text: str) -> bool:
    short = compact(text)
    return 0 < len(short) <= FACE_QUESTION and bool(FACE.search(short) and FACE_WHERE.search(short))


# Another person's phone for the face check: the face is compared, not the phone.
OTHER_PHONE = re.compile(r"(换|用|借)(个|部|台|一下)?(别人|家人|家里人|" + FAMILY_WORDS + r")?(的)?(手机|电话)(?!号)|"
                         r"(别人|家人|家里人|" + FAMILY_WORDS + r")的(手机|电话)(?!号)")
FACE_FORMS = {"activation_form", "pin_reset_form"}


def face_other_phone(tracker: Tracker) -> bool:
    short = compact_text(tracker)
    in_view = (FACE.search(short) or said_this_session(tracker) & FACE_ANSWERS
               or tracker.active_loop_name in FACE_FORMS)
    return (0 < len(short) <= FACE_QUESTION and bool(OTHER_PHONE.search(short)) and bool(in_view)
            and bool(IS_QUESTION.search(short) or ASKS_IF_IT_WORKS.search(short)))


def face_check_fails(text: str) -> bool:
    short = compact(text)
    return 0 < len(short) <= FACE_QUESTION and bool(FACE.search(short) and FACE_FAILS.search(short))


# 「我岁数大了 刷脸那步我怕弄不好」: afraid of the face check before trying it: the same ways round.
FACE_WORRY = re.compile(r"怕|担心|弄不好|做不好|不会弄|做不来|弄不来|眼睛不好|眼神不好|手抖|"
                        # 「刷脸我这老脸能刷过去不」 (round 19: the payment causes)
                        r"老脸|脸.{0,2}(老了|皱|变了)|刷得?过去?(不|吗|么)|刷得过|过得去|能过(不|吗|么)")

# 「是不是就是银行卡那个6位密码」: the 医保 PIN is its own, not the bank card's.
PIN_SAME_AS_BANK = re.compile(r"(银行卡|银行|微信|支付宝).{0,8}(密码)|密码.{0,8}(银行卡|银行)")
SAME = re.compile(r"是不是|就是|一样|同一个|一个吗|一回事|是一个")
# 「重置是不是要去医院柜台弄」「我自己弄不来 要去哪里办」 about the PIN: the person's own phone, or
# the 经办大厅 — never the hospital's counter.
PIN_WORDS = re.compile(r"密码|重置|解锁")
PLACE_ASKED = re.compile(r"柜台|窗口|医院|药店|去哪|哪里办|在哪办|哪儿办|去哪儿|跑一趟|线下")
CANNOT_ALONE = re.compile(r"(自己|我)?(弄不来|弄不了|不会弄|搞不定|搞不来|不会操作|操作不来)|"
                          # 「我七十多了 手机上弄那个重置看不明白」 (round 19: the fallback)
                          r"(重置|操作|步骤|手机上|弄).{0,6}(看不明白|看不懂|弄不明白|搞不明白)")
PIN_ANSWERS = {"utter_generic_forgot_pin", "utter_generic_forgot_pin_left", "utter_diag_pin_locked",
               "utter_pin_reset_offline"}
# 「切了长沙那边的记录会不会没了」 in or after the region switch: the other record stays.
# (「切过来之后 老的那个还要管吗」: trial round 19)
RECORD_LOST = re.compile(r"(记录|那边|原来的|以前的|老家的|那条|老的|旧的|之前的|另一个|另外那个).{0,8}"
                         r"(没了|没有了|删|注销|丢|作废|取消|清空|还在|还要管|要管|管不管|不管|怎么办|咋办|要不要|还用)")
# 「激活完了去外地能用吗」: the code works across the country; care elsewhere needs 备案.
ELSEWHERE = re.compile(r"(外地|异地|外省|省外|别的城市|其他城市|全国|出差|回老家|老家)"
                       r".{0,6}(能用|能不能用|可以用|可不可以用|用得了|好使|能刷|能不能刷|通用)")

# 「那她在杭州这边能直接刷老家的医保吗」: the place after the verb.
ELSEWHERE_AFTER = re.compile(r"(能|可以)(直接)?(刷|用)(老家|外地|外省|原来|以前|参保地)(的|那边的)?(医保|卡|码)|"
                             r"(能|可以)(在)?(外地|外省|省外|异地|别的城市|其他城市)(用|刷|使用)|"
                             # 「河南医保在杭州能刷医保码吗」 (trial round 16): one place's 医保 in another
                             r"医保(码|卡)?在(?!.{0,6}(药店|药房|医院|诊所|卫生|社康|门诊|窗口|这|那))"
                             r"[\u4e00-\u9fa5]{2,6}(能|可以|能不能|可不可以)(直接)?(刷|用)")

# 「咋弄 一步一步说」「怎么开通」「然后呢」: how to do what was just named.
ASKS_STEPS = re.compile(r"怎么|咋|如何|开通|办理|步骤|一步|具体|然后|操作")
IS_QUESTION = re.compile(r"吗|么|能不能|可不可以|行不行|中不中|成不成|能否|怎么|咋|如何|啥|什么|多久|多长时间|"
                         r"[能行会要][^能行会要]{0,6}不$|"
                         r"[能行可][^能行可不]{0,3}不(?=我|俺|$)|了吧$|是吧$")


def compact(text: str) -> str:
    """The text without spaces and punctuation, as the length limits above count it."""
    return re.sub(r"\W", "", text)


def compact_text(tracker: Tracker) -> str:
    return compact(tracker.latest_message.get("text") or "")


CLAUSE_BREAK = re.compile(r"[，,。.!！?？；;：:\s、~～…\"“”「」『』]+")  # quotes: a pasted screen text is a clause


def question_tail(text: str) -> str:
    """The last clauses of a message, up to SHORT_QUESTION characters: 「那我明天复查还得刷 能把单笔
    限额调到2000不」 asks its question at the end, after a clause of context."""
    tail = ""
    for clause in reversed([compact(c) for c in CLAUSE_BREAK.split(text) if compact(c)]):
        if len(clause) + len(tail) > SHORT_QUESTION:
            break
        tail = clause + tail
    return tail


# 「我七十多了 不会用智能手机」: the writer is the elderly one (「我爸今年七十」 is not).
SELF_ELDERLY = re.compile(r"(?:^|[\s，,。！!？?])(?:我|俺)(?:今年|都|已经|也|自己|是个|是一个|是|一个)?"
                          r"(?:\d+岁|[六七八九]十|老了|退休|老头|老太|老人|年纪大|岁数大|"
                          r"上了年纪|不会用|不会玩|没有智能|用的是?老|是老)")


def about_relative(text: str) -> bool:
    """A story about a relative's phone or code, written by someone else than the relative."""
    text = re.sub(r"老[人年]机", "", text)  # the phone, not a person
    return bool(FAMILY_MEMBER.search(text)) and not SELF_ELDERLY.search(text)


def no_smartphone(text: str) -> bool:
    """An elderly person or someone without phone skills who needs to pay or show the code."""
    if new_smartphone_for_family(text):
        return False  # a new smartphone is no missing one
    return bool(NEEDS_CODE.search(text) and (NO_SMARTPHONE.search(text)
                                             or (ELDERLY.search(text) and "手机" in text)))


def narrower_answer(tracker: Tracker, stories: bool = True, tail: bool = True) -> Optional[List[str]]:
    """The answer to a narrower question about the last answer or cause, or None. `stories`:
    also a longer message about having no phone skills (not where a problem was recognised);
    `tail`: a longer message is judged by its last clauses (not where it may name a problem)."""
    text = tracker.latest_message.get("text") or ""
    if new_smartphone_for_family(text):
        return ["utter_new_smartphone_family"]  # about her phone, whatever intent it was read as
    story = round24_story(text, tracker) if stories else None
    if story:
        return story  # a stuck payment, online care, a deposit… told at length (round 24: the how-to)
    if stories and no_smartphone(text):
        # the card at the counter, 亲情账户, the 经办大厅 — told to the child when it is a parent's phone
        return ["utter_no_smartphone_relative" if about_relative(text) else "utter_channels_none_left"]
    if care_planned_elsewhere(tracker):
        return ["utter_beian_needed", "utter_beian_where"]  # (trial round 19: 「帮不上忙」)
    if lives_elsewhere(tracker):
        return ["utter_beian_for_residence"]  # 「佢系喺广州交嘅 而家搬咗嚟佛山同我住」 (round 20: the fallback)
    if transfer_at_night(tracker):
        return ["utter_wallet_transfer_hours"]  # 「我昨晚11点多转的 显示没成功」 (round 19: the payment causes)
    if "共济" in text and FACE.search(text) and len(compact(text)) <= SPECIFIC_QUESTION:
        return ["utter_mutual_aid_face"]  # 「家庭共济咋弄 她要刷脸吗」 (round 18: the reset page's face text)
    if face_other_phone(tracker):
        return ["utter_face_other_phone"]  # 「换个手机刷行不行 用我儿子的」 (round 19: the family text)
    if face_check_fails(text):
        return ["utter_face_check_fails"]
    if asks_about_face_check(text):
        return ["utter_face_check_where"]
    if FACE.search(text) and FACE_WORRY.search(text) and len(compact(text)) <= FACE_QUESTION:
        return ["utter_face_check_fails"]  # afraid to fail it: the same ways round
    specific = specific_answer(tracker, tail) or family_followup(tracker)
    if specific:
        return specific
    short = compact_text(tracker)
    if len(short) > SHORT_QUESTION:
        short = question_tail(text) if tail else ""
    if not short:
        return None
    said = last_answer(tracker)
    whole = compact(text)
    if len(whole) <= SPECIFIC_QUESTION and SELF_PAID_CLAIM.search(whole) and (
            IS_QUESTION.search(whole) or re.search(r"认不认|算不算", whole)):
        # 「我先用微信自己付了 回头能拿去报销吗」: its question is at the end; 「自费付了的话 后面拿啥去报」
        # asks what to keep (trial round 19: 「帮不上忙」)
        return ["utter_claim_papers" if ASKS_DOCUMENTS.search(whole) else "utter_claim_self_paid"]
    form = tracker.active_loop_name
    if "密码" in short and PIN_SAME_AS_BANK.search(short) and SAME.search(short):
        return ["utter_pin_not_bank"]
    about_pin = (form == "pin_reset_form" or bool(said & PIN_ANSWERS)
                 or tracker.get_slot("diagnosed_cause") == "pin_locked")
    if (((PIN_WORDS.search(short) or about_pin) and PLACE_ASKED.search(short))
            or (about_pin and CANNOT_ALONE.search(short))):
        return ["utter_pin_reset_offline"]
    about_region = form == "region_switch_form" or bool(said & (REGION_SWITCH_ANSWERS | REGION_ANSWERS))
    if about_region and RECORD_LOST.search(short):
        return ["utter_region_question_records"]
    if ELSEWHERE.search(short):
        return ["utter_code_elsewhere"]
    if "社康" in short:
        return ["utter_chc_info"]
    if "共济" in short and ASKS_STEPS.search(short):
        return ["utter_family_mutual_aid_how"]
    if ACCOUNT_CREDIT.search(short):
        return ["utter_account_credit_time"]
    if WHO_SETS.search(short) and (LIMIT_WORDS.search(short) or said & LIMIT_ANSWERS):
        return ["utter_limit_who_sets"]
    if OTHER_PLACE.search(short) and ASKS_IF_IT_WORKS.search(short) and (said & SYSTEM_FAILURE_ANSWERS
                                      or tracker.get_slot("diagnosed_cause") == "institution_system_error"):
        return ["utter_other_pharmacy_yes"]
    if ASKS_HOW_LONG.search(short) and (tracker.active_loop_name == "region_switch_form"
                                        or said & REGION_SWITCH_ANSWERS):
        return ["utter_region_switch_time"]
    if said & APP_ANSWERS and NETWORK_FINE.search(short):
        return ["utter_app_next_step"]
    if said & REGION_ANSWERS and (WHY_FIRST.search(short) or WHERE_FROM.search(short)):
        return ["utter_why_region_mismatch"]  # 「为啥会这样啊 我没动过」: not their doing
    if said & TRANSFER_ANSWERS and "转" in short and ASKS_TIME.search(short):
        return ["utter_wallet_transfer_hours"]
    if ("utter_account_transfer" in said and ASKS_STEPS.search(short)
            and not re.search(r"钱包|亲情|共济", short)):
        return ["utter_account_transfer_which"]  # three ways were given, not steps: which one
    repeated = next((line for line in DOCUMENTS_SHORT if line in said), None)
    if repeated and ASKS_DOCUMENTS.search(short):
        # 「你没回答我 到底要带啥」 right after the materials (trial round 16: the same line again):
        # the one thing to carry, in one sentence.
        return [DOCUMENTS_SHORT[repeated]]
    if said & STATUS_ANSWERS and ASKS_DOCUMENTS.search(short):
        return ["utter_jingban_documents_status"]  # a paused insurance: not the identity correction's
    if said & JINGBAN_ANSWERS:
        if ASKS_DOCUMENTS.search(short):
            return ["utter_jingban_documents"]
        if ASKS_WHERE.search(short):
            return ["utter_jingban_where"]
    return None


# 「我问的是异地就医备案 不是参保地」: the person corrects what was answered.
CORRECTION = re.compile(r"问的是|说的是|我是问|不是问|不是说")
# 「你没回答啊」「答非所问」: the answer just given missed the question.
PUSHBACK = re.compile(r"没回答|没有回答|答非所问|没说到|没说清|等于没说|问的是|我是问|不是问这个|你没听懂|没看懂我")
# 「去医院直接拿社保卡行不行」「社保卡在哪个窗口刷」「以后是不是只能用社保卡了」: the physical card.
CARD = re.compile(r"社保卡|医保卡|实体卡")
CARD_QUESTION = re.compile(r"行不行|行吗|行不|可以吗|可以不|能不能|能用|能刷|中不中|只能|窗口|"
                           r"哪刷|在哪刷|哪里刷|哪个.{0,2}刷|"
                           r"直接(拿|带|用|刷)|带(着)?(社保卡|医保卡|卡)(去|过去)")
# 「微信里找不到那个医疗健康」「支付宝里没有医保」: the channel's entry cannot be found.
ENTRY_MISSING = re.compile(r"(微信|支付宝|app|APP|应用).{0,10}"
                           r"(找不到|找不着|没找到|搜不到|搜不出|没看到|没看见)")
# 「改完以后还要重新弄那个码吗」: after the records were corrected, is the code to be activated again.
REACTIVATE = re.compile(r"(改完|改好|改了|更正|修改|核实|合并).{0,10}(重新|再|还要|还得).{0,4}(弄|激活|绑|领|申领|开)|"
                        r"(还要|还得|要不要|需不需要|用不用)重新(弄|激活|绑|领|申领|开)")
# the writer's own 居民医保 (not 「我是职工医保 我妈是居民医保 我账户里的钱…」: 家庭共济)
RESIDENT_MONEY = re.compile(r"^(我|俺)(是|参加的是|交的是|买的是|交的|参加的|买的|参的)?居民医保[^职]{0,12}"
                            r"(有钱|有没有钱|余额|个人账户|个账)")
# 「那他这个能不能我在网上帮他弄好 不用他跑」: the aspect table's cue, in a longer message
ONLINE_ASKED = dict(ASPECTS)["online"]
HELP_OTHER = dict(ASPECTS)["help_other"]
# 「我没输过密码啊」「都没输错过 怎么就锁了」: locked without the person's wrong tries.
PIN_NOT_ME = re.compile(r"(没|没有|从没|从来没|都没|根本没)(输|按|填)(过|错|错过)|不是我输的|没人输过|"
                        r"(我|都|根本)没(用过|动过|付过)")
# 「锁了多久能自己解开」: whether a locked PIN unlocks by itself.
LOCK_DURATION = re.compile(r"(多久|多长时间|几天|几个小时|啥时候|什么时候).{0,6}(解开|解锁|恢复|自动|能用)|"
                           r"自己(就|会)?(解开|解锁|恢复|好)|自动(就|会)?(解开|解锁|恢复)|"
                           r"过(一阵|一阵子|段时间|几天|两天|会儿?|一会儿?)(就|会)?(解开|解锁|恢复|好)")
# 「能把单笔限额调到2000不」: raising a limit (who sets it, where it may be changed).
RAISE_LIMIT = re.compile(r"(调|提|改|涨|放)(到|成|高|大|宽)|提额|加额度|能把.{0,6}(调|改|提)")
# 「就写了支付失败请重试 别的啥也没有」「不登录不行吗 你就说最可能是啥原因」: not signed in, the
# screen named no cause: the usual ones, what to do now, and a sign-in for the real one.
GENERIC_ERROR_ONLY = re.compile(r"(?:失败|请重试|重试).{0,8}(?:别的|其他|其它)(?:啥|什么)?(?:也)?(?:没|没有)|"
                                r"(?:就|只)(?:写|说|显示|提示)(?:了)?.{0,4}(?:失败|请重试|重试)")
# 「码能打开 app好好的啊」: the APP is not what fails.
APP_FINE = re.compile(r"(?:app|APP|App|软件|码)(?:能打开|打得开|好好的|没问题|正常|能用|没坏)")
MOST_LIKELY = re.compile(r"最可能|最有可能|大概率|你就说.{0,6}(?:原因|为啥)|不登录(?:不行|可以|行不行|能不能)")


def generic_error_answer(tracker: Tracker) -> Optional[List[str]]:
    """Not signed in, a payment failed and the screen said nothing more (or they ask for the
    likeliest cause without signing in)."""
    text = tracker.latest_message.get("text") or ""
    if user_token(tracker) or not (GENERIC_ERROR_ONLY.search(text) or MOST_LIKELY.search(text)
                                   or APP_FINE.search(text)):
        return None
    return ["utter_generic_error_text"]


# 「异地就医要备案吗」「去外地看病用不用备案」: whether 备案 is needed at all.
BEIAN_NEEDED = re.compile(r"(要|需要|得|必须|用)(先)?(办|做)?(异地|异地就医)?备案(吗|么|嘛|不|没)|"
                          r"(要不要|需不需要|用不用|得不得|是不是要|是不是得|必须|要唔要|使唔使|洗唔洗)(先)?(去)?(办|做)?(个|一下)?"
                          r"(异地|异地就医)?备案")
# Trial round 11, with the device or a scam: 「重置的话要不要去医院」, 「我不想换手机」 (not a new number),
# 「字太小了我也看不清」, 「去哪办卡」, 「我现在该先干啥」 after a code was given away.
HOSPITAL_NEEDED = re.compile(r"(要不要|用不用|需不需要|得|必须|是不是要|是不是得|要)(去|跑)(一趟)?"
                             r"(医院|药店|柜台|窗口)")
NO_NEW_PHONE = re.compile(r"(不想|不愿意?|不打算|没钱|舍不得|不能|不会)(再)?换(个|部|台)?(新)?手机(?!号)")
FONT_SMALL = re.compile(r"字(太|好|很|有点)?小|看不清(楚)?字|字.{0,4}看不清|字(调|弄|放)?大(一)?点")
# (not 「页面卡住了咋办 卡了好久」: 「咋办卡」 there is 咋办 + 卡住)
CARD_WHERE = re.compile(r"(去哪|在哪|哪里|哪儿)(能)?(办|补|申请|申领|领|换)(个|张)?(卡|社保卡|医保卡)"
                        r"(?![住了顿死在着])|"
                        r"(怎么|咋)(补办|申请|申领|办理)(个|张)?(社保卡|医保卡|实体卡)|"
                        r"(社保卡|医保卡)(在|去)?(哪|哪里|哪儿)(办|补|领|换)")
FIRST_WHAT = re.compile(r"先(干|做|弄|办)(啥|什么|哪个)|该(干|做|弄)(啥|什么)|第一步|现在(该)?(咋办|怎么办)")
CHECK_THEFT = re.compile(r"(怎么|咋|如何|在哪|哪里)(能)?(查|看|知道).{0,8}"
                         r"(盗刷|被刷|被人用|消费记录|支付记录|明细|扣款|花的|花在|花了|用在|每一笔)|"
                         # 「我怎么查有没有人用过我的医保」 (round 23: 「没有更具体的说明」)
                         r"有没有(别)?人(用|刷|盗)(过|了)?|被(人|别人)(用|刷)(过|了)没")
BEIAN_ANSWERS = {"utter_beian_where", "utter_beian_needed", "utter_beian_time", "utter_beian_before"}
BEIAN_TIME = re.compile(r"(多久|多长时间|几天|啥时候|什么时候).{0,4}(生效|能用|好|办好|下来)|生效")
BEIAN_BEFORE = re.compile(r"(之前|以前|没备案|没有备案|备案前).{0,12}(报|报销|退)")
AFTER_DONE = re.compile(r"(弄完|绑完|绑好|办完|办好|弄好)(了)?(以后|之后)?.{0,4}(就)?(能用|可以用|好了|行了)(了)?"
                        r"(吗|么|不|没)|"
                        # 「弄好了直接去儿童医院能刷吗」 (round 19: the sign-in offer)
                        r"(弄完|绑完|绑好|办完|办好|弄好)(了)?.{0,10}(能刷|能用|可以用|可以刷|能看病|能结算)(吗|么|不|没)")
CHC_ELSEWHERE = re.compile(r"老家|外地|外省|别的地方|其他地方|不在深圳|在.{1,4}(省|市)(?<!深圳市)")
CHC_DONE_CONTEXT = {"utter_chc_info", "utter_chc_likely", "utter_chc_where", "utter_relative_chc_direct"}
PIN_AFTER_RESET = re.compile(r"(重置|改|设置?)(完|好)(了)?(以后|之后)?.{0,4}(要)?(等)?(多久|多长时间|马上|立刻|立马)")
# Trial round 18: an old ID photo against the face check; 新农合 for a wallet transfer; a relative
# filing a claim; a 港澳 or foreign document for activation; which 社康中心.
PHOTO_OLD = re.compile(r"照片|相片|(身份证|证件).{0,8}(旧|老|多年|年前|不像|过期)|不像|变样|长变了|样子变|"
                       # 「我去年割了双眼皮 跟身份证上差挺多的」 (round 20)
                       r"差(挺|很|好|得|太)?多|差别(挺|很)?大|整容|双眼皮|动了?刀|胖了|瘦了|变化(挺|很)?大")
FACE_ANSWERS = {"utter_face_check_fails", "utter_face_check_where", "utter_face_check_still",
                "utter_activation_troubles", "utter_generic_activate_credential", "utter_face_photo_old"}
RESIDENT_WORDS = re.compile(r"新农合|农合|合作医疗|居民医保|城乡居民")
CLAIM_ANSWERS = dict(TOPICS)["claim"] | {"utter_gap_reimburse"}
RELATIVE_GOES = re.compile(r"(让|叫|请|找)(俺|我|我家)?(儿|儿子|女儿|闺女|孩子|老伴|老婆|老公|媳妇|家人|家里人|亲戚)"
                           r"(去|来|帮|代|替)|代(办|报|领)|(儿子|女儿|闺女|孩子|老伴|家人)(去|替我|帮我)(报|办)")
FOREIGN_ID = re.compile(r"回乡证|港澳|台胞证|通行证|居住证|护照|外国人|外籍|香港人|澳门人|台湾人")
WHICH_CHC = re.compile(r"随便|任意|哪个都|哪家都|(绑|选|挑)哪(个|家|一个|一家)|哪(个|家)社康|离家近|就近")
TOP_UP = re.compile(r"充值|充(点|些|一点)?钱|往里(存|充|打|转)|存(点|些)?钱进")
# Contributions stopped: a new job, leaving one, the new employer not paying yet.
LAPSE = re.compile(r"(换|变|找)(了|的)?(个)?(新)?(工作|单位|公司)|离职|辞职|失业|"
                   r"(新|现在的?)(公司|单位|老板).{0,6}(没|还没|没有|不)(给.{0,2})?(交|缴|上)|"
                   r"断(交|缴)|停(交|缴)|(社保|医保).{0,4}(断了|停了|没(人)?(交|缴))")
# 「要我告诉你身份证号吗」「验证码发你行不」: offering a secret to the chat.
OFFERS_SECRET = re.compile(r"(告诉|发|给|报|念)(给)?(你|您)(们)?.{0,4}(身份证|密码|验证码|银行卡|卡号)|"
                           r"(身份证|密码|验证码|银行卡|卡号).{0,4}(告诉|发|给|报|念)(给)?(你|您)")
# 「激活要多长时间啊」: how long activating takes.
ACTIVATION_TIME = re.compile(r"(激活|开通|申领|领).{0,6}(多久|多长时间|几分钟|要很久|时间长|快不快)")
# 「改了密码以后支付宝里的也要改吗」: one PIN for every channel (domain.md).
ONE_PIN = re.compile(r"密码.{0,12}(支付宝|微信|APP|app|别的|其他|其它|另外|每个|各个).{0,8}"
                     r"(也要|也得|还要|还得|要不要|用不用|一样|同一个|分别|单独|都要)|"
                     # 「我记得支付宝里设的是另一个密码 是不是俩密码不一样才错的」 (round 20)
                     r"(两个|俩|另一个|另外一个|不同的?)密码|密码不一样")
# 「超了咋办 我住院要花好几千」: a hospital stay over the code's limits.
INPATIENT = re.compile(r"住院|出院|住了.{0,3}院")


# Round 18's leftovers. A lost or stolen phone (not its number: verification.py), and a new phone after it.
# (「手机上的医保码找不到了」 is the code not found, not the phone)
LOST_PHONE = re.compile(r"手机(?!号|信号|网)(?:(?!码|入口|app|APP|页面|图标|功能|记录).){0,8}"
                        r"(丢了|丢失|弄丢|偷了|被盗|被抢|抢了|掉了|不见了|找不到了)|(丢|掉|被偷|被抢)了?(个|部)?手机(?!号)")
NEW_PHONE = re.compile(r"新手机|换了?(个|部)?手机(?!号)|别的手机|另一(个|部)手机")
# 「那他咋帮我买 我发烧起不来」: someone buys the medicine for a person who cannot go.
PROXY_BUY = re.compile(r"(帮|替|给)(我|俺)(去)?(买|拿|开|取)|代(买|购|拿|开)|(让|叫|请)(他|她|" + KIN
                       + r").{0,4}(去)?(买|拿)药")
CANNOT_GO = re.compile(r"起不来|下不了床|病(了|倒)|发烧|走不动|动不了|去不了|出不了门|卧床|躺着|腿脚不(好|便)")

# 「备案好了去杭州药店买药也能直接刷吗」: using it once registered.
BEIAN_DONE = re.compile(r"备案(好了|办好|弄好|完了|办完|过了|办了|了|以后|之后)|备(过|好)案|备完案")
USE_THERE = re.compile(r"刷|结|用|买药|拿药|看病|报销|药店|医院|住院")
# 「要重新去交吗」 about a payment that failed: it took nothing, the bill is still open.
PAY_AGAIN = re.compile(r"(重新|再)(去)?(交|付|缴|结算|结|付款|扫)|"
                       r"(还|还要|还得|要不要|用不用)(去)?(交|付|缴)(一次|一遍|钱|吗|不)")
WHETHER = re.compile(r"要不要|是不是|用不用|需不需要|得不得")
NOT_PAID = re.compile(r"没付成|没付上|没交成|没交上|没付掉|没成功|不成功|失败|没结成|没扣|付不了|没付")
# 「只能等她回来自己弄了？」 after a relative's PIN reset: her own phone works wherever she is.
WAIT_FOR_HER = re.compile(r"等(她|他|人)?(回来|回家|到家|过来)|只能等|(她|他)(不在|没在)(家|身边|跟前|这|旁边)|"
                          r"(她|他)(在|去了)(外地|老家|外面|国外)")
# 「我咋给支付宝那个重置」 after every channel's path: that channel's path alone.
ALSO_CHANGES = re.compile(r"(也|都)(跟着|一起|会)?(变|改|换)|一起(变|改)|同步")
PIN_RESET_ASKED = re.compile(r"忘|重置|改|设置|找回|咋弄|怎么弄|锁")
PIN_PATH_ANSWERS = PIN_ANSWERS | {"utter_pin_paths_all", "utter_pin_paths_left", "utter_generic_forgot_pin_left"}


def screenshot_refused(said: Set[str]) -> bool:
    """The screenshot answer (its own line, or the FAQ's) was given."""
    return "utter_code_no_screenshot" in said or faq_given(said, "screenshot")


def pay_again_asked(tracker: Tracker, short: Optional[str] = None) -> bool:
    """「那刚才医院那86块没付成 要重新去交吗」: whether a payment that failed is to be paid again."""
    short = compact_text(tracker) if short is None else short
    return (len(short) <= SPECIFIC_QUESTION and bool(PAY_AGAIN.search(short))
            and bool(IS_QUESTION.search(short) or WHETHER.search(short))
            # signed in, the records tell (「那个金额对的 就是那笔 那我不用再付了吧」, round 20: the fallback)
            and bool(NOT_PAID.search(short) or tracker.get_slot("diagnosed_cause") or user_token(tracker)))


# Trial round 19's follow-ups (「帮不上忙」, or a neighbouring topic's text, where the topic in view
# has the answer).
QUIT_JOB = re.compile(r"辞职|离职|辞了|失业|不干了|(单位|公司)不(交|缴)了|没(单位|工作)了")
FLEXIBLE = re.compile(r"灵活就业|个体户|自由职业")
GAP_CLAIM = re.compile(r"(断|停|没交|没缴|中间|这几个月|那几个月|暂停|断缴|这段时间|这期间|那段时间|这阵子)"
                       r".{0,12}(报|报销)")
RESIDENT_ANSWERS_BALANCE = {"utter_generic_insufficient_balance", "utter_diag_insufficient_balance",
                            "utter_wallet_figures", "utter_also_insufficient_balance", "utter_why_balance_low"}
MOVE_INSURANCE = re.compile(r"转移|转过来|迁过来|注销|关系转|接续")
SWITCH_ENOUGH = re.compile(r"(切|换|改)(成|到).{0,4}就(行|可以|好|完事)")
BEFORE_FIXED = re.compile(r"(改好|改完|弄好|处理好|更正好?|修改好|办好)(之前|以前|前)")
CODE_USABLE = re.compile(r"能用|能刷|还能|可以用|用得了|用不了|好使|能不能用")  # (not 「这段时间看病咋办」)
BEIAN_LATE = re.compile(r"(来不及|没来得及|还没|忘了|忘记)(办|弄|做)?备案|没备案就")
BEIAN_ONLINE = re.compile(r"手机|网上|线上|APP|app|小程序|回(去|老家|参保地)|跑回|跑一趟")
REST_OTHER_WAY = re.compile(r"(多出来|超出|超了|剩下|差的|不够)的?.{0,6}(银行卡|微信|支付宝|现金|自费|自己)")
TODAY_BUY = re.compile(r"(今天|现在|这会儿?|马上).{0,6}(买|拿|看|付|结).{0,3}(得成|得了|成|了)(不|吗|么|没)|"
                       r"快(一)?点的?(法子|办法)|有没有快|更快的")
CHOICE_QUESTION = re.compile(r"还是")
FAMILY_TOPIC_ANSWERS = dict(TOPICS)["family"]
BALANCE_OR_LIMIT = {"insufficient_balance", "over_limit"}


def round19_question(short: str, said: Set[str], tracker: Tracker) -> Optional[List[str]]:
    earlier = said_this_session(tracker)
    cause = tracker.get_slot("diagnosed_cause")
    about_status = bool(earlier & STATUS_ANSWERS) or cause == "status_abnormal"
    if about_status and QUIT_JOB.search(short) and not re.search(r"新(单位|公司|工作)|换了?(个)?工作", short):
        return ["utter_lapse_quit"]  # 「我去年年底辞职了 单位不交了」 (round 19: read as a new employer)
    if FLEXIBLE.search(short) and (about_status or PAY_CONTRIBUTION.search(short)):
        return ["utter_resume_insurance"]  # 「能按灵活就业交吗」
    if GAP_CLAIM.search(short) and (about_status or earlier & {"utter_lapse_job_change", "utter_lapse_quit"}):
        return ["utter_gap_reimburse"]  # 「中间断的这几个月看病的钱还给报不」
    if RESIDENT_WORDS.search(short) and said & RESIDENT_ANSWERS_BALANCE:
        return ["utter_wallet_resident"]  # 「我交的是城乡居民那个」 after the balance: no personal account
    about_region = (tracker.active_loop_name == "region_switch_form"
                    or bool(earlier & (REGION_ANSWERS | REGION_SWITCH_ANSWERS
                                    | {"utter_region_question_records", "utter_region_transfer",
                                       "utter_region_transfer_where", "utter_region_switch_enough"}))
                    or cause == "region_mismatch")
    if about_region and SWITCH_ENOUGH.search(short):
        return ["utter_region_switch_enough"]  # 「我在码上把参保地切成深圳就行了吧」
    if about_region and MOVE_INSURANCE.search(short):
        # 「北京那边的要不要去注销 还是得办转移」; 「转移在哪办」 right after it: the where alone
        return ["utter_region_transfer_where" if "utter_region_transfer" in said else "utter_region_transfer"]
    if about_region and RECORD_LOST.search(short):
        return ["utter_region_question_records"]  # 「切过来之后 老的那个还要管吗」
    if BEFORE_FIXED.search(short) and CODE_USABLE.search(short) and (earlier & MISMATCH_ANSWERS
                                                                     or cause == "info_mismatch"):
        return ["utter_mismatch_not_yet"]  # 「改好之前我这码还能用不」 (round 19: the no-smartphone text)
    if BEIAN_LATE.search(short):
        return ["utter_beian_before"]  # 「要是来不及备案就住进去了呢」
    if "备案" in short and BEIAN_ONLINE.search(short) and (IS_QUESTION.search(short) or CHOICE_QUESTION.search(short)):
        # 「这个备案在手机上能办吗 还是得回湖南」; right after the places, the one line
        return ["utter_beian_where_short" if "utter_beian_where" in said else "utter_beian_where"]
    if REST_OTHER_WAY.search(short) and (cause in BALANCE_OR_LIMIT or said & LIMIT_ANSWERS):
        return [excess_answer(cause)]  # 「多出来的那部分我拿银行卡刷行不」
    if TODAY_BUY.search(short) and cause in TODAY_FOR_CAUSE:
        return [TODAY_FOR_CAUSE[cause]]  # 「那我这药今天还买得成不」
    if "脸" in short and "共济" not in short and earlier & FAMILY_TOPIC_ANSWERS:
        return ["utter_family_bind_presence"]  # 「他这么小 要不要刷他的脸」「岳母那边也要刷脸吗」
    return None


# Trial round 20's follow-ups (「帮不上忙」, the fallback or a neighbouring topic's text).
NOT_GIVEN = re.compile(r"(没|没有|没填|没输|没给|没告诉|没说)(填|输|给|告诉|说)?(密码|验证码)")
HOW_BAD = re.compile(r"要紧|有事|危险|有没有事|有影响|严重|咋办|怎么办|会怎样|会咋样|吗|么")
REGISTRATION = re.compile(r"挂(了)?(个|一个)?(专家)?号|挂号|预约")
NOT_USED = re.compile(r"没去|没看成|没去看|不看了|不去了|没看|取消|退号|没用上|有事")
REFUND_ANSWERS = {"utter_registration_refund", "utter_double_charge_refund", "utter_refund_arrival",
                  "utter_refund_where_check"}


def refund_told(said: Set[str]) -> bool:
    """A refund was explained (its own lines, or the FAQ's)."""
    return bool(said & REFUND_ANSWERS) or faq_given(said, "refund")


ARRIVAL = re.compile(r"(多久|多长时间|几天|啥时候|什么时候|几时)(能|才|就|会)?(到账|到|退回|回来|退到)|到账")
WHERE_SEE = re.compile(r"(在哪|哪里|哪儿|怎么|咋)(能|可以)?(看|查)(到|见)?")
MUTUAL_AID_TOPIC = dict(TOPICS)["mutual_aid"] | {"utter_family_mutual_aid_how", "utter_family_mutual_aid_reverse"}
AWAY = re.compile(r"外地|外省|不在身边|不在家|不在一起|不在跟前|出差|异地|老家")
BIND_LIMIT = re.compile(r"绑定次数|次数(已)?(达|到)(上限|了)|已达上限|达到上限|(加|绑)不(了|上)了?")
NEXT_MONTH = re.compile(r"下(个)?月|月初|[1一]号|过了这个月")
WALLET_BENEFIT = re.compile(r"好处|有啥用|有什么用|必要|值得|划算|(非|必须|一定)(要|得)?开|不开(行|可以|会)")
MONEY_GONE = re.compile(r"(账户|余额|卡里|钱|个账)(里)?.{0,4}(少了|没了|不见了|被扣|变少|少)|少了\d+")
NOT_ME = re.compile(r"没去过|根本没(去|用|买|看)|从来没(去|用|买)|没(用过|买过|花过)|不是我(买|花|付|刷|用)|"
                    r"(都)?没怎么(去|用|看|买|花)")
UNKNOWN_PLACE = re.compile(r"(从来|从|根本|都)?没(去过|在那|买过)|不认识(这|那)?(家|个)")
PLACE_WORD = re.compile(r"药店|药房|医院|诊所|这家|那家|一笔|那笔")
# (an employer named: 「为啥会暂停啊 我一直交着呢」 may be one's own contributions, answered by the why)
EMPLOYER_PAYS = re.compile(r"(单位|公司|厂里|老板)(一直|都|每个?月|按时)*(在|有)?(给我)?(交|缴|扣)|"
                           r"在(单位|公司|厂里)(一直|都)?(交|缴)|工资(里|里面)?(每个?月)?(都)?扣")
POLICE_SYNC = re.compile(r"(派出所|公安|户籍).{0,12}(同步|自动|改过来|改好)|(同步|自动).{0,8}(没|不|咋|怎么)")
PHOTO_WHERE = re.compile(r"派出所|去哪|在哪|哪里|哪儿|怎么(换|更新)|咋(换|更新)")
# (not 「改了限额马上能用吗」: how soon a change applies)
TODAY_USE = re.compile(r"(今天|今儿|下午|上午|明天).{0,6}(还)?(能|可以|能不能)(用|刷)"
                       r"(医保|码|卡)?(吗|么|不|没)")
ACTIVATED_ELSEWHERE = re.compile(r"(激活|开通|领)(了|完|好).{0,10}(APP|app|支付宝|微信|别的|其他|其它)"
                                 r"(那边|里|上)?.{0,6}"
                                 r"(还要|还得|要不要|用不用|需不需要)(再)?(弄|激活|开|领|绑)")
MY_ACCOUNT = re.compile(r"(用|花)我的?(账户|个人账户|个账|钱|医保)|我(账户|个人账户|个账)的钱")
FAMILY_USED = re.compile(r"(是不是|会不会|可能)(是)?(他们|她|他|家里人|家人|老人|" + FAMILY_WORDS
                         + r").{0,4}(用|花|买|刷)")
HR_OR_OFFICE = re.compile(r"人事|单位|公司|老板|财务")
RESIDENCE_MOVE = re.compile(r"搬|住|嚟|过来|跟我|同我|随迁|投靠|长住|定居|养老")


def round20_question(short: str, said: Set[str], tracker: Tracker) -> Optional[List[str]]:
    earlier = said_this_session(tracker)
    cause = tracker.get_slot("diagnosed_cause")
    if earlier & SCAM_ANSWERS and NOT_GIVEN.search(short) and HOW_BAD.search(short):
        return ["utter_scam_partial_info"]  # 「她没填密码 就填了那些 也要紧吗」 (round 20: the PIN reset)
    if REGISTRATION.search(short) and NOT_USED.search(short) and re.search(r"医保|码|退", short):
        return ["utter_registration_refund"]  # 「挂了个专家号 用医保码付的 结果临时有事没去看」 (round 20)
    if refund_told(said) and ARRIVAL.search(short):
        return ["utter_refund_arrival"]  # 「多久能到账啊」 (round 20: the account's monthly credit)
    if refund_told(said) and WHERE_SEE.search(short) and re.search(r"退|到|回", short):
        return ["utter_refund_where_check"]  # 「在哪能看到退没退回来」
    if earlier & MUTUAL_AID_TOPIC and AWAY.search(short) and re.search(r"能|可以|行|弄|办", short):
        return ["utter_mutual_aid_remote"]  # 「他人在外地上班 不在身边 能弄吗」 (round 20: 「帮不上忙」)
    if "utter_family_bind_monthly" in earlier and (NEXT_MONTH.search(short) or BIND_LIMIT.search(short)):
        # 「那等到下个月1号我就能加了呗」「那我是不是就加不了了」 right after it (re-grade: the records FAQ)
        return ["utter_family_bind_next_month"]
    if BIND_LIMIT.search(short) and (earlier & FAMILY_TOPIC_ANSWERS or "亲情" in short or "绑定" in short) \
            and "utter_family_bind_monthly" not in said:
        return ["utter_family_bind_monthly"]  # 「…那我是不是就加不了了」 (round 20: the records FAQ)
    if (earlier & WALLET_TOPIC_ANSWERS or "钱包" in short) and WALLET_BENEFIT.search(short):
        return ["utter_wallet_benefits"]  # 「那我有必要开吗 开了有啥好处」 (round 20: 「帮不上忙」)
    if not user_token(tracker) and MONEY_GONE.search(short) and NOT_ME.search(short):
        return ["utter_money_missing"]  # 「账户少了300多 我这个月根本没去过医院」 (round 20: the fallback)
    if not user_token(tracker) and UNKNOWN_PLACE.search(short) and PLACE_WORD.search(short) \
            and earlier & {"utter_money_missing", "utter_check_records"}:
        return ["utter_unknown_payment"]  # 「有一笔是个什么康泰大药房 我从来没去过这家」
    about_status = bool(earlier & STATUS_ANSWERS) or cause == "status_abnormal"
    if "utter_status_employer_paying" in earlier and HR_OR_OFFICE.search(short):
        return ["utter_status_ask_hr_first"]  # 「那我是该去问公司人事还是去医保局」 (re-grade: the office only)
    if about_status and EMPLOYER_PAYS.search(short):
        # 「我一直在单位交着呢」「不可能啊 我们单位每个月都从工资里扣医保的」 (rounds 19-20: 「帮不上忙」)
        return ["utter_status_employer_paying"]
    if "utter_face_photo_old" in said and PHOTO_WHERE.search(short):
        return ["utter_photo_update_where"]  # 「那照片去哪更新 派出所吗」 (round 20: the photo text again)
    if cause in TODAY_FOR_CAUSE and TODAY_USE.search(short):
        return [TODAY_FOR_CAUSE[cause]]  # 「今天下午就要去医院复查 来不及了 今天还能用医保吗」
    if ACTIVATED_ELSEWHERE.search(short):
        return ["utter_activation_other_channels"]  # 「激活了以后app那边还要再弄一遍吗」 (round 20: the guide)
    if RESIDENT_WORDS.search(short) and re.search(KIN, short) and MY_ACCOUNT.search(short):
        return ["utter_family_mutual_aid_short"]  # 「我老婆是居民医保 她能用我账户的钱吗」
    if earlier & {"utter_money_missing", "utter_unknown_payment"} and FAMILY_USED.search(short):
        return ["utter_family_whose_money"]  # 「我家里老人的码是绑在我支付宝的 会不会是他们用的」
    if (earlier & MISMATCH_ANSWERS or cause == "info_mismatch") and POLICE_SYNC.search(short):
        return ["utter_mismatch_police_sync"]  # 「派出所当时说会自动同步的啊」 (round 20: 「帮不上忙」)
    return None


def regions_named(tracker: Tracker) -> Set[str]:
    """The places the message names (the region entity)."""
    return {e.get("value") for e in tracker.latest_message.get("entities") or [] if e.get("entity") == "region"}


def lives_elsewhere(tracker: Tracker) -> bool:
    """Insured in one city, living in another (two places and a move), with the 参保地 in view:
    异地就医备案, not the 参保地 switch (round 20)."""
    text = tracker.latest_message.get("text") or ""
    places = regions_named(tracker)
    in_view = (said_this_session(tracker) & (REGION_ANSWERS | REGION_SWITCH_ANSWERS)
               or tracker.get_slot("diagnosed_cause") == "region_mismatch")
    return (len(places) >= 2 and bool(RESIDENCE_MOVE.search(text)) and bool(in_view) and "备案" not in text
            and len(compact(text)) <= SPECIFIC_QUESTION)


# 「我妈医保是湖南老家交的 现在跟我住上海 医生说下个月要住院做个手术」: care planned away from where
# the insurance is (two places named), before it happens — a failure there is the records' to explain.
CARE = re.compile(r"住院|手术|看病|就医|生孩子|分娩|治疗|化疗|透析")
PLANNED = re.compile(r"下个?月|下周|下礼拜|过几天|过段时间|明年|到时候|准备|打算|要去|要住院|要做|要生|将来|以后")
INSURANCE = re.compile(r"医保|社保|参保")


def care_planned_elsewhere(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    places = regions_named(tracker)
    return (len(places) >= 2 and bool(CARE.search(text)) and bool(PLANNED.search(text))
            and bool(INSURANCE.search(text)) and "备案" not in text)


NIGHT = re.compile(r"晚上|夜里|半夜|凌晨|昨晚|深夜|(2[2-3]|[0-5])点")
TRANSFER_FAILED = re.compile(r"没成功|失败|不行|转不了|转不出|没转成|没转过去|转不过去|没到")


def transfer_at_night(tracker: Tracker) -> bool:
    """A wallet transfer that failed at night, with the wallet's transfers in view."""
    short = compact_text(tracker)
    return (len(short) <= SPECIFIC_QUESTION and "转" in short and bool(NIGHT.search(short))
            and bool(TRANSFER_FAILED.search(short))
            and bool(said_this_session(tracker) & (TRANSFER_ANSWERS | WALLET_TOPIC_ANSWERS)))


def leftover_question(short: str, said: Set[str], tracker: Tracker) -> Optional[List[str]]:
    """Trial round 18's follow-ups still answered with another topic's text or 「帮不上忙」."""
    earlier = said_this_session(tracker)
    if NEW_PHONE.search(short) and "utter_lost_phone" in earlier and "utter_lost_phone_new" not in said \
            and not NO_NEW_PHONE.search(short):
        return ["utter_lost_phone_new"]  # 「新手机上还能再开吗」 (round 18: the no-smartphone text)
    if LOST_PHONE.search(short):
        return ["utter_lost_phone"]  # (round 18: the refund FAQ)
    if PROXY_BUY.search(short) and (CANNOT_GO.search(short) or screenshot_refused(earlier)):
        return ["utter_buy_for_sick"]
    if screenshot_refused(said) and HOW_NOW.search(short):
        return ["utter_screenshot_instead"]  # 「那咋办」 (round 19: 「卡在哪一步」; 「那她自己咋弄」: context.py)
    asked = bool(IS_QUESTION.search(short) or CHOICE_QUESTION.search(short))
    if BEIAN_DONE.search(short) and USE_THERE.search(short) and asked \
            and not BEIAN_TIME.search(short) and not BEIAN_LATE.search(short):
        return ["utter_beian_done_use"]
    if pay_again_asked(tracker, short):
        return ["utter_pay_again"]  # (signed in, actions.charges.answer_pay_again reads the records first)
    if "utter_family_pin_reset" in said and WAIT_FOR_HER.search(short):
        return ["utter_family_pin_reset_remote"]
    if "utter_theft_steps" in said and (FIRST_WHAT.search(short) or HOW_NOW.search(short)):
        return ["utter_theft_first_step"]  # 「那我现在该咋办」 (round 18: the choices)
    channel = next(iter(named_channels(tracker)), None)
    if (channel and "密码" in short and PIN_RESET_ASKED.search(short) and earlier & PIN_PATH_ANSWERS
            and not tracker.active_loop_name):
        # 「支付宝那个密码我早忘了 咋重置」 (round 18: 「没有更具体的说明」); with 「改了支付宝那边也跟着变吗」
        # the one PIN for every channel beside it (round 19's re-grade)
        one_pin = ["utter_pin_one_for_all"] if ONE_PIN.search(short) or ALSO_CHANGES.search(short) else []
        return [f"utter_pin_path_{channel}", *one_pin]
    return None


SPECIFIC_QUESTION = 32  # characters: these name their topic, so a longer question still is one


def specific_answer(tracker: Tracker, tail: bool = True) -> Optional[List[str]]:
    """The answer to a question that names its topic outright (the physical card, an entry not
    found, activating again after a correction, a lock's duration, raising a limit, a hospital
    stay over it), read in the whole message when it is short enough, else in its last clauses."""
    text = tracker.latest_message.get("text") or ""
    short = compact(text)
    if len(short) > (SPECIFIC_QUESTION if tail else SHORT_QUESTION):
        short = question_tail(text) if tail else ""
    said = last_answer(tracker)
    answer = specific_question(short, said, tracker) if short else None
    if not answer and len(compact(text)) > len(short):
        answer = named_in_whole(tracker)  # 「…惠民保…一年一百多」: a topic its last clause does not name
    if not answer and tail and len(short) > SHORT_QUESTION:
        # 「你别给我讲那些大道理 我现在就想把药拿走 怎么弄」「会不会其实是我医保出问题了 诊所在糊弄我」: the
        # question in its last clauses (round 20; only these aspects: others of a tail misread stories
        # such as 「还输了身份证号和密码 咋办」)
        last = question_tail(text)
        answer = specific_question(last, said, tracker) if {"right_now", "whose"} & set(aspects_of(last)) else None
    asked = asked_again(text)
    if not answer and asked:
        # 「你没回答我 我问的是能不能转」: the question after the complaint (which says the last answer missed)
        answer = specific_question(asked, said, tracker, pushed=True)
    return answer


ASKED_AGAIN = re.compile(r"(?:我)?(?:问的是|是问|说的是|想问的是|想问)(.+)$")


def pushback_answer(tracker: Tracker) -> Optional[List[str]]:
    """「你没回答我」 with nothing narrower to say: own it and ask for the one question (not the same
    answer again, nor 「帮不上忙」 or the bot's introduction)."""
    short = compact_text(tracker)
    if 0 < len(short) <= SPECIFIC_QUESTION and PUSHBACK.search(short):
        return ["utter_pushback_sorry"]
    return None


def asked_again(text: str) -> str:
    """The question a push-back restates (「你没回答我 我问的是能不能转」 -> 「能不能转」), or ''."""
    found = ASKED_AGAIN.search(compact(text))
    return found.group(1) if found and PUSHBACK.search(compact(text)) else ""


# 「带身份证就够了？」 once an answer sent the person to the 经办大厅 (the face-check tips, the PIN's
# way round the phone, a correction or a paused insurance).
ID_ENOUGH = re.compile(r"(身份证|证件).{0,4}(就够|就行|就可以|就成|就好|够了?(吗|么|不|没)|够不够|行(吗|么|不))")
TO_THE_HALL = FACE_ANSWERS | PIN_ANSWERS | JINGBAN_ANSWERS | STATUS_ANSWERS


def specific_question(short: str, said: Set[str], tracker: Tracker, pushed: bool = False) -> Optional[List[str]]:
    """Round 9's short questions that name their topic outright (any turn, any answer before).
    `pushed`: the message complained that the last answer missed (「你没回答我 我问的是…」)."""
    pushed = pushed or bool(PUSHBACK.search(short))
    first = round27_priority(short, tracker) or round23_first(short, tracker) or round24_first(short, tracker)
    if first:
        return first
    leftover = (leftover_question(short, said, tracker) or round19_question(short, said, tracker)
                or round20_question(short, said, tracker) or round21_question(short, said, tracker)
                or round22_question(short, said, tracker) or round23_question(short, said, tracker)
                or round24_question(short, said, tracker))
    if leftover:
        return leftover
    if PIN_WORDS.search(short) and HOSPITAL_NEEDED.search(short):
        return ["utter_pin_reset_offline"]  # 「重置的话要不要去医院」 (read as the fee FAQ)
    if ID_ENOUGH.search(short) and said_this_session(tracker) & TO_THE_HALL:
        return ["utter_jingban_id_enough"]  # 「带身份证就够了？」 (round 19: 「I'll try later」)
    if NO_NEW_PHONE.search(short):
        return ["utter_no_new_phone"]  # 「我不想换手机」 after the device steps (read as a new number)
    earlier = said_this_session(tracker)
    if (LAPSE.search(short) and user_token(tracker) and "utter_status_new_employer" not in said
            and (earlier & STATUS_ANSWERS or tracker.get_slot("diagnosed_cause") == "status_abnormal")):
        # 「我上个月刚换了工作 新公司说给我交了医保的」 after the records said paused (trial round 18:
        # 「帮不上忙」): why the records may lag, and what to check.
        return ["utter_status_new_employer"]
    if PHOTO_OLD.search(short) and (earlier & FACE_ANSWERS or FACE.search(short)):
        return ["utter_face_photo_old"]  # 「身份证是十多年前办的 照片跟现在不像 有关系吗」 (round 18)
    if (RESIDENT_WORDS.search(short) and earlier & (TRANSFER_ANSWERS | WALLET_TOPIC_ANSWERS)
            and ("转" in short or CAN.search(short))):
        return ["utter_wallet_resident_transfer"]  # 「对了我交的是新农合 也能转吗」 (round 18)
    if earlier & CLAIM_ANSWERS and RELATIVE_GOES.search(short):
        return ["utter_claim_by_relative"]  # 「俺岁数大了跑不动 让俺儿去报中不中」 (round 18)
    if FOREIGN_ID.search(short) and (earlier & ACTIVATION_ANSWERS or "激活" in short
                                     or tracker.active_loop_name == "activation_form"):
        return ["utter_activation_foreign_id"]  # 「我没有身份证 只有回乡证 行不行」 (round 18: 「不用带」)
    if TOP_UP.search(short) and not re.search(r"开通|激活|领取|升级|解锁", short):
        return ["utter_account_topup"]  # 「能往里充点钱吗」 (trial round 18: the fee FAQ)
    if WHICH_CHC.search(short) and ("社康" in short or earlier & CHC_ANSWERS):
        return ["utter_chc_which"]  # 「随便绑哪个社康都行吗」 (round 18: the 社康 text again)
    if LAPSE.search(short) and "utter_lapse_job_change" not in said and (
            not user_token(tracker) or re.search(r"他|她|" + FAMILY_WORDS, short)):
        # 「帮我老公问下 他换工作以后医保码就用不了了」「新公司还没给他交社保」 (trial round 16: the
        # family rules, then 「帮不上忙」): contributions stopped between two employers. (The person's
        # own records answer for the person signed in.)
        return ["utter_lapse_job_change"]
    if ("转" in short and CAN.search(short) and re.search(r"跨省|外地|外省|异地|老家", short)
            and said_this_session(tracker) & (TRANSFER_ANSWERS | FAMILY_ANSWERS)):
        return ["utter_wallet_transfer_yes"]  # 「她在外地 跨省能转不」: the wallet, not the binding
    if RESIDENT_MONEY.search(short):
        return ["utter_wallet_resident"]  # 「我是居民医保 激活了以后里面有钱吗」: there is no personal account
    if FONT_SMALL.search(short):
        return ["utter_big_font"]
    if CARD_WHERE.search(short):
        return ["utter_card_where"]  # 「去哪办卡」: the physical card
    if FIRST_WHAT.search(short) and "utter_scam_already" in said_this_session(tracker) \
            and "utter_scam_first_step" not in said:
        return ["utter_scam_first_step"]  # 「我现在该先干啥」 after giving a code away
    if CHECK_THEFT.search(short):
        return ["utter_check_records"]  # 「怎么查有没有被盗刷」: where the records are, not the security text
    if "备案" in short and BEIAN_TIME.search(short):
        return ["utter_beian_time"]  # 「备案要多久才生效」
    if "备案" in short and BEIAN_BEFORE.search(short):
        return ["utter_beian_before"]  # 「那我没备案之前看病的钱还能报不」
    if said & BEIAN_ANSWERS and ASKS_DOCUMENTS.search(short):
        return ["utter_beian_documents"]  # 「要带啥材料」 after 备案 (not the identity correction's)
    if "社康" in short and CHC_ELSEWHERE.search(short) and said_this_session(tracker) & (CHC_DONE_CONTEXT
                                                                                      | FAMILY_ANSWERS):
        return ["utter_chc_only_shenzhen"]  # 「她在老家医院用也要绑社康吗」: 深圳's rule only
    if AFTER_DONE.search(short) and said_this_session(tracker) & CHC_DONE_CONTEXT:
        return ["utter_chc_after_bind"]  # 「弄完了就能用了吗」 about the child's 社康中心
    form = tracker.active_loop_name
    if PIN_AFTER_RESET.search(short) and (PIN_WORDS.search(short) or form == "pin_reset_form" or (
            not form and said_this_session(tracker) & PIN_ANSWERS)):
        # 「重置完了要等多久才能用」 (not 「改完要多久生效」 in the region switch: trial round 16)
        return ["utter_pin_after_reset"]
    if OFFERS_SECRET.search(short):
        return ["utter_no_secret_needed"]  # 「要我告诉你身份证号吗」: never, in the middle of a fix too
    if ACTIVATION_TIME.search(short):
        return ["utter_activation_time"]  # 「激活要多长时间啊 我排着队呢」
    if ONE_PIN.search(short):
        return ["utter_pin_one_for_all"]  # 「改了密码以后支付宝里的也要改吗」: one PIN for every channel
    if "备案" in short and BEIAN_NEEDED.search(short):
        return ["utter_beian_needed", "utter_beian_where"]  # 「异地就医要备案吗」: whether, then where
    if "备案" in short and (ASKS_WHERE_OR_HOW.search(short) or CORRECTION.search(short) or "帮" in short):
        return ["utter_beian_where"]  # 「备案在哪弄 她不会用手机 我帮她弄行不」「我问的是异地备案」
    if ELSEWHERE_AFTER.search(short):
        return ["utter_code_elsewhere"]  # 「那她在杭州这边能直接刷老家的医保吗」
    if CARD.search(short) and CARD_QUESTION.search(short) and not PIN_WORDS.search(short):
        return ["utter_card_at_counter"]
    if ENTRY_MISSING.search(short):
        return ["utter_channel_entry_missing"]
    if REACTIVATE.search(short):
        return ["utter_reactivate_after_fix"]
    about_pin = bool(said & PIN_ANSWERS) or tracker.get_slot("diagnosed_cause") == "pin_locked" \
        or tracker.active_loop_name == "pin_reset_form" or "密码" in short or "锁" in short
    if about_pin and LOCK_DURATION.search(short):
        return ["utter_pin_lock_duration"]
    locked = ("锁" in short or tracker.get_slot("diagnosed_cause") == "pin_locked"
              or tracker.active_loop_name == "pin_reset_form" or said_this_session(tracker) & PIN_ANSWERS)
    if PIN_NOT_ME.search(short) and locked:
        return ["utter_pin_locked_not_me"]  # 「我没输过密码啊」 after the lock (round 16: the reset's text)
    if said & WALLET_ANSWERS and WALLET_OPEN.search(short) and "utter_wallet_open_steps" not in said:
        return ["utter_wallet_open_steps"]  # 「那咋开通」 after the wallet text: the steps, not 「卡在哪一步」
    if re.search(KIN + r"|老伴|爱人|家里人|家人", short) and CAN.search(short) and "转" not in short \
            and len(short) <= SHORT_QUESTION and said_this_session(tracker) & WALLET_ANSWERS:  # the scan last
        return ["utter_wallet_family_use"]  # 「我老伴也能用不」
    if said & TRANSFER_ANSWERS and "转" in short and CAN.search(short) and not ASKS_TIME.search(short):
        if "utter_wallet_transfer_yes" not in said:
            return ["utter_wallet_transfer_yes"]  # 「我问的是能不能转」 after the wallet text: yes, first
        if pushed:
            return ["utter_wallet_transfer_yes_again"]  # pushed back after the yes: the yes, plainly
    about_limit = bool(LIMIT_WORDS.search(short) or said & LIMIT_ANSWERS
                       or tracker.get_slot("diagnosed_cause") == "over_limit")
    if about_limit and INPATIENT.search(short):
        return ["utter_limit_inpatient"]
    if about_limit and RAISE_LIMIT.search(short):
        if "utter_limit_who_sets" not in said:
            return ["utter_limit_who_sets"]
        if pushed:
            # 「我问的是能不能调高 你没回答啊」 right after that answer: yes or no first, not it again.
            return ["utter_limit_raise_direct", "utter_offer_human"]
    online = ONLINE_ASKED.search(short)
    if online and len(short) > SHORT_QUESTION:
        # 「那他这个能不能我在网上帮他弄好 不用他跑」: longer than a short question, yet only asks that
        # (「…我帮佢整得唔得」: helping someone else do it is the narrower question)
        helping = HELP_OTHER.search(short)
        return (cause_followup(short, said, tracker)
                or (aspect_answer(helping.group(0), said, tracker) if helping else None)
                or aspect_answer(online.group(0), said, tracker))
    return cause_followup(short, said, tracker) or (
        aspect_answer(short, said, tracker) if len(short) <= SHORT_QUESTION else None)  # a story is no aspect



# Trial round 11: short questions right after a cause was found, answered for that cause (they
# were read as out of scope, an FAQ or 「那咋办」 and got 「帮不上忙」, the refund text or a person).
# 「那我钱扣了没有」 after a timeout: nothing reached the platform.
CHARGED = re.compile(r"扣(了|钱|款|费|掉)?(没|吗|么|了没|没有)|钱(扣|被扣|没了|少了)|"
                     r"(有没有|是不是|会不会)(也|又|已经)?(被)?扣")
# 「那钱会退回来吗」 after a timeout: there is nothing of the 医保 account to refund.
REFUND_ASKED = re.compile(r"退(回|钱|款|给|还|不退)|(能|会|可以)退")
# 「能自己交吗」 after the insurance was found paused: resuming it (where, how: by region).
PAY_CONTRIBUTION = re.compile(r"自己(交|缴)|(续|补|接着|继续|重新)(交|缴|参保)|(交|缴)(费|钱|医保|社保)")
# 「剩下那点钱咋付啊」 after the balance or a limit: the rest is paid another way at the counter.
REST_OF_BILL = re.compile(r"(剩下|剩余|差的|不够的|多出来|余下|超出|超了|另外)的?(那|这)?(点|部分|些)?(钱)?"
                          r".{0,6}(付|交|给|结)")
NO_CASH = re.compile(r"没(带|有)?现金|没带钱|不带现金|没零钱|身上没钱")
# 「那我那一百多块钱能报吗」 after the pharmacy's system failed: what was paid out of pocket.
CLAIM = re.compile(r"(能|可以|还能|能不能)(报|退|报销|退回)|报(得|不)了")
# Trial round 13. 「说重点 我今天要拿药怎么办」: what to do today, for the cause found.
TODAY_WHAT = re.compile(r"(今天|现在|马上|急着|等着|这几天|这两天|这阵子|这段时间).{0,8}"
                        r"(拿药|买药|看病|付|结算|缴费|结账).{0,6}"
                        r"(怎么办|咋办|咋整|怎么弄|咋弄|怎么整)|"
                        r"(今天|现在|这会儿?|马上).{0,6}(咋|怎么|如何)(付|买|拿|结算|交)")  # 「现在这药咋付」
TODAY_FOR_CAUSE = {"not_activated": "utter_not_activated_pay_now", "status_abnormal": "utter_today_status_abnormal",
                   "insufficient_balance": "utter_rest_after_balance", "over_limit": "utter_pay_excess",
                   "institution_system_error": "utter_system_failure_pay_now", "network_timeout": "utter_timeout_next"}
# 「我问的是啥时候能恢复」 after a paused insurance.
WHEN_RESUMED = re.compile(r"(啥时候|什么时候|多久|多长时间|几天).{0,4}(恢复|能用|好|正常)")
# 「我卡里的钱怎么就剩三块五了」: where the balance went.
BALANCE_LOW_WHY = re.compile(r"(怎么|咋|为啥|为什么)(会|就|才|只)*(剩|只剩|少了|没了|这么少|变少|少)|"
                             r"(去哪了|哪去了|跑哪)")
# 「为啥啊 我卡里明明有六千多」 after an over-limit: the limit is not the balance.
BALANCE_ENOUGH = re.compile(r"明明有|(余额|卡里|账户里?)(还)?(有|够)|有钱")
# Why a cause happens, where a response says it.
# (A limit's why is said beside the diagnosis it refers to: actions.diagnosis.WHY_OF_CAUSE.)
CAUSE_WHY = {"network_timeout": "utter_why_network_timeout"}
# 「社康中心是啥」 answered, then 「在哪绑」.
CHC_ANSWERS = {"utter_chc_info", "utter_chc_likely", "utter_chc_where", "utter_relative_chc_direct"}
HOW_NOW = re.compile(r"^(那|那我|所以)?(该)?(咋办|怎么办|咋整|怎么整|咋弄|怎么弄)(呢|啊|嘛|呀)?$")


def excess_answer(cause: Optional[str]) -> str:
    """How the rest of a bill is paid: after a low balance the account pays what it has (round 26's
    re-grade: 「剩下的差额咋付」 got the over-limit wording)."""
    return "utter_rest_after_balance" if cause == "insufficient_balance" else "utter_pay_excess"


def cause_followup(short: str, said: Set[str], tracker: Tracker) -> Optional[List[str]]:
    """A short question about the cause the records named (the slot stays all session, so only
    questions that make sense for that cause alone are answered here)."""
    if said & CHC_ANSWERS and not CLAIM.search(short) and "utter_chc_where" not in said \
            and (ASKS_WHERE.search(short) or ASKS_DOCUMENTS.search(short) or HOW_NOW.search(short)
                 or (ASKS_WHERE_OR_HOW.search(short) and "绑" in short)):
        # 「在哪绑」「在哪弄啊 要带啥」「那咋办」 (not 「那绑完了 上周自费那几百能报回来不」)
        return ["utter_chc_where"]
    cause = tracker.get_slot("diagnosed_cause")
    if cause in TODAY_FOR_CAUSE and TODAY_WHAT.search(short):
        return [TODAY_FOR_CAUSE[cause]]
    if cause == "status_abnormal" and WHEN_RESUMED.search(short):
        return ["utter_status_resume_time"]
    if cause == "insufficient_balance" and BALANCE_LOW_WHY.search(short):
        return ["utter_why_balance_low"]
    if cause == "over_limit" and WHY_FIRST.search(short) and BALANCE_ENOUGH.search(short):
        return ["utter_why_limit_not_balance"]
    if cause == "network_timeout" and "double_charge" not in aspects_of(short) and (CHARGED.search(short) or (
            REFUND_ASKED.search(short) and "utter_timeout_not_charged" not in said)):
        return ["utter_timeout_not_charged"]
    if cause in CAUSE_WHY and WHY_FIRST.search(short) and CAUSE_WHY[cause] not in said:
        return [CAUSE_WHY[cause]]
    if cause in ("insufficient_balance", "over_limit") and NO_CASH.search(short):
        return ["utter_pay_no_cash"]  # 「剩下那点钱咋付啊 我身上没带现金」
    if cause in ("insufficient_balance", "over_limit") and REST_OF_BILL.search(short) \
            and excess_answer(cause) not in said:
        return [excess_answer(cause)]
    if cause == "status_abnormal":
        if PAY_CONTRIBUTION.search(short):
            return ["utter_resume_insurance"]
        if ASKS_DOCUMENTS.search(short):
            return ["utter_jingban_documents_status"]
        if ASKS_WHERE.search(short):
            return ["utter_jingban_where"]
    if cause == "institution_system_error" and CLAIM.search(short):
        return ["utter_claim_self_paid"]
    return None


# After the 亲情账户 / 家庭共济 answer (said once per conversation, it is long): the part asked.
ALREADY_BOUND = re.compile(r"已经绑(了|过|好)|绑(过|好)了|早(就)?绑(了|过|好)|绑了的")
FAMILY_ANSWERS = {"utter_family_binding_rules", "utter_family_mutual_aid_how", "utter_account_transfer"}
# 「我闺女也是职工医保 她那边咋操作」「我儿子能帮我付不」: the relative pays for the writer.
OTHER_PAYS = re.compile(KIN + r".{0,6}(帮我|给我|替我)(付|出|交|买)|" + KIN + r"那边|"
                        r"用" + KIN + r"的(钱|个人账户|账户|医保)")
# 「我妈在老家山东 不在北京 也能绑吗」: a relative insured elsewhere.
ELSEWHERE_KIN = re.compile(r"老家|外地|外省|异地|跨省|不在本地|不在一个|不在一起|"
                           r"不在.{1,4}(?:市|省|这边|这里|北京|上海)")
# 「她那边要操作啥」: what the other side of a 家庭共济 has to do.
SIDE_ACTION = re.compile(KIN + r"(那边|那头|那里)(也)?(要|得|需要|用不用|要不要)?.{0,2}(操作|办|弄|做|干)"
                         r"(啥|什么|吗|么|不)")
YES_OR_NO = re.compile(r"能还是不能|能不能|行还是不行|行不行|到底能|可不可以")
# 「用我的医保卡里的钱给她付」: 家庭共济, not showing her code.
MY_MONEY_FOR_THEM = re.compile(r"(我的|用我).{0,10}(钱|个人账户|个账|医保卡|账户).{0,8}(给|替|帮)(她|他|" + FAMILY_WORDS
                               + r").{0,4}(付|交|买|用|出)")
# 「绑我妈的话她要自己在场不」「要她本人去吗」: whether the relative has to be there.
PRESENCE = re.compile(r"在场|本人|亲自|自己(来|去|到|在|弄|操作)|(她|他)(要|得|必须)(来|去|在|刷)|"
                      r"要(她|他)(来|去|在|刷)")
# 「你说的太长了看不懂 就说能不能绑」: the short version.
TOO_LONG = re.compile(r"太长|看不懂|看不明白|说简单|简单点|简单说|就说|直接说|说人话|说重点")


def family_followup(tracker: Tracker) -> Optional[List[str]]:
    """A follow-up about family use once the long family answer was given in this conversation."""
    text = tracker.latest_message.get("text") or ""
    short = compact(text)
    if not short or len(short) > SPECIFIC_QUESTION or not said_this_session(tracker) & FAMILY_ANSWERS:
        return None
    if ALREADY_BOUND.search(short) and "utter_family_members" in said_this_session(tracker):
        # 「他才5岁 已经绑了的」 after the list that flags a missing 社康中心 (trial round 16:
        # 「没有更具体的说明」): the 亲情账户 and the 社康中心 are two bindings.
        return ["utter_chc_not_family_binding"]
    if "共济" in short and re.search(KIN + r"|一起|都|全家", short) and re.search(r"能|可以|行", short):
        return ["utter_mutual_aid_who"]  # 「我老婆和孩子也能一起共济吗」 (trial round 17: the whole answer again)
    if "utter_mutual_aid_side" not in said_this_session(tracker) and SIDE_ACTION.search(short):
        return ["utter_mutual_aid_side"]  # 「她那边要操作啥」 (round 19: the other direction's text)
    if OTHER_PAYS.search(short):
        return ["utter_family_mutual_aid_reverse"]
    if YES_OR_NO.search(short) and "utter_family_mutual_aid_how" in last_answer(tracker):
        return ["utter_family_mutual_aid_short"]  # 「说重点 能还是不能」
    if MY_MONEY_FOR_THEM.search(short):
        return ["utter_family_mutual_aid_how"]  # 「我问的是用我的医保卡里的钱给她付 不是帮她出示」
    if PRESENCE.search(short):
        return ["utter_family_bind_presence"]  # 「绑我妈的话她要自己在场不」: the face check, one line
    if ELSEWHERE_KIN.search(short) and re.search(r"能|可以|行|绑|加", short):
        return ["utter_family_bind_elsewhere"]
    channel = re.search(r"微信|APP|app|国家医保", short)
    if channel and ASKS_WHERE_OR_HOW.search(short) and not re.search(r"付(?:款|钱|费)|[怎咋]么?付", short):
        return ["utter_family_bind_channels"]
    if TOO_LONG.search(short):
        return ["utter_family_binding_short"]
    return None


def repeats_last_answer(tracker: Tracker, response: str) -> bool:
    """A short question would be answered with exactly the answer just given: say so and
    offer a person instead (the same long text again helps nobody)."""
    short = compact_text(tracker)
    return 0 < len(short) <= SHORT_QUESTION and response in last_answer(tracker)


def check_offer_pending(tracker: Tracker) -> bool:
    """「现在就查（或回复1）」 was offered after a sign-in and no diagnosis has run since."""
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return False
        name = (event.get("metadata") or {}).get("utter_action") or "" if event.get("event") == "bot" else ""
        if name.split("_")[:2] == ["utter", "diag"] or name == "utter_already_diagnosed":
            return False
        if name == "utter_verified_problem":
            return True
    return False
