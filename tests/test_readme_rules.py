"""The README's rules tables list every rule the engine reads, with its default."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.scoring.rule_json import LEGACY, RULE_KEYS, plain
from model.scoring.rules import SeasonRules

README = Path(__file__).resolve().parents[1] / "README.md"

# Keys season.json writes differently from the document (its older spellings).
WRITTEN_AS = {"team_scoring": "team_scores", "team_positions": "lower_entries_keep_their_positions"}


def rules_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Rules as data")
    return text[start : text.index("\n## ", start + 1)]


def table_rows() -> dict[str, str]:
    rows = {}
    for line in rules_section().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= 3:
            for key in cells[0].split(","):
                rows[key.strip().strip("`")] = cells[1]
    return rows


@pytest.mark.parametrize("key", [WRITTEN_AS.get(k, k) for k in RULE_KEYS])
def test_every_rule_is_in_the_table_with_its_default(key: str) -> None:
    rows = table_rows()
    assert key in rows, f"README's rules table lacks {key}"
    stored = next(k for k in RULE_KEYS if WRITTEN_AS.get(k, k) == key)
    default = SeasonRules().to_json()[stored]
    if key in LEGACY:
        return  # written in season.json's own words
    shown = rows[key]
    if default is None:
        assert shown == "none"
    else:
        assert shown.strip("`") in (str(plain(default)), str(default).replace("'", '"'))


@pytest.mark.parametrize(
    "name", ["championships", "points_factor", "races", "penalties", "excluded", "import-penalties"]
)
def test_every_other_key_is_explained(name: str) -> None:
    section = rules_section()
    assert f"`{name}" in section or f'"{name}"' in section
