"""Trial round 24's follow-ups (docs/dialogue-trials.md), each answered for the topic in view: a
payment stuck on 「支付中」, online care and delivered medicine (医保 online, the delivery fee, the
rider), electronic receipts and their columns, a hospital stay (the deposit, discharge, away from
home), a retiree's paused status, a carer who is no relative, one Alipay account shared by a
couple, a clone WeChat and a tablet, a relative who died, a phone without apps, a child's and a
newborn's code, a receipt instead of an invoice, where to claim, a rare character in the name, a
deaf or blind person's ways round the face check and the phone, and an error code with nothing
official to read it by."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Set

from rasa_sdk import Tracker

from actions.common import said_in_text, said_this_session, user_texts, user_token, wrote
from actions.round22 import topics_near
from actions.round25 import STORY_25, round25_first, round25_question
from bot.nlu.error_codes import normalise_error_code
from bot.nlu.topics import FAMILY_WORDS

# --- questions that name their own topic (any turn; hooked before older, wider cues) ---
# Nothing given to a scammer yet (「我还没发」「没给他」), unless something was given after all.
NOT_SENT = re.compile(r"还没(发|给|点|转|告诉|说)|没(发|给)(过去|他|她|出去|截图|验证码)?(?![现])|"
                      r"没有(发|给)(他|她|过去)?")
KNEW = re.compile(r"身份证|名字|姓名|知道我|说得出|说出")  # what the caller knew: utter_scam_info_known (round 21)
GAVE = re.compile(r"已经(发|给|点|转|告诉)|发(了|过去了)|给(了|他了)|说了|点了|转了")
PENDING = re.compile(r"支付中|处理中|结果未知|(显示|一直|还在)(在)?(付款|支付)中")  # (转圈 alone is a timeout)
ONLINE_CARE = re.compile(r"互联网医院|线上(复诊|问诊|看病|开药|就诊|挂号)|网上(复诊|问诊|看病|开药|就诊|挂号)|"
                         r"(小程序|公众号|APP|app)(上|里)?(挂号|复诊|问诊|开药|缴费)")
DELIVERY_FEE = re.compile(r"运费|配送费|快递费|邮费|跑腿费")
RIDER = re.compile(r"骑手|外卖员|快递员|配送员|送药的|送货的")
SHOW_CODE = re.compile(r"出示|扫|给他看|医保码|码")
INVOICE = re.compile(r"发票|电子票据|票据|收据")
WHERE_FIND = re.compile(r"在哪|哪里|去哪|哪儿|怎么(看|找|查|打印|下载|弄)|咋(看|找|查|弄)|找不到|没找到|哪找|哪看")
FIELDS = re.compile(r"统筹基金(支付)?|个人账户支付|个人现金支付|现金支付|自付|自费")
MEANING = re.compile(r"啥意思|什么意思|是啥|是什么|啥区别|什么区别|咋理解|看不懂")
ACCOUNT_ZERO = re.compile(r"个人账户(支付)?.{0,8}(是|为|显示)?(0|零|没扣|没有扣|没用)")
CHANGE_AFTER = re.compile(r"(能|可以|可不可以|能不能)(改|换|重新|退了|重结)|改得了|改一下|没用上")
DEPOSIT = re.compile(r"押金|预交金|预缴金|预存")
DISCHARGE = re.compile(r"出院")
DIRECT_OR_CLAIM = re.compile(r"直接(报|结|扣)|报掉|自己(拿|去)|拿单子|回去报|还要报|要不要报")
BY_OTHER = re.compile(r"我去|我来|我帮|我替|代(办|结|他|她)|家属不在|家里人不在|不在(身边|这)")
STAY_AWAY = re.compile(r"(外地|异地|外省|外市)(的医院)?住院|住院.{0,6}(外地|异地|外省)|(老家|户口).{0,10}住院|"
                       r"住院.{0,10}老家")
GAP = re.compile(r"(没交|没缴|断交|断缴|停缴|停交|没有交|没有缴)(的)?.{0,8}(影响|有事|要紧|关系|问题)|"
                 r"(那几年|这几年|几年)(都)?(没|没有)(交|缴)")
RETIRED = re.compile(r"退休|退了休")
RETIRED_WAIT = re.compile(r"多久|多长时间|几天|要等|等(社保|医保|单位)|转过去|转过来|同步")
CARER = re.compile(r"护工|保姆|陪护|护理员|(不是|又不是|并不是)(他|她|老人|病人)?的?(亲戚|家人|亲属|子女|儿女|家属)")
CAN_BIND = re.compile(r"绑|弄到|加到|放到|添加|用他的码|用她的码|码.{0,6}(我手机|我这)")
OWNER_NAME = re.compile(r"(名字|姓名|名).{0,6}(是|成了|变成|显示)(我)?"
                        r"(老公|老婆|丈夫|妻子|爱人|媳妇|爸|妈|儿子|女儿|家人|别人)|"
                        r"(显示|码上|上面).{0,6}(我)?(老公|老婆|丈夫|妻子|爱人|媳妇|别人)的(名字|姓名)")
# (「设一个 支付宝里在哪设」 is no shared account: round 27 got 「账号是您老公实名的」)
SHARED_ACCOUNT = re.compile(r"(用的?一个|同一个|共用一?个?|共享|一起用|合用)(的)?(支付宝|微信|账号|帐号)|"
                            r"(用|是)(我)?(老公|老婆|丈夫|妻子|爱人|媳妇)的(支付宝|微信|账号)")
# 「我支付宝是我自己实名的 不是我老公」 denies it (round 27: 「账号是您老公实名的」 again)
NOT_SPOUSE = re.compile(r"不是(我)?(老公|老婆|丈夫|妻子|爱人|媳妇)|没(有)?(老公|老婆|丈夫|妻子)|自己(实名|的)")
OWN_CODE = re.compile(r"(我|我自己)(自己)?的(码|医保码).{0,6}(怎么|咋|如何)|我(想|要)用(我)?自己的")
DELETE_HIS = re.compile(r"(他|她)(的)?(那个|码|医保码)?.{0,6}(删|解绑|移除)|(删|解绑|移除).{0,6}(他|她)(还能|能)")
MONEY_GONE = re.compile(r"(钱|余额|账户).{0,6}(会不会|会)?(没了|没有了|丢|少|清零|不见)")
NO_FACE = re.compile(r"不用刷脸|不刷脸|除了刷脸|别的验证|其他验证|别的办法.{0,4}验证|换(个|种)验证|眨眼|摇头|张嘴")
READ_DIGITS = re.compile(r"念(数字|一串|数)|读(数字|一串)|说话.{0,8}(听不清|不清楚|不清)|"
                         r"聋|听不见|哑巴|不能说话|说不了话")
HALL = re.compile(r"大厅|窗口|经办|社保局|医保局|柜台")
ACCOMPANY = re.compile(r"陪(我|着)?(去|一起)|带我去|跟我(一起)?去|(家里人|家人|儿子|女儿|老伴).{0,4}(陪|帮我弄|帮我办)")
WRITING = re.compile(r"写字|手写|打字给|写(在)?纸上|手语")
NO_CALL = re.compile(r"打不了电话|不能打电话|没法打电话|听不了电话|接不了电话|文字(的)?客服|在线客服|打字的客服")
NEW_ENROLLEE = re.compile(r"(刚|新|今年.{0,4}(才|刚))(在)?(新)?(单位|公司|工作|厂).{0,6}(参保|交|缴|上的)|"
                          r"刚参保|刚交上|刚开始交")
CLONE = re.compile(r"分身|双开|应用分身|微信多开|第二个微信|小号")
MAIN_APP = re.compile(r"主微信|主账号|原来的微信|正常的微信|再领|重新领|也领")
TABLET = re.compile(r"平板|iPad|ipad|IPAD|pad\b|Pad\b")
DECEASED = re.compile(r"去世|过世|病逝|离世|往生|身故|亡故|走了(?![好几一两三四五六七八九十0-9很多趟遍])|"
                      r"(" + FAMILY_WORDS + r")(已经)?不在了")
INHERIT = re.compile(r"继承|遗产|余额.{0,6}(怎么办|咋办|给谁|取出|退)|账户.{0,6}(钱|余额).{0,6}(怎么办|咋办|取|退)")
UNBIND_RELATIVE = re.compile(r"亲情账户.{0,12}(删|解绑|解除|移除|取消)|(删|解绑|解除|移除).{0,6}(亲情|绑的)|"
                             r"绑了(她|他).{0,8}(删|解)")
FEATURE_PHONE = re.compile(r"老人机|老年机|非智能|不是智能机|不是智能手机|没有智能手机|没智能手机|只能打电话")
OWN_FEATURE_PHONE = re.compile(r"(我|俺)(的|用的|这)?(手机)?(是|就是|只有|只有个|用的是)(个)?(老人机|老年机)")
CHANNEL_ASKED = re.compile(r"支付宝|微信|APP|app|小程序")
CAN = re.compile(r"可以|行|能|成|中")
ONLY_CARD = re.compile(r"只有(一张)?(实体)?(社保卡|医保卡|卡)|就(一张|只有)(社保卡|医保卡)")
AWAY = re.compile(r"外地|打工|不在家|不在身边|过年才|回不来|没回来|不回来")
FREE_ASKED = re.compile(r"要不要钱|要钱(吗|不|么)|收不收(钱|费)|收钱(吗|不|么)|收费(吗|不|么)|"
                        r"花钱(吗|不|么)|免费(吗|不|么)")
CHILD = re.compile(r"孩子|小孩|儿子|女儿|闺女|宝宝|娃|孙子|孙女|外孙")
CHILD_OWN = re.compile(r"(自己|本身|也)(有|交了|交的|办了|参了)(医保|居民|少儿)|(是|交的)(居民|少儿)(医保)?|"
                       r"能(不能)?用(孩子|小孩|娃)的")
ON_MY_PHONE = re.compile(r"(我)?手机(上|里)?.{0,6}(怎么|咋|如何)(弄|出来|加|绑|添加|显示|调出)|"
                         r"(怎么|咋|如何)(弄|加|绑|添加|调)(到|进)?(我)?(手机|我这)")
CHILD_ALONE = re.compile(r"(自己|他自己|她自己|单独)(能|可以|会)?(刷|用|扫|付)")
NEWBORN = re.compile(r"(\d|一|两|三|四|五|六|七|八|九|十|几)个月|刚出生|新生儿|刚生|满月")
WAIT_OR_TODAY = re.compile(r"(多久|多长时间|几天|要等).{0,12}|今天.{0,8}(医院|看病|用医保)|没绑上|绑不上")
PAID_BACK = re.compile(r"(补|报|要|退)回来|(以后|之后|后面|回头|事后)(能|可以|还能)?(报|报销|补报)|能(不能)?报销")
RECEIPT_ONLY = re.compile(r"小票")
ENOUGH = re.compile(r"够|行|可以|能报|能用|管用|算数|有用")
CLAIM_WHERE = re.compile(r"(去|到|在)(哪|哪里|哪儿)(报|报销|交|办)|(哪|哪里|哪儿)(报|报销)|社区.{0,4}(报|可以|行|能)")
CLAIM_TOPIC = {"utter_claim_papers", "utter_claim_self_paid", "utter_receipt_not_invoice", "utter_claim_by_relative"}
RARE_CHAR = re.compile(r"生僻字|异体字|那个字|这个字|字的(问题|原因)|问号|显示不出")
CARD_TOO = re.compile(r"社保卡|医保卡|卡上")
CODE_MEANING = re.compile(r"什么意思|啥意思|是啥|是什么|怎么回事|咋回事|咋办|怎么办|咋整|报错|提示|显示|代码|错误")

PLAIN = re.compile(r"说简单|简单点|简单说|说人话|听不懂|看不懂|没听懂|没看懂|太复杂|说白了|大白话|通俗")
PLAIN_CAUSES = {"not_activated", "status_abnormal", "insufficient_balance", "over_limit", "region_mismatch",
                "pin_locked", "info_mismatch", "network_timeout", "institution_system_error"}
SHOWN = re.compile(r"扫|给|刷|出示|还是")
ADMISSION = re.compile(r"住院的时候|入院|办住院|住院(手续|登记)")
PROCEDURE = re.compile(r"手续|流程|怎么办理|(要|得)办(啥|什么)|办(啥|什么)(手续|东西)")
BEIAN_ANSWERS = {"utter_code_elsewhere", "utter_beian_needed", "utter_inpatient_elsewhere"}
CHILD_FACE = re.compile(r"(刷|扫)(他|她|孩子|小孩|娃|宝宝)?(的)?脸")
DOCUMENTS = re.compile(r"带(啥|什么|哪些)|(啥|什么|哪些)(材料|证件|东西)")
WHY_SHORT = re.compile(r"(怎么|咋|为啥|为什么|凭啥)(会)?(不够|没钱|没了)")
MISMATCH = {"utter_mismatch_short", "utter_mismatch_not_yet", "utter_mismatch_online"}
STATUS_CAUSE = "status_abnormal"


def error_code_of(tracker: Tracker) -> Optional[str]:
    """The error code the message names (the entity pipeline's `error_code`), else None."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "error_code":
            code = normalise_error_code(str(entity.get("value") or ""))
            if code:
                return code
    return None


def not_sent_yet(short: str) -> bool:
    """「我还没发 他说不发就冻结」: nothing was given to the scammer (what the caller knew is round 21's)."""
    return bool(NOT_SENT.search(short)) and not GAVE.search(short) and not KNEW.search(short)


def round24_first(short: str, tracker: Tracker, near: Optional[Set[str]] = None) -> Optional[List[str]]:
    """Questions that name their own topic, which an earlier round's wider cue would take for
    another (a stuck payment for the how-to, a rider for a scam, a hall for the family text)."""
    near = topics_near(tracker) if near is None else near
    if "scam" in near and not_sent_yet(short):
        return ["utter_scam_not_sent"]  # 「我还没发 他说不发就冻结」 (round 24's re-grade: the theft steps)
    if PENDING.search(short) and re.search(r"扣|付|扫|钱", short):
        return ["utter_payment_pending"]
    if RIDER.search(short) and SHOW_CODE.search(short):
        return ["utter_delivery_rider"]
    if DELIVERY_FEE.search(short):
        return ["utter_delivery_fee"]
    if FIELDS.search(short) and MEANING.search(short):
        return ["utter_invoice_fields"]
    if ACCOUNT_ZERO.search(short):
        return ["utter_invoice_account_zero"]
    if INVOICE.search(short) and WHERE_FIND.search(short) and not RECEIPT_ONLY.search(short):
        return ["utter_e_invoice_where"]
    if DEPOSIT.search(short) and re.search(r"医保|码|账户|卡", short):
        return ["utter_inpatient_deposit"]
    if CLONE.search(short) and re.search(r"微信|医保码|码|领|激活", short):
        return ["utter_clone_app"]
    if TABLET.search(short):
        return ["utter_tablet_code"]
    if DECEASED.search(short) and re.search(FAMILY_WORDS, short) and re.search(r"医保|账户|钱|余额|码|卡", short):
        return ["utter_deceased_account"]
    if INHERIT.search(short) and (wrote(tracker, DECEASED) or "继承" in short):
        return ["utter_deceased_account"]
    if ONLINE_CARE.search(short) and re.search(r"医保|微信支付|只有|只能|自费", short):
        return ["utter_online_care_pay"]
    if HALL.search(short) and WRITING.search(short):
        return ["utter_hall_writing"]
    if HALL.search(short) and ACCOMPANY.search(short):
        return ["utter_hall_accompany"]
    if READ_DIGITS.search(short) and re.search(r"刷脸|验证|激活|认证|人脸", short):
        return ["utter_face_check_other_ways"]  # 「刷脸的时候让我念一串数字 我说话别人听不清」
    if NO_CALL.search(short):
        return ["utter_text_support"]
    adding = bool(re.search(r"绑|加|添加|亲情", short)) or "family" in near
    if CHILD_FACE.search(short) and adding and "激活" not in short and wrote(tracker, NEWBORN):
        return ["utter_child_no_face"]  # 「是不是太小了还要刷他的脸」 (round 24's re-grade: 16+ first)
    if OWN_FEATURE_PHONE.search(short):
        return ["utter_channels_none_left"]  # 「我手机是老人机 …咋整」 in the activation (round 24: the family text)
    carer_before = CAN_BIND.search(short) and wrote(tracker, CARER)
    if (CARER.search(short) and CAN_BIND.search(short)) or (
            carer_before and "utter_family_not_kin" not in said_this_session(tracker)):
        return ["utter_family_not_kin"]
    if (OWNER_NAME.search(short) or SHARED_ACCOUNT.search(short)) and not NOT_SPOUSE.search(short):
        # 「我们俩用的一个支付宝」 right after it: how to get one's own, not the same text again
        return ["utter_own_code_own_account" if "utter_code_account_owner" in said_this_session(tracker)
                else "utter_code_account_owner"]
    return round25_first(short, tracker, near)


# A first message that tells its situation at length: judged by its whole text.
STORY_ANSWERS = {"utter_payment_pending", "utter_online_care_pay", "utter_inpatient_deposit", "utter_deceased_account",
                 "utter_code_account_owner", "utter_face_check_other_ways", "utter_clone_app", *STORY_25}


def round24_story(text: str, tracker: Tracker) -> Optional[List[str]]:
    """「刚在药房扫医保码 手机上一直转圈显示支付中 …我怕扣两次钱」: what the whole story is about."""
    answer = round24_first(re.sub(r"\W", "", text), tracker)
    return answer if answer and set(answer) <= STORY_ANSWERS else None


def round24_question(short: str, said: Set[str], tracker: Tracker) -> Optional[List[str]]:
    """Follow-ups that only make sense after what was said before in this conversation."""
    earlier = said_this_session(tracker)
    near = topics_near(tracker)
    cause = tracker.get_slot("diagnosed_cause")
    form = tracker.active_loop_name
    if "utter_online_care_pay" in earlier and re.search(r"线上|网上|在线", short) and CAN.search(short):
        return ["utter_code_online_where"]
    if "utter_invoice_fields" in earlier | said or "utter_invoice_account_zero" in earlier:
        if CHANGE_AFTER.search(short):
            return ["utter_invoice_change"]
    if DISCHARGE.search(short) and BY_OTHER.search(short):
        return ["utter_discharge_by_other"]
    if DISCHARGE.search(short) and DIRECT_OR_CLAIM.search(short):
        return ["utter_discharge_direct"]
    stay_named = "住院" in "".join(user_texts(tracker))
    # (「…要去广州住院 异地就医备案在哪弄」 asks where to register: recent.py's answer)
    if "备案" not in short and (STAY_AWAY.search(short) or (stay_named and re.search(r"外地|异地|外省|老家", short))) \
            and re.search(r"区别|不一样|影响|能不能|可以|能报|咋报|怎么报|有啥|注意", short):
        return ["utter_inpatient_elsewhere"]
    if GAP.search(short):
        return ["utter_contribution_gap"]
    status = cause == STATUS_CAUSE or "status" in near or any("status" in name for name in earlier)
    if "utter_status_retired" in earlier and DOCUMENTS.search(short):
        return ["utter_status_retired_documents"]
    if cause == "insufficient_balance" and WHY_SHORT.search(short):
        return ["utter_why_balance_low"]  # 「就几十块钱的药 怎么会不够」: how the account fills and empties
    if "utter_status_retired" in earlier and RETIRED_WAIT.search(short):
        return ["utter_status_retired_wait"]
    if status and RETIRED.search(short):
        return ["utter_status_retired"]
    if status and NEW_ENROLLEE.search(short) and not user_token(tracker):  # signed in: the records (recent)
        return ["utter_status_new_enrollee"]
    if "utter_code_account_owner" in earlier:
        if DELETE_HIS.search(short) and not MONEY_GONE.search(short):
            return ["utter_others_code_keep"]
        if MONEY_GONE.search(short):
            return ["utter_unbind_money_safe"]
        if OWN_CODE.search(short):
            return ["utter_own_code_own_account"]
    if MONEY_GONE.search(short) and re.search(r"删|解绑|移除", short):
        return ["utter_unbind_money_safe"]
    pin = form == "pin_reset_form" or cause == "pin_locked" or "pin" in near
    if NO_FACE.search(short) or READ_DIGITS.search(short):
        return ["utter_pin_reset_no_face" if pin and not READ_DIGITS.search(short) else "utter_face_check_other_ways"]
    if "utter_clone_app" in earlier and MAIN_APP.search(short):
        return ["utter_clone_app_main"]
    if UNBIND_RELATIVE.search(short):
        return ["utter_family_unbind"]
    feature_phone = wrote(tracker, FEATURE_PHONE)
    if feature_phone and CHANNEL_ASKED.search(short) and CAN.search(short):
        return ["utter_feature_phone_channel"]
    if feature_phone and ONLY_CARD.search(short):
        return ["utter_card_at_counter"]
    if feature_phone and AWAY.search(short) and len(short) <= 24:
        return ["utter_no_smartphone_meanwhile"]
    if FREE_ASKED.search(short) and (HALL.search(short) or form == "activation_form" or feature_phone):
        return ["utter_hall_free"]
    child = bool(CHILD.search(short)) or wrote(tracker, CHILD)
    if child and NEWBORN.search(short) and (re.search(r"绑|加|添加|失败", "".join(user_texts(tracker)))):
        return ["utter_newborn_bind"]
    if "utter_newborn_bind" in earlier and WAIT_OR_TODAY.search(short):
        return ["utter_newborn_meanwhile"]
    if CHILD.search(short) and CHILD_OWN.search(short) and not re.search(r"挪|转给|给我用|共济", short):
        return ["utter_child_own_insurance"]
    if child and ON_MY_PHONE.search(short):
        return ["utter_family_bind_how"]
    if child and CHILD_ALONE.search(short) and wrote(tracker, re.compile(r"没(有)?手机|没手机")):
        return ["utter_child_no_phone"]
    if PAID_BACK.search(short) and "补缴" not in short and said_in_text(tracker, "自费"):
        return ["utter_claim_self_paid"]  # 「她问以后能不能把今天这钱补回来」 after 「先自费」
    if cause in PLAIN_CAUSES and PLAIN.search(short) and len(short) <= 16:
        return [f"utter_plain_{cause}"]  # 「能不能说简单点」 after a diagnosis (round 23's re-grade)
    if ADMISSION.search(short) and re.search(r"医保码|社保卡|医保卡", short) and SHOWN.search(short):
        return ["utter_admission_register"]
    if PROCEDURE.search(short) and earlier & BEIAN_ANSWERS:
        return ["utter_beian_where_short", "utter_beian_documents_short"]  # 「要办什么手续」 after 异地就医
    if RECEIPT_ONLY.search(short) and ENOUGH.search(short):
        return ["utter_receipt_not_invoice"]
    if CLAIM_WHERE.search(short) and (earlier & CLAIM_TOPIC or "claim" in near or "报" in short):
        return ["utter_claim_where"]
    if (cause == "info_mismatch" or "mismatch" in near or earlier & MISMATCH) and RARE_CHAR.search(short):
        return ["utter_rare_character_card" if CARD_TOO.search(short) else "utter_rare_character"]
    if "utter_rare_character" in earlier and CARD_TOO.search(short):
        return ["utter_rare_character_card"]
    return round25_question(short, said, tracker)


def error_code_answer(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """「手机上显示 E1002 什么意思」: the code named, and no official table to read it by; the
    response's kwargs, else None (signed in, the person's records answer instead)."""
    code = error_code_of(tracker)
    text = tracker.latest_message.get("text") or ""
    if code and CODE_MEANING.search(text) and not user_token(tracker):
        return {"response": "utter_error_code_unknown", "error_code": code}
    return None


LINE_OR_STAFF = {"utter_text_support", "utter_hall_writing", "utter_hall_accompany"}


def verification_misread(tracker: Tracker) -> Optional[List[str]]:
    """A question about the face check (「有没有眨眼摇头那种验证」) or about phoning and staff that
    reads as a phone sign-in: its answer, else None."""
    short = re.sub(r"\W", "", tracker.latest_message.get("text") or "")
    if NO_FACE.search(short) or READ_DIGITS.search(short):
        return ["utter_face_check_other_ways"]
    first = round24_first(short, tracker)
    return first if first and set(first) & LINE_OR_STAFF else None
