"""The learner's progress: one SQLite file, one transaction per answer.

* WAL mode, ``synchronous=FULL`` and one ``BEGIN IMMEDIATE`` transaction per answer: a
  Ctrl-C or ``kill -9`` loses at most the question on screen, and two quiz processes at
  once queue for the write lock (``busy_timeout``) instead of corrupting the file.
* The card is read, rescheduled and written inside that transaction, so two processes
  answering the same term never overwrite each other's review.
* Every review is logged (rating, time, duration), so cards can be rescheduled from
  their history if the scheduler's parameters change.
* Every ``kubeclass lab check`` is logged too (``lab_runs``, ``lab_checks``,
  ``lab_check_terms``: which checks failed and the terms each one teaches), in the same
  kind of transaction as the reviews it causes (see :mod:`kubeclass.quiz.labfeed`).
* A file that is not SQLite, fails SQLite's ``quick_check`` or belongs to another
  program is moved aside (never deleted) with a clear message, and a fresh one started.
* Migrations only add tables (``CREATE TABLE IF NOT EXISTS``) and then raise the
  ``schema`` number, in the transaction that opens the file; an older kubeclass refuses a
  newer file instead of misreading it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

APP_ID = "kubeclass-quiz"
SCHEMA = 2  # 2: the lab tables
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000

_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cards (
    card_id     INTEGER PRIMARY KEY,
    term_id     TEXT NOT NULL UNIQUE,
    state       INTEGER NOT NULL,
    step        INTEGER,
    stability   REAL,
    difficulty  REAL,
    due         TEXT NOT NULL,
    last_review TEXT,
    introduced  TEXT NOT NULL,
    reps        INTEGER NOT NULL DEFAULT 0,
    lapses      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS cards_due ON cards(due);
CREATE TABLE IF NOT EXISTS reviews (
    review_id    INTEGER PRIMARY KEY,
    card_id      INTEGER NOT NULL REFERENCES cards(card_id) ON DELETE CASCADE,
    term_id      TEXT NOT NULL,
    rating       INTEGER NOT NULL,
    reviewed_at  TEXT NOT NULL,
    duration_ms  INTEGER,
    item_type    TEXT NOT NULL,
    correct      INTEGER NOT NULL,
    given        TEXT,
    state_before INTEGER
);
CREATE INDEX IF NOT EXISTS reviews_card ON reviews(card_id);
CREATE INDEX IF NOT EXISTS reviews_time ON reviews(reviewed_at);
CREATE INDEX IF NOT EXISTS reviews_type ON reviews(item_type);
CREATE TABLE IF NOT EXISTS lab_runs (
    run_id      INTEGER PRIMARY KEY,
    lab_id      TEXT NOT NULL,
    checked_at  TEXT NOT NULL,
    score       INTEGER NOT NULL,
    max_score   INTEGER NOT NULL,
    passed      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS lab_runs_lab ON lab_runs(lab_id, checked_at);
CREATE TABLE IF NOT EXISTS lab_checks (
    run_id      INTEGER NOT NULL REFERENCES lab_runs(run_id) ON DELETE CASCADE,
    check_id    TEXT NOT NULL,
    step_id     TEXT NOT NULL,
    passed      INTEGER NOT NULL,
    PRIMARY KEY (run_id, check_id)
);
CREATE TABLE IF NOT EXISTS lab_check_terms (
    run_id      INTEGER NOT NULL,
    check_id    TEXT NOT NULL,
    term_id     TEXT NOT NULL,
    PRIMARY KEY (run_id, check_id, term_id),
    FOREIGN KEY (run_id, check_id) REFERENCES lab_checks(run_id, check_id) ON DELETE CASCADE
);
"""


def stamp(moment: datetime) -> str:
    """A UTC timestamp as fixed-width text, so that text order is time order in SQL."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_stamp(text: str) -> datetime:
    """The aware UTC datetime of a :func:`stamp`."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class CardRow:
    """The scheduling state of one term (an FSRS card)."""

    card_id: int
    term_id: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    introduced: datetime
    reps: int = 0
    lapses: int = 0


@dataclass(frozen=True)
class ReviewRow:
    """One answer, as logged."""

    card_id: int
    term_id: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    item_type: str
    correct: bool
    given: str | None
    state_before: int | None


@dataclass(frozen=True)
class LabCheckRow:
    """One check of a logged ``lab check``: whether it passed and the terms it teaches."""

    check_id: str
    step_id: str
    passed: bool
    terms: tuple[str, ...]


@dataclass(frozen=True)
class LabRunRow:
    """One logged ``kubeclass lab check``."""

    lab_id: str
    checked_at: datetime
    score: int
    max_score: int
    passed: bool
    checks: tuple[LabCheckRow, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What one answer changes: the card's new state and its review log."""

    card: CardRow
    review: ReviewRow


class StoreError(Exception):
    """The progress file cannot be used (and could not be replaced)."""


class Store:
    """Progress database access. Open with :meth:`open`; use as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, notice: Callable[[str], None] | None = None) -> Store:
        """Open (creating if needed) the database at ``path``.

        A damaged or foreign file is renamed to ``<name>.broken-<time>`` and ``notice`` is
        called with a message saying so; the quiz then starts from a fresh file.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        with _lock(path):
            problem = _inspect(path)
            if problem is not None:
                moved = _move_aside(path)
                if notice is not None:
                    notice(
                        f"학습 기록 파일을 쓸 수 없어 옆으로 옮기고 새로 시작합니다 — "
                        f"the progress file {path} {problem}; it was moved to {moved} "
                        f"and a fresh one was started."
                    )
            conn = _connect(path)
            try:
                _create_schema(conn)
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise StoreError(f"cannot initialise {path}: {exc}") from exc
        return cls(conn, path)

    def close(self) -> None:
        """Close the connection (every answer is already committed)."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------
    def cards(self) -> dict[str, CardRow]:
        """Every card, keyed by term id."""
        rows = self.conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards").fetchall()
        return {row[1]: _card(row) for row in rows}

    def reviews(self) -> list[ReviewRow]:
        """Every review, oldest first."""
        rows = self.conn.execute(
            "SELECT card_id, term_id, rating, reviewed_at, duration_ms, item_type, correct,"
            " given, state_before FROM reviews ORDER BY reviewed_at, review_id"
        ).fetchall()
        return [_review(r) for r in rows]

    def meta(self, key: str) -> str | None:
        """A value of the ``meta`` table."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # -- writing -----------------------------------------------------------------
    def record(
        self, term_id: str, now: datetime, answer: Callable[[CardRow | None, int], Outcome]
    ) -> Outcome:
        """Apply one answer in one transaction.

        ``answer(card, card_id)`` gets the card as it is *inside* the transaction (None
        for a new term, with the id it will have) and returns the new state and its log.
        """
        with self._write() as conn:
            outcome = _apply(conn, term_id, answer)
        assert outcome is not None  # ``answer`` always returns one here
        return outcome

    def record_many(
        self, answers: Iterable[tuple[str, Callable[[CardRow | None, int], Outcome]]]
    ) -> list[Outcome]:
        """Apply many answers (term id, ``answer`` as for :meth:`record`), in order, in one
        transaction: an import or a replayed history, not one fsync per review."""
        with self._write() as conn:
            outcomes = [_apply(conn, term_id, answer) for term_id, answer in answers]
        return [o for o in outcomes if o is not None]

    def record_lab(
        self, run: LabRunRow,
        answers: Mapping[str, Callable[[CardRow | None, int], Outcome | None]],
    ) -> list[Outcome]:
        """Log one ``lab check`` and the reviews it causes, all in one transaction.

        ``answers`` maps a term id to a function like :meth:`record`'s ``answer``, which
        may return None to leave that card as it is.
        """
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO lab_runs (lab_id, checked_at, score, max_score, passed)"
                " VALUES (?,?,?,?,?)",
                (run.lab_id, stamp(run.checked_at), run.score, run.max_score, int(run.passed)),
            )
            run_id = cursor.lastrowid
            conn.executemany(
                "INSERT INTO lab_checks (run_id, check_id, step_id, passed) VALUES (?,?,?,?)",
                [(run_id, c.check_id, c.step_id, int(c.passed)) for c in run.checks],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO lab_check_terms (run_id, check_id, term_id)"
                " VALUES (?,?,?)",
                [(run_id, c.check_id, t) for c in run.checks for t in c.terms],
            )
            outcomes = [_apply(conn, term_id, answer) for term_id, answer in answers.items()]
        return [o for o in outcomes if o is not None]

    def lab_runs(self, lab_id: str | None = None) -> list[LabRunRow]:
        """Every logged ``lab check`` (of ``lab_id``, or of every lab), oldest first."""
        where, args = ("WHERE lab_id = ?", (lab_id,)) if lab_id is not None else ("", ())
        runs = self.conn.execute(
            f"SELECT run_id, lab_id, checked_at, score, max_score, passed FROM lab_runs {where}"
            " ORDER BY checked_at, run_id", args,
        ).fetchall()
        terms: dict[tuple[int, str], list[str]] = {}
        for run_id, check_id, term_id in self.conn.execute(
            "SELECT run_id, check_id, term_id FROM lab_check_terms ORDER BY rowid"
        ):
            terms.setdefault((run_id, check_id), []).append(term_id)
        checks: dict[int, list[LabCheckRow]] = {}
        for run_id, check_id, step_id, passed in self.conn.execute(
            "SELECT run_id, check_id, step_id, passed FROM lab_checks ORDER BY rowid"
        ):
            checks.setdefault(run_id, []).append(LabCheckRow(
                check_id, step_id, bool(passed), tuple(terms.get((run_id, check_id), ()))))
        return [
            LabRunRow(lab_id=r[1], checked_at=parse_stamp(r[2]), score=r[3], max_score=r[4],
                      passed=bool(r[5]), checks=tuple(checks.get(r[0], ())))
            for r in runs
        ]

    def last_reviews(self, item_type: str) -> dict[str, ReviewRow]:
        """Per term, its latest review if that review was of ``item_type`` (one query)."""
        rows = self.conn.execute(
            "SELECT card_id, term_id, rating, reviewed_at, duration_ms, item_type, correct,"
            " given, state_before FROM reviews AS r WHERE item_type = ? AND review_id ="
            " (SELECT MAX(review_id) FROM reviews AS o WHERE o.card_id = r.card_id)",
            (item_type,),
        ).fetchall()
        return {row[1]: _review(row) for row in rows}

    def replace_cards(self, cards: list[CardRow]) -> None:
        """Overwrite the scheduling state of many cards at once (after rescheduling)."""
        with self._write() as conn:
            conn.executemany(
                "UPDATE cards SET state=?, step=?, stability=?, difficulty=?, due=?,"
                " last_review=? WHERE card_id=?",
                [
                    (
                        c.state, c.step, c.stability, c.difficulty, stamp(c.due),
                        stamp(c.last_review) if c.last_review else None, c.card_id,
                    )
                    for c in cards
                ],
            )

    def set_meta(self, key: str, value: str) -> None:
        """Store one ``meta`` value."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    def reset(self) -> int:
        """Forget every card and review; returns how many cards there were."""
        with self._write() as conn:
            count = int(conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0])
            conn.execute("DELETE FROM reviews")
            conn.execute("DELETE FROM cards")
        return count

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front: two processes never both read a card
        # and then both write it.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")


_CARD_COLUMNS = ("card_id, term_id, state, step, stability, difficulty, due, last_review,"
                 " introduced, reps, lapses")


def _apply(
    conn: sqlite3.Connection, term_id: str,
    answer: Callable[[CardRow | None, int], Outcome | None],
) -> Outcome | None:
    """Read a card, let ``answer`` review it and write the result (inside a transaction)."""
    row = conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE term_id = ?",
                       (term_id,)).fetchone()
    card = None if row is None else _card(row)
    if card is None:
        next_id = conn.execute("SELECT COALESCE(MAX(card_id), 0) + 1 FROM cards").fetchone()
        card_id = int(next_id[0])
    else:
        card_id = card.card_id
    outcome = answer(card, card_id)
    if outcome is None:
        return None
    new = outcome.card
    conn.execute(
        f"INSERT INTO cards ({_CARD_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(term_id) DO UPDATE SET state=excluded.state, step=excluded.step,"
        " stability=excluded.stability, difficulty=excluded.difficulty,"
        " due=excluded.due, last_review=excluded.last_review, reps=excluded.reps,"
        " lapses=excluded.lapses",
        (
            card_id, term_id, new.state, new.step, new.stability, new.difficulty,
            stamp(new.due), stamp(new.last_review) if new.last_review else None,
            stamp(new.introduced), new.reps, new.lapses,
        ),
    )
    log = outcome.review
    conn.execute(
        "INSERT INTO reviews (card_id, term_id, rating, reviewed_at, duration_ms,"
        " item_type, correct, given, state_before) VALUES (?,?,?,?,?,?,?,?,?)",
        (
            card_id, term_id, log.rating, stamp(log.reviewed_at), log.duration_ms,
            log.item_type, int(log.correct), log.given, log.state_before,
        ),
    )
    return outcome


def _review(r: Any) -> ReviewRow:
    return ReviewRow(
        card_id=r[0], term_id=r[1], rating=r[2], reviewed_at=parse_stamp(r[3]),
        duration_ms=r[4], item_type=r[5], correct=bool(r[6]), given=r[7], state_before=r[8],
    )


def _card(row: Any) -> CardRow:
    return CardRow(
        card_id=int(row[0]),
        term_id=str(row[1]),
        state=int(row[2]),
        step=None if row[3] is None else int(row[3]),
        stability=None if row[4] is None else float(row[4]),
        difficulty=None if row[5] is None else float(row[5]),
        due=parse_stamp(row[6]),
        last_review=None if row[7] is None else parse_stamp(row[7]),
        introduced=parse_stamp(row[8]),
        reps=int(row[9]),
        lapses=int(row[10]),
    )


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE … COMMIT).
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _create_schema(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        # One statement at a time: executescript() would commit the open transaction.
        for statement in _SCHEMA_SQL.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('app', ?)", (APP_ID,))
        conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA),))
        # The tables above are created if missing, so an older file is now this schema.
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema' AND CAST(value AS INTEGER) < ?",
                     (str(SCHEMA), SCHEMA))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _inspect(path: Path) -> str | None:
    """Why the file at ``path`` cannot be used, or None when it is fine (or absent)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if not header:
        return None  # an empty file is a database that was never written
    if header != SQLITE_HEADER:
        return "is not an SQLite database"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                return f"is damaged (SQLite quick_check: {check[0] if check else 'no answer'})"
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables:
                return None
            if "meta" not in tables:
                return "belongs to another program (no kubeclass tables)"
            row = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
            if row is None or row[0] != APP_ID:
                return "belongs to another program"
            version = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if version is not None and int(version[0]) > SCHEMA:
                raise StoreError(
                    f"{path} was written by a newer kubeclass (schema {version[0]}); "
                    "upgrade kubeclass to use it"
                )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"is damaged ({exc})"
    return None


def _move_aside(path: Path) -> Path:
    when = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.broken-{when}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.broken-{when}-{counter}")
        counter += 1
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    return target


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    """An exclusive lock while the file is inspected, so two starting quizzes do not both
    move it aside (POSIX; elsewhere renaming an open file fails anyway)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
