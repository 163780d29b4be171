"""Questions the classifier reads as something else, recognised by their words.

- An old phone (「手机是iphone6 是不是太老了」「好几年前的oppo 系统没升级过」): a device-compatibility
  question (app_problem), not the bound phone number (faq/change_phone) or the hospital's system.
- A family member's PIN (「我孩子的密码也是这个吗」): about one PIN per person and 亲情账户
  (family_binding), not a PIN reset.
- What it costs (「重置密码要收费吗」「激活要钱不」): the fee answer (faq/is_free), not a PIN reset
  or an activation started.
- Paying one bill in parts (「能分两笔付吗」「每次400 分三次」): a question about the limits
  (payment_limit), not the several-channels FAQ.
Used by the NLU guards (bot/nlu/guard.py) and by the actions that answer them.
"""
from __future__ import annotations

import re
from typing import Optional

from bot.nlu.regions import region_code_for

_DEVICE = re.compile(r"iphone|苹果|oppo|vivo|华为|荣耀|小米|红米|三星|魅族|一加|安卓|android|ios|老人机|手机|机子",
                     re.IGNORECASE)
_OLD = re.compile(r"太老|老了|旧了|太旧|老手机|旧手机|老款|好几年|几年前|多年前|用了\d+年|"
                  r"[0-9一二两三四五六七八九十]+年前|系统没(?:有)?(?:升级|更新)|没(?:有)?(?:升级|更新)过|"
                  r"系统太(?:老|旧|低)|版本太(?:低|老|旧)|不兼容|iphone\s*[4-8](?!\d)|苹果[4-8](?!\d)",
                  re.IGNORECASE)
# The bound number, a new phone number: the change-phone answer.
_NUMBER = re.compile(r"手机号|号码|换号|号换|验证码|短信")


def old_device(text: str) -> bool:
    """The person's phone (or its system) may be too old for the APP."""
    return bool(_DEVICE.search(text) and _OLD.search(text) and not _NUMBER.search(text))


FAMILY_WORDS = (r"孩子|小孩|儿子|女儿|闺女|宝宝|娃|老人|父母|爸|妈|老婆|老公|媳妇|爱人|家人|家里人|亲属|老伴|"
                 r"爷爷|奶奶|外公|外婆|姥姥|姥爷|父亲|母亲|丈夫|妻子")
_FAMILY = re.compile(FAMILY_WORDS)
_PIN = re.compile(r"密码")
_SAME = re.compile(r"也是|一样|同一个|共用|通用|也用|也要|一起|同样|跟我")
# 「我老伴的密码我能帮她改吗」「孩子在外地怎么帮他改」: a PIN reset for someone else.
_FOR_THEM = re.compile(r"[帮替代给](?:她|他|老人|我?(?:" + FAMILY_WORDS + "))")


def asks_family_pin(text: str) -> bool:
    """Whether a family member's PIN is the person's own (one credential and PIN per person)."""
    return bool(_FAMILY.search(text) and _PIN.search(text) and _SAME.search(text))


def asks_pin_for_someone(text: str) -> bool:
    """A family member's PIN to be reset by the person writing (it needs the member's own face)."""
    return bool(_FAMILY.search(text) and _PIN.search(text) and _FOR_THEM.search(text))


# 「重置密码要收费吗」「激活医保码要交钱吗」「解锁收不收费」: a short question about a fee for the
# credential itself (a hospital bill's cost is no such question).
# The fee word must be what is asked (「…收费吗」「要交多少钱」), not a place or a bill (收费窗口,
# 门诊费用, 还剩多少钱).
_FEE = re.compile(r"(?:收费|收钱|要钱|花钱|付费|交钱|掏钱|免费|手续费|工本费|服务费)"
                  r"(?:吗|么|不|嘛|啊|呀|呢|的吗|的不|的啊|$)|"
                  r"要(?:交|付|花)?多少钱|要不要(?:交|付|花)?钱|收不收(?:费|钱)?|是不是要(?:交|付|花)?钱|有(?:手续费|服务费|工本费)")
_FEE_SUBJECT = re.compile(r"密码|激活|开通|解锁|重置|领取|申领|医保码|电子凭证|医保凭证|绑定|亲情账户")
FEE_QUESTION = 30  # characters


def asks_fee(text: str) -> bool:
    short = re.sub(r"\W", "", text)
    return 0 < len(short) <= FEE_QUESTION and bool(_FEE.search(short) and _FEE_SUBJECT.search(short))


# Paying in parts. The words alone (「分两次」) could be anything; with 笔/单 (a payment's own
# unit), a pay verb, an amount each time or the limit named, it is about paying one bill in parts.
SPLIT = re.compile(r"[分拆](?:成|开|作)?(?:[两二三四五六七八九十\d]+|几)(?:个)?(?:次|笔|回|单|下|订单)|"
                   r"分开|分批|分笔|分次|"
                   r"拆开|拆单|拆分|每(?:次|笔|回)(?:付|刷|交|扣)?[\d一二三四五六七八九十百千两]+")
_SPLIT_PAYMENT = re.compile(r"[分拆](?:成|开|作)?(?:[两二三四五六七八九十\d]+|几)(?:笔|单)|"
                            r"(?:[分拆](?:成|开|作)?(?:[两二三四五六七八九十\d]+|几)(?:次|回)|分开|分批|分次|拆开|拆单|拆分)"
                            r"(?:来)?(?:付|交|结|支付|刷|扣)|每(?:次|笔|回)(?:付|刷|交|扣)?\d+|"
                            # 「能分成两个订单付吗」 (trial round 30)
                            r"[分拆](?:成|开)(?:[两二三四五\d]|几)(?:个)?(?:订单|单)")


def asks_to_split_payment(text: str) -> bool:
    """Paying one bill in parts, said so plainly that no earlier turn is needed to tell."""
    short = re.sub(r"\s", "", text)
    return bool(_SPLIT_PAYMENT.search(short) or (SPLIT.search(short) and "限额" in short))


# The APP (or mini program) itself fails: 「app打不开 一直转圈」「软件老闪退」.
_APP = re.compile(r"app|软件|应用|小程序|客户端|平台", re.IGNORECASE)
_APP_SYMPTOM = re.compile(r"闪退|打不开|白屏|黑屏|卡死|卡住|卡顿|进不去|装不上|装不了|没反应|转圈|一直在加载|加载不出|"
                          r"登不上|登录不了|登陆不了|点不动|点不了|崩了|崩溃")


def app_fails(text: str) -> bool:
    return bool(_APP.search(text) and _APP_SYMPTOM.search(text))


# Another company's service with nothing of 医保 in the message (「12306人脸认证失败」「10086人工几点
# 开」「花呗收钱对方付不了」): out of scope, however much it sounds like a sign-in, a human or a
# failed payment of ours.
_OTHER_SERVICE = re.compile(r"12306|10086|10010|10000|955\d\d|花呗|借呗|余额宝|网商贷|微粒贷|淘宝|天猫|京东|拼多多|"
                            r"美团|饿了么|滴滴|抖音|快手|火车票|高铁票|机票|话费|信用卡|征信|公积金|个税|ETC",
                            re.IGNORECASE)
_HEALTH = re.compile(r"医保|社保|医疗|凭证|医院|药店|药房|看病|买药|就医|就诊|门诊|住院|报销|诊所|卫生|参保|统筹|个账|"
                     # 「在京东健康买胰岛素 提示超出单笔支付限额」 (trial round 30: out of scope)
                     r"个人账户|共济|亲情|12393|医生|处方|药|健康|问诊|胰岛素|限额")


def other_service(text: str) -> bool:
    return bool(_OTHER_SERVICE.search(text) and not _HEALTH.search(text))


# The words docs/intents.md defines two problems by, read as a general failure or an FAQ:
# the card or code itself stopped, suspended or frozen (「医保卡停用是怎么回事」) is
# credential_abnormal; no money on it (「社保卡怎么显示没钱」「有余额但药店显示0」) is
# insufficient_balance. A suspended *service* (「暂停结算」「暂停服务期间」) is the institution's.
_STATUS = re.compile(r"(?:医保卡|医保码|医保|社保卡|凭证|医保账户|个人账户)"
                     r"(?:被|已|已经|怎么|咋|为什么|为啥|突然|又|给){0,2}(?:被)?(?:停用|停了|停掉|暂停|冻结|失效|注销|作废|废了)(?!服务|结算|期间)")
_NO_MONEY = re.compile(r"没钱|余额(?:为|是|显示)?(?:0|零)(?!\d)|显示(?:0|零)(?!\d)|余额不足|钱不够")


def card_status(text: str) -> bool:
    return bool(_STATUS.search(text))


def no_money(text: str) -> bool:
    return bool(_NO_MONEY.search(text))


# 「为啥会这样啊 之前都好好的」 right after a human was offered is no yes (nor no): a why question.
_WHY = re.compile(r"^(所以|那|可|可是|但是|但)?(到底|究竟)?(为啥|为什么|为何|咋回事|怎么回事|咋会|怎么会)")


def asks_why(text: str) -> bool:
    return bool(_WHY.search(re.sub(r"\W", "", text)))


# 「医保卡被锁如何处理」: a locked card is the PIN tried too often (domain.md), unless it says it is
# not (「不是密码的问题」) or it is the bank's PIN on the card.
_LOCKED = re.compile(r"(?:卡|码|账户|密码)(?:被|已|已经|给)?(?:锁|锁了|锁住|锁定)")
_NOT_OUR_PIN = re.compile(r"银行|ATM|网点|不是密码", re.IGNORECASE)


def card_locked(text: str) -> bool:
    return bool(_LOCKED.search(text) and not _NOT_OUR_PIN.search(text))


# A notice addressed to the reader (「您的医保卡…已冻结」) may be a pasted scam text; a person's own
# account of it (「我的医保卡被冻结了」) is not.
ADDRESSED = re.compile(r"您的|你的|您名下|你名下|尊敬的")


_CODE = r"(?:医保码|电子凭证|医保凭证|电子医保卡|医保电子卡|医保卡|码)"
# A relative as the writer names one: 「他」「我老爸」「我家老人」.
KIN = r"(?:她|他|老人|我?家?老?(?:" + FAMILY_WORDS + r"))"
_USE = r"(?:用|使|刷|付|弄|办|开|激活|申领|领|绑|加|出示|亮)"
# 「医保码能给我老爸用不」「咋帮我妈弄个医保码」「我爸的医保码他要自己激活吗」: the code of a relative,
# not the writer's own problem — however long the story around it (its places and channels).
_RELATIVE_CODE = re.compile(
    _CODE + r"[^。！？!?，,]{0,6}[给帮替]" + KIN + r"[^。！？!?，,]{0,4}" + _USE
    + r"|[给帮替]" + KIN + r"[^。！？!?，,]{0,4}" + _USE + r"[^。！？!?，,]{0,4}" + _CODE)


def asks_for_relative_code(text: str) -> bool:
    """A relative's code (to use, open or show for them), not the writer's own."""
    return bool(_RELATIVE_CODE.search(text)) and not _PIN.search(text)


_ACTIVATE = r"(?:激活|申领|领取|开通)"
# 「他要自己激活吗」「我妈能自己激活不」「帮我爸激活医保码 要他本人去吗」: a relative's activation,
# which needs the relative's own ID and face (not the writer's records).
_RELATIVE_ACTIVATION = re.compile(
    r"^(?:那|那么|请问|所以)?" + KIN + r"(?:的(?:医保码|码|医保|电子凭证))?(?:要|得|需要|需不需要|用不用|能|能不能|"
    r"可以|可不可以|自己|本人|也|还)[^。！？!?]{0,6}" + _ACTIVATE
    + r"|[给帮替]" + KIN + r"[^。！？!?，,]{0,4}" + _ACTIVATE)


def asks_relative_activation(text: str) -> bool:
    """Activation of a relative's code, asked by the writer."""
    return bool(_RELATIVE_ACTIVATION.search(re.sub(r"\s", "", text)))


# 「医院说是孩子的医保用不了 不是我的」: a relative's insurance failed, not the writer's.
# 「孩子在深圳看病医保用不了」: a few words of place or occasion may stand between them (not 我).
_RELATIVE_FAIL = re.compile(
    r"(?<![我俺]和)(?<!我们)(?:" + FAMILY_WORDS + r")"
    r"(?:的)?[^，,。！？!?我俺]{0,8}?(?:医保|医保码|医保卡|社保卡|电子凭证)[^，,。！？!?]{0,6}"
    r"(?:用不了|付不了|刷不了|(?<!能)不能用|不让用|没法用|扫不了|失败|报不了|不好使|不管用)|"
    r"是(?:" + FAMILY_WORDS + r")的(?:医保|医保码|医保卡|社保卡)(?:的)?(?:有)?问题")


def relative_problem(text: str) -> bool:
    """A relative's insurance failed (the writer's own records cannot tell why)."""
    return bool(_RELATIVE_FAIL.search(re.sub(r"\s", "", text)))


# 「我那个医保码显示的是长沙 可我现在在深圳上班 咋改」: the code shows another city (region_mismatch),
# read as an answer naming cities or as how to pay.
_SHOWS = re.compile(r"(?:码|页面|凭证|上面|app|APP)(?:上)?(?:显示|写)(?:的是|的|是|成|为|着)?([\u4e00-\u9fff]{2,4})")
_CHANGE = re.compile(r"改|换|切|不对|错|不一样|对不上")


def shows_other_region(text: str) -> bool:
    found = _SHOWS.search(text)
    if not found or not _CHANGE.search(text[found.end():] + text[:found.start()]):
        return False
    name = found.group(1)
    return any(region_code_for(name[:n]) for n in (4, 3, 2) if len(name) >= n)


# A bare choice: 「2」「第二个」「选3」「最后一个」 (the channels take it when a choice is pending).
# Not 「88」「886」 (goodbye): one digit, or an ordinal.
CHOICE_ONLY = re.compile(r"^(?:选|选择|我选)?(?:第[一二三四五六七八九十\d]{1,2}个?|最后一个|[1-9１-９])"
                         r"(?:个)?(?:吧|啊|呀|的)?$")


# 「我自己弄吧」「不用了 我自己在app里弄」「不用，我自己操作」: no to the offer (the PIN-reset
# ticket), not a sign-in request or a crashing APP. Only a whole short message of that shape;
# 「我自己弄不了」「我自己弄的时候闪退」 keep their intent.
_SELF_SERVICE = re.compile(
    r"^(好的?|嗯|哦)?(不用了?|不要了?|不必了?|算了|不麻烦了?|没事)?(那|还是)?(我|俺)?(自己|自个儿?)(去|来)?"
    r"(在[^，,。]{1,10}?(里|上))?(来|弄|操作|搞|办|改|重置|处理|设置|设|试试|试)?"
    r"(一下)?(吧|就行|就好|就可以|好了|了|啊|哈|呢|哦)*$")


_SELF_SERVICE_MAX = 16  # characters: a whole short reply, not a story


def declines_for_self_service(text: str) -> bool:
    compact = re.sub(r"[\s，,。.！!~～、]", "", text)
    return 0 < len(compact) <= _SELF_SERVICE_MAX and bool(_SELF_SERVICE.match(compact)) \
        and re.search(r"自己|自个", compact) is not None and not compact.endswith(("自己", "自个", "自个儿"))


# A sign-in code with its SMS around it, pasted (「【国家医保服务平台】您的验证码为482913，5分钟内有效，请勿泄露」),
# not 「验证码是482913」 typed in answer to the phone sign-in (its form reads that either way).
_CODE_IN_SMS = re.compile(r"(?:验证码|校验码|动态码)(?:为|是|：|:)?\s*[0-9０-９]{4,6}(?![0-9０-９])|"
                          r"(?<![0-9０-９])[0-9０-９]{4,6}\s*(?:为|是)?(?:您的)?(?:短信)?(?:验证码|校验码|动态码)")
_SMS_SHAPE = re.compile(r"【[^】]{2,16}】|请勿泄露|切勿泄露|勿告诉|如非本人|非本人操作|分钟内有效|有效期")


def pasted_code_sms(text: str) -> bool:
    return bool(_CODE_IN_SMS.search(text) and _SMS_SHAPE.search(text))


# 「好像扣了两次钱」「药店重复扣费了」: a double charge feared (answered from the person's payments,
# actions/charges.py), whatever else the words resemble (trial round 17: the network checklist).
_DOUBLE_CHARGE = re.compile(r"扣(了)?(我)?(两|二|2)(次|遍|笔|回)|重复(扣|收费|收钱)|多扣|扣双份|扣重|"
                            r"(付|刷|收)了(我)?(两|二|2)(次|遍|笔|回)(钱)?|(两|二|2)笔.{0,4}扣")


# 「付了两回都说失败」 is two tries that failed, 「会不会多扣我的钱」 a worry: no charge taken twice.
_TRIED_TWICE = re.compile(r"(两|二|2)(次|遍|笔|回)(都|也|还)?(说|显示|提示)?"
                          r"(失败|没成功|不成功|不行|付不了|刷不了|没付上|不好使)|"
                          r"会不会|能不能|怕|担心")


def fears_double_charge(text: str) -> bool:
    short = re.sub(r"\s", "", text)
    return bool(_DOUBLE_CHARGE.search(short)) and not _TRIED_TWICE.search(short)


# 「我换个手机登录试试？」: the code on another phone, no sign-in here (trial round 22).
_OTHER_PHONE_LOGIN = re.compile(r"换(个|一个|一部|部|台|一台|别的|其他)?(手机|机子)(登录|登|试|打开|上|用)")


def tries_other_phone(text: str) -> bool:
    return bool(_OTHER_PHONE_LOGIN.search(text))


# A need that cannot wait (「我药等着吃呢」「急着用」): no goodbye (the shape guard), and the medicine
# answer after being sent away till tomorrow (actions.round25).
URGENT_NEED = re.compile(r"等着(吃|用)|着急|急(着|用|死)|等不了|断药|没药(吃)?了|今天(就)?要吃")
# 「你这个机器人能看到我的钱吗」: what the assistant can see, not what it is (the shape guard, and
# actions.round26's answer to it).
SEES_RECORDS = re.compile(r"(能|可以|会)?(看|查)(到|得到|得见|见)(我的?)?(钱|余额|账户|记录|密码)")


# Words a screen shows for one cause, pasted or retold (trial round 30: 「跳出来“请先激活医保电子凭证后再
# 使用医保支付”」 read as how to pay, 「提示“超出单笔支付限额”」 as out of scope): that cause's intent, so a
# signed-in person hears it from the records.
_NOT_ACTIVATED = re.compile(r"(?:请先|尚未|未|还没有?|没有)激活(?:您的|你的)?(?:医保电子凭证|医保码|电子凭证|凭证)")
_OVER_LIMIT = re.compile(r"超(?:出|过)了?(?:单笔|每日|当日|单日|本次)?(?:支付)?限额")
# 「我自己都不知道在哪交的医保 能帮我查查吗」: the person's own records (read as out of scope).
_WHERE_INSURED = re.compile(r"(?:在哪|哪里|哪儿|什么地方|哪个地方|哪个城市)(?:交|参保|参|缴)的?(?:医保|社保)|"
                            r"参保地(?:是|在)?(?:哪|什么地方)|查.{0,6}(?:参保地|在哪参保|在哪交)")


def screen_cause(text: str) -> Optional[str]:
    short = re.sub(r"\s", "", text)
    if _NOT_ACTIVATED.search(short):
        return "activate_credential"
    if _OVER_LIMIT.search(short):
        return "payment_limit"
    return "check_status" if _WHERE_INSURED.search(short) else None
