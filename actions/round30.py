"""Trial round 29's leftovers and round 30's zeros (docs/dialogue-trials.md): situations no earlier
round met, each answered for what it names — a winter or an internship in another province, the
kinds of 异地就医备案 and an expired one, a village doctor collecting phones, no smartphone,
「参保信息不唯一」, an online pharmacy's pick-up rule, a higher price for paying by 医保, a child
of 15, what a stay in hospital leaves to pay and 起付线, an order after activation, a lapse paid
back, what goes into the personal account, two records, a relative's own code bound to one's
phone, 「24小时后再试」, a 15-digit ID card, fixing a record from far away or through HR, a campus
network, re-settling later and its receipts, a child's code at a kiosk, paying past a limit, a
kiosk that took the money, no returns of medicine, 慢特病, a clinic's authorisation, refunds and
the pooled fund, selling medicine, the binders of a month, a pharmacy at night; scams that offer a
refund of contributions. Asked before round 29's tables (actions.round29 consults these first).

A message with a masked number in it (bot.privacy) is warned about first; what else it asks is
answered after the warning (「设密码123456说不符合规则」, round 29: only the warning, the question lost)."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Pattern, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import say

WARNING = "utter_never_send_pin"
_BEIAN = re.compile(r"备案")
_TAKEN = re.compile(r"扣了|扣款|扣钱|钱扣|被扣")
# the answers about a scam, after which 「还没点开」「他说的名字都对」 mean something
_SCAM_SAID = {"utter_scam_warning", "utter_scam_refund_wechat", "utter_scam_called_out", "utter_security_info",
              "utter_scam_link", "utter_scam_already", "utter_scam_refund_real"}
_PIN_SAID = {"utter_diag_pin_locked", "utter_pin_lock_wait", "utter_urgent_today_pin"}

# (what the message names, the answer), in order; the compact text (no spaces or punctuation)
NAMED: Sequence[Tuple[Pattern[str], str]] = [
    (re.compile(r"(?=.*(退还|退费|可以退|可退|返还|多缴|多交))"
                r"(?=.*(加.{0,6}(微信|QQ|qq|专员)|企业微信|下(载)?.{0,8}(app|APP|软件)|填.{0,4}银行卡|银行卡号))"),
     "utter_scam_refund_wechat"),
    (re.compile(r"(多交|多缴|重复缴|重复交)的?(钱|费|医保费)?.{0,10}(有没有|到底|真的)?.{0,4}(能|可以)?退"),
     "utter_scam_refund_real"),
    (re.compile(r"(下载|装|安装)了.{0,10}(还)?没(填|点|开|注册|输)|(app|APP|软件).{0,6}(还)?没(点开|打开)"),
     "utter_scam_app_not_opened"),
    (re.compile(r"(身份证|手机).{0,12}(都)?(交给|收走|收上去|统一收).{0,24}(弄|办|激活|医保码)?|"
                r"统一(弄|办|激活|办理).{0,10}(医保码|老人)"), "utter_village_collects"),
    (re.compile(r"(?=.*(大学生医保|学生医保|学校(统一)?交的?医保|上大学|大学生))(?=.*(实习|暑假|寒假|外地|去外省))"
                r"(?=.*(能用|能刷|看病|生病|买药|医保码|有效))"), "utter_student_away"),
    (re.compile(r"(学校|大学生|学生)的?医保.{0,8}(还)?(有效|能用|管用|算数|作废)|实习.{0,12}(不交|不给交|没交)社保"),
     "utter_student_insurance_valid"),
    (re.compile(r"备案.{0,6}(已经?)?(过期|失效|到期)"), "utter_beian_expired"),
    (re.compile(r"长期居住|临时外出|备案.{0,6}(选哪|哪种|哪一种|什么类型|类型|种类)|选哪种备案"), "utter_beian_kind"),
    (re.compile(r"(回来|回去|回家|回老家).{0,10}(取消|撤销|注销)|(取消|撤销)(异地)?备案|"
                r"备案.{0,6}(要不要|还要|需要)?(取消|撤销)"),
     "utter_beian_cancel"),
    (re.compile(r"(?=.*(住|待|过冬|躲冷|旅居|候鸟|养老).{0,14}([一二两三四五六几\d]个月|半年|冬天|过冬|一冬|年底))"
                r"(?=.*(能刷|能用|看病|生病|买药|医保码))"), "utter_travel_months"),
    (re.compile(r"不唯一|多条参保记录|参保信息重复"), "utter_multiple_records"),
    (re.compile(r"到店自提|仅支持自提|只能自提|不支持配送|不能配送|送不了"), "utter_online_pickup_only"),
    (re.compile(r"(?=.*(医保|刷卡|刷码))(?=.*(现金|自费))(?=.*(贵|加价|价不一样|价格不一样|只要\d|才\d|合理|差价))"),
     "utter_insurance_price_higher"),
    (re.compile(r"(\d+|十[一二三四五六七]?)岁.{0,20}(能不能|能|可以).{0,4}(自己)?激活|"
                r"(初中|初[一二三]|高中|高[一二三]|未成年).{0,16}(能不能|能|可以)?.{0,4}(自己)?激活"),
     "utter_minor_self_activate"),
    (re.compile(r"(住院|出院).{0,24}(自己|自付|还要).{0,10}(掏|出|付|交)|医保报(了|完)(以后)?.{0,8}(还要|自己)|"
                r"不是说有医保吗"),
     "utter_inpatient_self_share"),
    (re.compile(r"起付线|起付标准|门槛费"), "utter_deductible"),
    (re.compile(r"(刚才|之前|那个|这个)的?订单.{0,12}(还能|能不能|可以|还可以).{0,6}(医保|付)"),
     "utter_order_after_activation"),
    (re.compile(r"(断交|断缴|欠费|没交).{0,20}(补上|补交|补缴)|(税务|电子税务局).{0,10}(补上|补交|补缴)"),
     "utter_lapse_paid_back"),
    (re.compile(r"(工资|每月|每个月).{0,12}(扣|交).{0,24}(个人账户|账户).{0,12}(这么点|才|少|去哪|哪去)|"
                r"单位(交|缴)的.{0,10}(不进|进不进|去哪|哪去|进我)|"
                r"(交|缴)的(也)?不少.{0,10}(账户|个账).{0,6}(这么点|这么少|才)|"
                r"每(个)?月.{0,8}(往|打|划|进)(到)?.{0,4}账户.{0,6}多少|个人账户.{0,6}每(个)?月.{0,6}(打|划|进)多少"),
     "utter_account_inflow"),
    (re.compile(r"(刷的时候|付的时候|用的时候|现在).{0,8}选哪(个|条)|选哪个参保地"), "utter_two_records_which"),
    (re.compile(r"(他|她|我爸|我妈|老人|爸|妈)(他|她)?自己的(医保|码|医保码|个人账户).{0,10}(能不能|能|可以|行不行)"),
     "utter_family_code_for_them"),
    (re.compile(r"(24|二十四)小时(后|以后|之后)?(再试|再输)|等(到)?明天(就)?(好|能用|解开)"), "utter_pin_lock_wait"),
    (re.compile(r"(15|十五)位.{0,16}(身份证|证号)|(身份证|证号).{0,8}(15|十五)位"), "utter_id_15_digit"),
    (re.compile(r"(hr|HR|人事|单位|公司).{0,8}(帮我|替我|代我|代)(去)?(办|改|弄)"), "utter_mismatch_hr_help"),
    (re.compile(r"(人在|我在).{0,8}(打工|上班|工作).{0,20}(得|要|必须|需要|非得)(回去|回老家|跑回去|本人回)"),
     "utter_mismatch_remote_fix"),
    (re.compile(r"视频.{0,12}(扫|出示)|扫我(的)?手机(屏幕)?"), "utter_remote_show_video"),
    (re.compile(r"校园网|宿舍网"), "utter_campus_network"),
    (re.compile(r"(多少天|多久|几天)(内|之内|以内)?.{0,6}(回来|回去)(弄|办|结算|重新结算|退)|"
                r"过了(时间|期限).{0,8}(不给|不能)(退|报)"),
     "utter_resettle_deadline"),
    (re.compile(r"(发票|收据|票据|小票).{0,8}(要不要|要|需要|得)?(留|保存|保留)|"
                r"留(发票|收据)还是"), "utter_keep_receipts"),
    (re.compile(r"患者本人.{0,6}(凭证|医保码)|(娃|孩子|宝宝).{0,20}(哪来|哪有)(的)?手机"), "utter_child_code_kiosk"),
    (re.compile(r"(切|换|选)(成|到)(娃|孩子|宝宝|儿子|女儿)的?|"
                r"(出来|扫出来)(的)?还是我的码"), "utter_child_code_switch"),
    (re.compile(r"(下次|以后).{0,6}只能开(一个月|一月|少)|"
                r"长处方.{0,10}(不行|不能|只能)"), "utter_long_prescription_ok"),
    (re.compile(r"(?=.*微信)(?=.*((在哪|哪里|哪儿)(点|找|弄)?.{0,4}重置|重置.{0,6}(在哪|入口|哪里点)))"),
     "utter_wechat_reset_where"),
    (re.compile(r"(个人账户|账户|医保).{0,6}(退回|退到|退)(来)?.{0,6}(要)?(多久|几天|什么时候)"),
     "utter_refund_account_time"),
    (re.compile(r"(还要|要不要|需不需要|用不用)(再)?(交|付|缴|刷)(一次|一遍)?.{0,16}(显示没交|没交费|没收到)|"
                r"扣了.{0,16}(显示|说)(没交|未缴|没付)"), "utter_paid_not_shown"),
    # 「那超的部分我能用个人账户余额付吗 还是只能微信」 after the limit (round 30: 「已经查过了」)
    (re.compile(r"超(的|出的|过的|出来的)(部分|那部分|钱).{0,12}(个人账户|余额|微信|支付宝|只能)"), "utter_pay_excess"),
    (re.compile(r"(这点|这么点)钱.{0,10}(不够|咋办|怎么办)"), "utter_rest_after_balance"),
    (re.compile(r"(加|添加)(他|她|对方)?的?(QQ|qq|微信).{0,12}(视频|开视频)|核查(我的)?(资产|资金)|资金核查|安全账户"),
     "utter_scam_police_video"),
    (re.compile(r"(先自费|让我先自费).{0,30}(退费|重新结算|重结).{0,12}(靠谱|可靠|行吗|真的|能行|没问题)"),
     "utter_resettle_reliable"),
    (re.compile(r"(一律)?不(给|能)?退.{0,6}(合理|对吗|吗)|退药|药.{0,10}一律不退"), "utter_medicine_no_return"),
    (re.compile(r"(慢特病|慢性病|门诊慢特|门特|门慢|特殊病种).{0,10}(申请|认定|办理|在哪弄|怎么弄|咋弄|在哪办)|"
                r"(申请|认定|办)(个|那个)?(慢特病|门特|门慢|慢性病)"), "utter_chronic_disease_apply"),
    (re.compile(r"授权.{0,12}(医院|获取|医保信息)|(获取|读取)(您的)?医保信息"), "utter_clinic_auth_ok"),
    (re.compile(r"诊间(付|支付).{0,10}(窗口|一样|区别)|"
                r"(窗口|诊间).{0,6}(付|支付).{0,10}(一样|区别)"), "utter_clinic_vs_window"),
    (re.compile(r"(加|添加|绑)(亲情|家人|孩子|娃|宝宝).{0,20}(先激活|要我激活|让我先激活)|"
                r"先激活.{0,10}(才能|再)(加|绑|添加)"),
     "utter_family_needs_own_activation"),
    (re.compile(r"(我)?自己的?(还)?没激活.{0,10}(能不能|能|可以)(先)?(给|帮)(娃|孩子|宝宝)"),
     "utter_family_own_first_short"),
    (re.compile(r"(老公|老婆|爱人|孩子他爸|孩子他妈|他爸|她爸|爷爷|奶奶).{0,8}(已经)"
                r"?激活了.{0,10}(让他|让她|他来|她来|加行不行|来加)"),
     "utter_spouse_adds_child"),
    (re.compile(r"收(购)?医保药|(卖|转卖|倒卖)(医保)?(的)?药|收药|"
                r"药.{0,8}(卖了|卖掉|拿去卖)"), "utter_selling_medicine"),
    (re.compile(r"(吃不完|用不完|开多了|剩下)的?药.{0,10}(咋办|怎么办|少开)|"
                r"(让|叫)医生少开"), "utter_leftover_medicine"),
    (re.compile(r"(一个月|每月|每个月).{0,8}(只能|最多)?绑.{0,12}(分开算|一起算|合并|单独算|分别算)|"
                r"(微信|支付宝).{0,8}(分开算|一起算|单独算|分别算)"), "utter_family_binders_channels"),
    (re.compile(r"(退了?费|退了).{0,30}(医保)(那块|那部分|部分).{0,8}(没看到|没退|没到)|"
                r"医保(那块|那部分)(没|还没)(退|看到)"),
     "utter_refund_insurance_part"),
    (re.compile(r"(半夜|深夜|凌晨|夜里|晚上)([一二三四五十\d]+点)?.{0,24}(医保)?(刷不了|不能刷|用不了|不能用)"),
     "utter_night_pharmacy"),
]

# (the answers or the words earlier in the conversation that make the follow-up mean something,
#  the follow-up, the answer); the context is either response names said or a pattern the person wrote
FOLLOW_UPS: Sequence[Tuple[object, Pattern[str], str]] = [
    # after the person asked where they are insured (a first 「两个参保地 咋回事」 keeps round 22's answer)
    (re.compile(r"在哪交|在哪参保|参保地是哪|哪里交的"),
     re.compile(r"(两个地方|两个参保地|两(条|个)(参保)?记录).{0,8}(都有)?.{0,6}(咋回事|怎么回事|为啥|为什么)"),
     "utter_two_records_why"),
    # after the village doctor's offer or the family texts (a bare 「老人没有智能手机咋办」 is the FAQ's)
    ({"utter_village_collects", "utter_family_binding_rules", "utter_family_members", "utter_family_none",
      "utter_family_binders_channels", "utter_family_sibling_bind", "utter_family_binders_per_month"},
     re.compile(r"(?=.*(不会(弄|用|玩|使)(智能)?手机|没(有)?智能(手)?机))"
                r"(?=.*(咋办|怎么办|怎么用|咋用|怎么看病|咋看病|时候怎么|时候咋))(?!.*(密码|备案|激活|绑))"),
     "utter_no_phone_skills"),
    ({"utter_student_away", "utter_student_insurance_valid", "utter_travel_months"}, re.compile(r"药店|买药|药房"),
     "utter_resident_pharmacy"),
    (_SCAM_SAID, re.compile(r"(app|APP|软件|下载).{0,10}(还)?没(点开|打开|开|注册)|"
                            r"(还)?没(点开|打开)(那个)?(app|APP|软件)"),
     "utter_scam_app_not_opened"),
    # 「他说的我的名字和身份证号都对」 (round 30: the identity-mismatch text)
    (_SCAM_SAID, re.compile(r"(名字|姓名|身份证).{0,10}(都)?(对|知道|说得出|准)"), "utter_scam_info_known"),
    ({"utter_multiple_records"}, re.compile(r"(以前|之前|前几年|原来).{0,16}(交过|参过|打工|上班)|是不是(这个|因为)"),
     "utter_multiple_records_why"),
    ({"utter_multiple_records", "utter_multiple_records_why"},
     re.compile(r"(回|去).{0,8}(办|弄|处理)还是|哪(边|里|儿)办|在哪办|老家办"), "utter_multiple_records_where"),
    ({"utter_online_pickup_only"}, re.compile(r"(拿|取).{0,10}(再|还要|还得)?(刷|付|扫)|"
                                              r"还要再刷"), "utter_pickup_no_second_pay"),
    ({"utter_online_pickup_only", "utter_pickup_no_second_pay"},
     re.compile(r"(闺女|女儿|儿子|老伴|家人|孩子|别人|老公|老婆).{0,6}(去)?(拿|取)|"
                r"代(拿|取)"), "utter_pickup_by_relative"),
    ({"utter_insurance_price_higher", "utter_complain_how", "utter_report_pharmacy"},
     re.compile(r"(投诉|举报).{0,14}(不让|不给|拒|报复|为难|刁难)|以后.{0,6}不让我"), "utter_complain_no_refuse"),
    ({"utter_insurance_price_higher"}, re.compile(r"投诉|举报|打哪个电话|哪个电话"), "utter_complain_how"),
    ({"utter_minor_self_activate", "utter_minor_no_code_here"}, re.compile(r"刷脸"), "utter_minor_face"),
    ({"utter_minor_self_activate"}, re.compile(r"(码|卡)都?不在|没人(陪|跟)|"
                                               r"自己去(看病|诊所|医院)"), "utter_minor_no_code_here"),
    (_BEIAN, re.compile(r"马上(能用|生效)|多久(生效|能用)|现在(申请|办).{0,8}(能用|来得及)|门口|"
                        r"来得及"), "utter_beian_instant"),
    (_BEIAN, re.compile(r"(过期|失效).{0,10}(重新|再)(申请|办)"), "utter_beian_expired"),
    ({"utter_inpatient_self_share", "utter_deductible"},
     re.compile(r"个人账户|个账|共济|(我的|用我).{0,6}(医保|钱)"), "utter_mutual_aid_for_parent"),
    ({"utter_account_inflow"}, re.compile(r"单位"), "utter_account_inflow_employer"),
    ({"utter_account_inflow", "utter_account_inflow_employer"}, re.compile(r"(钱|余额).{0,10}(不够|咋办|怎么办)"),
     "utter_rest_after_balance"),
    # 「先自费买的话回头能报回来吗」 after a paused insurance (round 30: a flat 「可以」)
    ({"utter_diag_status_abnormal", "utter_lapse_paid_back"}, re.compile(r"(能|可以|还能)(报|报销|报回来)"),
     "utter_gap_reimburse"),
    ({"utter_two_records_why", "utter_region_record_what"}, re.compile(r"选哪(个|条)"), "utter_two_records_which"),
    (_PIN_SAID, re.compile(r"今天就要|等着(药|用|吃)|急(用|着)|马上(就)?要"), "utter_urgent_today_pin"),
    (_PIN_SAID, re.compile(r"回家(再)?(弄|办|重置|刷脸)|"
                           r"(晚点|等会|下午|晚上)(再)?(弄|重置)"), "utter_reset_later_home"),
    ({"utter_diag_info_mismatch", "utter_id_15_digit"}, re.compile(r"凭啥|凭什么|又不是我|不是我(弄|搞)错"),
     "utter_mismatch_why_me"),
    ({"utter_campus_network"}, re.compile(r"流量"), "utter_code_data_use"),
    ({"utter_campus_network"}, re.compile(r"登(了|录了|过了)|认证了|别的(app|APP|软件)"), "utter_campus_network_still"),
    ({"utter_remote_show_video"}, re.compile(r"截图|截个图|截屏|拍(个)?照"), "utter_screenshot_send_no"),
    (_TAKEN, re.compile(r"先走|先回|回头再来|改天再来|明天再来"), "utter_paid_leave_first"),
    (_TAKEN, re.compile(r"带啥|带什么|要带|准备啥|准备什么"), "utter_paid_come_back_bring"),
    (_TAKEN, re.compile(r"(还要|要不要|需不需要|用不用)(再)?(交|付|缴|刷)"), "utter_paid_not_shown"),
    ({"utter_child_code_kiosk"}, re.compile(r"码.{0,6}(咋|怎么)(弄|打开|出来|调出来)"), "utter_family_bind_how"),
    ({"utter_child_code_kiosk", "utter_child_code_switch"}, re.compile(r"没(有)?个人账户|有啥用|还有什么用|有什么用"),
     "utter_child_code_use_resident"),
    ({"utter_medicine_no_return"}, re.compile(r"没拆封|未拆封|没开封|没打开"), "utter_medicine_unopened"),
    ({"utter_clinic_auth_ok"}, re.compile(r"一直|取消|撤销|关掉"), "utter_clinic_auth_revoke"),
    ({"utter_diag_network_timeout", "utter_network_checklist"},
     re.compile(r"不要听|别说|不想听|网好得很|网(络)?没问题|网很好|就说现在(咋办|怎么办)|"
                # 「我手机联网的啊 别的都能用」 (round 33: the how-to-pay text)
                r"(联着?网|联网的|有网|网是好的|信号(很|挺)?好)|别的(app|APP|软件)?(都)?(能|可以)(用|上)"),
     "utter_network_now_what"),
    ({"utter_selling_medicine"}, re.compile(r"犯法|违法|又不是偷|不是偷"), "utter_selling_medicine_law"),
    ({"utter_family_binders_channels", "utter_family_binders_per_month"},
     re.compile(r"(哥|姐|弟|妹|兄弟|姐妹).{0,6}(还能|能不能|能)绑"), "utter_family_sibling_bind"),
    ({"utter_refund_insurance_part"}, re.compile(r"(在哪|哪里)(能)?(看|查)"), "utter_account_details_where"),
    ({"utter_refund_insurance_part", "utter_account_details_where"}, re.compile(r"统筹|算我用过|影响.{0,6}报销"),
     "utter_refund_pooling_undone"),
    ({"utter_night_pharmacy"}, re.compile(r"补刷|补上|重新结算|医保那块|退回来"), "utter_night_resettle"),
]


_BEIAN_NAMES = ("utter_beian_kind", "utter_beian_expired", "utter_beian_cancel")


def beian_detail(text: str) -> Optional[str]:
    """Which kind of 备案, an expired one, cancelling it: asked inside the region switch, that answer
    (round 30: 「那备案选哪种 我是长期在上海工作的」 got the general 备案 text a second time)."""
    short = re.sub(r"\W", "", text)
    return next((name for pattern, name in NAMED if name in _BEIAN_NAMES and pattern.search(short)), None)


def sensitive_answer(tracker: Tracker) -> List[str]:
    """The warning, then the topic the rest of the message names (the masked text still says
    「密码[密码已隐藏]不符合规则」)."""
    from actions.round28 import named_in_whole  # (round 28 asks this module's tables through round 29)

    return [WARNING, *(name for name in named_in_whole(tracker) or [] if name != WARNING)]


class ActionWarnSensitive(Action):
    def name(self) -> Text:
        return "action_warn_sensitive"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        say(dispatcher, sensitive_answer(tracker), tracker)
        return []
