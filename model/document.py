"""Opening a document file: the one place that decides when a new file gets the sample season."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from model.db import open_engine, url_for_path
from model.errors import NotFoundError
from model.sample import load_sample_season


def is_url(location: Path | str) -> bool:
    return "://" in str(location)


def open_document(location: Path | str, *, create: bool, seed_sample: bool = False) -> Engine:
    """Open the document at `location` (a file path or a database URL).

    A missing file is created when `create` is set (and filled with the sample season when
    `seed_sample` is too); otherwise a missing file is an error. A file created here that
    could not be filled is removed again, so a failure leaves nothing behind.
    """
    path = None if is_url(location) else Path(location).expanduser()
    is_new = path is not None and not path.exists()
    if is_new and not create:
        raise NotFoundError(f"no Pitboard document at {path}")
    if path is not None and is_new:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = open_engine(url_for_path(location))
        if is_new and seed_sample:
            load_sample_season(engine)
    except BaseException:
        if path is not None and is_new:
            path.unlink(missing_ok=True)
        raise
    return engine
