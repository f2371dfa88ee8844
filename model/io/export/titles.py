"""What the published tables are called, in every format: the championship titles and the
name column's heading, and the penalty column's heading."""

from __future__ import annotations

from model.scoring.standings import Championship

TITLES = {
    Championship.TEAMS: ("Teams Championship", "Team"),
    Championship.DRIVERS: ("Drivers Championship", "Driver"),
    Championship.MANUFACTURERS: ("Manufacturers Championship", "Manufacturer"),
}
PENALTY_HEADER = "Pen."
