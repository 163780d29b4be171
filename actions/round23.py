"""Round 22's re-grade leftovers and trial round 23's follow-ups (docs/dialogue-trials.md), each
answered for the topic in view: what to do until a record is corrected and whether to pay first,
the wallet's 使用地, the rest of a payment by another way after a shortfall, where the region
switch is done and what if it still fails, how many wrong PINs lock it; and round 23's: a
student's own code and the place it shows, scanning tips at a machine, reinstalling, small clinics
that only take the card, the card left at home, a paused insurance that is not theft and a
contribution not yet synced, complaints about a pharmacy, switching back, limits per payment or
per day, whose face in a reset, another person's code. (The hotline busy after 12393 was named in
any answer is round 22's rule, widened.)"""
from __future__ import annotations

import re
from typing import List, Optional, Set

from rasa_sdk import Tracker

from actions.common import faq_given, last_problem_intent, said_this_session
from actions.round22 import WORKS_THERE, topics_near

# Causes whose fix is a correction at the 经办机构 or in the APP, which takes days.
SLOW_FIX_CAUSES = {"info_mismatch", "status_abnormal", "region_mismatch", "not_activated"}
# 「改好之前看病怎么办」 after an identity mismatch (round 22's re-grade: the no-smartphone FAQ)
MEANWHILE = re.compile(r"(改|修|弄|处理|更正|解决|办|好|恢复|同步)(好|完)?(之前|以前|前)|这(段|几天|期间)|"
                       r"在这之前|还没(改|弄|好|办)|等(的)?(这|那)(几天|段)")
NEEDS_CARE = re.compile(r"看病|买药|拿药|开药|付(钱|款|费)|结算|就医|住院|怎么办|咋办|咋整|怎么弄")
# 「那我先自己垫钱可以吗」 (round 22's re-grade: the mismatch text again)
SELF_PAY_FIRST = re.compile(r"先(自己)?(垫|掏|自费|出钱|付钱)|垫付|自己(先)?(垫|掏钱|出钱)|自费(先|行|可以)")
ASKS_OK = re.compile(r"可以|行|能|吗|么|吧|不|成")
# 「那剩下的刷银行卡可以吧」「那我直接微信付剩下的行吧」 after a shortfall (round 22's re-grade: 「还有
# 其他需要帮忙的吗」, and how to pay with WeChat)
REST = re.compile(r"剩下|剩余|余下|其余|差额|差的|差多少|不够的|多出来的|超出的|超了的|补上|补齐|补足")
OTHER_WAY = re.compile(r"银行卡|储蓄卡|信用卡|微信|支付宝|现金|自费|自己(付|掏|出)|刷卡|扫码")
SHORTFALL_CAUSES = {"insufficient_balance", "over_limit"}
# Inside the region switch: 「在哪个页面改」 (round 22's re-grade: the put-off text) and 「改了以后还是
# 付不了怎么办」 (the form's 「还没办完」)
WHERE_DONE = re.compile(r"(哪个|哪|什么|啥)(个)?(页面|地方|界面|入口|菜单|位置).{0,2}(改|切|换|弄|操作|点)|"
                        r"在哪(里|儿)?(改|切|换|弄|操作|点)|(去|到)哪(里|儿)?(改|切|换|弄)")
AFTER_STILL = re.compile(r"(改|切|换|弄)(了|完|好)(以后|之后|后|了)?.{0,6}(还是|还|又|仍然|依然)?.{0,2}"
                         r"(付不了|不行|用不了|不能用|失败|没用|刷不了|结算不了)")
# 「输错几次会锁啊」 (round 22's re-grade: no count stated)
LOCK_COUNT = re.compile(r"(输|错|试)(错)?(?<!好)(几|多少)(次|回|遍)(会|就|才|能)?(锁|冻|吗|啊|呢|\?|？|$)|"
                        r"(?<!好)(几|多少)(次|回|遍)(就|会|才|要){1,2}(被)?(锁|冻)")

# 「切换在哪个页面啊」 names the verb first
WHERE_DONE_AFTER = re.compile(r"(切换|修改|改|换)(参保地)?.{0,3}在(哪个|哪|什么|啥)(个)?(页面|地方|界面|里|儿|位置)")
# 「切换要收钱吗 会不会要重新设密码」 (round 23: the activation fee FAQ)
FEE = re.compile(r"收钱|收费|要钱|花钱|费用|免费")
# 「切错了的话还能切回来吗」 (round 23: the refund FAQ)
SWITCH_BACK = re.compile(r"切(回来|回去|错)|换(回来|回去)|改(回来|回去)|选错")
# 「是不是被人盗用了 所以给我冻了」 after a paused insurance (round 23: the theft alarm)
THEFT_FEARED = re.compile(r"盗用|盗刷|被人用|被(人)?冒用|冻(了|结)|封了|黑了")
# 「今年的钱我交了的啊」「那大概要多久才能恢复」 after a paused insurance (round 23: out of scope)
PAID_ALREADY = re.compile(r"(交|缴)(了|过|好了)|(交|缴)的(啊|呀|嘛)?$|已经(交|缴)")
EMPLOYER = re.compile(r"公司|单位|工作|老板|人事")  # a new employer paying: utter_status_new_employer
HOW_LONG = re.compile(r"多久|多长时间|几天|什么时候|啥时候|要等")
# 「大一新生…我自己能弄医保码吗 要不要爸妈」 (round 23: out of scope)
STUDENT = re.compile(r"大学生|大一|大二|大三|大四|新生|学生|研究生|学校(统一)?(交|缴)")
OWN_CODE = re.compile(r"(自己|本人).{0,6}(弄|激活|开通|领|申请|办)|(要不要|需要|得)(爸妈|父母|家长|爸|妈)")
PARENTS_NEEDED = re.compile(r"(要不要|需要|得|用不用)(爸妈|父母|家长)")
# 「激活以后码上显示的是湖南还是武汉」 (round 23: the activation's channel question)
# (「显示的参保地还是广州」 says 「still」: a failure told, not a question)
SHOWS_WHICH = re.compile(r"(显示|码上|页面上)(的)?(会)?是.{1,6}还是.{1,6}$|会显示.{1,6}还是.{1,6}$|"
                         r"(显示|算)(的是)?(哪|哪里|哪个地方|哪个城市)")
# a failure told (「码上还是长沙 深圳医院用不了」) is the diagnosis's, not a question about the code's place
FAILED = re.compile(r"用不了|付不了|失败|不能用|刷不了|结算不了|报错|被拒")
# 「寒假回家在县医院能刷吗」 (round 23: out of scope)
HOME_VISIT = re.compile(r"(回家|回老家|回去|放假|寒假|暑假|过年).{0,10}"
                        r"(医院|药店|诊所|卫生院|看病|买药).{0,4}(能|可以|行)")
# 「大厅办的话要带什么东西 我没法陪她去 我姨陪她」 (round 23: 「没明白」)
HALL = re.compile(r"大厅|经办|窗口|柜台|医保局|社保局")
DOCUMENTS = re.compile(r"带(什么|啥|哪些)|(什么|啥|哪些)(东西|材料|证件)|要带")
ACCOMPANY = re.compile(r"陪|代办|代她|代他|替她|替他|帮她去|帮他去|让.{1,4}去")
# 「是不是要把手机亮度调高」 after a machine would not scan (round 23: the fee FAQ)
SCAN_TIPS = re.compile(r"亮度|调亮|太暗|反光|贴膜|对不准|对准|离远|离近|屏幕(裂|碎|花)")
SCAN_TOPIC = re.compile(r"扫|自助机|机器|二维码")
# 「刷新是点哪里 我用的微信」 (round 23: refused)
REFRESH_WHERE = re.compile(r"刷新.{0,4}(点|在|按)(哪|什么|啥)|(怎么|咋|如何)刷新")
# 「卸载了重装的话 我的医保码和密码还在不在」 (round 23: the PIN reset started)
REINSTALL = re.compile(r"卸载|重装|重新(下载|安装|装)|删(了|掉)(app|APP|软件)")
STILL_THERE = re.compile(r"还在|还有|没了|丢|会不会(没|丢|清)|要(不要)?重新|保留|清空")
# 「老手机上那个还能用吗 要不要解绑」 after a new phone (round 23: the old-phone device text)
OLD_PHONE = re.compile(r"(老|旧|以前的|原来的)手机(上|里)?")
OLD_PHONE_ASKS = re.compile(r"还能用|能不能用|要不要解绑|解绑|退出|安全|会不会")
# 「她在学校医务室看病能刷吗」「村卫生室能用医保码吗」 (round 23: the 参保地 text; the pharmacies FAQ)
SMALL_CLINIC = re.compile(r"医务室|校医院|卫生室|卫生所|卫生院|诊所|村医|门诊部")
CAN_USE_CODE = re.compile(r"(能|可以|行)(不能)?(刷|用|扫|付)|(刷|用)得了|能不能(刷|用|扫)|应该(可以|能|行)|"
                          r"(刷|用|扫)(医保)?(码|卡)?(吗|吧|不)$|(可以|能|行)(吧|吗)$")
# 「村医说他们那只能刷实体卡 手机不行」 (round 23: 「可以」)
ONLY_CARD = re.compile(r"只能(刷|用)(实体)?(卡|社保卡|医保卡)|(不能|不让|不支持)(扫|用|刷)(医保)?码|手机(码)?不行")
# 「实体卡放家里了 忘带了 那今天咋整」 (round 23: out of scope)
CARD_LEFT = re.compile(r"(卡|社保卡|医保卡).{0,6}(没带|忘带|忘了带|放家|落家|在家里|丢家)|"
                       r"(没带|忘带|忘了带)(实体)?(卡|社保卡|医保卡)")
# 「怀疑药店多刷了 能投诉吗」 (round 23: 「没明白」)
COMPLAIN = re.compile(r"投诉|举报|告(他|它|药店|医院)|反映")
# 「限额是每天的还是每次的 啥时候重置」 (round 23: 「已经查过了」)
LIMIT_KIND = re.compile(r"(每|按|一|单)(天|日|次|笔)(的)?.{0,6}(还是|或者).{0,4}(每|按|一|单)(天|日|次|笔)|"
                        r"(啥|什么)时候(重置|清零|恢复|刷新|重新算)|(重置|清零|恢复|重新算).{0,4}(时间|几点)")
# 「明天再来买剩下的就行了是吧」 after a limit (round 23: goodbye)
COME_BACK = re.compile(r"(明天|改天|下次|过两天|晚点|下午)(再)?(来|去)?(买|付|拿|交|刷)")
# 「重置要刷脸 是刷她的脸还是我的」 (round 23: the form's summary)
WHOSE_FACE = re.compile(r"(刷|是).{0,3}的脸还是|刷(她|他|我|谁)的脸|谁来刷|刷谁|谁的脸")
# 「她在老家 我在上海 我远程能帮她弄吗」 inside the reset (round 23: the family text)
REMOTE = re.compile(r"远程|不在身边|不在一起|隔得远|在老家|异地|视频|电话里")
# 「改好以前能不能先用我老婆的码付」 (round 23: the family text)
OTHERS_CODE = re.compile(r"(用|拿|借)(我)?(老婆|老公|媳妇|爱人|爸|妈|儿子|女儿|家人|别人|朋友|同事|他|她)(的)"
                         r"(医保)?(码|医保码|卡|医保卡|社保卡)")
# 「我爸他自己的医保能不能用 他的码绑在我这了」 (round 30: 「不能…冒用」 to a son buying his father's insulin)
FOR_THEM = re.compile(r"(他|她|爸|妈|老人)(他|她)?自己的|绑在我|给(他|她|我爸|我妈|老人|爸|妈)(买|拿|开)")
# 「她那个码付钱是扣谁的钱 扣我的还是她的」 after the family text (round 23: how to pay by WeChat)
WHOSE_MONEY = re.compile(r"扣谁|谁的钱|从谁|扣我的还是|我的还是(她|他)的|(她|他)的还是我的|"
                         r"从我(的)?(账户|这|卡)(里)?扣")
# 「我爸妈能看到我去医院的记录吗」 (round 23: the family text)
SEES_RECORDS = re.compile(r"(能|会|可以)(看到|看见|查到|知道).{0,8}(记录|看病|去医院|买药|病)")
PARENTS = re.compile(r"爸|妈|父母|家长|家里人|家人|老公|老婆|单位|公司")
# 「那她去药店拿药不用码 带身份证行不行」 (round 23: how to pay, twice)
ID_INSTEAD = re.compile(r"(带|用|拿|刷)身份证.{0,4}(行|可以|能)|"
                        r"身份证.{0,4}(能|可以|行)(不能)?(看病|拿药|买药|结算|刷|用)")
# 「医保那部分退到哪里 个人账户吗」 after the refund answer (round 23: the same answer)
REFUND_WHERE = re.compile(r"退(到|回|去)(哪|哪里|哪儿|什么地方)|退(到|回)(个人)?账户|个人账户吗")
# 「别人偷拍了我的码 能拿去刷吗」 (round 23: 「没有更具体的说明」)
PHOTO_OF_CODE = re.compile(r"(偷拍|拍了|拍下|截了|截图|拍照|照片).{0,8}(码)?.{0,8}(能|会|可以)?(拿去)?(刷|用|付|盗)")
# 「村医说他们那系统没毛病 别人都能刷」 after the place's system was found (round 23: the clinics' text)
OTHERS_CAN = re.compile(r"(别人|其他人|人家|别的人)(都|也)?(能|可以)(刷|用|付)|(系统|机器)(没毛病|没问题|好好的|正常)")
# 「你刚才说的第一条啥意思 我没看懂」 after the usual causes (round 23: 「没明白」)
WHICH_POINT = re.compile(r"第(一|二|三|四|五|六|七|八|九|1|2|3|4|5|6|7|8|9)(条|个|点|种|项)")

# 「大概多久能到账」 after where a refund goes (round 23's re-grade: the account's monthly credit)
ARRIVAL = re.compile(r"(多久|几天|多长时间|什么时候|啥时候).{0,4}(到账|到|退回|退到|回来)")
# 「药店扫我医保码的时候 他们能看到我什么信息？会看到我得过什么病吗」 (round 23's re-grade: the security text)
SEES_WHAT = re.compile(r"(能|会|可以)?(看到|看见|知道)(我)?(的)?(什么|哪些|啥)(信息|东西|内容)?|"
                       r"(看到|看见|知道)我(得过|的)(什么|啥)?病|病(历|史).{0,4}(看到|看见|泄露)")

# 「我连的是药店的wifi」 after a timeout (round 23: 「已经查过了」)
SHOP_WIFI = re.compile(r"(wifi|WiFi|WIFI|Wi-Fi|无线|热点|网络)", re.IGNORECASE)
SHOP = re.compile(r"药店|医院|店里|他们的|人家的|公共|免费")
# 「会不会是我手机太老了」 after the place's system was found (round 23: 「没明白」)
PHONE_BLAMED = re.compile(r"手机.{0,4}(太老|老了|太旧|旧了|不行|有问题|的问题)|(我|我的)手机的问题")

# 「开医保钱包让选使用地 选哪个」 (round 22's re-grade: the whole wallet text, no 「选杭州」)
USE_PLACE = re.compile(r"使用地|使用城市|(选|填)(哪个|哪|什么|啥)(地方|城市|地区)")
USE_PLACE_ANSWERS = {"utter_wallet_use_place", "utter_wallet_use_place_city"}


def wallet_use_place(text: str) -> bool:
    """The wallet's 使用地 asked about (which place to pick)."""
    return bool(USE_PLACE.search(re.sub(r"\s", "", text)))


def round23_question(short: str, said: Set[str], tracker: Tracker) -> Optional[List[str]]:
    earlier = said_this_session(tracker)
    cause = tracker.get_slot("diagnosed_cause")
    form = tracker.active_loop_name
    near = topics_near(tracker)
    slow_fix = cause in SLOW_FIX_CAUSES or bool(near & {"mismatch", "status"})
    # a paused insurance has its own answer for today (utter_today_status_abnormal, actions.recent)
    correction = cause == "info_mismatch" or "mismatch" in near
    if slow_fix and SELF_PAY_FIRST.search(short) and ASKS_OK.search(short):
        return ["utter_self_pay_first_ok"]
    if correction and MEANWHILE.search(short) and NEEDS_CARE.search(short):
        return ["utter_meanwhile_until_fixed"]
    shortfall = (cause in SHORTFALL_CAUSES or "limit" in near
                 or any("insufficient_balance" in name for name in earlier))
    if shortfall and REST.search(short) and OTHER_WAY.search(short) and not re.search(r"没(带|有)", short):
        # after a low balance (not a limit): the account pays what it has, the rest is self-paid
        low = cause == "insufficient_balance" or any("insufficient_balance" in name for name in earlier)
        return ["utter_rest_after_balance" if low and cause != "over_limit" else "utter_rest_other_way"]
    if earlier & USE_PLACE_ANSWERS and WORKS_THERE.search(short):
        return ["utter_wallet_use_place_elsewhere"]  # 「我人在上海上班呢」 (round 22's re-grade: out of scope)
    if form == "region_switch_form" and (WHERE_DONE.search(short) or WHERE_DONE_AFTER.search(short)):
        return ["utter_region_switch_where"]  # its 「在下面选出…」 holds only while the question waits
    if (form == "region_switch_form" or cause == "region_mismatch") and AFTER_STILL.search(short):
        return ["utter_region_after_switch_still"]
    if form == "region_switch_form" or cause == "region_mismatch" or "region" in near:
        if FEE.search(short) and "密码" in short:
            return ["utter_region_switch_free_pin"]
        if SWITCH_BACK.search(short):
            return ["utter_region_switch_back"]
    status = cause == "status_abnormal" or "status" in near
    if status and THEFT_FEARED.search(short):
        return ["utter_status_not_theft"]
    if status and PAID_ALREADY.search(short) and len(short) <= 24 and not EMPLOYER.search(short):
        return ["utter_status_paid_not_synced"]
    if status and HOW_LONG.search(short) and re.search(r"恢复|好|能用|生效|同步", short):
        return ["utter_status_resume_time"]
    if "family" in near or "mutual_aid" in near:
        if WHOSE_MONEY.search(short):
            return ["utter_family_whose_money"]
    if SEES_RECORDS.search(short) and PARENTS.search(short):
        return ["utter_records_private"]
    if ID_INSTEAD.search(short):
        return ["utter_id_card_instead"]
    if REFUND_WHERE.search(short) and (faq_given(earlier, "refund") or "退" in short):
        return ["utter_refund_to_account"]
    if PHOTO_OF_CODE.search(short) and "码" in short:
        return ["utter_code_photo_useless"]
    if (cause == "institution_system_error" or "institution_found" in near) and OTHERS_CAN.search(short):
        return ["utter_institution_others_can"]
    if (STUDENT.search(short) and OWN_CODE.search(short)) or PARENTS_NEEDED.search(short):
        return ["utter_student_own_code"]
    if SHOWS_WHICH.search(short) and earlier and not FAILED.search(short):
        return ["utter_code_shows_insured_place"]
    if HOME_VISIT.search(short):
        return ["utter_code_elsewhere"]
    if HALL.search(short) and DOCUMENTS.search(short) and ACCOMPANY.search(short):
        return ["utter_hall_documents_relative"]
    if SCAN_TIPS.search(short) and (SCAN_TOPIC.search(short) or "institution" in near or "causes" in near
                                    or last_problem_intent(tracker) in ("system_failure", "cannot_show_code")):
        return ["utter_scan_tips"]
    if REFRESH_WHERE.search(short):
        return ["utter_refresh_where"]
    if REINSTALL.search(short) and STILL_THERE.search(short):
        return ["utter_reinstall_keeps"]
    if OLD_PHONE.search(short) and OLD_PHONE_ASKS.search(short) and not re.search(r"太老|老了|系统|版本|型号", short):
        return ["utter_old_phone_code"]
    if SMALL_CLINIC.search(short) and ONLY_CARD.search(short):
        return ["utter_only_card_there"]
    if SMALL_CLINIC.search(short) and CAN_USE_CODE.search(short) and len(short) <= 24:
        # asked again of another place (「镇卫生院应该可以吧」): not the same text twice
        return ["utter_small_clinic_ask_first" if "utter_small_clinic_code" in earlier else "utter_small_clinic_code"]
    if CARD_LEFT.search(short) and not re.search(r"付不了|用不了|失败|打不开|不能用", short):
        return ["utter_card_forgotten"]
    if COMPLAIN.search(short) and re.search(r"药店|医院|诊所|多刷|多扣|乱扣|乱收", short):
        return ["utter_complain_overcharge"]
    limit = cause == "over_limit" or "limit" in near
    if LIMIT_KIND.search(short) and (limit or "限额" in short or "额度" in short):
        return ["utter_limit_kinds"]
    if limit and COME_BACK.search(short):
        return ["utter_limit_come_back"]
    pin = form == "pin_reset_form" or cause == "pin_locked" or "pin" in near
    if pin and REMOTE.search(short) and re.search(r"帮|弄|办|教|操作", short):
        return ["utter_family_pin_reset_remote"]
    if (OTHERS_CODE.search(short) and re.search(r"付|刷|用|看病|买药|结算", short)
            and not FOR_THEM.search(short)):
        return ["utter_no_others_code"]
    if ("network" in near or cause == "network_timeout") and SHOP_WIFI.search(short) and SHOP.search(short):
        return ["utter_network_shop_wifi"]
    if (cause == "institution_system_error" or "institution_found" in near) and PHONE_BLAMED.search(short):
        return ["utter_institution_not_phone"]
    if LOCK_COUNT.search(short) and ("密码" in short or "锁" in short or "pin" in near
                                     or form == "pin_reset_form" or cause == "pin_locked"):
        return ["utter_pin_lock_count"]
    return None


# 「帮我看看我的医保码有没有问题」 signed in (round 23: 「没明白」): the person's records.
OWN_CHECK = re.compile(r"(帮我|给我|你)(看看|看一下|查查|查一下|查下|瞧瞧).{0,4}(医保码|码|医保|凭证|账户)"
                       r".{0,8}(有没有问题|有问题没|有啥问题|正不正常|正常不|能不能用|能用不|好不好使|怎么样)")


def asks_own_check(text: str) -> bool:
    return bool(OWN_CHECK.search(re.sub(r"\s", "", text)))


def round23_first(short: str, tracker: Tracker, near: Optional[Set[str]] = None) -> Optional[List[str]]:
    """Narrow questions an earlier round's cue would take for a wider one: whose face in a reset
    (「刷脸」 reads as the face-check tips), a point of the usual causes not understood."""
    near = topics_near(tracker) if near is None else near
    pin = (tracker.active_loop_name == "pin_reset_form" or tracker.get_slot("diagnosed_cause") == "pin_locked"
           or "pin" in near)
    if pin and WHOSE_FACE.search(short):
        return ["utter_pin_face_whose"]  # 「是刷她的脸还是我的」 (round 23: 「您本人」, which is whom?)
    if "causes" in near and WHICH_POINT.search(short) and len(short) <= 20:
        return ["utter_causes_plain"]  # 「你刚才说的第一条啥意思」 (round 23: 「没明白」)
    if "utter_refund_to_account" in said_this_session(tracker) and ARRIVAL.search(short):
        return ["utter_refund_arrival"]  # 「大概多久能到账」 (round 23's re-grade: the monthly credit)
    if SEES_WHAT.search(short) and re.search(r"药店|医院|诊所|收银|扫", short):
        return ["utter_pharmacy_sees"]  # 「药店扫码能看到我什么信息」 (round 23's re-grade: the security text)
    return None


def before_scam_warning(tracker: Tracker) -> Optional[List[str]]:
    """「是不是被人盗用了 所以给我冻了」 after a paused insurance: the status, not the theft steps;
    and round23_first's questions (read as security questions, which answer them no better)."""
    short = re.sub(r"\s", "", tracker.latest_message.get("text") or "")
    near = topics_near(tracker)
    status = tracker.get_slot("diagnosed_cause") == "status_abnormal" or "status" in near
    if status and THEFT_FEARED.search(short) and len(short) <= 32:
        return ["utter_status_not_theft"]
    # (imported here: actions.round24 sits beside this module, not below it)
    from actions.round24 import round24_first

    return round23_first(short, tracker, near) or round24_first(short, tracker, near)


def scan_still(tracker: Tracker, said: Set[str]) -> Optional[List[str]]:
    """「调了 还是不行」 right after the scanning tips: the staffed till or the card."""
    return ["utter_scan_still_counter"] if "utter_scan_tips" in said else None
