"""Trial round 26's follow-ups (docs/dialogue-trials.md), each answered for the topic in view: the
code that keeps changing, a smart watch, what a pharmacy sees, fees, mobile data and a code opened
early, how many channels, a closed bank account, one PIN everywhere, paying without the PIN, a
changed phone number or name, a renewed ID card, the APP failing on a new system, big fonts and
speaking instead of typing, a cashier helping, a new job's personal account, whether the account is
cleared or can be cashed, how many may bind one relative, other ways without signal, the code where
the wallet is refused, transfers (the amount, the night, in-laws), a limit tomorrow. round25 calls
these cues at the end of its own (this module imports nothing of it)."""
from __future__ import annotations

import re
from typing import List, Optional, Set

from rasa_sdk import Tracker

from actions.common import said_this_session, wrote
from actions.round22 import topics_near
from actions.round27 import round27_first, round27_priority, round27_question
from bot.nlu.topics import SEES_RECORDS

CODE = re.compile(r"医保码|码|二维码")
URGENT_MEDS = re.compile(r"(药|今天).{0,8}(急着|等着)(吃|用).{0,6}(咋办|怎么办|咋整|怎么弄)")
CODE_CHANGES = re.compile(r"(一直|老是|总是|怎么)(在)?变|每次(打开|出来|点开)?都不一样|中(了)?病毒")
WATCH = re.compile(r"手表|手环")
SEES_HISTORY = re.compile(r"(看|查)(得)?(到|见|得到).{0,8}(病|病历|病史|看过|就诊|买过)")
SCANNER = re.compile(r"药店|医院|收银|扫(我)?(的)?(医保)?码|他们|店员")
SEES_BALANCE = re.compile(r"(余额|剩多少|还剩|多少钱|卡里).{0,10}(看得到|看到|看得见|知道)|"
                          r"(他们|药店|收银|店员).{0,6}(看得到|看到|看得见|知道).{0,6}(余额|多少钱|剩)")
FEE = re.compile(r"手续费|服务费|多收(钱|费|了)?|加收|额外收|收费吗|要钱吗")
NO_DATA = re.compile(r"没(有)?(流量|网|信号)(了)?.{0,6}(出码|出得来|能用|还能|能出|打开)")
DATA_USE = re.compile(r"(用|费|耗|要|花)(多少)?流量|流量(多|大|少|贵)")
OPEN_EARLY = re.compile(r"(提前|先).{0,8}(打开|开好|弄出来|调出来|点开)(了)?.{0,12}(再|然后|等会)"
                        r".{0,8}(扫|刷|付)")
HOW_MANY_CHANNELS = re.compile(r"(几|多少)个(地方|渠道|平台|app|APP|软件)(领|激活|绑|用|开)|"
                               r"最多(能)?在(几|多少)个(地方|渠道)")
BANK = re.compile(r"银行|建行|工行|农行|中行|交行|招行|邮储|卡")
CLOSED = re.compile(r"销户|注销|销卡|不用了")
CODE_GONE = re.compile(r"(医保码|凭证|码).{0,4}(会不会|会|也)?.{0,2}(没了|失效|作废|不能用|用不了)")
WHY = re.compile(r"为啥|为什么|凭啥|干嘛")
SAME = re.compile(r"一样|同一个|一个密码|统一")
PIN_TOPIC = {"utter_pin_one_for_all", "utter_pin_changes_everywhere", "utter_pin_why_same"}
ALSO_CHANGES = re.compile(r"(也|都)(跟着)?(变|改)|跟着(变|改)")
PIN_EVERYWHERE = re.compile(r"(改|重置|换)(了)?(个)?(新)?密码.{0,12}(也|都)(跟着)?(变|改|一样)|"
                            r"密码.{0,4}(通用|共用)(吗|不|么)")
NO_PIN = re.compile(r"(不输|免输|不用输|不要输|免)密码|免密")
PHONE_CHANGED = re.compile(r"换(了)?(手机)?号|手机号(换|改|变|停)|号码(换|改)|收不到(验证码|短信)")
OLD_GONE = re.compile(r"(老|旧|原来)(的|那个)?(号|手机号|号码|手机卡).{0,6}(注销|停机|找不回|不用了|没了|销号)|"
                      r"找不回来")
WHERE_CHANGE = re.compile(r"(去哪|在哪|哪里|哪儿)(改|换|弄)|要带(啥|什么)|带(啥|什么)")
REACTIVATE = re.compile(r"(重新|再)(激活|弄|领)")
NAME_CHANGED = re.compile(r"改(了|过)?名|名字改|改名字|更名")
NOT_SYNCED = re.compile(r"(没|不)(跟着|一起|同步)(变|改|过来)?|为(啥|什么).{0,6}(没变|没改|还是)")
HOW_LONG = re.compile(r"多久|多长时间|几天|什么时候|啥时候")
SYNC_WORD = re.compile(r"同步|生效|改好|改过来|变过来|更新")
NEW_ID_SAME_NUMBER = re.compile(r"(号码|号|身份证号)(没|没有|也没)变.{0,8}(换|新)|"
                                r"(换|新).{0,6}(证|身份证).{0,8}(号码|号)(没|没有)变")
APP_SELF = re.compile(r"(app|APP|网上|手机上|线上|自己).{0,6}(能|可以)?.{0,2}(改|更新|修改)")
MODEL = re.compile(r"华为|荣耀|小米|红米|oppo|vivo|苹果|iphone|三星|魅族|一加|mate|nova|p\d0", re.IGNORECASE)
REPAIRED = re.compile(r"(多久|多长时间|什么时候|啥时候|几天).{0,4}(修好|能用|好|恢复)|"
                      r"(修好|好).{0,4}(要|得)(多久|几天)")
APP_TOPIC = {"utter_app_troubleshoot", "utter_app_troubleshoot_after", "utter_app_old_phone", "utter_app_next_step",
             "utter_app_pay_today", "utter_app_device_model"}
FIND_IT = re.compile(r"找不到|在哪(调|开|设置|弄)?|哪里(调|开|设置)|咋调|怎么调|没找到|调不了")
VOICE = re.compile(r"(说话|语音|讲话|念)(操作|说|发|输入|跟你)|打字(慢|难|不会|费劲)|不会打字|眼花.{0,4}打字")
STAFF_HELP = re.compile(r"手机(给|交给|递给)(药店的人|店员|收银|收银员|护士|医生|工作人员|他|她)"
                        r".{0,10}(帮|点|弄|操作)|"
                        r"让(店员|收银员|收银的|药店的人|工作人员).{0,4}帮(我)?(点|弄|操作|扫|付)")
# in person at the till (a caller asking for it is a scam: actions.scam)
STAFF_PIN = re.compile(r"(收银|店员|药店|小妹|护士|医生|工作人员|服务员).{0,12}(把)?密码(告诉|给|说给|报给)|"
                       r"密码(告诉|给|报给)(店员|收银)")
WAS_RESIDENT = re.compile(r"(之前|以前|原来|本来).{0,8}(灵活就业|居民医保|自己交|个人交|新农合)")
EMPLOYEE_ACCOUNT = re.compile(r"职工(医保)?.{0,10}个人账户|个人账户.{0,10}职工|(换成|变成|转成|改成)职工.{0,10}账户")
ACCOUNT_WHEN = re.compile(r"个人账户.{0,8}(什么时候|啥时候|多久|几号|哪天).{0,4}(到|有|划|进|打)")
ACCOUNT = re.compile(r"个人账户|账户里|医保卡里|卡里的钱|医保里的钱|医保的钱")
CLEARED = re.compile(r"清零|作废|过期|年底|到期")
WALLET_MONEY = re.compile(r"钱包(里)?的钱|钱包里")
CASH = re.compile(r"取(出来)?(现金|现|成现金)|提现|套现|取出来|取钱")
ACCOUNT_TOPIC = {"utter_account_no_reset", "utter_wallet_no_expiry", "utter_account_no_cash",
                 "utter_employee_personal_account", "utter_account_credit_time"}
BINDERS = re.compile(r"(被|让)(几|多少)(个)?人绑|能被.{0,4}(几|多少)(个)?人(绑|添加|加)")
SIBLINGS_BIND = re.compile(r"(兄妹|姐妹|兄弟|姐弟|三个|3个|几个人).{0,20}绑.{0,24}(绑不上|加不上|绑不了|失败|不行)")
NEXT_MONTH = re.compile(r"下(个)?月")
# what a scam message or caller says: the scam's answers come from the earlier rounds and actions.scam
LURE = re.compile(r"链接|短信|网址|点进|点击|来电|打电话|验证码|二维码领|加微信")
RAISE_FOR_ME = re.compile(r"(你们|你|帮我|给我).{0,3}(调|提|改|放)(高|大|宽)")
OTHER_WAYS = re.compile(r"(别的|其他|其它|另外的?)(办法|法子|方法|招|路子)|还有(啥|什么|没有)(别的)?(办法|法子)")
USE_CODE = re.compile(r"(换成|改成|改用|换|用)医保码(付|支付|结算|刷)?.{0,4}(行|可以|能|中)")
TRANSFER_AMOUNT = re.compile(r"(一次|每次|一笔|每笔)(最多)?(能)?转(多少|几)")
NIGHT = re.compile(r"晚上(十|10|十一|11|十二|12)点|夜里|半夜|凌晨|(22|23)(点|:)")
TRANSFER_FAIL = re.compile(r"转.{0,10}(不出去|不了|失败|不过去|转不)")
IN_LAWS = re.compile(r"丈母娘|岳母|岳父|老丈人|公公|婆婆|女婿|儿媳|(老婆|媳妇|爱人|老公)(她|他)?的?(妈|爸)")
AGAIN_LATER = re.compile(r"(明天|改天|下次|过两天|后天)再(去|来)?.{0,3}(还)?(能|可以)(刷|付|用).{0,2}(吗|不|么|没|$)")


def asks_in_laws_transfer(text: str) -> bool:
    """「我能给丈母娘转吗」: the wallet's transfer to a spouse's parent (近亲属 or not varies)."""
    return bool(IN_LAWS.search(text)) and "转" in text


def round26_first(short: str, tracker: Tracker, near: Optional[Set[str]] = None) -> Optional[List[str]]:
    """Questions that name their own topic."""
    if URGENT_MEDS.search(short):
        return ["utter_meds_cannot_wait"]  # 「那我今天这个药急着吃 咋办」 (round 26: 「帮不上忙」)
    if CODE_CHANGES.search(short) and CODE.search(short):
        return ["utter_code_dynamic"]  # 「医保码怎么一直在变 是不是中病毒了」 (round 26: network steps)
    if WATCH.search(short) and CODE.search(short):
        return ["utter_code_on_watch"]
    if SEES_HISTORY.search(short) and SCANNER.search(short):
        return ["utter_scan_privacy"]  # (round 26: the screenshot text)
    if LURE.search(short):
        return None  # 「短信说个人账户余额可以提现 点链接…」 is a scam (the warning), whatever else it names
    if (FEE.search(short) and re.search(r"医保码|扫码|刷码|医保", short)
            and not re.search(r"激活费|升级费|转账|补缴|补交|年限", short)):  # an agent's top-up fee: actions.round31
        return ["utter_no_fee"]  # 「用医保码付款 药店会不会多收手续费」 (round 26: the scam alarm)
    if NO_DATA.search(short):
        return ["utter_code_needs_network"]
    if DATA_USE.search(short) and CODE.search(short):
        return ["utter_code_data_use"]
    if OPEN_EARLY.search(short):
        return ["utter_code_open_early"]
    if HOW_MANY_CHANNELS.search(short):
        return ["utter_channels_how_many"]
    if BANK.search(short) and CLOSED.search(short) and CODE_GONE.search(short):
        return ["utter_bank_closed_code"]
    if PIN_EVERYWHERE.search(short) and not re.search(r"在哪|哪里|哪儿|怎么改|咋改", short):  # those: the path too
        return ["utter_pin_changes_everywhere"]  # 「在支付宝改了密码 微信里的也跟着变？」 (round 26: steps)
    if NO_PIN.search(short) and re.search(r"付|刷|支付|结算", short):
        return ["utter_no_password_free"]
    if STAFF_PIN.search(short):
        return ["utter_pin_staff_never"]  # 「收银的小妹说让我把密码告诉她」 (round 26: the phone-scam text)
    if STAFF_HELP.search(short):
        return ["utter_staff_help_scan"]
    if VOICE.search(short):
        return ["utter_voice_input"]  # 「能不能说话操作 我打字慢」 (round 26: a ticket opened)
    if EMPLOYEE_ACCOUNT.search(short):
        return ["utter_employee_personal_account"]
    if ACCOUNT_WHEN.search(short):
        return ["utter_account_credit_time"]  # 「个人账户的钱什么时候能到」 (round 26: 「帮不上忙」)
    if WALLET_MONEY.search(short) and CLEARED.search(short):
        return ["utter_wallet_no_expiry"]
    if ACCOUNT.search(short) and CLEARED.search(short):
        return ["utter_account_no_reset"]
    if CASH.search(short) and (ACCOUNT.search(short) or WALLET_MONEY.search(short)):
        return ["utter_account_no_cash"]
    if BINDERS.search(short) or SIBLINGS_BIND.search(short):
        # asked again right after it (round 26's re-grade: the same text twice): the rule alone
        return ["utter_family_binders_short" if "utter_family_binders_per_month" in said_this_session(tracker)
                else "utter_family_binders_per_month"]
    if SEES_RECORDS.search(short) and re.search(r"你|机器人|助手", short):
        return ["utter_bot_sees_records"]  # 「你这个机器人能看到我的钱吗」 (round 26's re-grade)
    if WAS_RESIDENT.search(short) or AGAIN_LATER.search(short) or RAISE_FOR_ME.search(short):  # before the aspects
        near = topics_near(tracker) if near is None else near
        cause = tracker.get_slot("diagnosed_cause")
        if WAS_RESIDENT.search(short) and (cause == "not_activated" or "activation" in near
                                           or tracker.active_loop_name == "activation_form"):
            return ["utter_scheme_change_activate"]  # (round 26: how to resume a paused insurance)
        if AGAIN_LATER.search(short) and (cause == "over_limit" or "limit" in near):
            return ["utter_limit_tomorrow"]  # 「明天再去还能刷吗」 (round 26: paying the excess)
        if RAISE_FOR_ME.search(short) and (cause == "over_limit" or "limit" in near):
            return ["utter_limit_raise_direct"]  # 「你们给我调高一点呗」 (round 26's re-grade: who sets it, again)
    if asks_in_laws_transfer(short):
        return ["utter_wallet_in_laws"]
    if NIGHT.search(short) and TRANSFER_FAIL.search(short):
        return ["utter_wallet_transfer_hours"]  # 「晚上11点多…一直转不出去」 (round 26: the wallet intro)
    if TRANSFER_AMOUNT.search(short):
        return ["utter_wallet_transfer_amount"]
    return round27_first(short, tracker)


def round26_question(short: str, said: Set[str], tracker: Tracker) -> Optional[List[str]]:
    """Follow-ups that only make sense after what was said before in this conversation."""
    earlier = said_this_session(tracker) | said
    near = topics_near(tracker)
    cause = tracker.get_slot("diagnosed_cause")
    if "utter_scan_privacy" in earlier and re.search(r"余额|剩多少|多少钱|卡里", short):
        return ["utter_balance_seen"]  # 「那我卡里还剩多少钱他们看得到不」 (round 26: a sign-in asked)
    if SEES_BALANCE.search(short):
        return ["utter_balance_seen"]
    pin = bool(earlier & PIN_TOPIC) or "pin" in near
    if pin and WHY.search(short) and (SAME.search(short) or len(short) <= 8):
        return ["utter_pin_why_same"]  # 「为啥非得一样」 (round 26: 「帮不上忙」)
    if pin and ALSO_CHANGES.search(short) and len(short) <= 10:
        return ["utter_pin_changes_everywhere"]  # 「那微信的也跟着变？」
    if wrote(tracker, PHONE_CHANGED):
        if OLD_GONE.search(short):
            return ["utter_phone_old_gone"]  # 「老号早就注销了 找不回来了」 (round 26: the fallback)
        if WHERE_CHANGE.search(short) and "utter_phone_change_where" not in earlier:
            return ["utter_phone_change_where"]
        if REACTIVATE.search(short) and re.search(r"改(完|好|了)", short):
            return ["utter_phone_change_then_activate"]
    mismatch = cause == "info_mismatch" or "mismatch" in near or wrote(tracker, NAME_CHANGED)
    if wrote(tracker, NAME_CHANGED) and NOT_SYNCED.search(short):
        return ["utter_name_change_sync"]  # 「派出所都改好了 为啥医保这边没跟着变」 (round 26: a sign-in)
    if mismatch and HOW_LONG.search(short) and (SYNC_WORD.search(short) or len(short) <= 10):
        return ["utter_info_update_how_long"]
    if mismatch and NEW_ID_SAME_NUMBER.search(short):
        return ["utter_new_id_same_number"]  # 「号码没变啊 就换了个证」 (round 26: changing the phone)
    if mismatch and APP_SELF.search(short) and not re.search(r"改不了|只能改", short):  # those: round 27
        return ["utter_mismatch_online"]
    app = bool(earlier & APP_TOPIC) or "app" in near or cause == "phone_app"
    if app and MODEL.search(short) and len(short) <= 14:
        return ["utter_app_device_model"]  # 「华为mate40」 (round 26: the fallback)
    if app and REPAIRED.search(short):
        return ["utter_app_fix_wait"]
    if "utter_big_font" in earlier and FIND_IT.search(short):
        return ["utter_big_font_where"]  # 「找不到在哪调啊」 (round 26: the network steps)
    if earlier & ACCOUNT_TOPIC and CASH.search(short):
        return ["utter_account_no_cash"]  # 「那能不能取出来现金」 after the account's year end
    if "utter_family_binders_per_month" in earlier and NEXT_MONTH.search(short):
        return ["utter_family_bind_next_month"]
    network = cause == "network_timeout" or "network" in near
    if network and OTHER_WAYS.search(short):
        return ["utter_network_other_ways"]  # 「那还有啥别的办法」 (round 26: the same four steps)
    if cause == "institution_system_error" and USE_CODE.search(short):
        return ["utter_wallet_use_code_instead"]  # (round 26: the fallback)
    return round27_question(short, said, tracker)


def round26_answer(short: str, tracker: Tracker) -> Optional[List[str]]:
    """Both kinds, for the paths that answer no question otherwise (an anonymous 「查一下」, the
    fallback): 「户口本上都改了 医保怎么没跟着改」 read as a re-check (round 26: a sign-in asked)."""
    return (round27_priority(short, tracker) or round26_first(short, tracker)
            or round26_question(short, set(), tracker))
