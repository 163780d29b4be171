"""China's administrative divisions (行政区划) from ``data/lookup/regions.csv``.

The action server uses :func:`region_code_for` to turn the text of a ``region`` entity
(e.g. "深圳", "恩施州", "广西", "京") into its official 6-digit code.
"""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

LOOKUP_DIR = Path(__file__).resolve().parents[2] / "data" / "lookup"
REGIONS_CSV = LOOKUP_DIR / "regions.csv"

# longest first, so that "特别行政区" is tried before "区"
_SUFFIXES = ("特别行政区", "自治区", "自治州", "地区", "省", "市", "州", "盟", "县")
_MAX_LEN = 64


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city (地级市/地区/自治州/盟) | county (省直辖县级单位)
    province_code: str
    aliases: Tuple[str, ...]

    @property
    def names(self) -> Tuple[str, ...]:
        """The official name followed by its aliases."""
        return (self.name,) + self.aliases


def read_regions(path: Path = REGIONS_CSV) -> List[Region]:
    """Parse a regions CSV (no caching; see :func:`load_regions`)."""
    regions = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            regions.append(
                Region(
                    code=row["code"].strip(),
                    name=row["name"].strip(),
                    level=row["level"].strip(),
                    province_code=row["province_code"].strip(),
                    aliases=aliases,
                )
            )
    return regions


@lru_cache(maxsize=1)
def load_regions() -> Tuple[Region, ...]:
    """All regions of the repository's CSV, read once per process."""
    return tuple(read_regions(REGIONS_CSV))


def iter_surface_forms(regions: Optional[List[Region]] = None) -> Iterator[Tuple[str, str]]:
    """Yield ``(text, code)`` for every name and alias."""
    for region in regions if regions is not None else load_regions():
        for text in region.names:
            yield text, region.code


def alias_collisions(regions: Optional[List[Region]] = None) -> Dict[str, List[str]]:
    """Names/aliases that map to more than one code (must be empty)."""
    seen: Dict[str, List[str]] = {}
    for text, code in iter_surface_forms(regions):
        codes = seen.setdefault(text, [])
        if code not in codes:
            codes.append(code)
    return {text: codes for text, codes in seen.items() if len(codes) > 1}


@lru_cache(maxsize=1)
def _index() -> Dict[str, str]:
    index: Dict[str, str] = {}
    for text, code in iter_surface_forms():
        index.setdefault(text, code)
    return index


@lru_cache(maxsize=1)
def _by_code() -> Dict[str, Region]:
    return {region.code: region for region in load_regions()}


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace())


def _lookup(text: str) -> Optional[str]:
    index = _index()
    if text in index:
        return index[text]
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) - len(suffix) >= 2:
            code = index.get(text[: -len(suffix)])
            if code is not None:
                return code
    return None


def region_code_for(text: Optional[str]) -> Optional[str]:
    """Map a region name or alias to its 6-digit code; ``None`` when it is not a region.

    Accepts official names ("深圳市"), aliases ("深圳", "恩施州", "锡盟", "京"), names with an
    extra or missing administrative suffix ("深圳市"/"深圳", "湖南省"), and a province followed by
    one of its cities ("广东省深圳市", "湖南长沙" -> the city's code).
    """
    if not isinstance(text, str):
        return None
    text = _normalise(text)
    if not text or len(text) > _MAX_LEN:
        return None
    code = _lookup(text)
    if code is not None:
        return code
    # "广东省深圳市" / "湖南长沙": a province prefix followed by one of its own regions.
    for region in load_regions():
        if region.level != "province":
            continue
        for prefix in sorted(region.names, key=len, reverse=True):
            if len(prefix) >= 2 and text.startswith(prefix) and len(text) > len(prefix):
                code = _lookup(text[len(prefix):])
                if code is not None and code[:2] == region.code[:2]:
                    return code
    return None


def region_for_code(code: Optional[str]) -> Optional[Region]:
    """The :class:`Region` with this 6-digit code, or ``None``."""
    if not isinstance(code, str):
        return None
    return _by_code().get(code.strip())


def region_name_for(code: Optional[str]) -> Optional[str]:
    """Official name for a code ("440300" -> "深圳市"), or ``None``."""
    region = region_for_code(code)
    return region.name if region else None
