"""Learner-facing texts of the lab engine in Korean and English.

Kept in one table so both languages stay in step; templates avoid Korean particles after
names (``Deployment web`` could need 이 or 가) by putting the name after a colon.
"""

from __future__ import annotations

from typing import Any

from kubeclass.glossary.model import Lang

_TEXTS: dict[str, dict[Lang, str]] = {
    # diffs
    "mismatch": {"en": "{path}: {expected} expected, {found} found",
                 "ko": "{path}: 기대값 {expected}, 실제값 {found}"},
    "missing": {"en": "{path}: {expected} expected, field missing",
                "ko": "{path}: 기대값 {expected}, 필드 없음"},
    "unexpected": {"en": "{path}: should be unset, {found} found",
                   "ko": "{path}: 비어 있어야 함, 실제값 {found}"},
    "no-element": {"en": "{path}: no element matches {expected}",
                   "ko": "{path}: {expected}와(과) 일치하는 항목 없음"},
    "empty-list": {"en": "{path}: {expected} expected in the list, list is empty",
                   "ko": "{path}: 목록에 {expected} 필요, 목록이 비어 있음"},
    "not-found": {"en": "{subject} not found in {where}",
                  "ko": "찾을 수 없음: {subject} ({where})"},
    "none-selected": {"en": "no {kind} matches {selector} in {where}",
                      "ko": "{where}에 {selector} 조건의 {kind} 없음"},
    "present": {"en": "{subject} exists but should not",
                "ko": "아직 있음 (없어야 함): {subject}"},
    "assert": {"en": "condition not met: {expr}", "ko": "조건 불충족: {expr}"},
    "assert-error": {"en": "condition could not be evaluated: {expr} ({error})",
                     "ko": "조건을 평가할 수 없음: {expr} ({error})"},
    "count-min": {"en": "{subject}: {found} found, at least {min} expected",
                  "ko": "{subject}: {found}개 있음, {min}개 이상 필요"},
    "count-max": {"en": "{subject}: {found} found, at most {max} expected",
                  "ko": "{subject}: {found}개 있음, {max}개 이하여야 함"},
    "where-ns": {"en": "namespace {namespace}", "ko": "네임스페이스 {namespace}"},
    "where-cluster": {"en": "the cluster", "ko": "클러스터"},
    # report
    "passed": {"en": "passed", "ko": "통과"},
    "failed": {"en": "failed", "ko": "실패"},
    "score": {"en": "Score", "ko": "점수"},
    "hint": {"en": "Hint", "ko": "힌트"},
    "step": {"en": "Step", "ko": "단계"},
    "all-passed": {"en": "All checks passed. Well done!", "ko": "모든 검사를 통과했습니다. 잘했어요!"},
    "some-failed": {"en": "{failed} of {total} checks failed.",
                    "ko": "검사 {total}개 중 {failed}개가 실패했습니다."},
    "read-terms": {"en": "Read about the terms of this lab:",
                   "ko": "이 실습의 용어를 읽어 보세요:"},
    "api-calls": {"en": "{calls} API call(s)", "ko": "API 호출 {calls}회"},
    # connection
    "insecure-tls": {
        "en": "kubeclass: warning: context {context} does not verify the certificate of "
              "{server} (insecure-skip-tls-verify): the connection is encrypted, but anyone "
              "between you and the server could pose as it.",
        "ko": "kubeclass: 주의: 서버 인증서를 확인하지 않습니다 (컨텍스트 {context}, {server}: "
              "insecure-skip-tls-verify). 연결은 암호화되지만, 중간에서 누군가 서버인 척할 수 "
              "있습니다."},
}


def text(key: str, lang: Lang, **values: Any) -> str:
    """The ``key`` template in ``lang`` with ``values`` filled in."""
    return _TEXTS[key][lang].format(**values)
