"""The coverage table of the source text (docs/seed-coverage.md) against the domain (issue 10).

Every item of the source text the product was specified from names the responses that convey
it and the terms they must contain; this test keeps that table true as responses are reworded.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "docs" / "seed-coverage.md"
DOMAIN = ROOT / "domain.yml"
# The source text lives beside the repository (read-only); SEED_TEXT points elsewhere.
SEED = Path(os.environ.get("SEED_TEXT", ROOT.parent / "shared" / "seed" / "000_e0f70fc04caed061.txt"))

# The table's section labels -> the heading that opens that section in the source text, in order
# (the first section also holds the introduction before its heading).
SECTIONS: Dict[str, str] = {
    "操作步骤": "医保电子支付操作步骤",
    "优势": "医保电子支付的优势",
    "常见问题": "常见问题及解决方案",
    "是什么": "医保电子凭证是什么?",
    "安全保障": "医保电子支付的安全保障有哪些措施",
    "常见错误": "医保电子支付流程中常见的错误及解决方法",
}
MIN_ROWS = 45

_TICKED = re.compile(r"`([^`]+)`")


@dataclass
class Row:
    number: str
    section: str
    fragments: List[str]
    responses: List[str]
    terms: List[str]


def _rows() -> List[Row]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 6 or not cells[0].isdigit():
            continue
        number, section, fragments, _point, responses, terms = cells
        rows.append(Row(number, section, _TICKED.findall(fragments), _TICKED.findall(responses),
                        _TICKED.findall(terms)))
    return rows


def _responses() -> Dict[str, List[str]]:
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    return {name: [v.get("text") or "" for v in variations]
            for name, variations in (domain.get("responses") or {}).items()}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


ROWS = _rows()


def test_the_table_has_a_row_for_each_item_of_every_section():
    assert len(ROWS) >= MIN_ROWS, f"only {len(ROWS)} rows in {TABLE.name}"
    numbers = [r.number for r in ROWS]
    assert len(numbers) == len(set(numbers)), "row numbers repeat"
    assert {r.section for r in ROWS} == set(SECTIONS), "a row names an unknown section, or a section has none"
    for row in ROWS:
        assert row.fragments and row.responses and row.terms, f"row {row.number} is incomplete"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.number}-{r.section}")
def test_the_named_responses_exist_and_carry_the_key_terms(row: Row):
    responses = _responses()
    missing = [name for name in row.responses if name not in responses]
    assert not missing, f"row {row.number}: not in domain.yml: {missing}"
    # A term counts when some named response has it in every variation: whichever variation
    # Rasa picks, the person is told.
    absent = [term for term in row.terms
              if not any(all(term in text for text in responses[name]) for name in row.responses)]
    assert not absent, f"row {row.number}: {row.responses} do not say {absent}"


def _seed_lines() -> List[str]:
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]


def _section_spans(lines: List[str]) -> Dict[str, Tuple[int, int]]:
    starts = []
    for label, heading in SECTIONS.items():
        found = [i for i, line in enumerate(lines) if line == heading]
        assert len(found) == 1, f"heading {heading!r} found {len(found)} times in the source text"
        starts.append((label, found[0]))
    starts[0] = (starts[0][0], 0)
    assert [s for _, s in starts] == sorted(s for _, s in starts), "sections out of order"
    ends = [s for _, s in starts[1:]] + [len(lines)]
    return {label: (start, end) for (label, start), end in zip(starts, ends)}


def _states_something(line: str) -> bool:
    """A sentence, or a `label:text` line; headings and bare labels (「解决方法:」) are not items."""
    body = line.lstrip("-").strip()
    if "。" in body:
        return True
    label_and_text = re.match(r"^[^:：]*[:：](.*)$", body)
    return bool(label_and_text and label_and_text.group(1).strip())


needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"source text not found at {SEED}")


@needs_seed
def test_every_fragment_is_quoted_from_its_section_of_the_source():
    lines = _seed_lines()
    spans = _section_spans(lines)
    for row in ROWS:
        start, end = spans[row.section]
        section_text = _squash("\n".join(lines[start:end]))
        for fragment in row.fragments:
            assert _squash(fragment) in section_text, \
                f"row {row.number}: {fragment!r} is not in section {row.section} of the source text"


@needs_seed
def test_every_statement_of_the_source_is_covered_by_a_row():
    fragments = [_squash(f) for row in ROWS for f in row.fragments]
    uncovered = [line for line in _seed_lines()
                 if _states_something(line) and not any(f in _squash(line) for f in fragments)]
    assert not uncovered, "source lines with no row in the coverage table:\n" + "\n".join(uncovered)
