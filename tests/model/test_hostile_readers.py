"""Any text at all: each reader either reads it or raises its own located error, nothing else."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from model.errors import InputError
from model.io.alkamel import TimingFileError
from model.io.generic_import import guess_mapping, parse_delimited, table_to_timing
from model.io.jsonlines import parse_json
from model.io.results_csv import parse_results_csv
from model.io.season_definition import parse_season_definition

HEADER = "round,class,class_pos,car,team,laps,status,drivers,note\n"
CELL = st.text(alphabet=st.sampled_from("0123456789-+.,;\"'²١ \t\r\n\x00\x0b\x1b\x85\x9bGTabc"))


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL, max_size=40))
def test_results_csv_raises_only_input_errors(cells: list[str]) -> None:
    with contextlib.suppress(InputError):
        rows = parse_results_csv(HEADER + ",".join(cells), source="fuzz.csv")
        assert all(0 <= (row.laps or 0) <= 100_000 for row in rows)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from('{}[]":,0123456789eE.-+ \ntrufalsnNI\x1b'), max_size=80))
def test_season_json_raises_only_input_errors(text: str) -> None:
    with contextlib.suppress(InputError):
        parse_season_definition(parse_json(text, source="fuzz.json"), source="fuzz.json")


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL, max_size=30))
def test_other_tables_raise_only_timing_file_errors(cells: list[str]) -> None:
    text = "Pos,Car,Class,Laps,Drivers\n" + ",".join(cells)
    with contextlib.suppress(TimingFileError):
        table = parse_delimited(text, source="fuzz.csv")
        table_to_timing(table, guess_mapping(table.header))
