"""How one export is published: the day, the paper it is laid out for, and the status line
(provisional or final, after which round) that every table of it carries."""

from __future__ import annotations

import datetime as dt
import locale
import os
from dataclasses import dataclass
from enum import StrEnum


class Paper(StrEnum):
    A4 = "A4"
    LETTER = "Letter"


# Where US Letter is the usual paper (CLDR's paper-size data); everywhere else uses A4.
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PR", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "DO", "SV", "NI", "BZ"}
)


def paper_for_locale(name: str | None) -> Paper:
    """The usual paper of a locale name such as 'en_US.UTF-8' or 'fr-CA' (A4 when unknown)."""
    if not name:
        return Paper.A4
    language = name.split(".")[0].split("@")[0].replace("-", "_")
    territory = language.split("_")[1].upper() if "_" in language else ""
    return Paper.LETTER if territory in LETTER_TERRITORIES else Paper.A4


def default_paper() -> Paper:
    """The paper of the user's locale: LC_ALL, else LC_PAPER, else LANG, as the C library
    reads them; else Python's locale."""
    for category in ("LC_ALL", "LC_PAPER", "LANG"):
        value = os.environ.get(category)
        if value:
            return paper_for_locale(value)
    return paper_for_locale(locale.getlocale()[0])


@dataclass(frozen=True)
class Edition:
    """One export's publication details, shared by every file and table it writes."""

    published: dt.date
    paper: Paper = Paper.A4
    status: str = ""  # e.g. "Provisional · after round 5 of 9 · results as of 2003-08-17"
    final: bool = False  # every round run and marked official, and no cut before the end
    after_round: int | None = None  # the last round whose results are counted
    of_rounds: int = 0  # the season's rounds, cancelled ones left out
    digest: str = ""  # of the results published (see model.io.export.manifest)
