"""Trial round 20's last leftovers and round 22's follow-ups (docs/dialogue-trials.md), each
answered for the topic in view: whether a payment went through and an order's status, whom to
ask when the hospital and the bureau point at each other, a timeout after changing the network,
the PIN's rules inside the reset, a relative's empty account and the family's money in hospital,
Shenzhen's 二档 in the family, an old 参保 record beside the real one, one channel's code
removed, online pharmacies, the hotline's busy hours, the WeChat menu without 「医疗健康」, the
bound phone number when the wallet is opened, a scam victim asking to freeze, another phone."""
from __future__ import annotations

import re
from itertools import islice
from typing import List, Optional, Set

from rasa_sdk import Tracker

from actions.aspects import SCAM_ANSWERS, TOPICS, topics_of
from actions.common import answer_turns, faq_given, said_in_text, said_this_session, user_token
from bot.nlu.topics import fears_double_charge, tries_other_phone

LOOK_BACK = 3  # answers searched for the topic in view (one 「已经查过了」 must not lose it)
FAMILY = dict(TOPICS)["family"] | dict(TOPICS)["mutual_aid"]
REGION = dict(TOPICS)["region"]

# 「我刚才在药店付了钱 不知道付成功没有」「到底扣没扣钱」「怎么看有没有扣钱」 (round 20: no failure
# found, then the network steps; the follow-up got the elderly FAQ): whether it went through.
PAID_OR_NOT = re.compile(
    r"(付|扣|交|缴|结算|支付|刷)(款|费|钱)?(成功|上|掉|出去|过去|好)了?(没有|没|吗|么|否)|"
    r"(付|扣|交|缴|结算|支付)(款|费|钱)?了(没有|没|吗|么)|"
    r"(付|扣|交|支付|结算)没(有)?(付|扣|交|支付|结算)|"
    r"(付|扣|交|缴|支付)(上|成|掉|走)(钱|款|费)(了)?(没有|没|吗|么)|"
    r"有没有(付|扣|交|支付|结算)(成功|上|掉|钱|款|到)|"
    r"(成|成功)没(有)?成功?|到底(成|成功)(了)?(没|吗)")
NOT_THIS = re.compile(r"两次|两笔|重复|多扣|扣多|怎么(付|交|支付)|能不能|可不可以|能(付|刷|用)")
# 「缴费页面写着 订单状态：异常」 (round 22: the credential's 未参保/暂停 text): the order's state, not the code's
ORDER_STATE = re.compile(r"订单(状态)?[:：]?.{0,3}(异常|失败|待支付|已撤销|撤销)|结算(状态)?[:：]?.{0,2}(异常|失败)")
# 「那 结算失败 又是什么意思」
MEANING = re.compile(r"什么意思|啥意思|是指|指的是|咋回事|怎么回事|意思是")
# 「医院窗口说让我问医保，医保说问医院，到底找谁」 (round 22: the usual causes)
WHO_TO_FIND = re.compile(r"(到底|该|要|应该|究竟)(去)?找(谁|哪)|推来推去|踢皮球|互相推|"
                         r"(问|找)(医保|医院).{0,10}(问|找)(医院|医保)")
# 「换了wifi还是超时」 after the network steps (round 22: 「刚才已经帮您查过了」)
TRIED_STILL = re.compile(r"(换|连|开|关|重启|刷新|试|切)(了|过).{0,8}(还是|也|仍然|依然|又)|"
                         r"还是(超时|转圈|不行|一样)")
WEAK_SPOT = re.compile(r"地下|负一|B1|b1|电梯|角落|信号(就|只有|才)?(一格|两格|很差|不好|弱)|没(什么)?信号")
# 「会不会重复扣钱啊，我刷了三次」 after a timeout (round 22: 「帮不上忙」)
CHARGED_AGAIN = re.compile(r"重复扣|扣(了)?(好)?(几|两|三|多)(次|遍|笔|回)|多扣|刷了(好)?(几|两|三|多|好几)(次|遍|回)")
# 「新密码有啥要求吗 能用生日吗」 inside the reset (round 22: the reset's summary)
PIN_RULES = re.compile(r"要求|规定|规则|生日|身份证(号)?后|手机(号)?后|简单|连号|重复|123456|几位|"
                       r"设成|设置成|设什么|设啥")
# 「他自己账户里没钱了怎么办」 about a relative (round 22: the person's own records, then the network)
RELATIVE = re.compile(r"他|她|我爸|我妈|老人|孩子|儿子|女儿|老伴|老婆|老公|爸|妈|家人")
EMPTY = re.compile(r"没钱|没有钱|没余额|余额不(足|够)|钱不够|不够(用|付)|花完|用完|是0|为0|没了")
# 「那她要怎么弄才能用我的钱」 (round 22: the 亲情账户, whose money is hers)
MY_MONEY = re.compile(r"(用|花|使|刷|扣)(我|俺)(的)?(钱|账户|个人账户|医保|卡)|(我|俺)的(钱|账户|个人账户)")
HOW = re.compile(r"怎么|咋|如何|才能|能不能|可以吗|能吗")
HOSPITAL_STAY = re.compile(r"住院")
CAN = re.compile(r"能|可以|行|吗|么|不")
# 「他在深圳交的是二档」 after the family text (round 22: how to pay)
TIER_TWO = re.compile(r"二档|少儿(医保)?")
# 「我现在在广州上班」 after two 参保地 (round 22: how to pay)
WORKS_THERE = re.compile(r"(在|到)(这边|那边)?.{0,4}(上班|工作|交(医保|社保)|缴(医保|社保)|打工)|单位在")
# 「武汉那个能删掉吗」「不删会不会影响我用」 (round 22: the 解绑 FAQ; 「没太明白」)
DELETE = re.compile(r"删|去掉|注销|清掉|取消掉|销掉")
KEEP_IT = re.compile(r"不删|留着|放着|不管|不注销|不去掉|挂着|一直(挂|在)")
AFFECT = re.compile(r"影响|有事|有问题|要紧|有关系|碍事")
# 「我之前在支付宝和微信都弄了医保码，现在想把支付宝那个取消掉」 (round 22: how to pay by Alipay)
CHANNEL = re.compile(r"支付宝|微信|APP|app|银行")
DROP_CHANNEL = re.compile(r"(取消|解绑|删|移除|去掉|不要|注销|关掉)(掉)?")
# 「我在京东大药房网上买药能用医保码付吗」「那美团买药呢」 (round 22: how to pay at the till; 「卡在哪」)
ONLINE_PHARMACY = re.compile(r"(网上|线上|外卖|京东|美团|饿了么|淘宝|天猫|拼多多|叮当|网购|网店|送药上门|app上|APP上)"
                             r".{0,10}(买药|购药|药房|药店|买|下单)|(买药|购药).{0,4}(网上|线上|外卖|平台)")
# 「几点打人好接」「打了好几次都占线」 after the hotline (round 22: 「帮不上忙」; the hotline FAQ again)
BUSY_LINE = re.compile(r"占线|打不通|没人接|一直忙|老是忙|排队|打了(好)?(几|多)(次|遍|回)")
CALLING = re.compile(r"占线|打|通")
WHEN_CALL = re.compile(r"(几点|什么时候|啥时候|哪个时间|什么时间|时间段).{0,6}(打|接|人少|好打|打得通|通)")
# 「我点了我→服务，没看到医疗健康啊」 (round 22: 「帮不上忙」)
ENTRY_MISSING = re.compile(r"(没看到|没有|找不到|没找到|看不到|没看见|不见).{0,6}(医疗健康|医保电子凭证|医疗)|"
                           r"(医疗健康|医保电子凭证).{0,6}(没有|找不到|没看到|不见|没找到)")
# 「手机号要填哪个，我有两个号」 while the wallet is opened (round 22: a changed number)
WHICH_NUMBER = re.compile(r"(手机号|号码|电话).{0,6}(填哪|用哪|选哪|哪个)|两个(手机)?号|(填|用)哪个(手机)?号")
# 「医保那边能冻结一下吗」 after a scam (round 22: the credential's statuses)
FREEZE = re.compile(r"冻结|锁住|锁上|停用|暂停|挂失|封(掉|上|一下)")


# 「还是不行的话 今天的药怎么拿」
TODAY_MEDICINE = re.compile(r"(今天|现在|这会儿|马上|眼下)的?药.{0,3}(怎么|咋|如何|去哪)(拿|买|开|办)|"
                            r"药(怎么|咋)(拿|买)(啊|呢|呀)?$")


def channel_dropped(text: str) -> bool:
    """「现在想把支付宝那个取消掉」: one channel's code to be removed (not how to pay with it)."""
    short = re.sub(r"\s", "", text)
    return (bool(CHANNEL.search(short) and DROP_CHANNEL.search(short))
            and bool(re.search(r"医保码|凭证|那个|这个|里的", short))
            and not re.search(r"(以后|之后|后).{0,6}(还能|能不能|还可以|能用)", short))


# 「上礼拜…那笔扣了没有」 names another payment than the newest: the list answers it (actions.charges).
EARLIER_ONE = re.compile(r"上(个)?(礼拜|星期|周|月|次|回)|昨天|前天|前几天|几天前|那天|那笔")


def paid_or_not_asked(text: str) -> bool:
    """Whether the newest payment went through (not an earlier one named, nor a double charge)."""
    short = re.sub(r"\s", "", text)
    return (bool(PAID_OR_NOT.search(short)) and not NOT_THIS.search(short) and not EARLIER_ONE.search(short)
            and not fears_double_charge(text))


def topics_near(tracker: Tracker) -> Set[str]:
    """The topics of the last few answers of this session."""
    return {topic for turn in islice(answer_turns(tracker), LOOK_BACK) for topic in topics_of(turn)}


def round22_question(short: str, said: Set[str], tracker: Tracker) -> Optional[List[str]]:
    earlier = said_this_session(tracker)
    near = topics_near(tracker)
    cause = tracker.get_slot("diagnosed_cause")
    if "结算失败" in short and MEANING.search(short):
        return ["utter_settlement_failed_meaning"]
    if ORDER_STATE.search(short):
        return ["utter_order_state_abnormal"]
    if "定点" in short and MEANING.search(short):
        return ["utter_designated_meaning"]  # 「定点药店是啥意思」 (round 22: which pharmacies, again)
    if not user_token(tracker) and paid_or_not_asked(short):
        return ["utter_paid_or_not_general"]  # signed in, the records answer (actions.charges)
    if WHO_TO_FIND.search(short) and re.search(r"医院|医保|药店|窗口", short):
        return ["utter_who_to_ask_payment"]
    network = "network" in near or cause == "network_timeout"
    if network and CHARGED_AGAIN.search(short):
        return ["utter_network_no_double"]
    if network and TRIED_STILL.search(short):
        return ["utter_network_fine_still"]
    if network and WEAK_SPOT.search(short):
        return ["utter_network_weak_spot"]
    if PIN_RULES.search(short) and "密码" in short and (
            "pin" in near or tracker.active_loop_name == "pin_reset_form" or cause == "pin_locked"):
        return ["utter_pin_new_rules"]
    family = bool(earlier & FAMILY) or bool(near & {"family", "mutual_aid"})
    if family and RELATIVE.search(short) and EMPTY.search(short):
        return ["utter_relative_account_empty"]
    if family and MY_MONEY.search(short) and HOW.search(short):
        # asked again how, right after the short answer: where it is opened
        again = "utter_family_mutual_aid_short" in said
        return ["utter_mutual_aid_where" if again else "utter_family_mutual_aid_short"]
    if family and HOSPITAL_STAY.search(short) and CAN.search(short):
        return ["utter_mutual_aid_inpatient"]
    if family and TIER_TWO.search(short):
        return ["utter_chc_info"]
    region = "region" in near or bool(earlier & REGION)
    if region and AFFECT.search(short) and (KEEP_IT.search(short) or DELETE.search(short)):
        return ["utter_region_old_record_harmless"]
    if region and DELETE.search(short) and not CHANNEL.search(short):
        return ["utter_region_old_record_delete"]
    if region and WORKS_THERE.search(short) and len(short) <= 16:
        return ["utter_region_pick_where_paid"]
    if channel_dropped(short) and "utter_unbind_one_channel" not in earlier:
        return ["utter_unbind_one_channel"]
    if TODAY_MEDICINE.search(short):
        return ["utter_pay_now_generic"]  # 「还是不行的话 今天的药怎么拿」 (round 22: a re-check)
    if ONLINE_PHARMACY.search(short) and not re.search(r"限额|激活|余额不足", short):
        # (a screen's cause named, 「京东健康…提示超出单笔支付限额」: the records say it, round 30)
        return ["utter_online_pharmacy"]
    hotline = faq_given(earlier, "hotline") or "12393" in short
    if (BUSY_LINE.search(short) or WHEN_CALL.search(short)) and (
            hotline or "电话" in short
            # 12393 given inside another answer (a ticket's text; round 22's re-grade: the hotline FAQ again)
            or (CALLING.search(short) and said_in_text(tracker, "12393"))):
        return ["utter_hotline_busy"]
    if ENTRY_MISSING.search(short):
        return ["utter_channel_entry_missing"]
    if WHICH_NUMBER.search(short) and ("wallet" in near or "钱包" in short):
        return ["utter_wallet_phone_which"]
    if earlier & SCAM_ANSWERS and FREEZE.search(short) and CAN.search(short):
        return ["utter_scam_freeze"]
    if tries_other_phone(short):  # (round 22: the sign-in; bot.nlu.guard reads it as a follow-up)
        return ["utter_other_phone_login"]
    return None
