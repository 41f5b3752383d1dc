"""The words of ``kubeclass progress`` in both languages, and the small text charts."""

from __future__ import annotations

from collections.abc import Sequence

from kubeclass.glossary.model import Lang

TEXT: dict[str, dict[Lang, str]] = {
    "title": {"ko": "학습 현황", "en": "Learning progress"},
    "terms": {"ko": "용어", "en": "Terms"},
    "group": {"ko": "분류", "en": "Category"},
    "path": {"ko": "학습 경로", "en": "Learning path"},
    "total": {"ko": "전체", "en": "Total"},
    "seen": {"ko": "본 용어", "en": "Seen"},
    "mature": {"ko": "익힌 용어", "en": "Mature"},
    "due": {"ko": "복습할 용어", "en": "Due"},
    "labs": {"ko": "실습", "en": "Labs"},
    "lab": {"ko": "실습", "en": "Lab"},
    "passed": {"ko": "통과", "en": "Passed"},
    "not-passed": {"ko": "아직", "en": "not yet"},
    "best": {"ko": "최고 점수", "en": "Best"},
    "last": {"ko": "최근 점수", "en": "Last"},
    "runs": {"ko": "채점 횟수", "en": "Checks"},
    "no-labs": {"ko": "아직 채점한 실습이 없습니다.", "en": "No lab checked yet."},
    "weakest": {"ko": "가장 약한 용어 10개", "en": "The ten weakest terms"},
    "recall": {"ko": "기억할 확률", "en": "Recall"},
    "lapses": {"ko": "잊은 횟수", "en": "Lapses"},
    "no-terms": {"ko": "아직 퀴즈를 풀지 않았습니다: kubeclass quiz",
                 "en": "No quiz answered yet: kubeclass quiz"},
    "per-day": {"ko": "날짜별 복습 수 (최근 30일)", "en": "Reviews per day (last 30 days)"},
    "ahead": {"ko": "예상 기억 유지율 (복습하지 않으면, 앞으로 30일)",
              "en": "Predicted retention (without reviews, next 30 days)"},
    "reviews": {"ko": "총 복습", "en": "Reviews"},
    "generated": {"ko": "생성", "en": "Generated"},
    "mature-note": {"ko": "익힌 용어: 복습 간격 21일 이상", "en": "Mature: interval of 21 days or more"},
}

SPARKS = "▁▂▃▄▅▆▇█"


def t(key: str, lang: Lang) -> str:
    """One text of the progress view."""
    return TEXT[key][lang]


def sparkline(values: Sequence[float | None], top: float | None = None) -> str:
    """One character per value, ``▁`` (0) to ``█`` (``top``, default the largest); a
    space for a missing value."""
    present = [v for v in values if v is not None]
    high = top if top is not None else max(present, default=0.0)
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        elif high <= 0 or value <= 0:
            out.append(SPARKS[0])
        else:
            out.append(SPARKS[min(len(SPARKS) - 1, round(value / high * (len(SPARKS) - 1)))])
    return "".join(out)
