"""Trial round 29's zeros (docs/dialogue-trials.md): situations no earlier round met, each answered
for what it names — a HarmonyOS phone, the old 健康码, 惠民保, a hospital's 就诊卡, a 「医保贷」 ad,
a shop's own QR code, 「省本级」, the year-end settlement, an inpatient's code at a pharmacy, a
relative's code in another province, the wrong family member's code, acupuncture, a cash-only
clinic, mobile data, twins at the face check, a business trip, a name typed wrong by HR, the PIN's
rules, sick leave, a wallet transfer to someone without a wallet, a visit registered as 自费, a
second WeChat account, unemployment, a pet, closing the wallet, a font too large, a child without
an ID card, a code left open, a dead phone, a confirmation that never pops up, turning 60, a
pharmacy's 「先记账」, earlier payments with the old region, who set the limit, a broken camera, a
new 社康, a prescription's validity, one branch of a chain. `follow_up` and `named_topic` are asked first by
actions.round28.round28_priority (so by every path that asks round 27's cues). Follow-ups come
before the topics: 「她手机上没加过我」 means something only after a dead phone."""
from __future__ import annotations

import re
from typing import List, Optional, Pattern, Sequence, Set, Tuple

from rasa_sdk import Tracker

from actions.common import wrote
from actions.round30 import FOLLOW_UPS as NEWER_FOLLOW_UPS
from actions.round30 import NAMED as NEWER_NAMED
from actions.round31 import FOLLOW_UPS as NEWEST_FOLLOW_UPS
from actions.round31 import NAMED as NEWEST_NAMED
from actions.round33 import FOLLOW_UPS as LATEST_FOLLOW_UPS
from actions.round33 import NAMED as LATEST_NAMED
from actions.round34 import FOLLOW_UPS as ROUND34_FOLLOW_UPS
from actions.round34 import NAMED as ROUND34_NAMED

# (what the message names, the answer), in order; the compact text (no spaces or punctuation)
NAMED: Sequence[Tuple[Pattern[str], str]] = [
    (re.compile(r"鸿蒙|harmony", re.I), "utter_harmonyos"),
    (re.compile(r"健康码|绿码|行程码"), "utter_health_code_not_code"),
    (re.compile(r"惠民保|城市定制(型)?(的)?(商业)?(医疗)?保险|百万医疗|商业(医疗)?保险.{0,8}(个人账户|个账|医保)"),
     "utter_huiminbao"),
    (re.compile(r"就诊卡|诊疗卡|建档卡|建卡"), "utter_hospital_card"),
    (re.compile(r"医保贷|(医保|医保码).{0,10}(借钱|贷款|借款|最高借)"), "utter_medical_loan"),
    (re.compile(r"(扫|用)(他们|店里|柜台|墙上|桌上|贴的|药店的?)(的)?.{0,10}(二维码|收款码|码).{0,8}(付|走医保|医保)|"
                r"收款码.{0,8}(走医保|医保)"), "utter_shop_qr_not_insurance"),
    (re.compile(r"省本级|省直"), "utter_province_level"),
    (re.compile(r"年结|年终结算|年度结转|跨年结算|(元旦|年底|跨年).{0,12}(刷不了|失败|用不了|结算不了)"),
     "utter_year_end_settlement"),
    (re.compile(r"住院状态|在院状态|(住院|在院)(期间|的时候|中|着).{0,14}(刷不了|不能刷|门诊|药店|买药)"),
     "utter_inpatient_no_outpatient"),
    (re.compile(r"(点错|选错|刷成|扣成|用成)(了)?.{0,6}(我爸|我妈|家人|老人|孩子|老婆|老公|他|她|别人)的?"),
     "utter_paid_with_wrong_member"),
    (re.compile(r"亲情.{0,30}(是|在).{0,8}(的医保|参保).{0,8}(刷不了|用不了|不行)|"
                r"亲情.{0,30}(外地|外省|老家).{0,10}(刷不了|用不了|不行)"), "utter_family_code_other_province"),
    (re.compile(r"针灸|推拿|拔罐|艾灸|理疗|中医馆"), "utter_acupuncture"),
    (re.compile(r"双胞胎|长得(特别|很|太)?像"), "utter_face_twins"),
    (re.compile(r"出差.{0,12}(参保地|选哪|哪个|备案)"), "utter_trip_which_region"),
    # (the name or ID typed wrong, not 「公司楼下药店…密码输错了」, round 30)
    (re.compile(r"(hr|人事|单位|公司).{0,8}(把)?(我的?)?(名字|姓名|身份证号?|信息|生日|出生日期).{0,4}(打错|写错|录错|输错)|"
                r"(打错|写错|录错)了?.{0,4}(一个)?字", re.I),
     "utter_mismatch_employer_fix"),
    (re.compile(r"(密码|设密码).{0,10}(不符合|不合|不满足|不行|规则|要求|太简单)|(能不能|可以)用?.{0,4}生日.{0,4}(当|做|作)?(密码)?"),
     "utter_pin_format"),
    (re.compile(r"(病假|病休|养病|医疗期).{0,20}(医保|停|用不了|暂停|断)"), "utter_sick_leave_insurance"),
    (re.compile(r"(钱包)?(账户)?未开立|没开(通|立)?(医保)?钱包.{0,8}(转|收)"), "utter_wallet_recipient_not_open"),
    (re.compile(r"(挂号|看病).{0,12}(说|选|报)了?(成)?自费|自费(挂|看)的号|(选|说)了自费"),
     "utter_registered_self_pay"),
    (re.compile(r"(两个|双开|分身|小号|另一个)微信.{0,16}(领|认证|医保码)|小号.{0,8}(领|医保码|认证)"),
     "utter_second_wechat_no"),
    (re.compile(r"失业(金|保险)|下岗|厂(子)?倒闭|公司倒闭|被裁"), "utter_unemployment_insurance"),
    (re.compile(r"宠物|(狗|猫|猫咪|狗狗)(病了|生病|看病|吃|用)|给(狗|猫)"), "utter_pet_no"),
    (re.compile(r"钱包.{0,6}(注销|关闭|关掉|销户|不想用)|(注销|关闭|关掉)(医保)?钱包"), "utter_wallet_close"),
    (re.compile(r"(字|字体).{0,8}(调|开)(到|得)?(最大|太大|很大|大了)|(码|二维码).{0,8}(只(出来|显示)?一半|显示不全|看不全)"),
     "utter_font_too_big_code"),
    (re.compile(r"(没(办|有)|还没办)身份证.{0,12}(户口本|孩子|亲情|加)|只有户口本"), "utter_child_no_id_family"),
    (re.compile(r"(一直|老是)?开着.{0,8}(扣钱|扣费|被扣)|(被人|别人).{0,4}扫(走|了)?.{0,4}钱"),
     "utter_code_open_no_charge"),
    (re.compile(r"(手机)?没电(了|关机)?|关机了|电量.{0,4}(没|耗尽)"), "utter_phone_dead"),
    (re.compile(r"(手机|这边|我这)上?.{0,6}(没|没有|啥也没|什么也没)(弹|跳)出|确认.{0,8}(没弹|没出来|没跳)"),
     "utter_no_confirm_popup"),
    (re.compile(r"(满|到了?|过了?)(60|六十|50|五十|55|五十五)(岁)?.{0,12}(停|暂停|不能用|用不了)|到岁数"),
     "utter_age_not_stop"),
    (re.compile(r"先记账|记个账|赊账|挂账|下个月.{0,6}(再|补)刷"), "utter_pharmacy_credit_no"),
    (re.compile(r"(谁|哪个)(给我)?设的|(从来|从)?没设过.{0,4}限额|限额.{0,6}(谁设|哪来)"), "utter_limit_who_sets"),
    (re.compile(r"(前置|前面的?)?摄像头.{0,4}(坏|摔|裂|不能用|用不了)"), "utter_face_camera_broken"),
    (re.compile(r"(换|改|变更)(一个|个)?.{0,8}社康|社康.{0,8}(换|改|变更|太远)"), "utter_chc_change"),
    (re.compile(r"处方.{0,8}(过期|有效|失效|几天)"), "utter_prescription_valid"),
    (re.compile(r"(分店|连锁).{0,16}(能用|可以|不行|不能)|(别的|其他)(分店|店).{0,8}能用.{0,8}(这家|就这)"),
     "utter_branch_not_integrated"),
    (re.compile(r"自费.{0,16}(退回医保|退到医保|退回到医保)"),
     "utter_self_paid_claim_later"),
    (re.compile(r"付完.{0,10}(点啥|点什么|确认|要不要点|还要)"), "utter_after_pay_confirm"),
    (re.compile(r"(小票|发票).{0,8}补刷|回去补刷|(开通|接入)了?.{0,8}补刷"), "utter_pharmacy_later_resettle"),
    (re.compile(r"(附近|周边|这边|旁边)(哪家|哪个|哪些|还有哪).{0,8}(能用|可以|能刷|支持)|帮我查.{0,6}(附近|哪家)"),
     "utter_find_pharmacy"),
    (re.compile(r"(哪些|哪家)(药店|医院).{0,6}(能用|可以用|支持).{0,4}钱包|钱包.{0,10}(哪些|哪家).{0,4}(药店|能用)"),
     "utter_wallet_where_accepted"),
    (re.compile(r"流量.{0,10}(够不够|够吗|够用|多少|几兆|几百兆|\d+兆)"), "utter_code_data_use"),
    (re.compile(r"(药)?(吃完了|断药了?|快断了).{0,10}(等不了|等不及|咋办|怎么办)"),
     "utter_meds_cannot_wait"),
]

# (the answers or the words earlier in the conversation that make the follow-up mean something,
#  the follow-up, the answer); the context is either response names said or a pattern the person wrote
FOLLOW_UPS: Sequence[Tuple[object, Pattern[str], str]] = [
    ({"utter_harmonyos"}, re.compile(r"app|APP|国家医保|鸿蒙版"), "utter_harmonyos_app"),
    ({"utter_harmonyos", "utter_phone_dead", "utter_face_camera_broken"},
     re.compile(r"(明天|后天|下午|到时候|今天).{0,10}(刷不了|用不了|咋整|怎么办|咋办)"), "utter_tomorrow_no_code"),
    ({"utter_harmonyos"}, re.compile(r"旧手机"), "utter_old_phone_wifi"),
    ({"utter_health_code_not_code"}, re.compile(r"啥样|什么样|长啥|有没有|咋知道|怎么知道"), "utter_code_looks_like"),
    ({"utter_health_code_not_code", "utter_code_looks_like"}, re.compile(r"(儿子|女儿|闺女|孩子).{0,12}(弄|手机)"),
     "utter_son_phone_family"),
    ({"utter_huiminbao"}, re.compile(r"在哪|哪里|哪儿|怎么买|咋买"), "utter_huiminbao_where"),
    ({"utter_huiminbao", "utter_huiminbao_where"}, re.compile(r"赔|报销|理赔|自动"), "utter_huiminbao_claim"),
    ({"utter_hospital_card"}, re.compile(r"两个|都要|刷卡还是|还是刷|每次"), "utter_hospital_card_both"),
    ({"utter_hospital_card"}, re.compile(r"\d+块|[十五两]块|工本费|这(个)?钱|能用医保|能刷"),
     "utter_hospital_card_fee"),
    ({"utter_medical_loan"}, re.compile(r"解绑|重新弄|重新激活|注销"), "utter_loan_no_unbind"),
    ({"utter_medical_loan"}, re.compile(r"填了|影响|贷款|信息|征信"), "utter_loan_info_filled"),
    ({"utter_shop_qr_not_insurance"}, re.compile(r"退|重新刷|重刷"), "utter_refund_resettle"),
    ({"utter_shop_qr_not_insurance"}, re.compile(r"没(让|要)我?输.{0,4}密码|(像|跟)平时.{0,4}(微信|支付宝)|已经扫了"),
     "utter_shop_qr_paid"),
    ({"utter_shop_qr_not_insurance", "utter_registered_self_pay"},
     re.compile(r"(咋|怎么|如何)(知道|看|查).{0,8}(走没走|有没有走|是不是走|走了)?医保|走没走医保"),
     "utter_check_insurance_used"),
    ({"utter_year_end_settlement"}, re.compile(r"几号|多久|什么时候|啥时候|哪天"), "utter_year_end_when"),
    ({"utter_inpatient_no_outpatient"}, re.compile(r"出院|解除"), "utter_inpatient_after_discharge"),
    ({"utter_inpatient_no_outpatient"}, re.compile(r"只能|医院开|外面买"), "utter_inpatient_meds"),
    ({"utter_province_level"}, re.compile(r"备案"), "utter_province_level_beian"),
    ({"utter_province_level"}, re.compile(r"省直|单位(交|缴)|省里"), "utter_province_level_confirm"),
    ({"utter_diag_over_limit", "utter_limit_who_sets"},
     re.compile(r"(app|APP|微信|支付宝|国家医保).{0,10}(也是|一样|呢|限额|多少)"), "utter_limit_same_channels"),
    ({"utter_family_code_other_province"}, re.compile(r"寄"), "utter_family_code_mail"),
    ({"utter_family_code_other_province"}, re.compile(r"老人机|不在(她|他)身边|能刷我|自己买|老家药店"),
     "utter_family_code_remote_show"),
    ({"utter_family_code_other_province"}, re.compile(r"备案"), "utter_family_code_beian"),
    ({"utter_paid_with_wrong_member"}, re.compile(r"短信|通知|知道|收到"), "utter_family_payment_notice"),
    ({"utter_paid_with_wrong_member", "utter_family_payment_notice"},
     re.compile(r"防止|防着|以后|顺序|放后面|排后面|默认"), "utter_family_order"),
    ({"utter_acupuncture"}, re.compile(r"统筹|报销|能报"), "utter_acupuncture_pooling"),
    ({"utter_acupuncture"}, re.compile(r"现金|剩下|不够|咋付|怎么付"), "utter_cash_only_pay_rest"),
    (re.compile(r"只收现金"), re.compile(r"剩下|不够|咋付|怎么付|没带"), "utter_cash_only_pay_rest"),
    ({"utter_face_twins"}, re.compile(r"帮我弄|他(的)?手机|上个月|那次"), "utter_face_twins_brother"),
    ({"utter_face_twins", "utter_face_camera_broken"}, re.compile(r"天天|大厅|回去|没有大厅|去不了"),
     "utter_no_office_needed"),
    ({"utter_trip_which_region"}, re.compile(r"药店|买药|感冒"), "utter_trip_pharmacy"),
    ({"utter_trip_which_region"}, re.compile(r"备案|一个礼拜|几天|一周"), "utter_trip_beian"),
    ({"utter_mismatch_employer_fix"}, re.compile(r"自己.{0,8}还是.{0,6}单位|单位.{0,8}还是.{0,6}自己|谁去改|谁改"),
     "utter_mismatch_who_fixes"),
    ({"utter_mismatch_employer_fix"}, re.compile(r"之前|以前|报过|作废|退回"), "utter_mismatch_past_claims"),
    ({"utter_pin_format"}, re.compile(r"直接用|就能用|马上|今天|下午"), "utter_activation_then_use"),
    ({"utter_sick_leave_insurance"}, re.compile(r"合法|违法|趁|能这样"), "utter_sick_leave_legal"),
    ({"utter_sick_leave_insurance", "utter_sick_leave_legal", "utter_paused_meanwhile"},
     re.compile(r"找谁|找单位|医保局|找哪"), "utter_status_ask_hr_first"),
    ({"utter_sick_leave_insurance"}, re.compile(r"换药|这段时间|钱咋办|看病"), "utter_paused_meanwhile"),
    ({"utter_wallet_recipient_not_open"}, re.compile(r"老年机|老人机|不是智能|没智能"), "utter_wallet_open_for_elder"),
    ({"utter_wallet_recipient_not_open", "utter_wallet_open_for_elder"}, re.compile(r"我(的)?手机|帮她|帮他|替她|替他"),
     "utter_wallet_open_on_my_phone"),
    ({"utter_wallet_recipient_not_open", "utter_wallet_open_for_elder", "utter_wallet_open_on_my_phone"},
     re.compile(r"扣了|扣没扣|钱呢|钱没了|退回"), "utter_wallet_transfer_not_taken"),
    ({"utter_registered_self_pay"}, re.compile(r"带啥|带什么|要带|材料"), "utter_registered_self_pay_bring"),
    ({"utter_registered_self_pay"}, re.compile(r"改回|去哪改|在哪改|哪里改|能改"), "utter_registered_self_pay_where"),
    ({"utter_registered_self_pay"}, re.compile(r"报回来|退回来|能报|还能报|退钱|钱还能"),
     "utter_registered_self_pay_refund"),
    ({"utter_second_wechat_no"}, re.compile(r"钱|余额|记录"), "utter_unbind_money_safe"),
    ({"utter_unemployment_insurance"}, re.compile(r"领完|以后|之后|到期"), "utter_after_unemployment"),
    ({"utter_unemployment_insurance"}, re.compile(r"原来|卡里|账户|钱"), "utter_account_money_stays"),
    ({"utter_pet_no", "utter_pet_human_meds"}, re.compile(r"几十|小钱|不是啥大事|没事吧|就一点|又不是"),
     "utter_pet_amount"),
    ({"utter_pet_no"}, re.compile(r"狗|猫|宠物|人吃的"), "utter_pet_human_meds"),
    ({"utter_wallet_close"}, re.compile(r"钱|余额"), "utter_wallet_close_money"),
    ({"utter_wallet_close", "utter_wallet_close_money"}, re.compile(r"医保码|码|刷"), "utter_wallet_close_code"),
    ({"utter_font_too_big_code"}, re.compile(r"看不清|看不见|太小"), "utter_font_middle"),
    ({"utter_font_too_big_code"}, re.compile(r"咋调|怎么调|不会弄|调回"), "utter_font_back"),
    ({"utter_child_no_id_family"}, re.compile(r"刷.{0,4}脸|不配合"), "utter_child_no_face"),
    ({"utter_child_no_id_family", "utter_child_no_face"}, re.compile(r"(老公|老婆|爸爸|妈妈|两个人|都加|也想加)"),
     "utter_family_binders_per_month"),
    ({"utter_code_open_no_charge"}, re.compile(r"兜里|口袋|被人|别人|偷|扫走"), "utter_code_pocket_safe"),
    ({"utter_code_open_no_charge"}, re.compile(r"(咋|怎么|如何|哪里)(看|查|知道).{0,8}(扣|钱|记录)"),
     "utter_check_records"),
    ({"utter_phone_dead"}, re.compile(r"没加过|没添加|没绑|没有加"), "utter_family_add_now"),
    ({"utter_phone_dead"}, re.compile(r"身份证带了|带了身份证|带着身份证|充电宝"), "utter_phone_dead_id"),
    ({"utter_phone_dead",
     "utter_phone_dead_id"}, re.compile(r"(老伴|老婆|老公|家人|她|他)(的)?手机.{0,8}(出码|出示|给我)"),
     "utter_family_phone_shows_mine"),
    ({"utter_no_confirm_popup"}, re.compile(r"再扫|重新扫|两次|扣两"), "utter_rescan_safe"),
    ({"utter_no_confirm_popup"}, re.compile(r"还是没有|还没有|挂着|没反应"), "utter_order_pending_cancel"),
    ({"utter_age_not_stop"}, re.compile(r"一个人去|代办|替她|替他|我去办|腿脚"), "utter_office_proxy"),
    ({"utter_age_not_stop"}, re.compile(r"为啥|为什么|原因"), "utter_status_reasons_elder"),
    (re.compile(r"长沙|参保地"), re.compile(r"(之前|以前|那几次).{0,10}(补|要不要|怎么办|算)"),
     "utter_region_past_payments"),
    ({"utter_face_camera_broken"}, re.compile(r"别人|同事|朋友|家人|借"), "utter_face_other_phone"),
    ({"utter_chc_change"}, re.compile(r"在哪|哪里|支付宝|微信|怎么换|咋换"), "utter_chc_change_where"),
    ({"utter_chc_change"}, re.compile(r"马上|能用|生效|打针|看病"), "utter_chc_after_bind"),
    ({"utter_prescription_valid"}, re.compile(r"下车|回头|晚点|再付|等会"), "utter_pay_later_online"),
    ({"utter_branch_not_integrated", "utter_wallet_where_accepted"}, re.compile(r"投诉|举报|告他"),
     "utter_report_pharmacy"),
    ({"utter_branch_not_integrated"}, re.compile(r"哪些|哪里查|有没有地方查|怎么知道"), "utter_wallet_where_accepted"),
]


def named_topic(short: str, tracker: Tracker) -> Optional[List[str]]:
    """The topic the message names; asked again, the same answer (the action server points to it
    or sends it again)."""
    # round 34's topics first, then 33's, 31-32's, 30's
    for pattern, name in (*ROUND34_NAMED, *LATEST_NAMED, *NEWEST_NAMED, *NEWER_NAMED, *NAMED):
        if pattern.search(short):
            return [name]
    return None


def follow_up(short: str, tracker: Tracker, earlier: Set[str]) -> Optional[List[str]]:
    """The first follow-up not answered yet; else one answered already (the same answer again,
    which the action server points to when the question is the same: 「会不会拿我信息去贷款」 after
    the answer about what was filled in, round 29: the four-part security text)."""
    tables = (*ROUND34_FOLLOW_UPS, *LATEST_FOLLOW_UPS, *NEWEST_FOLLOW_UPS, *NEWER_FOLLOW_UPS, *FOLLOW_UPS)
    matched = [name for context, pattern, name in tables
               if pattern.search(short) and ((isinstance(context, set) and context & earlier)
                                             or (not isinstance(context, set) and wrote(tracker, context)))]
    fresh = [name for name in matched if name not in earlier]
    return [fresh[0]] if fresh else ([matched[0]] if matched else None)
