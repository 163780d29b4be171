"""Typed answers to the last bot turn's buttons: resolver forms, ambiguity, memory bounds."""
from __future__ import annotations

import asyncio

import pytest

from bot.channels.choices import MemoryChoiceStore, Pending, PendingChoices, match_choice, wants_more

REGIONS = [{"title": "长沙市（医保码当前显示）", "payload": '/inform{"region_code":"430100"}'},
           {"title": "深圳市（实际参保地）", "payload": '/inform{"region_code":"440300"}'}]
CHANNELS = [{"title": "国家医保APP", "payload": "/a"}, {"title": "支付宝", "payload": "/b"},
            {"title": "微信", "payload": "/c"}]
CONFIRM = [{"title": "确认切换", "payload": "/affirm"}, {"title": "先不切换", "payload": "/deny"}]
HUMAN = [{"title": "转人工", "payload": "/request_human"}, {"title": "不用了", "payload": "/deny"}]
MENU = [{"title": "付款失败了", "payload": "/payment_failed"},
        {"title": "怎么激活医保码", "payload": "/activate_credential"},
        {"title": "忘记支付密码", "payload": "/forgot_pin"}, {"title": "转人工", "payload": "/request_human"}]


@pytest.mark.parametrize("text", ["2", "２", "选2", "2号", "第2个", "二", "第二个", "第二", "最后一个",
                                  " 2 ", "2.", "第二个吧", "选第二个", "我选2", "２号。"])
def test_numbers_pick_the_second_of_two(text):
    assert match_choice(text, REGIONS) == 1


@pytest.mark.parametrize("text,index", [("1", 0), ("一", 0), ("第一个", 0), ("3", 2), ("三", 2),
                                        ("第三个", 2), ("最后一个", 2), ("最后那个", 2)])
def test_numbers_of_three(text, index):
    assert match_choice(text, CHANNELS) == index


@pytest.mark.parametrize("text", ["0", "4", "12", "第五个", "零"])
def test_numbers_out_of_range_pass_through(text):
    assert match_choice(text, CHANNELS) is None


@pytest.mark.parametrize("text,buttons,index", [
    ("深圳那个", REGIONS, 1), ("选深圳", REGIONS, 1), ("深圳的吧", REGIONS, 1), ("长沙", REGIONS, 0),
    ("深圳市", REGIONS, 1), ("支付宝吧", CHANNELS, 1), ("微信", CHANNELS, 2), ("我用的是支付宝", CHANNELS, 1),
    ("国家医保app", CHANNELS, 0), ("忘记支付密码了", MENU, 2), ("转人工吧", MENU, 3),
])
def test_the_name_of_exactly_one_option(text, buttons, index):
    assert match_choice(text, buttons) == index


@pytest.mark.parametrize("text,buttons", [
    ("切换", CONFIRM),           # in both titles: ambiguous
    ("市", REGIONS),             # one character names nothing reliably
    ("不是深圳", REGIONS),        # more than a name: for NLU
    ("支付宝不行", CHANNELS),
    ("付款失败了怎么办啊我在药店", MENU),
    ("你好", CHANNELS), ("再见", CHANNELS), ("", CHANNELS),
])
def test_anything_else_passes_through(text, buttons):
    assert match_choice(text, buttons) is None


@pytest.mark.parametrize("text", ["对", "是的", "嗯", "好的呀", "确认", "可以"])
def test_yes_picks_the_yes_button_of_a_yes_no_pair(text):
    assert match_choice(text, CONFIRM) == 0
    assert match_choice(text, HUMAN) == 0  # 「不用了」 is the no, so 「转人工」 is the yes


@pytest.mark.parametrize("text", ["不", "不用了", "不用了谢谢", "不要"])
def test_no_picks_the_no_button_of_a_yes_no_pair(text):
    assert match_choice(text, CONFIRM) == 1
    assert match_choice(text, HUMAN) == 1


def test_yes_means_nothing_when_the_buttons_are_not_a_yes_no_pair():
    assert match_choice("是的", CHANNELS) is None and match_choice("对", REGIONS) is None
    both_yes = [{"title": "好的，开单", "payload": "/a"}, {"title": "好的，转人工", "payload": "/b"}]
    assert match_choice("好的", both_yes) is None


def test_more_requests():
    assert all(wants_more(t) for t in ["0", "０", "继续", "继续吧", "下一步"])
    assert not any(wants_more(t) for t in ["下一步怎么办", "1", "继续付款失败"])


def run(coro):
    return asyncio.run(coro)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_choice_is_used_once_and_free_text_clears_nothing():
    async def scenario():
        choices = PendingChoices("rest")
        await choices.record("c1", REGIONS)
        free = await choices.resolve("c1", "我不太懂")
        first = await choices.resolve("c1", "2")
        second = await choices.resolve("c1", "2")
        return free, first, second

    free, first, second = run(scenario())
    assert free.text == "我不太懂" and not free.chosen
    assert first.chosen and first.text == REGIONS[1]["payload"] and first.number == 2
    assert not second.chosen and second.text == "2"


def test_a_turn_without_buttons_clears_and_conversations_are_separate():
    async def scenario():
        choices = PendingChoices("rest")
        await choices.record("c1", REGIONS)
        await choices.record("c2", CHANNELS)
        await choices.record("c1", [])
        return await choices.resolve("c1", "1"), await choices.resolve("c2", "1")

    c1, c2 = run(scenario())
    assert not c1.chosen and c2.text == "/a"


def test_choices_expire():
    clock = Clock()

    async def scenario():
        choices = PendingChoices("rest", ttl=3600, clock=clock)
        await choices.record("c1", REGIONS)
        clock.now += 3599
        await choices.record("c2", REGIONS)
        fresh = await choices.resolve("c2", "1")
        clock.now += 2
        return fresh, await choices.resolve("c1", "1")

    fresh, late = run(scenario())
    assert fresh.chosen and not late.chosen


def test_memory_is_bounded_least_recently_used_first():
    async def scenario():
        store = MemoryChoiceStore(max_entries=3)
        choices = PendingChoices("rest", store=store)
        for name in ("a", "b", "c"):
            await choices.record(name, CHANNELS)
        await choices.resolve("a", "你好")  # a is used again, so b is now the oldest
        await choices.record("d", CHANNELS)
        results = {name: (await choices.resolve(name, "1")).chosen for name in "abcd"}
        return results, len(store)

    results, size = run(scenario())
    assert results == {"a": True, "b": False, "c": True, "d": True}
    assert size == 0  # every remaining choice was used


def test_a_refused_turn_puts_the_choice_back_unless_a_newer_turn_replaced_it():
    async def scenario():
        choices = PendingChoices("rest")
        await choices.record("c1", REGIONS)
        used = await choices.resolve("c1", "第二个")
        await choices.restore("c1", used)
        again = await choices.resolve("c1", "第二个")
        await choices.record("c1", CHANNELS)  # a newer turn
        await choices.restore("c1", again)
        return again, await choices.resolve("c1", "2")

    again, after = run(scenario())
    assert again.text == REGIONS[1]["payload"]
    assert after.text == "/b"


def test_parts_of_a_long_reply_then_its_buttons():
    async def scenario():
        choices = PendingChoices("wechat")
        await choices.record("o1", CHANNELS, ["第二部分", "第三部分"])
        early = await choices.resolve("o1", "2")    # the choices are not shown yet
        second = await choices.resolve("o1", "0")
        third = await choices.resolve("o1", "继续")
        pick = await choices.resolve("o1", "2")
        none_left = await choices.resolve("o1", "0")
        return early, second, third, pick, none_left

    early, second, third, pick, none_left = run(scenario())
    assert not early.chosen and early.part is None
    assert (second.part, second.more) == ("第二部分", True)
    assert (third.part, third.more) == ("第三部分", False)
    assert pick.text == "/b"
    assert none_left.part is None and none_left.text == "0"


def test_pending_round_trips_as_json_for_a_shared_store():
    pending = Pending(list(REGIONS), ["下一部分"], 1234.5)
    assert Pending.from_json(pending.to_json()) == pending


def test_a_number_past_the_options_is_asked_again_and_the_choice_stays():
    async def scenario():
        choices = PendingChoices("rest")
        await choices.record("c1", REGIONS)
        third = await choices.resolve("c1", "第三个")
        free = await choices.resolve("c1", "我住在深圳")  # not a number: to NLU as typed
        second = await choices.resolve("c1", "第二个")  # the choice was still there
        gone = await choices.resolve("c1", "第三个")  # nothing pending any more: to NLU
        return third, free, second, gone

    third, free, second, gone = run(scenario())
    assert not third.chosen and third.options == REGIONS and third.reply.startswith("只有2个选项")
    assert free.reply is None and not free.chosen
    assert second.chosen and second.number == 2
    assert gone.reply is None and gone.text == "第三个"
