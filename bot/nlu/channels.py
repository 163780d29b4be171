"""Normalise the text of a ``pay_channel`` entity to "app" | "alipay" | "wechat".

The aliases live in ``data/lookup/pay_channels.csv`` (also used by the spaCy entity ruler).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

LOOKUP_DIR = Path(__file__).resolve().parents[2] / "data" / "lookup"
PAY_CHANNELS_CSV = LOOKUP_DIR / "pay_channels.csv"
_MAX_LEN = 64


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace()).lower()


def read_pay_channels(path: Path = PAY_CHANNELS_CSV) -> Dict[str, str]:
    """``{alias: channel}`` exactly as written in the CSV."""
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["alias"].strip(): row["channel"].strip() for row in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def _index() -> Dict[str, str]:
    return {_key(alias): channel for alias, channel in read_pay_channels().items()}


def normalise_pay_channel(text: Optional[str]) -> Optional[str]:
    """"支付宝"/"支付包"/"Alipay" -> "alipay", "微信"/"VX" -> "wechat",
    "国家医保APP"/"国家医保服务平台"/"医保app" -> "app"; anything else -> ``None``."""
    if not isinstance(text, str):
        return None
    key = _key(text)
    if not key or len(key) > _MAX_LEN:
        return None
    if key in _index():
        return _index()[key]
    if re.fullmatch(r"国家医保(?:那个|这个|的|那|里|上|服务)?(?:app|软件|平台|客户端|应用)", key):
        return "app"  # 「国家医保那个app」 (bot/nlu/spacy_pipeline.py tags it so)
    # tolerate a trailing 上/里/端/支付/付款 ("微信上", "支付宝里")
    for suffix in ("支付", "付款", "上", "里", "端"):
        if key.endswith(suffix) and key[: -len(suffix)] in _index():
            return _index()[key[: -len(suffix)]]
    return None
