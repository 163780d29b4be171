"""Trial round 21's follow-ups (docs/dialogue-trials.md), each answered for the topic in view:
a wallet transfer not yet accepted, who counts as close kin and the per-transfer cap, a code
claimed in a relative's account, a new enrollee who cannot activate yet, a 港澳 resident's office,
a fix done and the code, a scam caller who knew the name, the PIN reset at the till, a hospital
system down, a changed phone number, pharmacies without the wallet, the card beside the code."""
from __future__ import annotations

import re
from typing import List, Optional, Set

from rasa_sdk import Tracker

from actions.aspects import SCAM_ANSWERS, TOPICS
from actions.common import said_this_session

WALLET = dict(TOPICS)["wallet"]
STATUS_OR_MISMATCH = dict(TOPICS)["status"] | dict(TOPICS)["mismatch"]
PIN = dict(TOPICS)["pin"]

# 「人工窗口那边能刷吗」 is the hospital's staffed till, not a request for a human agent.
COUNTER = re.compile(r"(人工|收费|缴费|挂号|结算)(的)?(窗口|柜台|收银台|收银)|收银台")
CAN_USE = re.compile(r"能|可以|刷得了|扫得了|吗|不")
# 「她一直不收的话钱会退回来吗」「那我让我妈赶紧点接收就行了是吧」
NOT_ACCEPTED = re.compile(r"(不|没|没有)(点)?(收|接收|点收|领)|不点")
COMES_BACK = re.compile(r"退(回|还|给)?|回来|返还|原路")
ACCEPT = re.compile(r"接收|点收|收下|收了|点一下收")
CONFIRMS = re.compile(r"是吧|对吧|就行|就可以|就好|吗|了吧|对不对")
# 「医保钱包能给我表哥转钱吗」: not close kin. 「那给我亲哥呢 要转3000」: kin, over one transfer's cap.
NOT_KIN = re.compile(r"表(哥|姐|弟|妹|兄)|堂(哥|姐|弟|妹|兄)|朋友|同事|同学|邻居")
SIBLING = re.compile(r"亲(哥|姐|弟|妹)|(哥|姐|弟|妹)(哥|姐|弟|妹)?(呢|行|能|可以)|兄弟|姐妹")
OVER_CAP = re.compile(r"(?<!\d)([3-9]\d{3}|\d{5,})(?!\d)|[三四五六七八九]千|[一二两几]万")
PENDING = re.compile(r"待接收|未接收|没接收|还没收")
BLOCKED = re.compile(r"不让|不能|转不了|转不出|发不了|提示")
ACROSS = re.compile(r"跨省|跨市|外省|外地|不在一个(省|市|地方)")
HOW_MANY = re.compile(r"(几次|几笔|多少次|多少笔|能转几)")
TRANSFER = re.compile(r"转")
# 「那要咋解绑」 after 「提示已被其他账号领取」
UNBIND_HOW = re.compile(r"(咋|怎么|如何|在哪|哪里)(样)?(解绑|解除|移除|取消绑定)|解绑.{0,3}(咋|怎么|如何)")
CLAIMED_ELSEWHERE = re.compile(r"(其他|其它|别的|另一个)(账号|帐号|微信|支付宝)|已被.{0,6}领取|被(别人|人)领")
# A new enrollee whose data is not on the platform yet (「刚入职…提示未查询到参保信息」).
NEW_ENROLLEE = re.compile(r"刚(入职|参保|交|开始交|上班|工作)|新(公司|单位)|(这个月|上个月)才|才开始交|"
                          r"未查询到参保|查不到参保")
WAIT_HOW_LONG = re.compile(r"(多久|多长时间|几天|啥时候|什么时候|要等).{0,8}(激活|能用|查到|查得到|同步|好)")
MEANWHILE = re.compile(r"(这几天|这两天|现在|眼下|最近|明天|今天|这段时间|激活之前).{0,14}"
                       r"(看|去|拿药|买药|咋办|怎么办|咋整)")
WHO_TO_ASK = re.compile(r"找谁|问谁|找哪|去哪问|哪个部门|找什么部门")
# 「那得去哪里弄」 after the 港澳 residents' activation answer
WHERE_TO_GO = re.compile(r"(去|到|在)?哪(里|儿|个地方|个)?(弄|办|去|激活)|去哪|在哪|周末|星期[六天日]|礼拜")
# 「弄好了以后医保码还要重新激活吗」 after a paused insurance or an identity correction
REACTIVATE = re.compile(r"(要|还要|需要|得|用不用|要不要)(重新|再)(激活|领取|领|申领)|重新激活")
# 「我没给他 不过他知道我名字和身份证号」 after a scam warning
KNOWS_ME = re.compile(r"(知道|说得出|报出|说出|叫得出)(了)?(我的?)?(全名|名字|姓名|身份证)|"
                      r"(名字|姓名|身份证号?).{0,6}(都|全)?(知道|说得出|报得出|说对)")
POLICE = re.compile(r"报警|报案|派出所|110")
# 「那重置的时候要刷脸吗 我在店里能弄不」
FACE = re.compile(r"刷脸|人脸")
HERE_NOW = re.compile(r"(店里|这里|这儿|在这|当场|现在|马上|药店|医院)(就)?(能|可以)?(弄|办|改|重置|操作)|"
                      r"要(不要)?刷脸|刷脸吗")
# 「那我在支付宝付款的时候输哪个密码」「重置完支付宝那边是不是也跟着变」: one PIN for every channel.
PIN_WHICH = re.compile(r"(输|用|填)哪个(密码)?|哪个密码")
PIN_FOLLOWS = re.compile(r"(那边|那里|这边|里面|上面|里的).{0,4}(是不是|会不会)?(也)?(跟着|一起)(变|改|换)|"
                         r"(也|都)跟着(变|改|换)")
# A hospital's system down: how long, and its pharmacy.
SYSTEM_DOWN = {"utter_diag_institution_system_error", "utter_generic_system_failure", "utter_system_failure_pay_now"}
HOW_LONG = re.compile(r"(多久|多长时间|啥时候|什么时候|几点|要等).{0,6}(好|恢复|修好|能用|正常|能刷)")
HOSPITAL_PHARMACY = re.compile(r"药房|拿药|取药")
AFFECTED = re.compile(r"影响|能用|能刷|一样|也不行|也用不了")
# A changed phone number: the carrier's shop, and the code afterwards.
CARRIER = re.compile(r"营业厅|运营商|移动公司|联通|电信")
CODE_AFTER_CHANGE = re.compile(r"(改|换)(完|好|了).{0,12}(医保码|码).{0,8}(能|还能|照常|正常|用|影响)")
PHONE_TOPIC = re.compile(r"手机号|换号|号码|验证码")
# Pharmacies and the wallet: why another one can, and which ones can.
OTHER_PLACE_CAN = re.compile(r"(为啥|为什么|咋|怎么)(人家)?.{0,4}(别的|其他|其它|另外|那家|隔壁)(的)?"
                             r"(药店|医院|店|药房).{0,4}(可以|能|行)")
WHICH_ACCEPT = re.compile(r"(哪些|哪家|哪几家|哪里|哪儿).{0,6}(药店|医院|店|药房)?.{0,6}(接|能用|支持|可以用)|"
                          r"怎么知道.{0,10}(接|支持|能用)")
# 「那我有实体社保卡了 还用得着这个码吗」 (round 20: the code's introduction again)
CARD_THEN_CODE = re.compile(r"(实体|社保卡|医保卡).{0,12}(还|也)?(用得着|需要|要|得)(用)?(这个|那个)?(医保)?码|"
                            r"有(了)?(实体)?(社保卡|医保卡|实体卡).{0,8}(还|也)(用得着|需要|要|得)")


def counter_window(text: str) -> Optional[List[str]]:
    """「人工窗口那边能刷吗」: can the staffed till take the code (not a handoff; round 21: a ticket)."""
    # (a cashier's own payment code named is round 33's: never that)
    if (COUNTER.search(text) and CAN_USE.search(text) and not re.search(r"转人工|人工客服|客服", text)
            and not re.search(r"收款码|(她|他)(自己|个人)的?(微信|支付宝|码)", text)):
        return ["utter_counter_window_scan"]
    return None


def card_then_code(text: str) -> Optional[List[str]]:
    """「那我有实体社保卡了 还用得着这个码吗」 (round 20: the code's introduction again)."""
    return ["utter_card_and_code_both"] if CARD_THEN_CODE.search(text) else None


def session_story(tracker: Tracker) -> str:
    """What the person wrote this session, joined (the cues below look for the story told)."""
    texts = []
    for event in tracker.events:
        if event.get("event") == "session_started":
            texts = []
        elif event.get("event") == "user":
            texts.append(event.get("text") or "")
    return " ".join(texts)


def wallet_transfer_question(short: str, story: str) -> Optional[List[str]]:
    """A wallet transfer told this session (`story`, session_story): not accepted, kin or not,
    the cap, how many a day."""
    if not TRANSFER.search(story):
        return None
    if PENDING.search(short) and BLOCKED.search(short):
        return ["utter_wallet_transfer_unaccepted"]  # 「提示有待接收的转账 不让转」 (round 21: the wallet text)
    if ACROSS.search(short) and TRANSFER.search(short):
        return ["utter_wallet_transfer_yes"]  # 「他在河南我在浙江 跨省能转吗」 (round 21: the 参保地 switch)
    if NOT_ACCEPTED.search(short) and COMES_BACK.search(short):
        return ["utter_wallet_transfer_unaccepted"]  # 「她一直不收的话钱会退回来吗」 (round 21: the refund FAQ)
    if ACCEPT.search(short) and CONFIRMS.search(short) and not NOT_ACCEPTED.search(short):
        return ["utter_wallet_accept_unblocks"]  # 「那我让我妈赶紧点接收就行了是吧」
    if NOT_KIN.search(short):
        return ["utter_wallet_transfer_not_kin"]  # 「医保钱包能给我表哥转钱吗」 (round 21: 「能转」)
    if SIBLING.search(short) or OVER_CAP.search(short):
        return ["utter_wallet_transfer_split"]  # 「那给我亲哥呢 要转3000」
    if HOW_MANY.search(short):
        return ["utter_wallet_transfer_limits"]  # 「那一天能转几次」 (round 21: 「帮不上忙」)
    return None


def round21_question(short: str, said: Set[str], tracker: Tracker) -> Optional[List[str]]:
    earlier = said_this_session(tracker)
    story = session_story(tracker)
    cause = tracker.get_slot("diagnosed_cause")
    wallet = bool(earlier & WALLET) or "钱包" in story
    transfer = wallet_transfer_question(short, story) if wallet else None
    if transfer:
        return transfer
    if wallet and OTHER_PLACE_CAN.search(short):
        return ["utter_wallet_integration_varies"]  # 「那为啥别的药店可以」 (round 21: 「没太明白」)
    if wallet and WHICH_ACCEPT.search(short):
        return ["utter_wallet_where_accepted"]  # 「我怎么知道哪些药店接了钱包」
    till = counter_window(short)
    if till:
        return till  # 「人工收费窗口那边能扫码吗」 (round 21: a ticket, then how to pay)
    if UNBIND_HOW.search(short) and CLAIMED_ELSEWHERE.search(story):
        return ["utter_unbind_for_relative"]  # 「那要咋解绑」 (round 21: 「没太明白」)
    if NEW_ENROLLEE.search(story):
        if WAIT_HOW_LONG.search(short):
            return ["utter_activation_new_enrollee_wait"]  # 「一般要等多久才能激活」 (round 21: 「几分钟」)
        if WHO_TO_ASK.search(short):
            return ["utter_activation_who_to_ask"]  # 「要是过了一个月还是激活不了找谁」
        if MEANWHILE.search(short):
            return ["utter_activation_meanwhile"]  # 「这几天我要去看牙 咋办」
    if "utter_activation_foreign_id" in earlier and WHERE_TO_GO.search(short):
        return ["utter_activation_foreign_id_where"]  # 「那得去哪里弄」 (round 21: 「手机上就能办」)
    if REACTIVATE.search(short) and (earlier & STATUS_OR_MISMATCH
                                     or cause in ("status_abnormal", "info_mismatch")):
        return ["utter_no_reactivation_after_fix"]  # 「弄好了以后医保码还要重新激活吗」 (rounds 20-21)
    if earlier & SCAM_ANSWERS:
        if KNOWS_ME.search(short):
            return ["utter_scam_info_known"]  # 「他知道我名字和身份证号」 (round 21: the mismatch text)
        if POLICE.search(short) and "utter_scam_police" not in said:
            return ["utter_scam_police"]  # 「要不要去报警」 (round 21: 「没太明白」)
    pin = bool(earlier & PIN) or cause == "pin_locked" or tracker.active_loop_name == "pin_reset_form"
    if (pin or "密码" in short) and (PIN_WHICH.search(short) or PIN_FOLLOWS.search(short)):
        return ["utter_pin_one_for_all"]  # round 21: the PIN's check again, then how to pay
    if pin and FACE.search(short) and HERE_NOW.search(short):
        return ["utter_pin_reset_face_here"]  # 「那重置的时候要刷脸吗 我在店里能弄不」
    if earlier & SYSTEM_DOWN or cause == "institution_system_error":
        if HOW_LONG.search(short):
            return ["utter_system_failure_how_long"]  # 「一般要等多久能好」 (round 21: 「帮不上忙」)
        if HOSPITAL_PHARMACY.search(short) and AFFECTED.search(short):
            return ["utter_system_hospital_pharmacy"]  # 「药房那边拿药也受影响吗」
    if PHONE_TOPIC.search(story):
        if CARRIER.search(short):
            return ["utter_phone_change_not_carrier"]  # 「营业厅能帮我改吗」 (round 21: 「帮不上忙」)
        if CODE_AFTER_CHANGE.search(short):
            return ["utter_code_after_phone_change"]  # 「改完以后微信里的医保码还能照常用吗」
    return None
