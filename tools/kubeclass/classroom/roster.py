"""The class roster: a CSV file with one learner per row (id, name, optional email).

Instructors export rosters from spreadsheets and LMSs, so the reader is forgiving about
form (a UTF-8 byte-order mark, Korean Excel's CP949 encoding, an optional header row with
English or Korean column names, blank lines, ``#`` comments, spaces around cells) and
strict about content: every problem of every row is reported at once as
``path:line:column: field: message`` (:class:`~kubeclass.problems.ContentError`), because
a learner id becomes a namespace name and must be a valid DNS label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kubeclass.limits import MAX_ROSTER_ROWS, Refused, read_capped, too_many_rows
from kubeclass.problems import ContentError, Problem, did_you_mean

__all__ = ["MAX_NAMESPACE", "Learner", "Roster", "load_roster", "parse_roster", "slug"]

MAX_NAMESPACE = 63  # a namespace name is a DNS label
MAX_NAME = 200
COLUMNS = ("id", "name", "email")
# Header words (compared case-insensitively, spaces and '_' ignored) -> column.
HEADER_WORDS: dict[str, str] = {
    "id": "id", "learner": "id", "learnerid": "id", "studentid": "id", "user": "id",
    "username": "id", "login": "id", "아이디": "id", "학번": "id", "사번": "id",
    "name": "name", "fullname": "name", "이름": "name", "성명": "name",
    "email": "email", "e-mail": "email", "mail": "email", "이메일": "email", "메일": "email",
}
_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Learner:
    """One row of the roster."""

    id: str
    name: str
    email: str | None = None
    line: int = 0  # where it came from, for messages


@dataclass(frozen=True)
class Roster:
    """The learners of a class, in file order."""

    path: str
    learners: tuple[Learner, ...]

    def ids(self) -> list[str]:
        return [learner.id for learner in self.learners]


def slug(text: str) -> str:
    """A DNS-label form of ``text`` (lower case, other characters become '-'), for suggestions."""
    out = re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")
    return out[:MAX_NAMESPACE].rstrip("-")


def load_roster(path: Path, *, classroom: str | None = None) -> Roster:
    """Read and validate a roster file; raises :class:`ContentError` listing every problem.

    With ``classroom``, ids are also checked to fit the namespace ``<classroom>-<id>``.
    """
    shown = str(path)
    try:
        raw = read_capped(path)
    except Refused as exc:
        raise ContentError([exc.problem(shown)]) from None
    except OSError as exc:
        raise ContentError([Problem(shown, 1, 1, "", f"cannot read the roster: "
                                    f"{exc.strerror or exc}")]) from None
    text, problem = _decode(raw, shown)
    if problem is not None:
        raise ContentError([problem])
    return parse_roster(text, shown, classroom=classroom)


def _decode(raw: bytes, shown: str) -> tuple[str, Problem | None]:
    """UTF-8 (with or without BOM), else CP949 — what Korean Excel writes for "CSV"."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return raw.decode("cp949"), None
    except UnicodeDecodeError:
        line = raw[: utf8_error.start].count(b"\n") + 1
        column = utf8_error.start - (raw.rfind(b"\n", 0, utf8_error.start) + 1) + 1
        return "", Problem(shown, line, column, "",
                           "the roster is neither UTF-8 nor CP949 text; save it as "
                           "\"CSV UTF-8\" from your spreadsheet")


def parse_roster(text: str, shown: str = "roster.csv", *, classroom: str | None = None) -> Roster:
    """Parse roster text (see the module docstring); raises :class:`ContentError`."""
    problems: list[Problem] = []
    rows: list[tuple[int, list[tuple[int, str]]]] = []
    allowed = MAX_ROSTER_ROWS
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells, error = split_line(line)
        if error is not None:
            problems.append(Problem(shown, number, error[0], "", error[1]))
            continue
        rows.append((number, cells))
        if len(rows) == 1:
            allowed = MAX_ROSTER_ROWS + _is_header(cells)
        if len(rows) > allowed:
            raise ContentError([too_many_rows(number).problem(shown)])

    columns: list[str | None] = list(COLUMNS)
    if rows and _is_header(rows[0][1]):
        number, cells = rows.pop(0)
        columns = _header_columns(number, cells, shown, problems)
    if not rows and not problems:
        problems.append(Problem(shown, 1, 1, "", "the roster lists no learner "
                                "(expected rows of: id,name[,email])"))

    learners: list[Learner] = []
    first_line: dict[str, int] = {}
    limit = MAX_NAMESPACE - (len(classroom) + 1 if classroom else 0)
    for number, cells in rows:
        before = len(problems)
        learner, id_column = _row(number, cells, columns, shown, problems, limit, classroom)
        if learner.id in first_line:
            problems.append(Problem(shown, number, id_column, "id",
                                    f"learner id '{learner.id}' is already used on line "
                                    f"{first_line[learner.id]}"))
        elif learner.id:
            first_line[learner.id] = number
        if len(problems) == before:
            learners.append(learner)
    if problems:
        raise ContentError(problems)
    return Roster(shown, tuple(learners))


def _is_header(cells: list[tuple[int, str]]) -> bool:
    """A first row naming at least one known column is a header (typos are then reported)."""
    return any(_header_key(value) in HEADER_WORDS for _, value in cells)


def _header_key(value: str) -> str:
    return re.sub(r"[\s_]+", "", value.strip().lower())


def _header_columns(number: int, cells: list[tuple[int, str]], shown: str,
                    problems: list[Problem]) -> list[str | None]:
    columns: list[str | None] = []
    seen: set[str] = set()
    for column, value in cells:
        key = _header_key(value)
        name = HEADER_WORDS.get(key)
        if name is None:
            problems.append(Problem(shown, number, column, "header",
                                    f"unknown column '{value}'{did_you_mean(key, HEADER_WORDS)}"
                                    f" (columns: id, name, email)"))
        elif name in seen:
            problems.append(Problem(shown, number, column, "header",
                                    f"column '{value}' repeats the {name} column"))
            name = None
        else:
            seen.add(name)
        columns.append(name)
    for required in ("id", "name"):
        if required not in seen:
            problems.append(Problem(shown, number, 1, "header", f"no '{required}' column"))
    return columns


def _row(number: int, cells: list[tuple[int, str]], columns: list[str | None], shown: str,
         problems: list[Problem], id_limit: int, classroom: str | None
         ) -> tuple[Learner, int]:
    """The learner of one row (its id left empty when invalid) and the id cell's column;
    problems are appended to ``problems``."""
    before = len(problems)
    extra = [(column, value) for column, value in cells[len(columns):] if value.strip()]
    if extra:
        column, value = extra[0]
        problems.append(Problem(shown, number, column, "", f"{len(columns)} column(s) expected, "
                                f"{len(cells)} found (extra cell '{value}'); quote a name that "
                                "contains a comma: \"Kim, Minsu\""))
    values: dict[str, tuple[int, str]] = {}
    for (column, value), name in zip(cells, columns, strict=False):
        if name is not None:
            values[name] = (column, value.strip())
    end = len(cells[-1][1]) + cells[-1][0] + 1 if cells else 1

    column, learner_id = values.get("id", (end, ""))
    if "id" not in columns:
        pass  # the header's problem, reported once
    elif not learner_id:
        problems.append(Problem(shown, number, column, "id", "learner id is empty"))
    elif not _DNS_LABEL.match(learner_id):
        suggestion = slug(learner_id)
        hint = f" (did you mean '{suggestion}'?)" if suggestion and suggestion != learner_id else ""
        problems.append(Problem(shown, number, column, "id",
                                f"learner id '{learner_id}' must be lower-case letters, digits and "
                                f"'-', starting and ending with a letter or digit (it names the "
                                f"learner's namespace){hint}"))
    elif len(learner_id) > id_limit:
        where = f"the namespace '{classroom}-{learner_id}'" if classroom else "a namespace name"
        problems.append(Problem(shown, number, column, "id",
                                f"learner id '{learner_id}' is too long: {where} may have at most "
                                f"{MAX_NAMESPACE} characters (id at most {id_limit})"))

    column, name = values.get("name", (end, ""))
    if "name" not in columns:
        pass  # the header's problem, reported once
    elif not name:
        problems.append(Problem(shown, number, column, "name", "name is empty"))
    elif _CONTROL.search(name):
        problems.append(Problem(shown, number, column, "name", "name contains control characters"))
    elif len(name) > MAX_NAME:
        problems.append(Problem(shown, number, column, "name",
                                f"name is longer than {MAX_NAME} characters"))

    column, email = values.get("email", (end, ""))
    if email and not _EMAIL.match(email):
        problems.append(Problem(shown, number, column, "email",
                                f"'{email}' is not an e-mail address"))
    id_ok = not any(p.field == "id" for p in problems[before:])
    id_column = values.get("id", (1, ""))[0]
    return Learner(learner_id if id_ok else "", name, email or None, number), id_column


def split_line(line: str) -> tuple[list[tuple[int, str]], tuple[int, str] | None]:
    """Split one CSV line (RFC 4180 quoting, ``""`` for a quote) into (column, value) cells.

    Columns are 1-based character positions, so problems point at the cell. Returns an
    error (column, message) for an unterminated quote (a cell may not span lines) or text
    after a closing quote.
    """
    cells: list[tuple[int, str]] = []
    i, n = 0, len(line)
    while True:
        start = i
        while i < n and line[i] in " \t":
            i += 1
        if i < n and line[i] == '"':
            quote_at = i
            i += 1
            value = []
            while True:
                if i >= n:
                    return cells, (quote_at + 1, "unterminated quote: a cell may not span "
                                                 "lines; close the quote")
                if line[i] == '"':
                    if i + 1 < n and line[i + 1] == '"':
                        value.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                value.append(line[i])
                i += 1
            while i < n and line[i] in " \t":
                i += 1
            if i < n and line[i] != ",":
                return cells, (i + 1, "unexpected text after a closing quote")
            cells.append((quote_at + 1, "".join(value)))
        else:
            end = line.find(",", i)
            end = n if end < 0 else end
            cells.append((i + 1 if i < end else start + 1, line[i:end]))
            i = end
        if i >= n:
            return cells, None
        i += 1  # the comma
        if i == n:  # a trailing comma: one more, empty cell
            cells.append((n + 1, ""))
            return cells, None
