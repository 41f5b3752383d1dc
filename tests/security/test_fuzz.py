"""Fuzzing the loaders: random and mutated YAML, random bytes, deep nesting and huge scalars.

Whatever a content file holds, the glossary, lab and roster loaders answer with data or
with problems (never an exception), and ``glossary check`` / ``lab check`` end with exit
code 0, 1, 2 or 3 and no traceback. In-process examples run under an address-space cap of
the test process's size plus 512 MiB, end-to-end ones in a child capped at 1 GiB, so a
loader that blew up would fail here instead of swapping the machine. Bounded for the
normal suite: the module runs in well under a minute.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import LAB, REPO, content_root, run_capped
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubeclass.classroom.roster import load_roster
from kubeclass.cli import main
from kubeclass.glossary.load import check_directory
from kubeclass.labs.load import check_labs
from kubeclass.limits import MAX_FILE_BYTES, Refused
from kubeclass.problems import ContentError
from kubeclass.yamlpos import YamlSyntaxError, load_text

pytestmark = pytest.mark.timeout(300)  # a hang guard, not a speed check

FUZZ_TERM = "glossary/container/fuzz.yaml"
SAMPLES = [p.read_text(encoding="utf-8") for p in sorted(REPO.glob("glossary/*/*.yaml"))[:12]] + [
    (REPO / "labs" / LAB / "lab.yaml").read_text(encoding="utf-8"),
    (REPO / "labs" / LAB / "solution" / "deployment.yaml").read_text(encoding="utf-8"),
]
# What a hostile or careless edit brings: YAML's dangerous and odd corners.
SNIPPETS = ["&a ", "*a", "<<: ", "<<: *a\n", "[" * 70, "{" * 70, "- " * 70, "? ", ": ", "- ",
            "!!python/object/apply:os.system ['true'] ", "!!binary ", "!!set ", "!foo ",
            "!!int ", "!!float ", "!!bool ", "!!timestamp ", "!!null ", "!!map ", "!!seq ",
            "%YAML 1.1\n", "---\n", "...\n", "\x00", "\t", "\ufeff", "\r\n", "\r", "'", '"',
            "|\n", ">-\n", "#", "~", "\\u", "\U0001f600", "\x85", "\u2028", "id: x\n", "ko: |\n"]

FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A real content file with a few insertions, deletions and replacements."""
    text = draw(st.sampled_from(SAMPLES))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=8)))
        cut = draw(st.integers(0, 12))
        text = text[:at] + piece + text[at + cut:]
    return text


@st.composite
def nested(draw: st.DrawFn) -> str:
    """Lists or mappings nested up to 20,000 deep, flow or block style."""
    depth = draw(st.integers(1, 20_000))
    style = draw(st.sampled_from(["flow-list", "flow-map", "block-list", "block-map"]))
    if style == "flow-list":
        return "a: " + "[" * depth + "]" * depth + "\n"
    if style == "flow-map":
        return "a: " + "{b: " * depth + "c" + "}" * depth + "\n"
    if style == "block-list":
        return "a:\n" + "- " * min(depth, 5_000) + "x\n"
    return "".join("  " * n + f"k{n}:\n" for n in range(min(depth, 300))) + "  " * 300 + "v\n"


@st.composite
def huge(draw: st.DrawFn) -> str:
    """A term file with one scalar of up to 3 MB: below and above the size limit."""
    size = draw(st.integers(0, 3 * MAX_FILE_BYTES))
    quote = draw(st.sampled_from(["", "'", '"']))
    return f"id: fuzz\nlong:\n  ko: {quote}{'가' * (size // 3)}{quote}\n"


YAML_TEXT = st.one_of(st.text(max_size=400), mutated(), nested(), huge())
CONTENT = st.one_of(YAML_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
                    st.binary(max_size=400))


@pytest.fixture(scope="module")
def memory_cap() -> Iterator[None]:
    """Cap this process's address space at its present size + 512 MiB while fuzzing."""
    with open("/proc/self/status", encoding="ascii") as status:
        size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (size + (512 << 20), hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.fixture(scope="module")
def root() -> Iterator[Path]:
    """A content root with the real glossary and one real lab, shared by the examples
    (each example restores what it changed)."""
    with tempfile.TemporaryDirectory(prefix="kubeclass-fuzz-") as tmp:
        yield content_root(Path(tmp), small=True)


@FAST
@given(text=YAML_TEXT)
def test_the_yaml_loader_parses_or_refuses(text: str, memory_cap: None) -> None:
    try:
        doc = load_text(text)
    except (YamlSyntaxError, Refused) as exc:
        assert exc.line >= 1 and exc.column >= 1
        return
    assert all(line >= 1 and column >= 1 for line, column in doc.positions.values())


@SLOW
@given(data=CONTENT)
def test_the_glossary_loader_reports_and_keeps_the_other_terms(
        data: bytes, root: Path, memory_cap: None) -> None:
    target = root / FUZZ_TERM
    target.write_bytes(data)
    try:
        result = check_directory(root / "glossary")
    finally:
        target.unlink()
    assert "container" in result.glossary.terms  # a neighbour of the fuzzed file
    assert all(p.file.endswith(("fuzz.yaml", "categories.yaml")) or "fuzz" in p.message
               or p.field == "related" for p in result.problems), result.problems[:3]


@SLOW
@given(data=CONTENT, where=st.sampled_from(["lab.yaml", "solution/deployment.yaml",
                                            "tests/fresh.yaml", "setup/extra.yaml"]))
def test_the_lab_loader_reports_every_file(data: bytes, where: str, root: Path,
                                           memory_cap: None) -> None:
    target = root / "labs" / LAB / where
    before = target.read_bytes() if target.exists() else None
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(data)
    try:
        result = check_labs(root / "labs", check_terms=False)
    finally:
        if before is None:
            shutil.rmtree(target.parent) if where.startswith("setup/") else target.unlink()
        else:
            target.write_bytes(before)
    assert result.labs or result.problems


@SLOW
@given(data=st.one_of(st.binary(max_size=600), st.text(max_size=600).map(str.encode),
                      st.integers(MAX_FILE_BYTES - 10, MAX_FILE_BYTES + 10).map(lambda n: b"a" * n)))
def test_the_roster_loader_reads_or_lists_problems(data: bytes, memory_cap: None) -> None:
    with tempfile.NamedTemporaryFile(suffix=".csv") as file:
        file.write(data)
        file.flush()
        try:
            roster = load_roster(Path(file.name), classroom="fuzz")
        except ContentError as exc:
            assert exc.problems and all(p.line >= 1 for p in exc.problems)
        else:
            assert roster.learners


def _invoke(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(root), *args], env={
        "KUBECLASS_ROOT": str(root), "KUBECONFIG": str(root / "no-such-kubeconfig")})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=CONTENT, lab_file=st.booleans())
def test_glossary_check_and_lab_check_end_cleanly(data: bytes, lab_file: bool, root: Path,
                                                  memory_cap: None) -> None:
    target = root / ("labs/" + LAB + "/lab.yaml" if lab_file else FUZZ_TERM)
    before = target.read_bytes() if target.exists() else None
    target.write_bytes(data)
    try:
        code, _ = _invoke(root, "glossary", "check")
        assert code in (0, 2) if lab_file else code == 2 or code == 0
        code, output = _invoke(root, "lab", "check", LAB)
        assert code in (0, 1, 2, 3), output
        if not lab_file:
            assert code == 3  # the lab is fine; there is no cluster to grade it on
    finally:
        if before is None:
            target.unlink()
        else:
            target.write_bytes(before)


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=st.one_of(nested(), huge(), mutated()))
def test_a_real_process_stays_within_its_caps(text: str) -> None:
    with tempfile.TemporaryDirectory(prefix="kubeclass-fuzz-") as tmp:
        root = content_root(Path(tmp), small=True)
        (root / FUZZ_TERM).write_text(text, encoding="utf-8", errors="surrogatepass")
        for args in (("glossary", "check"), ("lab", "check", LAB)):
            proc = run_capped(root, *args)
            assert proc.returncode in (0, 1, 2, 3), proc.stderr[-2000:]
            assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
