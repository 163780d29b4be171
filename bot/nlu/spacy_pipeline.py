"""Build the rule-based spaCy pipeline that Rasa's ``SpacyNLP`` loads.

    python -m bot.nlu.spacy_pipeline --output models/spacy_zh      # build the pipeline
    python -m bot.nlu.spacy_pipeline --write-data                   # regenerate lookup files

The pipeline is ``spacy.blank("zh")`` with the jieba segmenter plus one ``entity_ruler`` built
only from repository data: ``data/lookup/regions.csv``, ``data/lookup/pay_channels.csv`` and the
small pattern sets below. Labels: region, amount, pay_channel, error_code, phone.

Tokenisation: spaCy's zh tokenizer calls the *global* ``jieba`` module, and a saved pipeline
cannot carry a jieba user dictionary. Rasa's ``JiebaTokenizer`` (``dictionary_path:
data/lookup/jieba``) loads ``data/lookup/jieba/userdict.txt`` into that same global jieba, and
:func:`load` does so for other callers. So that a plain ``spacy.load(path)`` without the user
dictionary still finds the entities, every phrase pattern is stored as *token* patterns (never
re-tokenised at load time) in each of the segmentations jieba produces with and without the user
dictionary, plus the phrase as one token.

--write-data regenerates the committed files ``data/lookup/jieba/userdict.txt`` (hand-written
``data/lookup/jieba_domain.txt`` + every region name/alias + pay-channel aliases) and
``data/lookup/regions.yml`` (Rasa lookup table ``region``): bot/nlu/lookup_data.py.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from bot.nlu.channels import PAY_CHANNELS_CSV, read_pay_channels
from bot.nlu.lookup_data import REPO_ROOT, USERDICT_PATH, plain_tokenizer, register_userdict, write_data_files
from bot.nlu.regions import REGIONS_CSV, Region, read_regions

DEFAULT_OUTPUT = REPO_ROOT / "models" / "spacy_zh"

LABELS = ("region", "amount", "pay_channel", "error_code", "phone")
SPACY_CONFIG = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}
PIPELINE_NAME = "helpdesk_zh_rules"
PIPELINE_VERSION = "1.0.0"

_ASCII = re.compile(r"[A-Za-z]")

# ---------------------------------------------------------------------------------------------
# small hand-written pattern sets
# ---------------------------------------------------------------------------------------------
_CN_NUM = "零〇一二两三四五六七八九十百千万"
_CN_FIRST = "零〇一二两三四五六七八九十"
_UNITS = ["元", "块", "块钱", "元钱", "圆", "元整", "万元", "rmb", "人民币"]
_PREFIXES = ["¥", "￥", "rmb", "cny", "人民币"]
_DOTS = [".", "．"]

_DIGITS_PLUS = {"TEXT": {"REGEX": r"^[0-9０-９]+$"}, "OP": "+"}
_DECIMAL = {"TEXT": {"REGEX": r"^[0-9]+\.[0-9]+$"}}
_INT = {"TEXT": {"REGEX": r"^[0-9]{1,3}$"}}
_GROUP = {"TEXT": {"REGEX": r"^[0-9]{3}(\.[0-9]+)?$"}}
_CN_TOKENS = {"TEXT": {"REGEX": rf"^[{_CN_FIRST}][{_CN_NUM}]*$"}, "OP": "+"}


def _numbers() -> List[List[Dict[str, Any]]]:
    dot = {"TEXT": {"IN": _DOTS}}
    comma = {"TEXT": {"IN": [",", "，"]}}
    return [
        [_DIGITS_PLUS],  # 128 / １ ２ ８
        [_DECIMAL],  # 128.50
        [_DIGITS_PLUS, dot, _DIGITS_PLUS],  # １２８．５ / 128．5
        [_INT, comma, _GROUP],  # 1,280
        [_INT, comma, {"TEXT": {"REGEX": r"^[0-9]{3}$"}}, comma, _GROUP],  # 1,280,000
    ]


def amount_patterns() -> List[Dict[str, Any]]:
    unit = {"LOWER": {"IN": _UNITS}}
    prefix = {"LOWER": {"IN": _PREFIXES}}
    qian = {"TEXT": "钱", "OP": "?"}
    pats: List[List[Dict[str, Any]]] = []
    for number in _numbers():
        pats.append(number + [unit, qian])  # 128元 / 128 元 钱 / 128.5块
        pats.append([prefix] + number)  # ¥128.00 / ￥ 128
        pats.append([prefix] + number + [unit])  # ¥128元
    pats.append([_CN_TOKENS, unit, qian])  # 一百二十八 元
    # jieba keeps "五十元", "一百块", "两块钱" as one token; "一块" alone means "together"
    pats.append([{"TEXT": {"REGEX": rf"^[{_CN_FIRST}][{_CN_NUM}]+(元|块|块钱|元钱|圆)$"}}, qian])
    pats.append([{"TEXT": {"REGEX": rf"^[{_CN_FIRST}](元|块钱|元钱|圆)$"}}, qian])
    pats.append([{"LOWER": {"REGEX": r"^(rmb|cny|¥|￥)[0-9]+(\.[0-9]+)?$"}}])  # RMB128
    pats.append([{"LOWER": {"REGEX": r"^[0-9]+(\.[0-9]+)?(rmb|cny)$"}}])  # 128rmb
    return [{"label": "amount", "pattern": p} for p in pats]


def phone_patterns() -> List[Dict[str, Any]]:
    dash = {"TEXT": {"IN": ["-", "－"]}, "OP": "?"}
    pats = [
        [{"TEXT": {"REGEX": r"^(\+?86)?1[3-9][0-9]{9}$"}}],
        [{"TEXT": {"IN": ["+86", "86", "+"]}}, {"TEXT": {"REGEX": r"^(86)?1[3-9][0-9]{9}$"}}],
        [{"TEXT": "+"}, {"TEXT": "86"}, {"TEXT": {"REGEX": r"^1[3-9][0-9]{9}$"}}],  # + 86 138…
        # full-width digits come out of jieba one character per token: １３８１２３４５６７８
        [{"TEXT": {"IN": ["１", "1"]}}, {"TEXT": {"REGEX": r"^[３-９3-9]$"}}]
        + [{"TEXT": {"REGEX": r"^[０-９0-9]$"}}] * 9,
        [{"TEXT": {"REGEX": r"^1[3-9][0-9]$"}}, dash, {"TEXT": {"REGEX": r"^[0-9]{4}$"}}, dash,
         {"TEXT": {"REGEX": r"^[0-9]{4}$"}}],  # 138 1234 5678 / 138-1234-5678
    ]
    return [{"label": "phone", "pattern": p} for p in pats]


# keys after which any code counts ("错误码 1101", "infcode=-1", "返回码：E001")
ERROR_KEYS = ["错误码", "错误代码", "错误编码", "错误编号", "错误号", "返回码", "状态码", "代码",
              "infcode", "errcode", "err_code", "errorcode", "error_code", "code", "err", "error"]
# everyday words that only introduce a *negative* code ("提示-1", "返回 -1")
ERROR_SOFT_KEYS = ["提示", "显示", "报", "报错", "返回", "出现", "弹出", "错误", "失败"]
_ERROR_SEPARATORS = [":", "：", "=", "＝", "是", "为", "#", "＃"]


def error_code_patterns(tokenizers: Sequence[Any] = ()) -> List[Dict[str, Any]]:
    sep = {"TEXT": {"IN": _ERROR_SEPARATORS}, "OP": "?"}
    code = {"TEXT": {"REGEX": r"^[A-Za-z]{0,4}[_]?[0-9]{1,8}$"}}
    letter_dash = [{"TEXT": {"REGEX": r"^[A-Z]{1,4}$"}}, {"TEXT": {"IN": ["-", "_"]}},
                   {"TEXT": {"REGEX": r"^[0-9]{1,8}$"}}]  # E-1001
    negative = [{"TEXT": {"IN": ["-", "－", "—"]}}, {"TEXT": {"REGEX": r"^[0-9]{1,6}$"}}]
    pats: List[List[Dict[str, Any]]] = []
    for key in ERROR_KEYS:
        for key_tokens in token_variants(key, tokenizers):
            for tail in ([code], negative, letter_dash):
                pats.append(key_tokens + [sep] + tail)
    for key in ERROR_SOFT_KEYS:
        for key_tokens in token_variants(key, tokenizers):
            pats.append(key_tokens + [sep] + negative)
    # a code on its own: upper-case letters + digits (E1001, ERR001), not RMB128/CNY100
    pats.append([{"TEXT": {"REGEX": r"^(?!RMB|CNY)[A-Z]{1,4}[_]?[0-9]{3,8}$"}}])
    pats.append([{"TEXT": {"REGEX": r"^(?!RMB|CNY)[A-Z]{1,4}$"}}, {"TEXT": {"IN": ["-", "_"]}},
                 {"TEXT": {"REGEX": r"^[0-9]{3,8}$"}}])
    return [{"label": "error_code", "pattern": p} for p in _dedupe(pats)]


# ---------------------------------------------------------------------------------------------
# patterns
# ---------------------------------------------------------------------------------------------
def _token_spec(token: str) -> Dict[str, Any]:
    return {"LOWER": token.lower()} if _ASCII.search(token) else {"TEXT": token}


def token_variants(text: str, tokenizers: Sequence[Any]) -> List[List[Dict[str, Any]]]:
    """Token patterns for ``text``: as one token and as segmented by each jieba tokenizer."""
    variants: List[Tuple[str, ...]] = [(text,)]
    for tokenizer in tokenizers:
        words = tuple(w for w in tokenizer.cut(text, HMM=True) if w.strip())
        if words and words not in variants:
            variants.append(words)
    return [[_token_spec(w) for w in words] for words in variants]


def _dedupe(patterns: Iterable[List[Dict[str, Any]]]) -> List[List[Dict[str, Any]]]:
    out, seen = [], set()
    for pattern in patterns:
        key = repr(pattern)
        if key not in seen:
            seen.add(key)
            out.append(pattern)
    return out


def _tokenizers() -> List[Any]:
    """A jieba tokenizer without and one with the user dictionary (not the global one)."""
    plain = plain_tokenizer()
    with_dict = plain_tokenizer()
    with_dict.load_userdict(str(USERDICT_PATH))
    return [plain, with_dict]


def region_patterns(regions: Optional[List[Region]] = None,
                    tokenizers: Sequence[Any] = ()) -> List[Dict[str, Any]]:
    regions = regions if regions is not None else read_regions(REGIONS_CSV)
    out = []
    for region in regions:
        pats = []
        for name in region.names:
            pats.extend(token_variants(name, tokenizers))
        for pattern in _dedupe(pats):
            out.append({"label": "region", "pattern": pattern, "id": region.code})
    return out


def pay_channel_patterns(tokenizers: Sequence[Any] = ()) -> List[Dict[str, Any]]:
    out = []
    by_channel: Dict[str, List[List[Dict[str, Any]]]] = {}
    for alias, channel in read_pay_channels(PAY_CHANNELS_CSV).items():
        by_channel.setdefault(channel, []).extend(token_variants(alias, tokenizers))
    for channel, pats in by_channel.items():
        for pattern in _dedupe(pats):
            out.append({"label": "pay_channel", "pattern": pattern, "id": channel})
    # 「国家医保那个app」「国家医保的APP」: the APP named loosely, as answers to the channel question go.
    loose_app = [{"TEXT": "国家"}, {"TEXT": "医保"}, {"TEXT": {"IN": list(_APP_FILLERS)}, "OP": "?"},
                 {"LOWER": {"IN": list(_APP_WORDS)}}]
    out.append({"label": "pay_channel", "pattern": loose_app, "id": "app"})
    return out


_APP_FILLERS = ("那个", "这个", "的", "那", "里", "上", "服务")
_APP_WORDS = ("app", "软件", "平台", "客户端", "应用")


def all_patterns() -> List[Dict[str, Any]]:
    tokenizers = _tokenizers()
    return (
        region_patterns(tokenizers=tokenizers)
        + pay_channel_patterns(tokenizers=tokenizers)
        + amount_patterns()
        + phone_patterns()
        + error_code_patterns(tokenizers=tokenizers)
    )


# ---------------------------------------------------------------------------------------------
# build / load
# ---------------------------------------------------------------------------------------------
def create_nlp(patterns: Optional[List[Dict[str, Any]]] = None) -> Any:
    """The in-memory pipeline (blank zh + jieba + entity_ruler)."""
    import spacy

    register_userdict()
    nlp = spacy.blank("zh", config=SPACY_CONFIG)
    nlp.meta["name"] = PIPELINE_NAME
    nlp.meta["version"] = PIPELINE_VERSION
    nlp.meta["description"] = (
        "Rule-based entities (region, amount, pay_channel, error_code, phone) for the "
        "medical-insurance help desk; built by bot/nlu/spacy_pipeline.py from data/lookup."
    )
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True, "overwrite_ents": True})
    ruler.add_patterns(patterns if patterns is not None else all_patterns())
    return nlp


def build(output_dir: Path) -> Path:
    """Build the pipeline and save it with ``nlp.to_disk``; returns the output directory."""
    output_dir = Path(output_dir)
    nlp = create_nlp()
    output_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output_dir)
    return output_dir


def load(path: Path = DEFAULT_OUTPUT) -> Any:
    """``spacy.load`` after registering the user dictionary with jieba."""
    import spacy

    register_userdict()
    return spacy.load(Path(path))


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help=f"pipeline directory (e.g. {DEFAULT_OUTPUT})")
    parser.add_argument("--write-data", action="store_true",
                        help="regenerate data/lookup/jieba/userdict.txt and regions.yml")
    args = parser.parse_args(argv)
    if not args.output and not args.write_data:
        parser.error("nothing to do: give --output and/or --write-data")
    if args.write_data:
        for path in write_data_files():
            print(f"wrote {path.relative_to(REPO_ROOT)}")
    if args.output:
        path = build(args.output)
        print(f"saved spaCy pipeline to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
