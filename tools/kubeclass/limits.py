"""What a content file may be: the intake limits, and the refusal that reports a breach.

Glossary terms, labs and rosters come from pull requests and from the internet, so every
loader reads them through these limits (:mod:`kubeclass.yamlpos` for YAML, the roster for
CSV). The numbers are far above any real content — the largest file of the shipped content
is under 20 KB, 15 levels deep and under 500 nodes — and far below what can hurt: a file
that breaks one is refused while it is read, before anything is built from it.
docs/security.md quotes these constants; a test keeps the page and the code in step.
"""

from __future__ import annotations

from pathlib import Path

from kubeclass.problems import Problem

MAX_FILE_BYTES = 1024 * 1024
"""The largest content file, in bytes (1 MiB): about fifty times the largest real one."""

MAX_DEPTH = 64
"""How deeply lists and mappings may nest in one YAML file (Kubernetes manifests reach ~15)."""

MAX_NODES = 50_000
"""How many values (scalars, lists, mappings) one YAML file may hold, all its documents
together: the parser's memory grows with this count, not with the file's size."""

MAX_ROSTER_ROWS = 10_000
"""How many rows a class roster may have: each learner is a namespace on the cluster, and
checking a row costs about as much as a YAML value."""

SECURITY_PAGE = "docs/security.md"


class Refused(Exception):
    """A content file breaks an intake limit or uses a refused YAML feature.

    Raised while the file is read, so nothing is built, written or cached from it; loaders
    turn it into a :class:`Problem` at ``line``:``column`` with :meth:`problem`.
    """

    def __init__(self, line: int, column: int, en: str, ko: str) -> None:
        super().__init__(en)
        self.line = line
        self.column = column
        self.en = en
        self.ko = ko

    def problem(self, shown: str) -> Problem:
        """The problem as content checks list it: Korean first, then English."""
        return Problem(shown, self.line, self.column, "",
                       f"{self.ko} / {self.en} (see {SECURITY_PAGE})")


def too_large(data: bytes) -> Refused:
    """The refusal of a file whose first ``MAX_FILE_BYTES + 1`` bytes are ``data``,
    placed on the line where the limit is crossed."""
    line = data.count(b"\n", 0, MAX_FILE_BYTES) + 1
    column = MAX_FILE_BYTES - (data.rfind(b"\n", 0, MAX_FILE_BYTES) + 1) + 1
    size = f"{MAX_FILE_BYTES:,}"
    return Refused(line, column,
                   f"the file is larger than the limit of {size} bytes (1 MiB); "
                   "content files are small, split it",
                   f"파일이 {size}바이트(1 MiB) 한도를 넘습니다; 내용 파일은 작아야 하니 나누세요")


def too_deep(line: int, column: int) -> Refused:
    """The refusal of a list or mapping nested more than ``MAX_DEPTH`` levels deep."""
    return Refused(line, column,
                   f"lists and mappings nest more than {MAX_DEPTH} levels deep here "
                   f"(the limit is {MAX_DEPTH})",
                   f"목록과 매핑이 {MAX_DEPTH}단계보다 깊게 중첩되어 있습니다 (한도 {MAX_DEPTH}단계)")


def too_many_nodes(line: int, column: int) -> Refused:
    """The refusal of a file with more than ``MAX_NODES`` values; ``line`` is where the
    count went over."""
    count = f"{MAX_NODES:,}"
    return Refused(line, column,
                   f"the file holds more than {count} values (the limit is {count})",
                   f"파일의 값이 {count}개를 넘습니다 (한도 {count}개)")


def too_many_rows(line: int) -> Refused:
    """The refusal of a roster with more than ``MAX_ROSTER_ROWS`` rows, at the first row over."""
    count = f"{MAX_ROSTER_ROWS:,}"
    return Refused(line, 1, f"the roster has more than {count} rows (the limit is {count})",
                   f"명단이 {count}줄을 넘습니다 (한도 {count}줄)")


def anchor_or_alias(line: int, column: int, sign: str) -> Refused:
    """The refusal of a YAML anchor (``sign`` "&") or alias ("*")."""
    what_en = "anchors (&name)" if sign == "&" else "aliases (*name)"
    what_ko = "앵커(&이름)" if sign == "&" else "별칭(*이름)"
    return Refused(line, column,
                   f"YAML {what_en} are not allowed in content: it has no use for them, and "
                   "they let a few lines expand to gigabytes; write the value out",
                   f"내용 파일에는 YAML {what_ko}을 쓸 수 없습니다: 쓸 데가 없고 몇 줄이 "
                   "기가바이트로 불어날 수 있습니다; 값을 그대로 적으세요")


def merge_key(line: int, column: int) -> Refused:
    """The refusal of a YAML merge key ``<<``."""
    return Refused(line, column,
                   "YAML merge keys (<<) are not allowed in content; write the keys out",
                   "내용 파일에는 YAML 병합 키(<<)를 쓸 수 없습니다; 키를 그대로 적으세요")


def complex_key(line: int, column: int) -> Refused:
    """The refusal of a list or mapping used as a mapping key."""
    return Refused(line, column,
                   "a mapping key must be a single value, not a list or a mapping",
                   "매핑의 키는 목록이나 매핑이 아닌 하나의 값이어야 합니다")


def read_capped(path: Path) -> bytes:
    """The bytes of ``path``; raises :class:`Refused` when it is larger than
    ``MAX_FILE_BYTES`` (without reading more than one byte past the limit)."""
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise too_large(data)
    return data
