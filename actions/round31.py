"""Trial rounds 31 and 32's zeros (docs/dialogue-trials.md): situations no earlier round met, each
answered for what it names — a retirement top-up of contribution years (a real policy that scams
imitate) and the retiree's monthly credit, the SMS code someone asks for, an SMS that only names
12393, a 台胞证 or a foreigner's residence card, a wheelchair user, a deaf user, pregnancy, dental
implants, cataract lenses, a physio receipt that says 「药品」, company check-ups, a pharmacy's
shopping card or members-only 医保, a shared phone number, ending 家庭共济, a hometown 新农合 in the
city one works in, a hospital app's pending 医保 part, booking on a spouse's account, a second SIM,
a work phone after leaving, undoing a payment, a flexible worker's small credit, a spouse's
居民医保 paid from one's account; round 32: a free-stay bus, 挂靠, the insurer's 结算单, 低保 and
医疗救助, coming back from abroad, after prison, cosmetic surgery and a diagnosis written false, a
refund paid to a spouse's WeChat, going abroad with a locked PIN, 长护险, stopping 居民医保, a
clinic's 「额度用完了」. Asked before round 30's (actions.round29 consults these first)."""
from __future__ import annotations

import re
from typing import Pattern, Sequence, Tuple

_RETIRE = re.compile(r"退休")
_SCAM_CODE_SAID = {"utter_code_never_give", "utter_sms_12393_only"}
_SCAM_SAID = {"utter_scam_warning", "utter_scam_next_steps", "utter_scam_called_out", "utter_scam_link"}
_RELATIVE = r"(我妈|我爸|父母|爸妈|老人|家人|婆婆|公公|岳父|岳母|丈母娘|老丈人|爷爷|奶奶|外公|外婆|姥姥|姥爷|老娘|老爹)"

# (what the message names, the answer), in order; the compact text (no spaces or punctuation)
NAMED: Sequence[Tuple[Pattern[str], str]] = [
    # 「他们问我手机验证码 给不给」 (round 31: a phone sign-in was started — unsafe)
    (re.compile(r"(问|要|找|跟)我(要)?.{0,6}验证码.{0,12}(给不给|能给|能不能给|要不要给|该不该给|给吗|给他吗|给她吗|"
                r"可以给)|"
                r"验证码.{0,6}(给不给|要不要给|该不该给|能不能给)(他|她|他们|对方)?"),
     "utter_code_never_give"),
    # a real top-up of contribution years, not a scam by itself (round 31: the scam alarm)
    (re.compile(r"(?=.*(补缴|补交|补齐|补足))(?=.*(手续费|内部渠道|内部名额|代办费|加我微信|加微信|走后门))"),
     "utter_topup_agent_scam"),
    (re.compile(r"(?=.*退休)(?=.*(年限|年头|缴费年))(?=.*(补交|补缴|一次性|趸缴|补足|交够|补齐))"),
     "utter_retire_topup"),
    (re.compile(r"退休(以后|后|了|人员|的)?.{0,12}(个人账户|个账|账户).{0,12}(每个?月|划|打|进|多少)|"
                r"退休.{0,6}每个?月.{0,8}(打|划|进).{0,8}(多少|钱)"), "utter_retiree_monthly_credit"),
    (re.compile(r"(?=.*12393)(?=.*(没有|没带|不带|没)链接)"), "utter_sms_12393_only"),
    (re.compile(r"台胞证|台湾居民|台湾同胞|我是台湾"), "utter_activation_foreign_id"),
    (re.compile(r"永久居留|永居证|五星卡|外国人.{0,10}(医保码|激活|能用)"), "utter_foreign_insured"),
    (re.compile(r"(?=.*(聋|听不见|听力不好|耳背|哑巴|不会说话|说不了话))(?=.*(药店|药房|收银|店员|付款|付钱|刷码|"
                r"结账|一句话|没付成))"),
     "utter_deaf_show_clerk"),
    (re.compile(r"(验证码|短信).{0,8}(要不要|需要|需不需要|用不用|得)(开)?流量|收(短信|验证码).{0,6}(要|需要|得)流量"),
     "utter_sms_no_data"),
    (re.compile(r"(蛋白粉|保健品|营养品|钙片|维生素).{0,20}(刷过|刷了|买过|买了).{0,12}(出事|有事|违规|查)"),
     "utter_supplement_bought"),
    (re.compile(r"(离职|辞职|没工作|被辞退)(了)?.{0,10}(医保|社保).{0,8}(断|停|没了|还有|还能用|还在)"),
     "utter_left_job_insurance"),
    (re.compile(r"灵活就业.{0,12}生育(津贴|保险)|生育津贴.{0,12}灵活就业"), "utter_maternity_allowance_flexible"),
    (re.compile(r"(孕检|产检|备孕|怀孕|准备要孩子|要二胎|孕前检查).{0,16}(医保|报|刷|能用|花钱)|"
                r"(医保|报销).{0,10}(孕检|产检|生孩子|生娃|分娩)"), "utter_pregnancy_care"),
    (re.compile(r"种植牙|种牙|种一颗牙|牙齿种植"), "utter_dental_implant"),
    (re.compile(r"白内障|人工晶体|晶体"), "utter_cataract_lens"),
    (re.compile(r"(?=.*(理疗|推拿|按摩|养生|美容|艾灸|足疗))(?=.*(收据|发票|小票|单子).{0,8}(写|开|打)(着|的|"
                r"成)?.{0,4}药)"),
     "utter_physio_receipt_drug"),
    (re.compile(r"体检"), "utter_checkup_not_covered"),
    (re.compile(r"购物卡|充值卡|储值卡|礼品卡|超市卡|换(成)?(米|油|日用品|鸡蛋|洗衣)"), "utter_shopping_card_fraud"),
    (re.compile(r"(办|开|充|是)(个|张)?会员.{0,12}(医保|刷|才能)|会员才(能|给|可以).{0,6}(医保|刷)"),
     "utter_member_price"),
    (re.compile(r"(共用|同一个|一个|共一个|用一个)(手机)?号.{0,16}(激活|医保码|能用|行不行)|"
                r"(老公|老婆|老伴|爱人|我俩|两个人|两口子|夫妻).{0,10}(用|共用)的?(同)?一个(手机)?号"),
                 "utter_shared_phone_number"),
    (re.compile(r"(解除|取消|解绑|关掉|关闭|不想)(家庭)?共济|共济.{0,24}(解除|取消|解绑|断开|关掉)"),
     "utter_family_mutual_unbind"),
    (re.compile(r"^(?!.*备案).*?(老家|家里|屋头|农村|户口所在地|回老家).{0,14}(新农合|农合|农村合作医疗|居民医保|"
                r"交的医保)|"
                r"^(?!.*备案).*?(新农合|农合).{0,20}(外地|这边|在这|打工|跑车|上班).{0,10}(能用|能不能|用得了|看病)"),
     "utter_hometown_insurance_away"),
    (re.compile(r"(没有|莫得|没|不是).{0,4}(本地|当地|这边|[\u4e00-\u9fff]{2}).{0,2}户口.{0,16}(灵活就业|交医保|参保|"
                r"交社保)|"
                r"灵活就业.{0,12}(户口|户籍)"), "utter_flexible_no_hukou"),
    (re.compile(r"(医保|统筹)(那|的)?(部分|块).{0,10}(待支付|未支付|没付|还没付|显示没|挂着|没结)|"
                r"(待支付|未结算).{0,16}(窗口|重新交|再交|再付)"), "utter_app_insurance_pending"),
    (re.compile(r"(老公|老婆|爱人|我妈|我爸|家里人|别人)的?.{0,8}(医院|挂号)?(app|APP|小程序|账号).{0,12}(给我|帮我|"
                r"替我)?(挂号|挂的号|挂了号|约|预约)|"
                r"(app|APP|小程序|账号).{0,4}是(我)?(老公|老婆|爱人)的"),
     "utter_booked_on_spouse_account"),
    (re.compile(r"(第二张|另一张|副)卡.{0,8}(没流量|没网|不能上网|没开流量|没有流量)|(没流量|没网).{0,6}(那张|的)卡|"
                r"(双卡|两张卡).{0,10}(医保码|流量)"),
     "utter_second_sim_data"),
    (re.compile(r"(离职|辞职|换工作|不干了).{0,16}(公司|单位|工作)的?(手机|号码|手机号)|(公司|单位|工作)(的)?(手机|"
                r"手机号|号码).{0,10}(离职|辞职|不用了|收回)"),
     "utter_work_phone_left"),
    (re.compile(r"(付|刷|扣)(了|的|过的)?(医保|钱|款).{0,10}(能|可以|怎么|咋)(撤销|撤回|取消)|(撤销|撤回)(这笔|"
                r"那笔)?(医保)?(支付|付款)"),
     "utter_payment_revoke"),
    (re.compile(r"灵活就业.{0,16}(余额|个人账户|账户|个账).{0,8}(少|这么点|怎么|咋|为啥|不多)|"
                r"灵活就业.{0,16}(个人账户|个账).{0,12}(每个?月|打|划|有钱|有没有)"), "utter_flexible_account_low"),
    (re.compile(r"(老婆|老公|爱人|媳妇|配偶|我爸|我妈|父母|孩子).{0,8}(是)?居民医保.{0,24}(用|拿|从)我的?.{0,8}(交|"
                r"缴|付|扣)|"
                r"居民医保费.{0,10}(用|拿)我(的)?(个人)?账户|"
                r"(个人账户|个账|职工医保).{0,10}(给|帮)(家人|老婆|老公|爸|妈|孩子|她|他).{0,6}(交|缴)(居民)?医保"),
     "utter_mutual_aid_resident_contribution"),
    # round 33: a relative insured at home who comes here for an operation (the region-switch text)
    (re.compile(rf"^(?!.*备案).*?(?=.*{_RELATIVE})(?=.*(老家|外地|外省|那边|乡下|农村))(?=.*(手术|住院|开刀|看病|治病|化疗))"
                r"(?=.*(来|到|接)(我|这|咱)(这|边|里|们))"), "utter_relative_come_for_care"),
    # 「朋友的医保码能不能放我手机上」 (round 33: the family-binding text, as if a friend were family)
    (re.compile(r"(朋友|同事|邻居|同学|室友|老乡|熟人|工友|哥们|闺蜜)(的)?(医保码|码|医保).{0,12}(放|绑|加|添加|弄|"
                r"挂)(到|在|进)?(我|我的)(手机|账号|这|微信|支付宝)|"
                r"(把|给)(朋友|同事|邻居|同学|室友|老乡|工友|哥们|闺蜜)(绑|加|添加)(到|进)?(我的?)?(亲情|家庭)"),
     "utter_friend_code_no"),
    # round 32
    (re.compile(r"(免费住院|免费住|免费体检|包吃包住|管吃管住|送米|送油|送鸡蛋|接送.{0,6}住院|拉.{0,6}去住院)"),
     "utter_free_stay_lure"),
    (re.compile(r"挂靠"), "utter_guakao_illegal"),
    (re.compile(r"结算单|结算清单|费用明细|费用清单|明细清单"), "utter_settlement_sheet"),
    (re.compile(r"低保|特困|五保|医疗救助|救助金|困难群众"), "utter_medical_assistance"),
    (re.compile(r"(坐牢|坐过牢|服刑|监狱|里面待|刑满|释放|劳改|看守所)"), "utter_status_after_prison"),
    (re.compile(r"(?=.*(双眼皮|隆鼻|整容|整形|美容|医美|抽脂|玻尿酸|瘦脸针|植发))(?=.*(医保|个人账户|个账|刷卡|报销|"
                r"能刷))"),
     "utter_cosmetic_not_covered"),
    (re.compile(r"(出国|国外|去外国|留学|陪读).{0,20}(重置|刷脸|医保码|验证码|手机号|还能用)"), "utter_going_abroad"),
    (re.compile(r"长护险|长期护理|护理保险|长护"), "utter_ltc_insurance"),
    (re.compile(r"(?=.*(居民医保|医保))(?=.*((不想|不打算|不准备)(再)?(交|缴|续)|不交了|不续了|停交|不缴了))"),
     "utter_resident_stop_paying"),
    (re.compile(r"额度(用完|满了|没了|不够)|(医保)?指标(用完|没了)|总额(用完|控制)"), "utter_clinic_quota"),
    (re.compile(r"(退到|退回|原路退).{0,12}(他|她|老公|老婆|别人|家人)的?(微信|支付宝|卡|那)|"
                r"(老公|老婆|别人|家人|他|她)(用|拿)?(他|她)?的?(微信|支付宝).{0,10}(扫|付|帮我付).{0,20}退"),
     "utter_refund_to_payer"),
]

# (the answers or the words earlier in the conversation that make the follow-up mean something,
#  the follow-up, the answer); the context is either response names said or a pattern the person wrote
FOLLOW_UPS: Sequence[Tuple[object, Pattern[str], str]] = [
    (_SCAM_CODE_SAID, re.compile(r"(已经|刚才|都)?(念|给|告诉|说|报)(给)?(他|她|他们|对方)?(了|过)"),
     "utter_scam_already"),
    ({"utter_retire_topup"}, re.compile(r"(在哪|哪里|哪儿|去哪|怎么|咋)(交|缴|补|办)|正规|官方"),
     "utter_retire_topup_where"),
    ({"utter_retire_topup", "utter_retire_topup_where"}, re.compile(r"个人账户|个账|每个?月.{0,6}(打|划|进)"),
     "utter_retiree_monthly_credit"),
    ({"utter_deaf_show_clerk"}, re.compile(r"一句话|给(店员|收银员|收银|他们)看|写(个|张)"), "utter_deaf_sentence"),
    ({"utter_deaf_show_clerk", "utter_deaf_sentence"}, re.compile(r"12393|电话|找人|联系|问谁|客服"),
     "utter_deaf_contact"),
    ({"utter_deaf_show_clerk", "utter_deaf_sentence"},
     re.compile(r"(朋友|家人|别人|孩子|同事).{0,6}(帮|替|代)我?(打字|打|问|说|输)"), "utter_deaf_friend_types"),
    ({"utter_dental_implant"}, re.compile(r"个人账户|个账|能付|能刷|共济"), "utter_dental_account"),
    ({"utter_cataract_lens", "utter_dental_implant", "utter_pregnancy_care", "utter_checkup_not_covered",
      "utter_maternity_allowance_flexible", "utter_maternity_checkups"},
     re.compile(r"(用|拿|刷)(我|他|她|老公|老婆)的?(单位)?(的)?(医保码|医保|码|卡).{0,8}(给|帮|替)(她|他|我|我妈|"
                r"我爸|老人|老婆|老公|家人)|"
                r"我的?(医保码|医保|码).{0,6}(给|帮|替)(她|他|我妈|我爸)|"
                r"(用|拿|刷)(他|她|老公|老婆)的.{0,4}(给|帮|替)(我|她|他)"),
     "utter_other_code_no_mutual_yes"),
    ({"utter_pregnancy_care", "utter_maternity_checkups"}, re.compile(r"生孩子|生娃|分娩|顺产|剖腹产|剖宫产|"
                                                                      r"坐月子住院"),
     "utter_childbirth_inpatient"),
    ({"utter_relative_come_for_care"}, re.compile(r"办啥|带啥|材料|准备|提前|要带|手续|怎么办|咋办"),
     "utter_beian_documents_short"),
    ({"utter_relative_come_for_care"}, re.compile(r"(她|他|老人|我妈|我爸)(自己)?不会|帮(她|他)办|我(帮|替|给)"),
     "utter_beian_family_help"),
    ({"utter_relative_come_for_care"}, re.compile(r"来不及|没办|先住|已经住|急"), "utter_beian_before"),
    # after a scam warning: 「我没回」 and 「那我医保码还正常不」 (round 33: the fallback, the status text)
    # (「我还没发呢」 is round 24's: utter_scam_not_sent)
    (_SCAM_SAID, re.compile(r"^(我)?(没|没有|还没)(回|回拨|回电话|打回去|点|理|接)|^(我)?挂了|没理(他|它)"),
     "utter_scam_not_called_back"),
    (_SCAM_SAID, re.compile(r"(医保码|医保卡|医保|卡|码)(还)?(正常|能用|没事|有事)(不|吗|吧|没|嘛|么)|"
                            r"(医保码|医保卡|医保|卡|码)(是不是|会不会|真的|真)(被)?(冻|停|有问题|出问题)"),
     "utter_scam_code_still_fine"),
    ({"utter_retire_topup", "utter_retire_topup_where"},
     re.compile(r"内部渠道|内部名额|手续费|代办|走后门|帮我(补|交|办)"), "utter_topup_agent_scam"),
    ({"utter_mutual_aid_resident_contribution"}, re.compile(r"看病|住院|买药|刷我的"), "utter_mutual_aid_scope"),
    ({"utter_diag_status_abnormal", "utter_status_fix_no_trip", "utter_office_proxy_general"},
     re.compile(r"替我|代办|代我|(儿子|女儿|孩子|家人|老伴|老婆|老公).{0,4}(去|帮我|替)"),
      "utter_office_proxy_general"),
    ({"utter_diag_status_abnormal"},
     re.compile(r"(亲自|本人|自己)(去|跑)|去不了|出不了门|台阶|行动不便|腿不好|手机上(弄|办)|网上(弄|办)|跑一趟"),
     "utter_status_fix_no_trip"),
    # 「钱不够了买药咋办」 is another question (round 32: the report text again)
    ({"utter_physio_receipt_drug"}, re.compile(r"正常吗|合法|违法|举报|投诉|(这|那)(个|样)?(单子|收据|发票)?(咋办|"
                                               r"怎么办)"),
     "utter_physio_report"),
    ({"utter_checkup_not_covered"}, re.compile(r"复查|复诊|查出|再查|去医院看"), "utter_recheck_covered"),
    ({"utter_shopping_card_fraud"}, re.compile(r"买(咗|了|过)|会唔会有事|会不会有事|有事吗|出事"),
     "utter_shopping_card_bought"),
    ({"utter_shopping_card_fraud"}, re.compile(r"(还|仲)?(能|可以|可唔可以|可不可以)(再)?去|嗰間|那家|这家|再去"),
     "utter_same_pharmacy_again"),
    ({"utter_shared_phone_number"}, re.compile(r"副卡|另一个号|别的号|第二个号|另一张卡"),
     "utter_shared_phone_second_sim"),
    ({"utter_shared_phone_number"}, re.compile(r"(他|她|老公|老婆)(的)?(也|还)?要用|两个人|都用"),
     "utter_shared_phone_number_both"),
    ({"utter_hometown_insurance_away", "utter_flexible_no_hukou"},
     re.compile(r"等(好久|多久|多长)|多久(才)?(能|可以)用|(马上|立马)(能|就能)用|等待期"), "utter_waiting_period"),
    ({"utter_hometown_insurance_away", "utter_flexible_no_hukou"},
     re.compile(r"老家(那个|的)?.{0,6}(退|停|还交|要不要)|两个都交|两边(都)?交|重复"), "utter_double_enrolment"),
    # 「灵活就业的个人账户咋这么少」 is the account's question, asked in NAMED (round 32: the hukou text)
    ({"utter_hometown_insurance_away"}, re.compile(r"^(?!.*(个人账户|个账|余额)).*?(灵活就业|在这边交|在这交|"
                                                   r"这边参保)"),
     "utter_flexible_no_hukou"),
    ({"utter_app_insurance_pending"}, re.compile(r"扣两|两次|两回|重复扣|多扣|扣双"), "utter_app_pending_double"),
    ({"utter_app_insurance_pending", "utter_app_pending_double"}, re.compile(r"撤销|取消|退回|多久退|退款"),
     "utter_pending_cancel_refund"),
    ({"utter_second_sim_data"}, re.compile(r"重新激活|再激活|要激活|换(卡|流量)"), "utter_second_sim_no_reactivate"),
    ({"utter_free_stay_lure"}, re.compile(r"损失|吃亏|有啥|又不花|不花钱|怕啥"), "utter_free_stay_harm"),
    ({"utter_free_stay_lure", "utter_free_stay_harm"},
     re.compile(r"(医保卡|社保卡|身份证|卡).{0,12}(给了|交给|交了|要不回|拿走|收走)|要不回"), "utter_card_handed_over"),
    ({"utter_free_stay_lure", "utter_free_stay_harm", "utter_card_handed_over", "utter_guakao_illegal",
      "utter_physio_receipt_drug", "utter_fake_diagnosis_fraud", "utter_shopping_card_fraud", "utter_clinic_quota"},
     re.compile(r"举报|投诉|打哪个电话|哪个电话|打哪|边个电话"), "utter_report_insurance_fraud"),
    ({"utter_guakao_illegal"}, re.compile(r"合法|违法|会不会有事|有事吗|犯法|查到"), "utter_guakao_law"),
    ({"utter_guakao_illegal", "utter_guakao_law"}, re.compile(r"(交没交|有没有交|给我交|到底交|查).{0,8}"),
     "utter_check_contributions"),
    ({"utter_guakao_illegal", "utter_guakao_law", "utter_check_contributions"},
     re.compile(r"没(有)?单位|自己(咋|怎么|能)?(交|缴|参保)|个人(交|缴|参保)"), "utter_flexible_enrol"),
    ({"utter_settlement_sheet"}, re.compile(r"电子(的|版)|纸质|盖章|公章"), "utter_settlement_sheet_electronic"),
    ({"utter_settlement_sheet", "utter_settlement_sheet_electronic"}, re.compile(r"自助机|找不到|没找到|没有这个"),
     "utter_settlement_sheet_window"),
    ({"utter_settlement_sheet", "utter_settlement_sheet_electronic", "utter_settlement_sheet_window"},
     re.compile(r"一个东西|一样吗|区别|不一样|一回事"), "utter_settlement_vs_list"),
    ({"utter_medical_assistance"}, re.compile(r"(还|要|要不要|用不用)(自己)?(交|缴)|交钱"),
     "utter_assistance_contribution"),
    ({"utter_medical_assistance", "utter_assistance_contribution"},
     re.compile(r"打到|直接|扣|卡里|怎么给|自己申请|自动"), "utter_assistance_how_paid"),
    ({"utter_medical_assistance", "utter_assistance_contribution", "utter_assistance_how_paid"},
     re.compile(r"民政|拿单子|结算不了|是这样吗"), "utter_assistance_claim_later"),
    ({"utter_status_after_prison"}, re.compile(r"补交|补缴|补多少|那三年|那几年"), "utter_prison_years_gap"),
    ({"utter_status_after_prison", "utter_prison_years_gap"}, re.compile(r"去哪|哪里办|要带|释放证明|带啥|带什么"),
     "utter_prison_reenrol_where"),
    ({"utter_cosmetic_not_covered"}, re.compile(r"开成|写成|改成|换个名|换成|说成|当成|治疗就能"),
     "utter_fake_diagnosis_fraud"),
    ({"utter_cosmetic_not_covered", "utter_fake_diagnosis_fraud"}, re.compile(r"自费|不刷|不用医保"),
     "utter_cosmetic_self_pay_fine"),
    ({"utter_cosmetic_not_covered"}, re.compile(r"转(点|钱|账)|老公.{0,6}给我"), "utter_cosmetic_not_covered"),
    ({"utter_refund_to_payer"}, re.compile(r"(在哪|哪里|怎么)(看|查)"), "utter_account_details_where"),
    ({"utter_refund_to_payer", "utter_account_details_where"}, re.compile(r"退错|没收到|收不到|没到"),
     "utter_refund_trace"),
    ({"utter_refund_to_payer", "utter_refund_trace"}, re.compile(r"多久|几天|一个?礼拜|一周|还没到"),
     "utter_refund_trace"),
    ({"utter_going_abroad"}, re.compile(r"国外.{0,6}(手机|号)|(国内|原来)(的)?(号|号码|手机号).{0,8}(停|销|不要)|"
                                        r"验证码"),
     "utter_keep_mainland_number"),
    ({"utter_going_abroad", "utter_keep_mainland_number"},
     re.compile(r"(我妈|我爸|家人|老人|她|他).{0,6}(拿|用)我的?(医保码|码|医保)"), "utter_my_code_for_other_no"),
    ({"utter_ltc_insurance"}, re.compile(r"成都|上海|青岛|(我们|我)(这|那)?(里|边)有|有没有这个|有这个吗"),
     "utter_ltc_where"),
    ({"utter_ltc_insurance", "utter_ltc_where"}, re.compile(r"申请|上门|评估|去哪|下不了床"), "utter_ltc_apply"),
    ({"utter_ltc_insurance", "utter_ltc_where", "utter_ltc_apply"}, re.compile(r"个人账户|个账|少了|扣"),
     "utter_ltc_account"),
    ({"utter_resident_stop_paying"}, re.compile(r"明年|再交|等待期|以后再交"), "utter_waiting_period"),
    ({"utter_resident_stop_paying", "utter_waiting_period"}, re.compile(r"低保|村干部|受影响|影响"),
     "utter_resident_dibao_threat"),
    ({"utter_resident_stop_paying", "utter_waiting_period", "utter_resident_dibao_threat"},
     re.compile(r"链接|二维码|群里"), "utter_pay_link_safe"),
    ({"utter_clinic_quota"}, re.compile(r"我的问题|钱包|余额|我有钱"), "utter_clinic_quota_not_you"),
    ({"utter_clinic_quota", "utter_clinic_quota_not_you"}, re.compile(r"单子|回头|报销|能报|自费的"),
     "utter_self_paid_claim_later"),
]
