"""The progress file: transactions, WAL, damaged and foreign files moved aside, reset."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest

from kubeclass.quiz import scheduler
from kubeclass.quiz.store import Store, StoreError, parse_stamp, stamp

NOW = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)


def answer(store: Store, term_id: str, rating: int = scheduler.GOOD,
           now: datetime = NOW) -> None:
    fs = fsrs.Scheduler()
    store.record(term_id, now, lambda card, card_id: scheduler.review(
        fs, card, card_id=card_id, term_id=term_id, rating=rating, now=now, duration_ms=800,
        item_type="term-def", given="1"))


def open_store(path: Path) -> tuple[Store, list[str]]:
    notices: list[str] = []
    return Store.open(path, notice=notices.append), notices


def test_answers_are_committed_and_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store, notices = open_store(path)
    answer(store, "pod")
    answer(store, "node", scheduler.AGAIN)
    answer(store, "pod", now=NOW + timedelta(minutes=20))
    # Another connection sees every answer at once: each was its own committed transaction.
    other = sqlite3.connect(path)
    assert other.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 3
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()
    store.close()
    again, notices = open_store(path)
    cards = again.cards()
    assert set(cards) == {"pod", "node"} and cards["pod"].reps == 2
    assert cards["pod"].card_id != cards["node"].card_id
    reviews = again.reviews()
    assert [r.term_id for r in reviews] == ["pod", "node", "pod"]
    assert reviews[1].rating == scheduler.AGAIN and not reviews[1].correct
    assert not notices
    again.close()


def test_a_failing_answer_leaves_nothing_behind(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path / "p.sqlite3")

    def broken(card: object, card_id: int) -> scheduler.Outcome:
        raise RuntimeError("scheduler crashed")

    with pytest.raises(RuntimeError):
        store.record("pod", NOW, broken)  # type: ignore[arg-type]
    assert store.cards() == {} and store.reviews() == []
    answer(store, "pod")  # the connection is still usable
    assert len(store.reviews()) == 1
    store.close()


def test_stamps_sort_like_times() -> None:
    times = [NOW, NOW + timedelta(microseconds=1), NOW + timedelta(seconds=1)]
    assert sorted(stamp(t) for t in reversed(times)) == [stamp(t) for t in times]
    assert parse_stamp(stamp(NOW)) == NOW
    with pytest.raises(ValueError):
        stamp(datetime(2025, 1, 1))  # naive


def _moved(path: Path) -> list[Path]:
    """The moved-aside copies of ``path`` (its -wal/-shm files travel with it)."""
    return sorted(p for p in path.parent.glob(path.name + ".broken-*")
                  if not p.name.endswith(("-wal", "-shm")))


def test_a_file_that_is_not_sqlite_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"this is not a database\n" * 100)
    store, notices = open_store(path)
    moved = _moved(path)
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not")
    assert len(notices) == 1 and "not an SQLite database" in notices[0]
    assert str(moved[0]) in notices[0] and "fresh" in notices[0]
    answer(store, "pod")
    assert len(store.reviews()) == 1
    store.close()


def test_a_damaged_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store, _ = open_store(path)
    for i in range(300):
        answer(store, f"term-{i}")
    store.close()
    with sqlite3.connect(path) as conn:  # fold the WAL into the main file
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page: 4 * page] = b"\xde\xad\xbe\xef" * (page // 2)  # trash two pages
    path.write_bytes(bytes(data))
    store, notices = open_store(path)
    assert len(notices) == 1 and "damaged" in notices[0]
    assert len(_moved(path)) == 1
    assert store.cards() == {}
    store.close()


def test_another_programs_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('kim')")
    conn.close()
    store, notices = open_store(path)
    assert len(notices) == 1 and "another program" in notices[0]
    moved = _moved(path)
    assert sqlite3.connect(moved[0]).execute("SELECT name FROM contacts").fetchone() == ("kim",)
    store.close()


def test_an_empty_file_is_simply_initialised(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.touch()
    store, notices = open_store(path)
    assert not notices and not _moved(path)
    store.close()


def test_a_newer_schema_is_refused_not_moved(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store, _ = open_store(path)
    store.set_meta("schema", "99")
    store.close()
    with pytest.raises(StoreError, match="newer kubeclass"):
        Store.open(path)
    assert not _moved(path)


def test_reset_forgets_everything(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path / "p.sqlite3")
    answer(store, "pod")
    answer(store, "node")
    assert store.reset() == 2
    assert store.cards() == {} and store.reviews() == []
    store.close()
