"""The largest inputs Pitboard reads. Past these a file or value is refused with a message
that names the limit, so a mistaken or hostile file costs seconds, never the machine's memory.

The README's "Limits" section lists the same figures; change both together.
"""

from __future__ import annotations

MB = 1_000_000

# Files, as stored on disk. Only regular files are read, at most limit + 1 bytes of them.
MAX_RESULTS_CSV_BYTES = 20 * MB  # a season of results in Pitboard's own CSV layout
MAX_TIMING_BYTES = 5 * MB  # one race from a timing system (CSV/TSV); 60 cars are about 30 kB
MAX_WORKBOOK_BYTES = 10 * MB  # one race as an .xlsx workbook
MAX_WORKBOOK_UNPACKED_BYTES = 50 * MB  # the workbook's parts once unzipped (a zip bomb stops here)
MAX_SEASON_BYTES = 1 * MB  # a season definition (JSON); the bundled one is about 3 kB

# Contents.
MAX_RESULT_ROWS = 100_000  # results in one results CSV (a decade of a 60-car series is 10,000)
MAX_TABLE_ROWS = 10_000  # cars in one race, from a timing file, a spreadsheet or another system
MAX_TABLE_COLUMNS = 256  # columns of such a table
MAX_SHEET_ROW = 100_000  # the last row of a worksheet read; past it the sheet is refused
MAX_FIELD_CHARS = 500  # one name, number or note
MAX_WHOLE_NUMBER = 100_000  # positions, laps, round numbers and points
MAX_RACE_SECONDS = 1_000 * 3600  # a race or lap time
MAX_JSON_DEPTH = 64  # objects and lists inside each other; a season definition needs 4
FIRST_YEAR, LAST_YEAR = 1000, 9999  # a season's year
