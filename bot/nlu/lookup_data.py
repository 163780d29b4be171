"""The jieba user dictionary and Rasa's region lookup table, generated from data/lookup.

    python -m bot.nlu.spacy_pipeline --write-data    # regenerate both committed files

``data/lookup/jieba/userdict.txt`` is the hand-written ``data/lookup/jieba_domain.txt`` + every
region name/alias + pay-channel aliases + the words jieba must split; Rasa's ``JiebaTokenizer``
(``dictionary_path: data/lookup/jieba``) loads it into the global jieba, and
:func:`register_userdict` does so for other callers. ``data/lookup/regions.yml`` is the Rasa
lookup table ``region``. The spaCy pipeline (bot/nlu/spacy_pipeline.py) segments its patterns
with and without this dictionary.
"""
from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from bot.nlu.channels import PAY_CHANNELS_CSV, read_pay_channels
from bot.nlu.regions import REGIONS_CSV, Region, read_regions

REPO_ROOT = Path(__file__).resolve().parents[2]
LOOKUP_DIR = REPO_ROOT / "data" / "lookup"
DOMAIN_DICT = LOOKUP_DIR / "jieba_domain.txt"
USERDICT_DIR = LOOKUP_DIR / "jieba"  # Rasa JiebaTokenizer dictionary_path: loads every file here
USERDICT_PATH = USERDICT_DIR / "userdict.txt"
REGIONS_YML = LOOKUP_DIR / "regions.yml"

# jieba frequency for region names in the user dictionary: high enough that "长沙人" or
# "深圳的" split off the region, low enough that words such as 中山大学 stay whole.
REGION_FREQ = 30000
CHANNEL_FREQ = 20000

_CJK = re.compile(r"[\u3400-\u9fff]")

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


def plain_tokenizer() -> Any:
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
    plain = plain_tokenizer()
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
