"""Round 26's re-grade leftovers and trial round 27's follow-ups (docs/dialogue-trials.md), each
answered for the topic in view: a WeChat account banned with the code in it, a video call that asks
to share the screen, a PIN never knowingly set, which number is bound, a lost physical card, a face
check on opening the code, a PIN seen by a bystander, glasses, a code called 「过期」 and the phone's
clock, a hospital's 公众号 without 医保 mobile payment, a grandchild on the phone, an ex-wife in the
family account and the 共济, a prescription, the wallet's column, a pharmacy after 备案, a card lent to
a brother, documents for a corrected birth date, power saving, the day's face checks, a kiosk.
round26 calls these cues at the end of its own; the anonymous diagnosis asks `cause_walkthrough`
before the generic walk-through of a problem, and the security answer asks `round27_answer` first."""
from __future__ import annotations

import re
from typing import List, Optional, Set

from rasa_sdk import Tracker

from actions.common import faq_given, said_this_session, user_token, wrote
from actions.round22 import topics_near
from actions.round28 import detail_after_records as round28_detail
from actions.round28 import round28_priority
from actions.round29 import follow_up as round29_follow_up

# 「我换了新手机 医保码激活不了」: a new handset (the number may be the same) is no new activation
NEW_HANDSET = re.compile(r"换(了)?(个|部|台)?新手机|新(买|换)的手机|手机(换|丢)了|换(了)?手机")
NEW_NUMBER = re.compile(r"换(了)?(手机)?号|手机号(换|改|变)|收不到(验证码|短信)")
# 「能不能在建设银行app里激活医保码」: banks are one of the channels (domain.md)
BANK_APP = re.compile(r"(银行|建行|工行|农行|中行|交行|招行|邮储)(的)?(app|APP|手机银行|客户端)?|手机银行")
# 「医院里没信号 医保码打不开」: a building without signal, not the shop's Wi-Fi
NO_SIGNAL_INSIDE = re.compile(r"(医院|药店|药房|地下|电梯|楼里|住院部|门诊|大厅|里面|屋里|病房).{0,10}"
                              r"(没|没有|没啥)(信号|网)|(没|没有)(信号|网).{0,10}(医院|药店|药房|地下|住院部|门诊|病房)")
CODE_USE = re.compile(r"医保码|码|付|刷|结算|打不开|出不来")
SCREENSHOT_TEXTS = {"utter_code_no_screenshot", "utter_code_photo_useless"}
SEND_SHOT = re.compile(r"(截(个|张)?图|截屏|拍(个|张)?照|照片).{0,6}(发|传|给)|(发|传)(个|张)?(截图|照片)")
WALLET_TEXTS = {"utter_medical_wallet", "utter_wallet_vs_code"}
ONLY_IN_APP = re.compile(r"只(在|有|能在)(那个|国家医保|医保)?.{0,6}(app|APP|软件)|"
                         r"(微信|支付宝).{0,8}(没有|没)(钱包|这个)")
CHANNEL = re.compile(r"微信|支付宝|国家医保(服务平台)?(app|APP)?|银行")
CHANGE_NUMBER_THERE = re.compile(r"(改|换|更换|修改)(绑定的?)?(手机号|号码|号)|(手机号|号码).{0,4}(改|换)")

# Trial round 27.
LURE = re.compile(r"链接|短信|网址|点进|点击|验证码|加微信|客服电话")
CLAIMED_ELSEWHERE = re.compile(r"已(在|被)(其他|别的|另一个|另外的?)(支付宝|微信)?(账号|帐号|微信号?|支付宝)"
                               r"(领取|绑定|领了|激活)|"
                               r"(别的|其他|另一个)(微信号?|账号|帐号).{0,4}(领取|领)(了|过)")
BANNED = re.compile(r"(微信|号|账号|帐号).{0,4}(被封|封了|封号|登不上|登不进)")
OTHER_CHANNEL_TRY = re.compile(r"(用|换|去)(支付宝|国家医保|医保app|医保APP|微信).{0,8}(弄|领|激活|开)(一个|个)?"
                               r".{0,4}(行|可以|能)")
OLD_ACCOUNT_MISUSED = re.compile(r"(旧|原来|以前|那个)(的)?(微信|号|账号).{0,12}(别人|被人|人家).{0,6}(用|拿|刷)")
SCREEN_SHARE = re.compile(r"屏幕共享|共享屏幕|开(个)?共享|视频(电话|通话).{0,20}(医保|社保)|会议(软件|app)|"
                          r"远程(操作|控制|协助)")
MONTHLY_FEE = re.compile(r"(每个?月|每年|按月).{0,4}(扣|收|交)(钱|费)?|(扣|收)(两百|二百|一百|\d+)")
CALL_BACK = re.compile(r"回拨|打回去|回个电话|留了个?(座机|电话|号码?)")
REPORT_POLICE = re.compile(r"报警|报案|110|举报")
IS_12393_REAL = re.compile(r"12393.{0,4}(是真的|真的吗|靠谱|是不是真|可信|官方)")
SCAM_CONTEXT = {"utter_scam_screen_share", "utter_scam_warning", "utter_scam_next_steps", "utter_scam_monthly_fee",
                "utter_scam_call_back"}
PIN_WORDS = re.compile(r"密码")
NEVER_SET = re.compile(r"(没|没有|从没|从来没)(设|设置)过|激活的时候.{0,4}设|是不是.{0,6}(激活|开通).{0,6}设")
WHERE_SET = re.compile(r"(在哪|哪里|哪儿|怎么|咋)(设|设置|改|重置|修改)|(设|改|重置).{0,4}(在哪|哪里)")
MASK = re.compile(r"口罩|帽子|墨镜")
FACE = re.compile(r"刷脸|人脸|脸")
WHICH_NUMBER = re.compile(r"(不知道|忘了|记不得|不记得).{0,10}(哪个|哪一个)(号|手机号)|(三|两|几)个(手机)?号")
TRY_EACH = re.compile(r"挨个|一个一个|轮流|都试")
FIND_NUMBER = re.compile(r"(哪里|哪儿|在哪|什么地方|地方).{0,4}(查|看).{0,8}(绑|哪个号|手机号)|"
                         r"查.{0,4}(绑的是?|绑定的?)(哪个)?(号|手机号)")
NONE_MATCH = re.compile(r"(都不是|都不对|都收不到|都没收到)")
CARD_LOST = re.compile(r"(社保卡|医保卡|实体卡)(丢|掉|不见|被偷|找不到)|(丢|掉)了.{0,4}(社保卡|医保卡)")
PHYSICAL = re.compile(r"实体卡|那张卡|社保卡|医保卡|卡片")
REPORT_LOSS = re.compile(r"挂失|去哪(补|办)|补(办|卡)")
FEE_OR_BRING = re.compile(r"要钱|收费|多少钱|要带|带啥|带什么")
CODE_MEANWHILE = re.compile(r"(这段时间|这几天|这些天|期间|之前|先).{0,8}(医保码|手机|码).{0,6}"
                            r"(能|可以)?(用|看病|结算|付)")
FACE_ON_OPEN = re.compile(r"(打开|拿出|出示|调出|点开).{0,6}(码|医保码).{0,8}(就|都)?(要|得)(刷|人)脸|"
                          r"(一|每次)(打开|开|点开|拿出).{0,8}(要|得)?(刷|人)脸")
CARD_NO_FACE = re.compile(r"(刷|用)(社保卡|医保卡|实体卡|卡).{0,10}(不用|不要|免).{0,2}(刷脸|人脸)")
SEEN_PIN = re.compile(r"(盯着|偷看|看见|看到|瞄).{0,10}(密码)|密码.{0,6}(被|让).{0,6}(看|记)")
OLD_PIN_VOID = re.compile(r"(原来|以前|旧|老)的?(那个)?密码.{0,6}(作废|失效|不能用|没用)")
KNOWS_PIN_USE = re.compile(r"(记住|知道|看到)(了)?.{0,4}密码.{0,10}(能|会|可以).{0,6}(刷|用|付)")
GLASSES = re.compile(r"眼镜|配镜|验光|近视")
ACCOUNT_WORDS = re.compile(r"个人账户|个账|账户里")
EYE_CLINIC = re.compile(r"眼科|医院")
DESIGNATED = re.compile(r"定点")
EXPIRED = re.compile(r"(码|二维码).{0,6}(过期|失效)|过期(的|了)")
CLOCK = re.compile(r"(手机|系统)?(时间|时钟).{0,8}(不对|不准|慢|快|差)|(慢|快)了.{0,4}(几|十几|\d+)分钟")
STILL = re.compile(r"还是|还|又|好几次|几次")
NOW = re.compile(r"咋办|怎么办|咋整|还在等|等着")
CHANNEL_NOT_OPEN = re.compile(r"(未|没|没有|暂未|尚未)开通.{0,4}(医保)?(移动支付|线上支付|医保支付|医保结算|在线支付)|"
                              r"不支持医保(移动)?支付")
COUNTER = re.compile(r"窗口|收费处|排队|自助机")
OTHER_HOSPITALS = re.compile(r"(别的|其他|哪家|哪些)(医院)?.{0,8}(能|可以)|咋知道|怎么知道")
PAID_THEN_CLAIM = re.compile(r"(先|已经).{0,6}(自费|付了|微信|支付宝).{0,12}(报|退|走医保|补)")
KID_PHONE = re.compile(r"(孙子|孙女|孩子|小孩|娃|外孙).{0,12}(乱点|乱按|玩|拿)|防着")
EX_SPOUSE = re.compile(r"前妻|前夫|离婚|离了")
REMOVE = re.compile(r"删|解除|移除|去掉|弄掉|踢")
AID_ON = re.compile(r"共济")
STOP = re.compile(r"关|解除|取消|停")
NOTICE = re.compile(r"通知|知道|收到(消息|提醒|短信)")
ALL_SELF = re.compile(r"全(部)?(自费|自己付|自己掏)|都(要)?自费")
PRESCRIPTION = re.compile(r"处方")
APP_AMOUNT = re.compile(r"(app|APP|软件).{0,10}(显示|看).{0,6}(有|一千|几百|\d)|"
                        r"(明明|显示).{0,4}有.{0,4}(一千|几百|\d+)")
WHAT_MONEY = re.compile(r"(啥|什么|哪)(钱|栏)|是啥")
WALLET_COLUMN = re.compile(r"钱包(那|这)?(一)?栏|钱包.{0,4}(写|显示)")
WALLET_FIRST = re.compile(r"(先|优先|指定).{0,4}(扣|用|付).{0,4}钱包|钱包.{0,4}(先|优先)(扣|用)")
PHARMACY = re.compile(r"药店|药房")
LENT_CARD = re.compile(r"(卡|医保卡|社保卡|医保码|码)(借|给)(给)?.{0,6}(哥|姐|弟|妹|亲戚|朋友|别人|他|她)|借(卡|给)")
PENALTY = re.compile(r"罚款|罚|处罚|追回|退钱|坐牢|违法")
DOCUMENTS = re.compile(r"带(啥|什么|哪些)|要(啥|什么)(材料|东西|证明)|证明(要不要|要吗|用带)")
POLICE_CHANGE = re.compile(r"出生日期|生日|出生年月")  # a name change and the rest: utter_jingban_documents
POWER_SAVING = re.compile(r"省电|低电量|节电")
FACE_CAP = re.compile(r"(人脸|刷脸).{0,10}(次数|上限)|(刷脸|人脸).{0,4}次数.{0,6}(用完|上限)")
SEPARATE = re.compile(r"分开|单独|各算各|(支付宝|微信).{0,6}(次数)")
CARD_TODAY = re.compile(r"(带|用|刷)(社保卡|医保卡|实体卡|卡)")
KIOSK = re.compile(r"自助机|自助缴费机|自助挂号机|自助终端")
NEXT_TIME = re.compile(r"下(回|次)|以后")
CODE_PROBLEM = re.compile(r"(码|医保码)(有|出)(问题|毛病)")

# Trial round 27, second tester: cues that must come before every earlier round's (their words
# overlap older cues: 「号码没换 就是收不到」 is no changed number, 「是他绑的我」 no binding of one's own).
NUMBER_SAME = re.compile(r"(号码|手机号|号).{0,3}(没|没有|也没|从没)(换|变|改)")
NOT_RECEIVED = re.compile(r"收不到|没收到|收不着|不来")
BOUND_BY = re.compile(r"(他|她|前夫|前妻)(那边|手机上?)?.{0,4}(绑|加)(的|了|着)?我|"
                      r"(是|被)(他|她|前夫|前妻)(绑|加)的?我?|(他|她|前夫|前妻)把我(绑|加)|"
                      r"把我从.{0,8}(解|删|移|弄|去)|(他|她|前夫|前妻)的?(手机|那边|亲情账户).{0,10}(绑着|还绑着|挂着)我")
USES_MY_CODE = re.compile(r"(用|拿|刷)我(的)?(码|医保码|医保)|扣我(的)?钱")
SHARED_SEEN = re.compile(r"(看到|看见|看了)(了)?.{0,8}(余额|东西|信息|内容|页面)|(共享|开了).{0,12}(要紧|"
                         r"会不会|干别的|拿去)")
VPN = re.compile(r"vpn|加速器|翻墙|代理软件", re.IGNORECASE)
ROOTED = re.compile(r"root|刷过机|刷机|越狱|运行环境.{0,6}风险|环境(存在)?风险", re.IGNORECASE)
SELL_CARD = re.compile(r"(收|卖|回收|出售|换成?现金|套现|折现)(医保卡|社保卡)|"
                       r"(医保卡|社保卡|卡里余额|医保余额|个人账户).{0,12}"
                       r"(换成?现金|套现|折现|[一二三四五六七八九]折|回收|收卡)|卖(医保卡|社保卡|卡)")
REPORT_WHERE = re.compile(r"(去哪|在哪|哪里|怎么|咋)(举报|投诉)|举报.{0,4}(去哪|电话)")
CONTRIBUTION = re.compile(r"(居民医保|医保费|医疗保险费|医保)(的)?(费)?.{0,6}(在哪|哪里|怎么|咋|去哪)(交|缴)|"
                          r"(交|缴)(医保费|居民医保)|(居民医保|医保).{0,6}(缴费|交费).{0,6}(在哪|截止|时间|什么时候)|"
                          r"(什么时候|啥时候|几号|哪天)(截止|结束).{0,4}(交|缴)|截止(交|缴)")
WHOSE_PIN = re.compile(r"(输|用|按)谁的密码|密码.{0,3}(输|用|按)谁的|我的还是(我爸|我妈|他|她|老人)的|"
                       r"(他|她|我爸|我妈|老人)的密码还是我的")
CANNOT_FACE = re.compile(r"(糊涂|痴呆|说不清|认不得|瘫|卧床|植物人).{0,12}(刷脸|脸|代办|办)|(代办|代他|"
                         r"代她).{0,6}(能|可以|行)")
BALANCE_DIFF = re.compile(r"(余额|钱|金额).{0,12}(不一样|不同|对不上|不一致)|(两边|两个).{0,8}(余额|不一样)|"
                          r"(以|按)哪个为准|哪个是对的")
PIN_HOW_LOCKED = re.compile(r"(没改|没动|没输|没碰).{0,10}锁|(咋|怎么|为啥|为什么|到底是?咋)(就|会)?锁(的|了|住)")
FAMILY_BOTH_PAY = re.compile(r"(冲突|两个码一样|码一样吗|同一个码)")
FAMILY_SEES_PAID = re.compile(r"(他|她)(那边|手机上?)?.{0,4}(能|会)?(看到|看得到|知道|收到).{0,10}(替|帮|付)")
REGION_RETIRE = re.compile(r"(影不影响|会不会影响|影响不影响|耽不耽误).{0,4}退休|"
                           r"(参保地|地方|显示).{0,12}(影响|耽误).{0,6}退休|退休.{0,6}(影响|受影响)")
YEARS = re.compile(r"年限.{0,6}(算|还算|认|作数|合并)|交的(年|那几年).{0,6}(算|还算)")
DEVICE = re.compile(r"制氧机|医疗器械|轮椅|血压计|血糖仪|助听器|拐杖|护理床")
# 「我坐轮椅 到药店医保码显示冻结」: the person's condition, not a device to buy (round 31: the device text)
SITS_IN = re.compile(r"坐(着)?轮椅|轮椅上|推(着)?轮椅|拄(着)?拐")
SPLIT_DAYS = re.compile(r"分(两|几|2|3)(天|次|回)买|分开(买|付)")
X_CASE = re.compile(r"(大小写|小写x|大写x|小写的x|最后一位是x|末位.{0,2}x)", re.IGNORECASE)
STOPPED = re.compile(r"冻|停|查|暂停")
BOUGHT_MUCH = re.compile(r"(买药|拿药|开药)(买|拿|开)?(多|太多|得多)|买多了")
CLAIMED_OLD_ACCOUNT = re.compile(r"(小号|以前注册|旧号|老号|另一个(支付宝|微信)).{0,12}(忘|登不上|找不回|不记得|密码)")
CHANGE_WITH_OLD = re.compile(r"(记得|知道)(旧|原来|老)?(的)?密码.{0,10}(不刷脸|直接改|不用刷脸)|不刷脸.{0,6}(直接)?改")
OTHERS_PAY_WITH = re.compile(r"(别人|他|人家|那人).{0,4}(能|会|可以)?(拿|用)我(的)?(码|医保码)")
FAMILY_PHONE_MINE = re.compile(r"(老婆|老公|媳妇|爱人|妻子|丈夫|儿子|女儿|闺女|我妈|我爸)(的)?手机.{0,8}(出示|"
                               r"用|打开|亮|帮我).{0,6}我的?(医保)?码")
FAMILY_BOUND = re.compile(r"亲情账户|绑了")
NOT_MY_SPOUSE = re.compile(r"(不是|没)(我)?(老公|老婆|丈夫|妻子|爱人)|没(有)?(老公|老婆)")
CRACKED = re.compile(r"屏幕.{0,4}(碎|裂|摔坏)|摔裂|碎屏|裂屏")
REG_FEE = re.compile(r"挂号费.{0,6}(医保|报|能刷|能用)")
GZH_REGISTER = re.compile(r"(公众号|小程序|app|APP).{0,10}(用医保|医保码|医保支付).{0,6}(挂号|缴费)|(公众号|"
                          r"小程序).{0,6}挂号.{0,8}医保")


def cause_walkthrough(intent: str, text: str) -> Optional[List[str]]:
    """An anonymous first message naming its cause gets that cause's answer, not the list of all
    causes (round 26's re-grade: a changed phone, a bank app got the generic activation text)."""
    if intent == "activate_credential":
        if BANK_APP.search(text):
            return ["utter_activation_bank_app"]
        if NEW_NUMBER.search(text):
            return ["utter_activation_new_number"]
        if NEW_HANDSET.search(text):
            return ["utter_activation_new_handset"]
    # 「收银的说码是过期的」「当前渠道未开通医保移动支付」: the cause the message names (round 27)
    return round27_first(re.sub(r"\W", "", text), None)


def round27_priority(short: str, tracker: Tracker) -> Optional[List[str]]:
    """Round 27's cues whose words earlier rounds' cues would take (called before them); round 28's
    before these."""
    newer = round28_priority(short, tracker)
    if newer:
        return newer
    earlier = said_this_session(tracker)
    sms = bool(earlier & {"utter_sms_not_received", "utter_sms_not_received_office"})
    if sms and re.search(r"当面|线下|大厅|去哪|哪里", short) and re.search(r"激活|办|弄", short):
        return ["utter_activation_office"]  # 「那能去哪里当面激活 要带啥」 (round 27: 「手机上改不用带东西」)
    if sms and NOT_RECEIVED.search(short) and re.search(r"微信|支付宝|app|APP", short):
        return ["utter_sms_channel_same"]  # 「我用微信 就是收不到验证码」 (round 27: 「没太明白」)
    if NUMBER_SAME.search(short) and NOT_RECEIVED.search(short):
        again = "utter_sms_not_received" in earlier
        return ["utter_sms_not_received_office" if again else "utter_sms_not_received"]
    if wrote(tracker, BOUND_BY) and USES_MY_CODE.search(short):
        # 「他还能用我的码买药吗 扣我的钱吗」 (round 27: untrue 「不会」); told first, how to get out too
        told = "utter_family_bound_by_other" in earlier
        return ["utter_family_bound_uses_mine"] if told else ["utter_family_bound_by_other",
                                                              "utter_family_bound_uses_mine"]
    if BOUND_BY.search(short) or (wrote(tracker, BOUND_BY) and re.search(r"解|删|不配合|亲情账户", short)):
        # 「是他绑的我…我这边能解吗」 (round 27: 「能绑」); asked again, the short form
        return ["utter_family_bound_by_other_short" if "utter_family_bound_by_other" in earlier
                else "utter_family_bound_by_other"]
    if SELL_CARD.search(short) or ("utter_card_sell_illegal" in earlier and re.search(r"犯法|违法|犯不犯", short)):
        return ["utter_card_sell_illegal"]  # 「群里有人收医保卡 八折换现金」 (round 27: the safety text)
    if "utter_card_sell_illegal" in earlier and REPORT_WHERE.search(short):
        return ["utter_report_fraud_where"]
    if "utter_card_sell_illegal" in earlier and re.search(r"用不完|花不完", short):
        return ["utter_account_no_reset"]
    if VPN.search(short):
        return [_vpn_answer(short, earlier)]
    if "utter_vpn" in earlier and re.search(r"为啥|为什么|啥关系|什么关系|公司|一直开|微信|支付宝", short):
        return [_vpn_answer(short, earlier)]
    if ROOTED.search(short) and "utter_rooted_phone" not in earlier:
        return ["utter_rooted_phone"]  # 「我手机是刷过机的 有关系吗」 (round 27: 「没太明白」)
    if ROOTED.search(short) and "utter_rooted_short" not in earlier:
        return ["utter_rooted_short"]  # 「就是root过…医保app是不是不让用」
    if "utter_rooted_phone" in earlier and re.search(r"微信|支付宝|别的", short):
        return ["utter_rooted_other_channels"]
    if CONTRIBUTION.search(short) and not re.search(r"扣|被", short):
        return ["utter_resident_contribution_deadline" if re.search(r"截止|什么时候|啥时候|几号", short)
                else "utter_resident_contribution"]  # 「明年的居民医保在哪交」 (round 27: the code 「全国通用」)
    if ("utter_resident_contribution" in earlier and re.search(r"个人账户|个账", short)
            and re.search(r"交|缴", short)):
        return ["utter_account_pays_family_contribution"]
    if "utter_family_pin_whose" in earlier and re.search(r"(不记得|忘|不知道).{0,6}密码|密码.{0,4}(忘|不记得)", short):
        return ["utter_family_pin_reset"]  # 「他早就不记得密码了」 (round 27: this person's reset started)
    if WHOSE_PIN.search(short):
        return ["utter_family_pin_whose"]  # 「输谁的密码 我的还是我爸的」 (round 27: never said 「his」)
    if CANNOT_FACE.search(short):
        return ["utter_family_incapacitated"]  # 「他人都糊涂了 刷脸也刷不了」「我是他儿子 能代办吗」
    # signed in, a first message gets the records' diagnosis first (the balance, the mismatch found)
    first_done = bool(tracker.get_slot("diagnosed_cause")) or not user_token(tracker)
    if BALANCE_DIFF.search(short):  # signed in too (round 27's re-grade: the records alone)
        return ["utter_balance_two_apps"]  # 「两边余额不一样 以哪个为准」 (round 27: 「好的。」)
    if PIN_HOW_LOCKED.search(short) and wrote(tracker, PIN_WORDS):
        return ["utter_pin_how_locked"]  # 「那我这个到底是咋锁的」 (round 27: the scam alarm)
    if FAMILY_BOTH_PAY.search(short) and (wrote(tracker, FAMILY_BOUND) or "family" in topics_near(tracker)):
        return ["utter_family_code_same"]  # 「我这边给他付 跟他自己付 会不会冲突」
    if FAMILY_SEES_PAID.search(short):
        return ["utter_family_payment_visible"]  # (round 27: an unrelated paid record)
    if REGION_RETIRE.search(short):
        return ["utter_region_retirement"]  # 「参保地不对 影不影响以后退休」 (round 27: the safety text)
    if YEARS.search(short):
        return ["utter_years_count"]
    if DEVICE.search(short) and not SITS_IN.search(short) and (
            "utter_medical_device" not in earlier or re.search(r"不是|我说的是", short)):
        return ["utter_medical_device"]  # 「制氧机能用医保买吗」 (round 27: the records' hospital payment)
    if SPLIT_DAYS.search(short) and (DEVICE.search(short) or wrote(tracker, DEVICE)):
        return ["utter_split_days"]
    if re.search(r"差额|剩下的|不够的", short) and re.search(r"(算|报).{0,4}(没|吗|了没|不)", short):
        return ["utter_rest_paid_self"]  # 「差额我用微信付了 这次算医保报了没」 (round 27: 「帮不上忙」)
    if X_CASE.search(short) and first_done:
        return ["utter_id_x_case"]  # 「身份证X大小写会不会导致不一致」 (round 27: 「已经查过了」)
    if BOUGHT_MUCH.search(short) and wrote(tracker, STOPPED):
        return ["utter_status_not_for_buying"]  # 「不是因为我买药多被查了吧」 (round 27: 「没太明白」)
    if "utter_claimed_other_account" in earlier and BANNED.search(short) and not OLD_ACCOUNT_MISUSED.search(short):
        return ["utter_claimed_other_account_short"]  # 「…旧号登不上去了啊」: the banned account, not a forgotten one
    if NOT_MY_SPOUSE.search(short) and re.search(r"支付宝|微信|账号|帐号", short):
        return ["utter_own_account_yes"]  # 「我没老公 就是我自己的支付宝」 (round 27's re-grade: the family text)
    if CLAIMED_OLD_ACCOUNT.search(short):
        return ["utter_claimed_old_account"]  # 「以前注册过一个支付宝小号 密码早忘了」 (round 27: 微信分身)
    if CHANGE_WITH_OLD.search(short):
        return ["utter_pin_change_with_old"]
    if OTHERS_PAY_WITH.search(short) and wrote(tracker, PIN_WORDS):
        return ["utter_pin_seen_safe"]  # 「被人看到了密码 别人能拿我码付钱吗」
    if FAMILY_PHONE_MINE.search(short):
        return ["utter_family_phone_shows_mine"]  # 「我老婆手机能帮我出示我的医保码吗」 (round 27: the family text)
    if CRACKED.search(short) and "utter_cracked_screen" not in earlier:
        return ["utter_cracked_screen"]
    if "utter_cracked_screen" in earlier and re.search(r"这几天|修(手机|好)|修的时候|修好之前", short) \
            and re.search(r"买药|看病|怎么|咋|拿药", short):
        return ["utter_cracked_meanwhile"]  # 「修手机要好几天 这几天买药怎么弄」 (round 27: 「帮不上忙」)
    if REG_FEE.search(short):
        return ["utter_registration_fee"]  # 「挂号费能走医保吗」 (round 27: how to pay)
    if GZH_REGISTER.search(short):
        return ["utter_which_hospitals_mobile_pay"]
    if earlier & SCAM_CONTEXT and REPORT_POLICE.search(short) and re.search(r"没(开|给|转|说|点|损失|被骗)", short):
        return ["utter_scam_report_no_loss"]  # 「要不要报警 我也没损失钱」 (round 27: 「好的。」)
    shared = bool(earlier & SCAM_CONTEXT) or wrote(tracker, SCREEN_SHARE)
    if shared and re.search(r"改(个|下|一下)?密码|密码.{0,4}(要不要|用不用|得)改", short) and "医保" not in short:
        return ["utter_scam_change_passwords"]  # 「那我支付宝要不要改密码」 (round 27's re-grade: the PIN reset)
    if SHARED_SEEN.search(short) and shared:
        return ["utter_scam_shared_screen_after"]  # 「共享的时候…看到了我的余额 要紧吗」 (round 27: the safety text)
    return None


def _vpn_answer(short: str, earlier: Set[str]) -> str:
    if "utter_vpn" not in earlier:
        return "utter_vpn"
    if re.search(r"公司|一直开|必须开|要求", short):
        return "utter_vpn_company"
    if re.search(r"微信|支付宝", short):
        return "utter_vpn_all_channels"
    return "utter_vpn_why"


def round27_first(short: str, tracker: Optional[Tracker]) -> Optional[List[str]]:
    """Questions that name their own topic; asked again, the follow-ups below answer (not a copy)."""
    answer = _named_topic(short)
    if answer and tracker is not None and answer[0] in said_this_session(tracker):
        return None
    return answer


def _named_topic(short: str) -> Optional[List[str]]:
    if NO_SIGNAL_INSIDE.search(short) and CODE_USE.search(short):
        return ["utter_no_signal_inside"]  # (round 26's re-grade: the shop Wi-Fi text for a hospital)
    if SCREEN_SHARE.search(short):
        return ["utter_scam_screen_share"]  # 「打视频电话…让我打开屏幕共享」 (round 27: the security text)
    if CLAIMED_ELSEWHERE.search(short) and "支付宝" in short and "微信" not in short:
        return ["utter_claimed_other_alipay"]  # 「该凭证已在其他支付宝账号激活」 (round 27's re-grade: a WeChat text)
    if CLAIMED_ELSEWHERE.search(short) or (BANNED.search(short) and re.search(r"医保码|领取|领", short)):
        return ["utter_claimed_other_account"]  # 「已在其他账号领取」 (round 27: the network steps)
    if CHANNEL_NOT_OPEN.search(short):
        return ["utter_channel_no_mobile_pay"]  # 「当前渠道未开通医保移动支付」 (round 27: how to pay)
    if FACE_CAP.search(short):
        return ["utter_face_daily_cap"]  # 「今日人脸识别次数已达上限」 (round 27: the activation form)
    if MASK.search(short) and FACE.search(short):
        return ["utter_face_mask_off"]  # 「戴着口罩能行吗」 (round 27: binding a family member's face)
    if CARD_LOST.search(short) and not re.search(r"手机", short):
        return ["utter_card_lost"]  # 「社保卡丢了…钱会不会被刷」 (round 27: the code's security text)
    if FACE_ON_OPEN.search(short):
        return ["utter_face_on_open"]
    if CARD_NO_FACE.search(short):
        return ["utter_card_no_face"]  # 「刷社保卡是不是就不用刷脸了」 (round 27: the family face rule)
    if SEEN_PIN.search(short):
        return ["utter_pin_seen"]
    if KNOWS_PIN_USE.search(short):
        return ["utter_pin_seen_safe"]  # 「他要是记住了密码 能拿我的码去刷吗」
    if GLASSES.search(short) and not ACCOUNT_WORDS.search(short):
        if EYE_CLINIC.search(short) and not DESIGNATED.search(short):
            return ["utter_glasses_hospital"]
        return ["utter_glasses_designated" if DESIGNATED.search(short) else "utter_glasses"]  # (round 27: 「帮不上忙」)
    if CLOCK.search(short):
        return ["utter_phone_clock"]  # 「手机时间…慢了十几分钟 有关系不」 (round 27: 「帮不上忙」)
    if EXPIRED.search(short) and re.search(r"码", short) and not re.search(r"验证码|链接|医保卡|社保卡|身份证", short):
        return ["utter_code_expired"]  # 「收银的说码是过期的」 (round 27: nine causes, then the fallback)
    if LENT_CARD.search(short) and not re.search(r"截图", short):
        return ["utter_card_lent"]  # 「把卡借给我哥去药店拿药了」 (round 27: the screenshot text)
    if KID_PHONE.search(short) and re.search(r"防|以后|再|别让", short):
        return ["utter_stop_kid_phone"]  # 「以后咋防着他再乱点」 (round 27: the security text)
    if PRESCRIPTION.search(short) and re.search(r"药|刷|医保", short):
        return ["utter_prescription_needed"]  # (round 27: 「刚才已经查过了」)
    if WALLET_FIRST.search(short):
        return ["utter_wallet_pay_first"]
    return None


def round27_question(short: str, said: Set[str], tracker: Tracker) -> Optional[List[str]]:
    """Follow-ups that only make sense after what was said before in this conversation."""
    earlier = said_this_session(tracker) | said
    near = topics_near(tracker)
    cause = tracker.get_slot("diagnosed_cause")
    if (faq_given(earlier, "screenshot") or earlier & SCREENSHOT_TEXTS) and SEND_SHOT.search(short):
        return ["utter_screenshot_send_no"]  # 「截个图发给他呢」 (round 26's re-grade: the same text again)
    if earlier & WALLET_TEXTS and ONLY_IN_APP.search(short):
        return ["utter_wallet_any_code"]  # 「但是医保钱包只在那个app里啊」 (the wallet intro again)
    if wrote(tracker, NEW_NUMBER) and CHANNEL.search(short) and CHANGE_NUMBER_THERE.search(short):
        return ["utter_phone_change_channel"]  # 「那能在微信里直接改手机号不」 (read as the form's channel)
    claimed = "utter_claimed_other_account" in earlier
    if claimed and (BANNED.search(short) or "旧号" in short) and not OLD_ACCOUNT_MISUSED.search(short):
        return ["utter_claimed_other_account_short"]  # 「不是网的问题…旧号登不上去了啊」
    if claimed and OTHER_CHANNEL_TRY.search(short):
        return ["utter_claimed_other_channel"]  # 「那我用支付宝弄一个行不行」
    if claimed and OLD_ACCOUNT_MISUSED.search(short):
        return ["utter_banned_account_safe"]
    scam = bool(earlier & SCAM_CONTEXT)
    if scam and IS_12393_REAL.search(short):
        return ["utter_scam_hotline"]  # 「12393是真的吗」 (round 27: 「没有更具体的说明」)
    if scam and CALL_BACK.search(short):
        return ["utter_scam_call_back"]  # 「他留了个座机号让我回拨」 (round 27: the phone-number FAQ)
    if scam and REPORT_POLICE.search(short) and re.search(r"没(开|给|转|说|点|损失|被骗)", short):
        return ["utter_scam_report_no_loss"]  # (round 27: 「没有更具体的说明」; with a loss: utter_scam_police)
    if scam and MONTHLY_FEE.search(short):
        return ["utter_scam_monthly_fee"]  # 「不注销的话以后每个月要扣两百」 (round 27: 「没太明白」)
    pin = "pin" in near or cause == "pin_locked" or any("pin" in name for name in earlier)
    if pin and NEVER_SET.search(short):
        return ["utter_pin_set_when"]  # 「是不是激活的时候就设了」 (round 27: the activation steps)
    # (a first question, or one inside the reset, gets the reset itself: round 18)
    if (pin and earlier and tracker.active_loop_name != "pin_reset_form" and WHERE_SET.search(short)
            and "忘" not in short):
        for channel in ("wechat", "alipay", "app"):
            if re.search({"wechat": "微信", "alipay": "支付宝", "app": "国家医保|医保app|医保APP|APP|app"}[channel],
                         short):
                return [f"utter_pin_path_{channel}"]  # 「在哪改 我用的微信」 (round 27: one PIN for all)
    if pin and OLD_PIN_VOID.search(short):
        return ["utter_pin_old_void"]  # (round 27: the reset link's lifetime, never sent)
    if pin and re.search(r"改了以后|改完|改好", short) and re.search(r"原来|以前|旧", short):
        return ["utter_pin_old_void"]
    verify = tracker.active_loop_name == "phone_verification_form" or wrote(tracker, WHICH_NUMBER)
    if verify and TRY_EACH.search(short):
        return ["utter_verify_try_numbers"]  # 「挨个试行不行 会不会把我锁了」 (round 27: the security text)
    if verify and FIND_NUMBER.search(short):
        return ["utter_verify_find_number"]
    if verify and NONE_MATCH.search(short):
        return ["utter_verify_none_number"]  # 「那三个号都不是咋办」 (round 27: the number asked again)
    card = "utter_card_lost" in earlier or wrote(tracker, CARD_LOST)
    if card and CODE_MEANWHILE.search(short):
        return ["utter_card_code_meanwhile"]  # 「补卡这段时间能用手机医保码看病吗」
    if card and REPORT_LOSS.search(short) and not FEE_OR_BRING.search(short):
        return ["utter_card_report_loss"]  # 「那实体卡丢了要去哪挂失」 (round 27: activation on the phone)
    if card and FEE_OR_BRING.search(short):
        return ["utter_card_replace"]  # 「补卡要钱不 要带啥」 (round 27: the previous question again)
    if card and PHYSICAL.search(short) and re.search(r"不是|说的是", short):
        return ["utter_card_report_loss"]  # 「我说的是那张实体卡 不是手机上的码」
    face = "utter_face_on_open" in earlier
    if face and re.search(r"儿子|女儿|闺女|家人|孩子", short) and re.search(r"外地|不在|远", short):
        return ["utter_family_far_away"]  # 「能不能让我儿子帮我弄 他在外地上班」 (round 27: the family text)
    if "utter_code_expired" in earlier or wrote(tracker, EXPIRED):
        if STILL.search(short) and re.search(r"刷新|过期|不行", short):
            return ["utter_code_expired_still"]  # 「我刷新了好几次她那边还是说过期」 (round 27: the fallback)
        if NOW.search(short):
            return ["utter_code_expired_now"]  # 「那我咋办嘛 收银的还在等」 (round 27: 「您是遇到了什么问题」)
        if re.search(r"没(得|有)?.{0,4}提示|就是.{0,8}过期", short):
            return ["utter_code_expired_now"]  # 「没得啥子提示 就是收银的说码过期了」: what to do now
    not_open = "utter_channel_no_mobile_pay" in earlier or wrote(tracker, CHANNEL_NOT_OPEN)
    if not_open:
        if PAID_THEN_CLAIM.search(short):
            return ["utter_self_paid_claim_later"]  # 「先用微信把钱付了 回头还能走医保报吗」 (round 27: 「帮不上忙」)
        if OTHER_HOSPITALS.search(short):
            return ["utter_which_hospitals_mobile_pay"]
        if re.search(r"窗口|收费处", short) and re.search(r"医保码|扫|社保卡", short):
            return ["utter_counter_window_scan"]  # 「窗口那能扫医保码不」 (round 27: the introduction)
        if COUNTER.search(short) or NOW.search(short) or re.search(r"咋交|怎么交|在哪交", short):
            return ["utter_channel_no_mobile_pay_how"]  # 「那我咋交 非要去窗口排队吗」
    if "utter_stop_kid_phone" not in earlier and KID_PHONE.search(short) and cause == "pin_locked":
        return ["utter_stop_kid_phone"]
    family = "family" in near or "mutual_aid" in near or wrote(tracker, EX_SPOUSE)
    if family and wrote(tracker, EX_SPOUSE):
        if AID_ON.search(short) and STOP.search(short):
            return ["utter_mutual_aid_stop"]  # 「我想把共济也关了 怎么关」
        if AID_ON.search(short):
            return ["utter_mutual_aid_divorce"]  # 「家庭共济也开着的 她还能用我账户的钱吗」
        if NOTICE.search(short):
            return ["utter_family_remove_notice"]  # 「她会不会收到通知」 (round 27: the security text)
        if REMOVE.search(short) or EX_SPOUSE.search(short):
            return ["utter_family_remove_member"]  # (round 27: unbinding one's own credential)
    limit = cause == "over_limit" or "limit" in near
    if limit and ALL_SELF.search(short):
        return ["utter_limit_not_all_self_paid"]  # 「那1680要我全自费？」 (round 27: a zero 医保 payment)
    if APP_AMOUNT.search(short) or (cause == "insufficient_balance" and WHAT_MONEY.search(short)
                                    and re.search(r"一千|几百|\d{3,}|钱", short)):
        return ["utter_app_amount_which"]  # 「app里明明显示有一千多 那是啥钱」 (round 27: the APP's device steps)
    if WALLET_COLUMN.search(short) and (cause == "insufficient_balance" or "balance" in near):
        return ["utter_wallet_vs_account"]
    if PHARMACY.search(short) and "备案" in short and re.search(r"能|可以|行", short):
        return ["utter_beian_pharmacy"]  # 「备案了以后在小区药店能刷不」 (round 27: the 备案 text again)
    if "utter_beian_needed" in earlier and PHARMACY.search(short):
        return ["utter_beian_pharmacy"]
    lent = "utter_card_lent" in earlier or wrote(tracker, LENT_CARD)
    if lent and PENALTY.search(short):
        return ["utter_card_lent_penalty"]  # 「那会不会罚款啊」 (round 27: 「帮不上忙」)
    if lent and re.search(r"违规|算不算|也算|犯法|不行吗", short):
        return ["utter_card_lent"]  # 「借给亲哥哥拿药也算违规吗」 (round 27: the security text)
    mismatch = cause == "info_mismatch" or "mismatch" in near
    if mismatch and DOCUMENTS.search(short) and wrote(tracker, POLICE_CHANGE):
        return ["utter_mismatch_documents"]  # 「要带啥 派出所给的证明要不要」 (round 27: 「帮不上忙」)
    if mismatch and re.search(r"(app|APP|手机|网上).{0,8}(改不了|只能改)", short):
        return ["utter_mismatch_offline_only"]  # 「APP里…出生日期改不了啊」 (round 27: try the phone first)
    # signed in, a first message gets the records' diagnosis first (round 27: power saving alone)
    first_done = bool(cause) or not user_token(tracker)
    if POWER_SAVING.search(short) and first_done and not re.search(r"关(了|掉|闭)", short) \
            and "utter_power_saving" not in earlier:
        return ["utter_power_saving"]  # 「我问的是省电模式有没有关系」 (round 27: the credential's introduction)
    glasses = "utter_glasses" in earlier or wrote(tracker, GLASSES)
    if glasses and EYE_CLINIC.search(short) and "utter_glasses_hospital" not in earlier:
        return ["utter_glasses_hospital"]  # 「去医院眼科配呢 能报不」 (round 27: 「帮不上忙」)
    if glasses and ACCOUNT_WORDS.search(short):
        return ["utter_glasses_account"]  # 「那配眼镜的钱能用个人账户里的钱吗」 (round 27: the family text)
    if "utter_face_daily_cap" in earlier or wrote(tracker, FACE_CAP):
        if SEPARATE.search(short) or re.search(r"换(支付宝|微信|国家医保)", short):
            return ["utter_face_cap_per_channel"]
        if CARD_TODAY.search(short) or re.search(r"今天.{0,6}(看病|咋办|怎么办)", short):
            return ["utter_face_cap_today"]  # 「那今天看病咋办 带社保卡去行不」 (round 27: 居民医保 text)
    if KIOSK.search(short) and re.search(r"失败|不行|扫不|刷不|不了|用不|没反应", short) and first_done \
            and "utter_kiosk_failed" not in earlier:
        return ["utter_kiosk_failed"]  # 「医院大厅的自助机扫我医保码 一直显示交易失败」
    kiosk = "utter_kiosk_failed" in earlier or wrote(tracker, KIOSK)
    if kiosk and (NEXT_TIME.search(short) or CODE_PROBLEM.search(short)) and re.search(r"成功|好了|刷上", short):
        return ["utter_kiosk_next_time"]  # 「窗口刷成功了 那下回还用自助机不」 (round 27: another pharmacy)
    if kiosk and re.search(r"不是药店|自助机", short) and "utter_kiosk_failed" not in earlier:
        return ["utter_kiosk_failed"]  # 「不是药店 我在医院 自助机上扫的」 after another place's records
    if kiosk and re.search(r"不是药店|在医院", short):
        return ["utter_kiosk_hospital"]  # the records' pharmacy is not this kiosk (round 27)
    return None


def detail_after_records(text: str, tracker: Tracker) -> Optional[List[str]]:
    """A signed-in first message that asks about one detail (power saving, the X of an ID number):
    its answer after the records' diagnosis (round 27's leftover: the records alone)."""
    short = re.sub(r"\W", "", text)
    if POWER_SAVING.search(short) and not re.search(r"关(了|掉|闭)", short):
        name = "utter_power_saving"
    elif X_CASE.search(short):
        name = "utter_id_x_case"
    else:
        name = round28_detail(short, tracker)  # a child ill tonight (round 28)
    if not name:
        return None
    return None if name in said_this_session(tracker) else [name]


def round27_answer(text: str, tracker: Tracker) -> Optional[List[str]]:
    """Both kinds, for an answer that would otherwise be the four-part security text (a pasted
    scam message keeps its warning: actions.scam)."""
    short = re.sub(r"\W", "", text)
    if SCREEN_SHARE.search(short) and "utter_scam_screen_share" not in said_this_session(tracker):
        return ["utter_scam_screen_share"]
    after = round29_follow_up(short, tracker, said_this_session(tracker))
    if after:  # 「点进去了 填了身份证」 after the 医保贷 answer (round 29: the scam steps)
        return after
    if LURE.search(short):
        return None
    return (round27_priority(short, tracker) or round27_first(short, tracker)
            or round27_question(short, set(), tracker))
