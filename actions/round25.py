"""Trial round 25's follow-ups (docs/dialogue-trials.md), each answered for the topic in view: a
foreign spouse, daily goods paid with 医保 (and being checked, and reporting it), checkups and
生育, family mutual aid's wait, a scam poster after the ID number was given, Hong Kong, dental care,
an employer that stopped paying, two children bound at once, chronic-disease prescriptions, a lost
phone replaced and help from far away, a township clinic, a demagnetised card, a clinic's line down,
two jobs, all paid out of pocket, 膏方, a disability subsidy, who set up the code for someone, and
turning 16. round24 calls these cues at the end of its own (this module imports nothing of it)."""
from __future__ import annotations

import re
from typing import List, Optional, Set

from rasa_sdk import Tracker

from actions.common import said_this_session, wrote
from actions.round22 import topics_near
from actions.round26 import round26_first, round26_question
from bot.nlu.topics import URGENT_NEED

FOREIGN = re.compile(r"越南|缅甸|老挝|外国人|外籍|老外|护照|居留证|外国")
WHERE_OR_WHAT = re.compile(r"去哪|哪里|哪儿|在哪|带啥|带什么|要带|怎么办|咋办|办得了|能办")
DAILY_GOODS = re.compile(r"洗发水|洗衣液|纸巾|卫生纸|日用品|生活用品|保健品|化妆品|护肤品|牙膏|米面|粮油|零食|奶粉")
PAY_WITH_INSURANCE = re.compile(r"医保|刷卡|刷码|一起刷|个人账户")
OTHERS_DO = re.compile(r"别人都|大家都|都这么|没事|没关系|都是这样")
CHECKED = re.compile(r"会被查|查到|会怎么样|有事吗|有没有事|后果|处罚|罚")
REPORT = re.compile(r"举报|投诉|反映")
MATERNITY = re.compile(r"生育|产检|怀孕|孕检|生孩子|分娩")
HOW_LONG = re.compile(r"多久|多长时间|几天|什么时候|啥时候|来得及")
POSTER_LURE = re.compile(r"(补贴|领钱|返现|红包|领取|发钱|奖励).{0,20}(填|输|要).{0,6}(银行卡|身份证|密码|验证码)")
ID_GIVEN = re.compile(r"(填|输|给|写)(了|过)?.{0,3}身份证|身份证(号)?.{0,4}(填|输|给)(了|进去|过)")
MAINLAND_ONLY = re.compile(r"(香港|澳门|台湾|国外|境外|出国)")
CARE_THERE = re.compile(r"看病|就医|能用|能刷|可以用|用得了|住院|买药")
# going abroad with the account's codes and PIN to keep working (actions.round31; round 32: care abroad only)
ABROAD_ACCOUNT = re.compile(r"验证码|手机号|重置|密码|刷脸|登录")
DENTAL = re.compile(r"洗牙|种牙|补牙|镶牙|拔牙|牙齿矫正|牙科|口腔|假牙|烤瓷")
EMPLOYER = re.compile(r"(投诉|举报|告)(老板|单位|公司)|"
                      r"(老板|单位|公司).{0,8}(不交|没交|没给交|欠|不给交|停交).{0,12}(投诉|举报|哪|怎么办|咋办)")
SEVERAL = re.compile(r"(都|两个|俩|全部|一起)(都)?(绑|加|添加|放)")
TWINS = re.compile(r"双胞胎|两个(娃|孩子|小孩)|俩(娃|孩子)|龙凤胎")
CHRONIC = re.compile(r"慢特病|慢性病|慢病|特殊病|门特|门慢|特病")
FAILED = re.compile(r"付不了|刷不了|付不出|支付失败|付款失败|结算不了|结算失败|用不了")
RATIO_OR_ACCOUNT = re.compile(r"比例|个人账户|报销|报多少|怎么报|为什么|为啥")
NEW_PHONE = re.compile(r"(新买|换了|新)(个|了)?(新)?手机|号码补办|补办(了)?(号码|手机号)|补(了)?卡")
REDO = re.compile(r"(怎么|咋|如何)(重新)?(弄|办|找回|恢复|登)|重新弄|还在吗|还有吗")
LOST_PHONE = re.compile(r"手机(丢|掉|被偷)|(丢|掉)了手机")
REMOTE = re.compile(r"远程|在外地|不在身边|隔得远|视频")
HELP = re.compile(r"帮(她|他|我妈|我爸|老人)|教(她|他)|(她|他)不会")
TOWN_CLINIC = re.compile(r"卫生院|卫生室|村医|诊所|社区医院|卫生服务中心")
CLINIC_HOW = re.compile(r"(拿药|看病|买药|开药).{0,6}(怎么办|咋办|咋整|怎么弄|咋弄)")
CARD_DAMAGED = re.compile(r"消磁|卡坏|读不出|读不了卡|芯片坏|磁条")
CARD = re.compile(r"医保卡|社保卡|卡")
CARD_REPLACE = re.compile(r"(去哪|哪里|哪儿|怎么)(补|换|办)|补卡|换卡|补办")
CARD_MONEY = re.compile(r"(卡里|卡上|账户里)?.{0,4}钱.{0,6}(会不会|会)?(没|丢|少|清零)")
INSTEAD_OF_CARD = re.compile(r"代替(卡|社保卡|医保卡)|替代(卡|社保卡)|不用卡|顶替")
CLINIC_OFFLINE = re.compile(r"(他那边|他们那边|那边|医生|卫生室|诊所|药店|医院)(的)?(网|系统)?(也)?"
                            r"(连不上|没网|断网|上不了网|没信号|也不行)")
TWO_JOBS = re.compile(r"两份工|打两份|两家(公司|单位)|两个(单位|公司)|兼职")
TWO_ACCOUNTS = re.compile(r"两份|加起来|两个(个人)?账户")
ALL_SELF_PAID = re.compile(r"医保(支付|报销|统筹)?.{0,4}(是0|为0|0元|是零|没报|没扣)|全(是|部)?自费|全自费")
GAOFANG = re.compile(r"膏方|中药饮片|保健品")
# 低保、特困 and 医疗救助 have their own answer (actions.round31; round 32: the disability text for them)
DISABILITY = re.compile(r"残疾|残联")
HELPER_WRONG = re.compile(r"(她|他|儿媳|媳妇|女儿|儿子|孩子).{0,6}(填错|弄错|输错|搞错)|"
                          r"用的是(她|他)(自己)?的手机|(她|他)的手机(给我)?弄")
IN_PERSON = re.compile(r"本人去|要我去|亲自去|自己去|腿脚不便|腿脚不方便|走不动|行动不便|去不了")
DENTAL_CLEANING = re.compile(r"洗牙|洁牙|牙结石")
PRIVATE = re.compile(r"私立|民营|私人|连锁|个体")
MEDS_TOMORROW = re.compile(r"(明天|明儿|改天|过两天|下午|晚点|回头)再来|让我.{0,4}再来|明天再(买|拿)")
# asked as a possibility; 「有两个参保地 咋回事」 is round 22's old record beside the real one
TWO_REGIONS = re.compile(r"(会不会|会|能不能|可能|难道)(有|出现)?(两|几|好几|多)个参保地")
FAMILY_PHONE_CODE = re.compile(r"(用|拿|借)(一下)?(我)?(妈|爸|老婆|老公|媳妇|爱人|女儿|儿子|闺女|家里人|家人)"
                               r"(的)?手机(上|里)(的|那个|那)")
TURNED_16 = re.compile(r"(刚|已经|今年)?满(16|十六)(岁|周岁)?.{0,12}(自己|弄|激活|办)")

STORY_25 = {"utter_foreign_insured", "utter_no_daily_goods", "utter_dental", "utter_disability_aid",
            "utter_card_damaged", "utter_two_jobs", "utter_turned_sixteen", "utter_scam_warning",
            "utter_maternity_checkups", "utter_employer_complaint"}
MISMATCH_TOPIC = {"utter_diag_info_mismatch", "utter_generic_info_mismatch", "utter_mismatch_short",
                  "utter_mismatch_not_yet", "utter_mismatch_online", "utter_mismatch_not_helper"}


def round25_first(short: str, tracker: Tracker, near: Optional[Set[str]] = None) -> Optional[List[str]]:
    """Questions and stories that name their own topic."""
    near = topics_near(tracker) if near is None else near
    earlier = said_this_session(tracker)
    if POSTER_LURE.search(short):
        return ["utter_scam_warning"]  # 「扫码领医保补贴 要填身份证和银行卡」 (round 25: the security text)
    if (("scam" in near or "utter_scam_warning" in earlier) and ID_GIVEN.search(short)
            and not re.search(r"密码|验证码|转(了|账)|点进去|链接", short)):  # those: the steps
        return ["utter_scam_id_given"]
    if DAILY_GOODS.search(short) and PAY_WITH_INSURANCE.search(short):
        return ["utter_no_daily_goods"]
    if "utter_no_daily_goods" in earlier:
        if REPORT.search(short):
            return ["utter_report_pharmacy"]
        if CHECKED.search(short):
            return ["utter_daily_goods_checked"]
        if OTHERS_DO.search(short):
            return ["utter_no_daily_goods"]
    if FOREIGN.search(short) and (re.search(r"医保|码|激活|办|参保", short) or "utter_foreign_insured" in earlier):
        return ["utter_foreign_insured_where" if "utter_foreign_insured" in earlier else "utter_foreign_insured"]
    if "utter_foreign_insured" in earlier and WHERE_OR_WHAT.search(short):
        return ["utter_foreign_insured_where"]
    if MAINLAND_ONLY.search(short) and CARE_THERE.search(short) and not ABROAD_ACCOUNT.search(short):
        return ["utter_code_mainland_only"]
    if "utter_dental" in earlier and DENTAL_CLEANING.search(short):
        return ["utter_dental_cleaning"]  # 「那洗牙呢」 (round 25: the same answer again)
    if "utter_dental" in earlier and PRIVATE.search(short):
        return ["utter_dental_private"]  # 「是私立的那种」
    if DENTAL.search(short):
        return ["utter_dental"]
    if MEDS_TOMORROW.search(short) and URGENT_NEED.search(short):
        return ["utter_meds_cannot_wait"]  # 「店员让我明天再来 我药等着吃呢」
    if TWO_REGIONS.search(short):
        return ["utter_two_regions_shown"]
    if FAMILY_PHONE_CODE.search(short):
        return ["utter_code_on_family_phone"]  # 「那我还能用我妈手机上那个吗」
    if EMPLOYER.search(short):
        return ["utter_employer_complaint"]
    if DISABILITY.search(short) or ("utter_disability_aid" in earlier and WHERE_OR_WHAT.search(short)
                                    and len(short) <= 12):
        return ["utter_disability_aid"]
    if TURNED_16.search(short):
        return ["utter_turned_sixteen"]
    if TWO_JOBS.search(short) or ("utter_two_jobs" in earlier and TWO_ACCOUNTS.search(short)):
        return ["utter_two_jobs"]
    if ALL_SELF_PAID.search(short) and not (tracker.get_slot("diagnosed_cause") == "over_limit" or "limit" in near):
        return ["utter_all_self_paid"]  # over a limit: actions.round27 (「那1680要我全自费？」)
    if GAOFANG.search(short):
        return ["utter_gaofang"]
    if MATERNITY.search(short) and re.search(r"生育保险|个人账户|报|扣", short):
        return ["utter_maternity_checkups"]
    if (CARD_DAMAGED.search(short) and CARD.search(short) and "码" not in short.replace("医保码", "")
            and "utter_card_damaged" not in earlier):
        return ["utter_card_damaged"]
    return round26_first(short, tracker, near)


def round25_question(short: str, said: Set[str], tracker: Tracker) -> Optional[List[str]]:
    """Follow-ups that only make sense after what was said before in this conversation."""
    earlier = said_this_session(tracker)
    near = topics_near(tracker)
    cause = tracker.get_slot("diagnosed_cause")
    if "utter_family_mutual_aid_short" in earlier | said or "mutual_aid" in near:
        if HOW_LONG.search(short):
            return ["utter_mutual_aid_how_long"]
    if SEVERAL.search(short) and wrote(tracker, TWINS):
        return ["utter_family_bind_several"]
    if (CHRONIC.search(short) or wrote(tracker, CHRONIC)) and RATIO_OR_ACCOUNT.search(short):
        return ["utter_chronic_disease"]
    lost = wrote(tracker, LOST_PHONE)
    if lost and NEW_PHONE.search(short) and REDO.search(short):
        return ["utter_new_phone_restore"]
    if REMOTE.search(short) and HELP.search(short):
        return ["utter_remote_help"]
    if TOWN_CLINIC.search(short) and CLINIC_HOW.search(short):
        return ["utter_clinic_bring_card"]
    card = "utter_card_damaged" in earlier
    if card and INSTEAD_OF_CARD.search(short):
        return ["utter_card_and_code_both"]
    if card and CARD_MONEY.search(short):
        return ["utter_card_money_safe"]
    if card and CARD_REPLACE.search(short):
        return ["utter_card_replace"]
    network = cause == "network_timeout" or "network" in near
    if network and CLINIC_OFFLINE.search(short):
        return ["utter_clinic_offline"]
    if "utter_clinic_offline" in earlier and re.search(r"咋办|怎么办|咋整|等着|急", short):
        return ["utter_clinic_offline"]
    if "utter_foreign_insured" in earlier | said and re.search(r"帮(她|他)|我(的)?手机", short):
        return ["utter_family_binding_short"]  # 「我能不能帮她在我手机上弄」 (round 25: the five parts)
    mismatch = cause == "info_mismatch" or bool(earlier & MISMATCH_TOPIC) or "mismatch" in near
    if mismatch and HELPER_WRONG.search(short):
        return ["utter_mismatch_not_helper"]
    if mismatch and IN_PERSON.search(short):
        return ["utter_jingban_presence"]
    return round26_question(short, said, tracker)


def failure_told(text: str) -> bool:
    """「慢特病 每个月去药店拿药 这次一千多块付不了」: a failure told, whatever else it names."""
    short = re.sub(r"\W", "", text)
    return bool(FAILED.search(short))
