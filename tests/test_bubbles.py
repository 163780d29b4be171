"""Chat-sized bubbles: limits, order, nothing lost, extras on the last part."""
from __future__ import annotations

import re

import pytest

from bot.bubbles import bubble_messages, bubbles, split_bubbles


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def sentence(n: int, length: int = 30) -> str:
    """A sentence of `length` characters ending in 。, recognisable by its number."""
    head = f"第{n}句"
    return head + "医" * (length - len(head) - 1) + "。"


def test_a_text_within_the_limit_is_one_part():
    text = "医保码打不开的话，先检查网络。\n\n还不行就重启APP。"
    assert split_bubbles(text) == [text]
    assert split_bubbles("  短句  ") == ["短句"]
    assert split_bubbles("") == [] and split_bubbles("   \n ") == []


def test_blank_lines_come_first_and_fitting_paragraphs_are_packed():
    paragraphs = ["甲" * 60, "乙" * 60, "丙" * 100]
    parts = split_bubbles("\n\n".join(paragraphs), limit=150)
    assert parts == ["甲" * 60 + "\n\n" + "乙" * 60, "丙" * 100]


def test_single_newlines_before_sentences():
    lines = [f"{i}. " + "步" * 70 for i in range(1, 4)]  # numbered steps, one per line
    parts = split_bubbles("\n".join(lines), limit=150)
    assert parts == [lines[0] + "\n" + lines[1], lines[2]]


def test_a_long_line_is_cut_at_sentence_ends_and_then_at_clauses():
    text = "".join(sentence(i) for i in range(1, 11))  # 300 characters, one line
    parts = split_bubbles(text, limit=100)
    assert all(len(p) <= 100 for p in parts)
    assert all(p.endswith("。") for p in parts)  # never inside a sentence
    assert [p.count("。") for p in parts] == [3, 3, 3, 1]  # packed while they fit, in order
    assert parts[-1].startswith("第10句")
    clauses = "，".join("句" * 40 for _ in range(4)) + "。"
    parts = split_bubbles(clauses, limit=100)
    assert all(len(p) <= 100 for p in parts) and parts[0].endswith("，")


def test_a_run_without_boundaries_is_cut_but_a_link_stays_whole():
    assert split_bubbles("字" * 320, limit=150) == ["字" * 150, "字" * 150, "字" * 20]
    link = "https://example.org/wallet/pin-reset/" + "a" * 40
    text = "字" * 120 + link + "字" * 10
    parts = split_bubbles(text, limit=150)
    assert any(link in p for p in parts)
    assert all(len(p) <= 150 for p in parts)


@pytest.mark.parametrize("limit", [20, 50, 150])
def test_order_and_content_are_kept_and_every_part_fits(limit):
    text = ("付款失败常见的原因有：医保码没激活、参保状态异常。\n\n"
            "1. 打开国家医保服务平台APP，点「医保码」；\n2. 按提示刷脸，设置密码。\n"
            + "".join(sentence(i, 25) for i in range(1, 8)) + "\n\n"
            "如果还是不行，请拨打医保服务热线12393，或者到经办大厅办理，带好身份证，"
            "工作人员会帮您核对信息，有误由参保地经办机构更正。")
    parts = split_bubbles(text, limit=limit)
    assert all(0 < len(p) <= limit for p in parts)
    assert squeeze("".join(parts)) == squeeze(text)
    assert split_bubbles("\n\n".join(parts), limit=limit * 1000) == ["\n\n".join(parts)]


def test_bubbles_keep_every_blank_line_as_a_boundary():
    assert bubbles("第一段。\n\n第二段。\n \n第三段。") == ["第一段。", "第二段。", "第三段。"]
    long = "".join(sentence(i) for i in range(1, 7))  # 180 characters
    result = bubbles("开头。\n\n" + long)
    assert result[0] == "开头。" and len(result) == 3
    assert all(len(p) <= 150 for p in result)


def test_buttons_image_and_custom_stay_on_the_last_part():
    text = "".join(sentence(i) for i in range(1, 8))  # 210 characters
    buttons = [{"title": "是", "payload": "/affirm"}]
    out = bubble_messages([
        {"recipient_id": "u1", "text": "短的。"},
        {"recipient_id": "u1", "text": text, "buttons": buttons, "image": "https://x/y.png"},
        {"recipient_id": "u1", "custom": {"k": 1}},
    ])
    assert out[0] == {"recipient_id": "u1", "text": "短的。"}
    middle, last = out[1:-2], out[-2]
    assert len(middle) >= 1 and all(set(m) == {"recipient_id", "text"} for m in middle)
    assert last["buttons"] == buttons and last["image"] == "https://x/y.png"
    assert squeeze("".join(m["text"] for m in out[1:-1])) == squeeze(text)
    assert out[-1] == {"recipient_id": "u1", "custom": {"k": 1}}
