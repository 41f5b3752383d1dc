"""Lab results feed the scheduler: the terms of a failed check are due at once, with the
check as the reason; a passed lab is one Good review of its terms; all in the store."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kubeclass.glossary.cache import load_cached_glossary
from kubeclass.labs.checks import LabResult, grade
from kubeclass.labs.load import load_lab
from kubeclass.labs.teaches import check_terms, teaches, term_names
from kubeclass.quiz import labfeed, scheduler
from kubeclass.quiz.store import Store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def names() -> dict[str, list[str]]:
    return term_names(load_cached_glossary().terms.values())


def test_a_check_teaches_the_lab_terms_it_names(names: dict[str, list[str]]) -> None:
    lab = load_lab("service")
    checks = {c.id: c for c in lab.checks()}
    assert teaches(lab, checks["clusterip-selector"], names) == (
        "service", "clusterip", "selector")
    assert "nodeport" in teaches(lab, checks["nodeport-service"], names)
    assert "selector" not in teaches(lab, checks["clusterip-ports"], names)
    # Every check names something here; one that named nothing would teach the whole lab.
    assert all(terms for terms in check_terms(lab, names).values())


def test_a_check_naming_no_term_teaches_all_of_them() -> None:
    lab = load_lab("service")
    check = lab.checks()[0]
    assert teaches(lab, check, {t: ["zzz"] for t in lab.terms}) == lab.terms


def _result(lab_id: str, passing: set[str] | None = None) -> LabResult:
    """The lab graded on an empty cluster (everything fails), then ``passing`` checks
    turned into passes."""
    from dataclasses import replace

    result = grade(load_lab(lab_id), {})
    keep = passing or set()
    steps = tuple(replace(s, checks=tuple(
        replace(c, passed=True, diffs=()) if c.check.id in keep else c
        for c in s.checks)) for s in result.steps)
    return replace(result, steps=steps)


def test_failed_checks_make_their_terms_due_now_with_the_reason(
        tmp_path: Path, names: dict[str, list[str]]) -> None:
    lab = load_lab("service")
    everything_but_selector = {c.id for c in lab.checks()} - {"clusterip-selector"}
    result = _result("service", everything_but_selector)
    run = labfeed.lab_run(result, check_terms(lab, names), NOW)
    with Store.open(tmp_path / "p.sqlite3") as store:
        fed = labfeed.feed(store, run, NOW)
        assert fed.due == ("service", "clusterip", "selector") and fed.reviewed == ()
        cards = store.cards()
        assert {t: cards[t].due for t in fed.due} == dict.fromkeys(fed.due, NOW)
        reasons = labfeed.reasons(store)
        assert set(reasons) == set(fed.due)
        assert reasons["selector"].text("ko") == "실습 service의 clusterip-selector 검사에서 틀림"
        assert reasons["selector"].text("en") == "failed the clusterip-selector check of lab service"
        # The run and its checks are logged, with the terms each check teaches.
        (logged,) = store.lab_runs()
        assert (logged.lab_id, logged.passed, logged.checked_at) == ("service", False, NOW)
        failed = [c for c in logged.checks if not c.passed]
        assert [(c.check_id, c.terms) for c in failed] == [
            ("clusterip-selector", ("service", "clusterip", "selector"))]
        # Running the failing check again is not another lapse.
        later = NOW + timedelta(minutes=5)
        again = labfeed.feed(store, labfeed.lab_run(result, check_terms(lab, names), later), later)
        assert again.due == ()
        assert len(store.reviews()) == 3 and len(store.lab_runs()) == 2


def test_review_puts_lab_terms_first(tmp_path: Path, names: dict[str, list[str]]) -> None:
    glossary = load_cached_glossary()
    with Store.open(tmp_path / "p.sqlite3") as store:
        # Ten terms overdue for a week, then a failed lab check.
        fsrs_scheduler = scheduler.make_scheduler()
        week_ago = NOW - timedelta(days=30)
        old = sorted(t for t in glossary.terms if t not in ("secret",))[:10]
        for term in old:
            store.record(term, week_ago, lambda card, card_id, term=term: scheduler.review(
                fsrs_scheduler, card, card_id=card_id, term_id=term, rating=scheduler.GOOD,
                now=week_ago, duration_ms=None, item_type="typed", given=None))
        lab = load_lab("configmap-secret")
        keep = {c.id for c in lab.checks()} - {"secret-data"}
        labfeed.feed(store, labfeed.lab_run(_result("configmap-secret", keep),
                                            check_terms(lab, names), NOW), NOW)
        plan = scheduler.plan(list(glossary.terms.values()), store.cards(), NOW + timedelta(1),
                              5, random.Random(1), review_only=True,
                              first=labfeed.reasons(store))
    assert plan.due[0] == "secret" and len(plan.due) == 5


def test_a_passed_lab_reviews_its_terms_good_once(tmp_path: Path,
                                                  names: dict[str, list[str]]) -> None:
    lab = load_lab("first-pod")
    passed = _result("first-pod", {c.id for c in lab.checks()})
    assert passed.passed
    teach = check_terms(lab, names)
    with Store.open(tmp_path / "p.sqlite3") as store:
        first = labfeed.feed(store, labfeed.lab_run(passed, teach, NOW), NOW)
        assert set(first.reviewed) == {t for terms in teach.values() for t in terms}
        assert {r.rating for r in store.reviews()} == {scheduler.GOOD}
        assert all(c.due > NOW for c in store.cards().values())
        second = labfeed.feed(store, labfeed.lab_run(passed, teach, NOW), NOW)
        assert second.reviewed == () and len(store.lab_runs()) == 2
        assert labfeed.reasons(store) == {}


def test_a_schema_1_file_is_migrated_in_place(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite3"
    with Store.open(path) as store:
        store.conn.execute("DROP TABLE lab_check_terms")
        store.conn.execute("DROP TABLE lab_checks")
        store.conn.execute("DROP TABLE lab_runs")
        store.conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    with Store.open(path) as store:
        assert store.meta("schema") == "2" and store.lab_runs() == []
    tables = {r[0] for r in sqlite3.connect(path).execute(
        "SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"lab_runs", "lab_checks", "lab_check_terms"} <= tables
