"""Trial round 28's zeros (docs/dialogue-trials.md): questions on situations no earlier round met,
each answered for what it names — the 电子社保卡 against the 医保码, a work injury, a pharmacy that
wants to take 医保, a blind user, an ex-soldier's insurance, a caller demanding a fine, the 个税
deduction's records, a cashier who charged one's code for another's medicine, 免密, a 「·」 in a
name, a child who mistyped the PIN, insurance paid in two cities, a feverish child tonight, a phone
cut off for an unpaid bill, 门诊统筹 against the personal account, 「快点」 at the till, a traffic
accident, the waiting period after a gap, vaccines, a masked name, a 参保证明, a recycled number,
双通道 drugs. `round28_priority` is asked first by actions.round27.round27_priority (so every path
that asks round 27's cues asks these), `round28_question` after an answer of this round.
Where nothing official and national was found the texts say that regions differ."""
from __future__ import annotations

import re
from typing import List, Optional

from rasa_sdk import Tracker

from actions.common import said_this_session, user_token, wrote
from actions.round29 import follow_up as round29_follow_up
from actions.round29 import named_topic
from actions.round33 import before_records

SOCIAL_CARD = re.compile(r"电子社保卡")
VS_CODE = re.compile(r"医保码|医保电子凭证|医保凭证|区别|一样|一回事|哪个|不同|领错|是不是")
WORK_INJURY = re.compile(r"工伤|(上班|干活|工地|厂里|车间).{0,8}(受伤|摔|砸|伤了|弄伤|割)")
PHARMACY_OWNER = re.compile(r"(我|我们|我家|自己)(开)?的?(药店|药房|诊所).{0,12}(开通|加入|接入|申请|想|要|怎么才能)"
                            r".{0,6}(医保|定点|刷)|开(了)?(个|家|一家)?(药店|药房|诊所).{0,12}(医保|定点)")
BLIND = re.compile(r"盲人|失明|视障|读屏|旁白|talkback|眼睛看不见|看不见(屏幕|字|东西)", re.IGNORECASE)
VETERAN = re.compile(r"退伍|退役|转业|部队|军人|当兵")
INSURANCE_WORDS = re.compile(r"医保|参保|保险|激活|医保码|接续|转")
SCAM_FINE = re.compile(r"(电话|打来|打给我|来电|自称|冒充).{0,24}(罚款|罚钱|交罚|违规|套保|骗保|涉嫌|冻结)|"
                       r"(说我|称我).{0,12}(违规|套保|骗保|涉嫌|盗刷).{0,16}(罚|交|转|冻结|钱)")
TAX = re.compile(r"个税|个人所得税|大病医疗.{0,4}(扣除|专项|抵扣)|专项附加扣除")
PAID_FOR_OTHER = re.compile(r"刷错|扫错|(别人|人家|前面那个人|后面那个人|其他人|他)的(药|单|钱|东西).{0,10}"
                            r"(扣|刷|扫|付|算)(了|到|在)?我|(扣|刷|扫)(了|成)?我的?(码|医保|账户|钱).{0,10}(别人|人家)的")
NO_PIN_ASK = re.compile(r"免密|不(用|要)输密码|不输密码|不想输密码|小额免")
NAME_DOT = re.compile(r"间隔号|维吾尔|维族|哈萨克|藏族.{0,4}名字|少数民族.{0,6}(名字|姓名)|"
                      r"(名字|姓名).{0,8}(有|带|中间)(个|一个)?(点|圆点|小点)")
# a 「·」 between two characters of a name (not 「医疗健康·医保」, Alipay's entry)
DOT_IN_NAME = re.compile(r"[\u4e00-\u9fff][·•・.．][\u4e00-\u9fff]")
NAME_FAILS = re.compile(r"不一致|对不上|失败|不通过|输不进|打不出|不对|过不去|校验|名字|姓名")
KID_PIN = re.compile(r"(孩子|小孩|娃|孙子|孙女|外孙|儿子|女儿|闺女).{0,12}(乱输|输错|乱按|乱点|瞎按|瞎输|玩).{0,12}"
                     r"(密码|锁)|密码.{0,8}(被)?(孩子|小孩|孙子|孙女|娃|外孙).{0,6}(输错|乱输|锁|按|弄)")
DUPLICATE = re.compile(r"重复(参保|交|缴)|两(个地方|边|地|个城市).{0,4}都(交|缴|参保|有医保|有社保)|交了两份|"
                       r"(交|缴)了两(个地方|边|份)")
REFUND = re.compile(r"退(钱|费|掉|保)?|停(保|掉)|不交|注销")
WHICH_KEEP = re.compile(r"(哪个|哪边|哪一个|哪里).{0,4}(退|停|留|保留|要)|(退|停|留)(哪个|哪边)")
CHILD = re.compile(r"孩子|小孩|娃|宝宝|儿子|女儿|闺女|孙子|孙女")
ILL = re.compile(r"发烧|发高烧|高烧|烧到|烧得|咳得|拉肚子|吐了|抽搐|病了")
URGENT = re.compile(r"今晚|晚上|半夜|夜里|现在|马上|急|等不了|连夜|急诊")
PHONE_CUT = re.compile(r"停机|没话费|话费(用完|没了|不够|欠)|手机(欠费|欠钱)|欠(了)?话费")
POOLING = re.compile(r"统筹")
ACCOUNT = re.compile(r"个人账户|个账|账户")
DIFFERENCE = re.compile(r"区别|啥|什么|不一样|哪个|先扣|关系|怎么算|咋算")
HURRY = re.compile(r"((快点|快快|赶紧|快说|急死|等不了|着急|急)(啊|呀|吧|嘛|了|呢|人)?)+")
TRAFFIC = re.compile(r"车祸|交通事故|被车(撞|碰|刮)|撞(了|伤)|肇事|被(电动车|摩托|汽车|车)")
GAP = re.compile(r"断(缴|交|保|了|过)|停(缴|交|保)|(没|没有)(交|缴)(了)?.{0,2}(几|两|一|三|\d)年")
RESUME = re.compile(r"(补|续|重新|再)(交|缴|参保|上)|交上(了)?")
WHEN = re.compile(r"马上|立刻|立马|多久|什么时候|啥时候|能不能|就能|能用|可以用|能报|等多久")
VACCINE = re.compile(r"疫苗|hpv|九价|四价|流感针|打针.{0,4}(个人账户|医保)", re.IGNORECASE)
MASKED = re.compile(r"(名字|姓名).{0,8}(星号|\*|＊|打码|只显示|看不全|显示不全|少了?(个|一个)字)|"
                    r"(星号|\*|＊).{0,8}(名字|姓名|是啥|什么意思|啥意思)")
# 「名字是王*明」: a star between two characters
MASK_IN_NAME = re.compile(r"(名字|姓名|显示|写的|上面)(是|为|成)?.{0,3}[\u4e00-\u9fff][*＊]+[\u4e00-\u9fff]?")
CERTIFICATE = re.compile(r"参保证明|参保凭证|缴费证明|参保记录.{0,4}打印")
RECYCLED = re.compile(r"二次放号|(号码|手机号|这个号).{0,10}(以前|之前|原来).{0,6}(别人|人家).{0,4}(用|的)|"
                      r"(手机号|号码).{0,6}(已被|被)(别人|他人)?.{0,2}(占用|绑定|注册)")
DUAL = re.compile(r"双通道|谈判药|国谈药|特药|靶向药")
FAMILY_WORDS = re.compile(r"孩子|家人|老婆|老公|爸|妈|父母|儿子|女儿|配偶|家里人")


# Intents that start a diagnosis from the person's records.
PROBLEM_INTENTS = {"payment_failed", "cannot_show_code", "activate_credential", "credential_abnormal",
                   "insufficient_balance", "network_error", "info_mismatch", "payment_limit", "region_mismatch",
                   "system_failure", "forgot_pin"}


def records_first(tracker: Tracker) -> bool:
    """Signed in, a problem told before any diagnosis: the records' diagnosis comes first and the
    topic after it (actions.round27.detail_after_records; round 29: acupuncture answered, the
    balance of 3.50 never named)."""
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    return (bool(user_token(tracker)) and not tracker.get_slot("diagnosed_cause") and intent in PROBLEM_INTENTS
            and not before_records(re.sub(r"\W", "", tracker.latest_message.get("text") or "")))


def named_in_whole(tracker: Tracker) -> Optional[List[str]]:
    """Rounds 28-29's topics anywhere in the message (a long story's last clause may not name them)."""
    return round28_priority(re.sub(r"\W", "", tracker.latest_message.get("text") or ""), tracker)


def round28_priority(short: str, tracker: Tracker) -> Optional[List[str]]:
    """Round 28's cues by what the message names (asked before every older round's); round 29's
    before these."""
    after = round29_follow_up(short, tracker, said_this_session(tracker))
    if after:  # a follow-up to round 29's answers, before anything is deferred to the records
        return after
    if records_first(tracker):
        return None
    newer = named_topic(short, tracker)  # (round 29's follow-ups were asked above)
    if newer:
        return newer
    earlier = said_this_session(tracker)
    answer = _named(short, tracker)
    if answer and answer[0] in earlier:
        return _again(short, tracker, earlier) or None  # the follow-ups below, or the older cues
    return answer or _again(short, tracker, earlier)


def _named(short: str, tracker: Tracker) -> Optional[List[str]]:
    raw = tracker.latest_message.get("text") or ""  # (the compact text has lost 「·」 and 「*」)
    if KID_PIN.search(short):
        return ["utter_kid_locked_pin"]  # 「孙子乱按把密码输错锁了」 (round 28: the scam alarm)
    if SCAM_FINE.search(short):
        return ["utter_scam_fine"]  # 「打电话说我套保要交罚款」 (round 28: the product FAQ)
    if SOCIAL_CARD.search(short) and VS_CODE.search(short):
        return ["utter_social_card_vs_code"]  # (round 28, both testers: the 医保码 introduction)
    if WORK_INJURY.search(short):
        return ["utter_work_injury"]  # (round 28, both testers: how to pay with the code)
    if TRAFFIC.search(short) and re.search(r"医保|看病|住院|医药费|医疗费|报销|码", short):
        return ["utter_traffic_accident"]
    if PHARMACY_OWNER.search(short):
        return ["utter_pharmacy_join"]  # 「我开了家药店 怎么才能刷医保码」 (round 28: which pharmacies take it)
    if BLIND.search(short):
        return ["utter_blind_user"]
    if VETERAN.search(short) and INSURANCE_WORDS.search(short):
        return ["utter_veteran_insurance"]
    if TAX.search(short):
        return ["utter_tax_medical_records"]
    if PAID_FOR_OTHER.search(short):
        return ["utter_paid_for_other"]  # 「收银员把别人的药刷到我码上了」 (round 28: 「帮不上忙」)
    if NO_PIN_ASK.search(short) and not re.search(r"锁|忘", short):
        return ["utter_no_password_free"]  # 「能不能设置免密」 (round 28: a PIN reset started)
    if MASKED.search(short) or MASKED.search(raw) or MASK_IN_NAME.search(raw):
        return ["utter_name_masked"]
    if (NAME_DOT.search(short) or DOT_IN_NAME.search(raw.replace("健康·医保", ""))) and NAME_FAILS.search(short):
        return ["utter_name_dot"]  # 「阿不都·热合曼 激活说姓名不一致」 (round 28, both testers)
    if DUPLICATE.search(short):
        return ["utter_duplicate_insurance"]
    if CHILD.search(short) and ILL.search(short) and URGENT.search(short) and _first_done(tracker):
        return ["utter_child_ill_tonight"]  # signed in, first the records (detail_after_records)
    if PHONE_CUT.search(short) and not re.search(r"原来|以前|之前|旧|老号|那个号", short):  # (an old number: round 26)
        return ["utter_phone_cut_off"]  # 「手机欠费停机了」 (round 28: the 4G steps)
    if POOLING.search(short) and ACCOUNT.search(short) and DIFFERENCE.search(short):
        return ["utter_pooling_vs_account"]
    if len(short) <= 8 and HURRY.fullmatch(re.sub(r"^(你|能不能|能)", "", short)):
        return ["utter_hurry_at_till"]  # 「快点」 (round 28: 「没太明白」)
    if "等待期" in short or (GAP.search(short) and RESUME.search(short) and WHEN.search(short)):
        return ["utter_waiting_period"]
    if VACCINE.search(short):
        return ["utter_vaccine_account"]
    if CERTIFICATE.search(short):
        return ["utter_insurance_certificate"]
    if RECYCLED.search(short):
        return ["utter_recycled_number"]
    if DUAL.search(short):
        return ["utter_dual_channel"]
    return None


def _first_done(tracker: Tracker) -> bool:
    return bool(tracker.get_slot("diagnosed_cause")) or not user_token(tracker)


def _again(short: str, tracker: Tracker, earlier: set) -> Optional[List[str]]:
    """Follow-ups to this round's answers (「那我是不是领错了」 after the card against the code)."""
    if "utter_social_card_vs_code" in earlier and re.search(r"领错|白领|还要|再领|能付|能用|能刷|激活", short):
        return ["utter_social_card_then_code"]
    if "utter_work_injury" in earlier or wrote(tracker, WORK_INJURY):
        if re.search(r"(已经|刚才|之前|先).{0,6}(用|走|刷)(了)?(医保|码)|医保(付|报|结)了", short):
            return ["utter_work_injury_paid_by_insurance"]
        if re.search(r"单位|老板|公司|厂里|不给|不认|不管|不报", short):
            return ["utter_work_injury_employer"]
    if "utter_duplicate_insurance" in earlier or wrote(tracker, DUPLICATE):
        if WHICH_KEEP.search(short) or (REFUND.search(short) and re.search(r"那个|那边|吗|要不要", short)):
            return ["utter_duplicate_which"]  # 「长沙那个要去退吗」 (round 28: taken for the choice)
    if "utter_vaccine_account" in earlier and FAMILY_WORDS.search(short):
        return ["utter_vaccine_family"]
    if "utter_child_ill_tonight" in earlier and re.search(r"发票|单子|回头|报销|补", short):
        return ["utter_self_paid_claim_later"]
    return None


def detail_after_records(short: str, tracker: Tracker) -> Optional[str]:
    """A signed-in first message about a child ill tonight, or naming a topic of rounds 28-29: its
    answer after the records."""
    if CHILD.search(short) and ILL.search(short) and URGENT.search(short):
        return "utter_child_ill_tonight"
    earlier = said_this_session(tracker)
    named = named_topic(short, tracker) or _named(short, tracker)
    return named[0] if named and named[0] not in earlier else None
