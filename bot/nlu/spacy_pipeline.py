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
``data/lookup/regions.yml`` (Rasa lookup table ``region``).
"""
from __future__ import annotations

import argparse
import logging
import re
import sys
import threading
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from bot.nlu.channels import PAY_CHANNELS_CSV, read_pay_channels
from bot.nlu.regions import REGIONS_CSV, Region, read_regions

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
LOOKUP_DIR = REPO_ROOT / "data" / "lookup"
DOMAIN_DICT = LOOKUP_DIR / "jieba_domain.txt"
USERDICT_DIR = LOOKUP_DIR / "jieba"  # Rasa JiebaTokenizer dictionary_path: loads every file here
USERDICT_PATH = USERDICT_DIR / "userdict.txt"
REGIONS_YML = LOOKUP_DIR / "regions.yml"
DEFAULT_OUTPUT = REPO_ROOT / "models" / "spacy_zh"

LABELS = ("region", "amount", "pay_channel", "error_code", "phone")
SPACY_CONFIG = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}
PIPELINE_NAME = "helpdesk_zh_rules"
PIPELINE_VERSION = "1.0.0"

# jieba frequency for region names in the user dictionary: high enough that "长沙人" or
# "深圳的" split off the region, low enough that words such as 中山大学 stay whole.
REGION_FREQ = 30000
CHANNEL_FREQ = 20000

_ASCII = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff]")

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
# jieba user dictionary
# ---------------------------------------------------------------------------------------------
_dict_lock = threading.Lock()
_registered: set = set()


def register_userdict(path: Path = USERDICT_PATH) -> None:
    """Load the user dictionary into the global jieba (what spaCy's zh tokenizer and Rasa's
    JiebaTokenizer use). Idempotent per path and process."""
    import jieba

    key = str(Path(path).resolve())
    with _dict_lock:
        if key in _registered:
            return
        jieba.setLogLevel(logging.WARNING)
        jieba.load_userdict(key)
        _registered.add(key)


def _plain_tokenizer() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def read_domain_dict(path: Path = DOMAIN_DICT) -> List[Tuple[str, Optional[int], Optional[str]]]:
    """Entries of the hand-written jieba dictionary: (word, freq or None, tag or None)."""
    entries = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        entries.append((word, freq, tag))
    return entries


# Words that jieba's main dictionary (or its HMM) glues to a region or an amount unit are
# written with freq 0, which makes jieba split them: 长沙人 -> 长沙/人, 来京 -> 来/京,
# 恩施市 -> 恩施/市, 辽宁抚顺 -> 辽宁/抚顺, 128元付 -> 128/元/付, 五十块钱用 -> 五十块/钱/用.
_REGION_TAILS = ("人", "籍", "市", "省", "盟", "地区", "市人", "市区", "市民")
_REGION_HEADS = "在来去到赴回离进驻抵从往"
_NOT_SPLIT = {"山南海北", "海北天南", "玉树芝兰", "大同盟", "昆明湖"}  # idioms, 颐和园
_KEEP_TAILS = ("路", "街", "道", "巷", "公园", "大学")  # 中山东路, 南京东路 are street names
_AFTER_UNIT = ("付用买扣转充退到没都就还是的了被给在多左右以上下内吗呢啊吧每我你他这那怎为可能会要"
               "想该药医保卡码账户余额交缴支出收入报销个全再又也但和与及或")


def _jieba_main_dict() -> Dict[str, Tuple[int, str]]:
    import jieba

    entries: Dict[str, Tuple[int, str]] = {}
    with jieba.get_dict_file() as fh:
        for raw in fh:
            parts = raw.decode("utf-8").split()
            if len(parts) >= 2:
                entries[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return entries


def force_split_words(regions: Optional[List[Region]] = None) -> List[str]:
    """Words of jieba's own dictionary that would hide a region, plus unit+char pairs."""
    regions = regions if regions is not None else read_regions(REGIONS_CSV)
    names = {name for region in regions for name in region.names}
    long_names = sorted(n for n in names if len(n) >= 2)
    main = _jieba_main_dict()
    out = []
    for word, (_freq, tag) in sorted(main.items()):
        if word in names or word in _NOT_SPLIT:
            continue
        for name in long_names:
            if word.startswith(name) and len(word) > len(name):
                rest = word[len(name):]
                rest_tag = main.get(rest, (0, ""))[1]
                if rest.endswith(_KEEP_TAILS):
                    break
                if rest in names or rest in _REGION_TAILS or (tag == "ns" and rest_tag == "ns"):
                    out.append(word)
                    break
        else:
            if len(word) >= 2 and word[0] in _REGION_HEADS and word[1:] in names:
                out.append(word)
    for unit in ("元", "块", "钱"):
        for ch in _AFTER_UNIT:
            if unit + ch not in main:
                out.append(unit + ch)
    return out


def userdict_text(regions: Optional[List[Region]] = None) -> str:
    """Content of data/lookup/jieba/userdict.txt (deterministic)."""
    regions = regions if regions is not None else read_regions(REGIONS_CSV)
    plain = _plain_tokenizer()
    lines: List[str] = []
    seen: set = set()

    def add(word: str, freq: int, tag: Optional[str]) -> None:
        if word in seen or " " in word:
            return
        seen.add(word)
        lines.append(f"{word} {freq} {tag}" if tag else f"{word} {freq}")

    for word, freq, tag in read_domain_dict():
        add(word, freq if freq is not None else plain.suggest_freq(word), tag)
    for region in regions:
        for name in region.names:
            if len(name) >= 2:  # single characters (京, 沪) would break words such as 京东
                add(name, max(REGION_FREQ, plain.suggest_freq(name)), "ns")
    for alias in read_pay_channels(PAY_CHANNELS_CSV):
        if _CJK.search(alias):
            add(alias, max(CHANNEL_FREQ, plain.suggest_freq(alias)), "nz")
    for word in force_split_words(regions):
        add(word, 0, None)
    return "\n".join(lines) + "\n"


def regions_yml_text(regions: Optional[List[Region]] = None) -> str:
    """Rasa lookup table ``region``: every name and alias of two or more characters.

    Single-character aliases (京, 沪, 粤 ...) are left out: Chinese lookup tables are matched
    without word boundaries and would fire inside 北京, 东京, 上海沪 ...
    """
    regions = regions if regions is not None else read_regions(REGIONS_CSV)
    out = [
        "# Generated by `python -m bot.nlu.spacy_pipeline --write-data` from regions.csv;",
        "# do not edit by hand.",
        'version: "3.1"',
        "nlu:",
        "- lookup: region",
        "  examples: |",
    ]
    seen: set = set()
    for region in regions:
        for name in region.names:
            if len(name) >= 2 and name not in seen:
                seen.add(name)
                out.append(f"    - {name}")
    return "\n".join(out) + "\n"


def write_data_files() -> List[Path]:
    """Regenerate the committed derived files; returns their paths."""
    USERDICT_DIR.mkdir(parents=True, exist_ok=True)
    USERDICT_PATH.write_text(userdict_text(), encoding="utf-8")
    REGIONS_YML.write_text(regions_yml_text(), encoding="utf-8")
    return [USERDICT_PATH, REGIONS_YML]


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
    plain = _plain_tokenizer()
    with_dict = _plain_tokenizer()
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
    return out


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
