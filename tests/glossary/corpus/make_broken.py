"""Writes the broken-glossary corpus (run once; the files are committed).

Each case is the base term below with one or a few lines changed; `<case>.where` says
where the file goes in the glossary, and `<case>.expect` (reviewed by hand, not generated)
what `glossary check` must report, exactly.
"""

from pathlib import Path

BASE = """id: {stem}
term:
  ko: 하이퍼바이저
  en: Hypervisor
category: virtualization
tags: [virtualization]
level: beginner
short:
  ko: 가상 머신을 만드는 소프트웨어.
  en: Software that runs virtual machines.
long:
  ko: |
    여러 [가상 머신](term:virtual-machine)을 한 서버에서 돌린다.
  en: |
    Runs many [virtual machines](term:virtual-machine) on one server.
related: [virtual-machine]
references:
  - title: NIST SP 800-125
    url: https://csrc.nist.gov/pubs/sp/800/125/final
"""

CASES: dict[str, tuple[list[tuple[str, str]], str, str]] = {}


def case(
    name: str, replacements: list[tuple[str, str]], folder: str = "virtualization", stem: str | None = None
) -> None:
    CASES[name] = (replacements, folder, stem or name)


case("yaml-syntax", [("level: beginner\n", "level: beginner\n  oops: [\n")])
case("unknown-key", [("short:\n", "shrot:\n")])
case("missing-level", [("level: beginner\n", "")])
case("missing-language", [("  en: Software that runs virtual machines.\n", "")])
case("tags-not-list", [("tags: [virtualization]", "tags: virtualization")])
case("id-mismatch", [("id: {stem}", "id: hypervisor")])
case("id-not-slug", [("id: {stem}", "id: Hyper_Visor")])
case(
    "duplicate-id",
    [("category: virtualization", "category: container")],
    folder="container",
    stem="virtual-machine",
)
case("name-claimed", [("category: virtualization\n", "aka: [hypervisor-sw, vm]\ncategory: virtualization\n")])
case("related-unknown", [("related: [virtual-machine]", "related: [virtual-machin]")])
case("unknown-category", [("category: virtualization", "category: virtualisation")])
case("category-folder-mismatch", [("category: virtualization", "category: container")])
case("unknown-level", [("level: beginner", "level: begginer")])
case("http-reference", [("url: https://csrc", "url: http://csrc")])
case("raw-html", [("을 한 서버에서 돌린다.", "을 <script>alert(1)</script> 돌린다.")])
case("event-handler", [("on one server.", 'on <img src=x onerror="alert(1)">.')])
case("html-without-space", [("을 한 서버에서 돌린다.", "을 <svg/onload=alert(1)> 돌린다.")])
case("javascript-link", [("(term:virtual-machine) on", "(javascript:alert(1)) on")])
case("relative-link", [("(term:virtual-machine) on", "(../hypervisor.md) on")])
case("unknown-term-link", [("(term:virtual-machine)을", "(term:vm)을")])
case("empty-string", [("  ko: 가상 머신을 만드는 소프트웨어.", '  ko: ""')])
case("empty-tags", [("tags: [virtualization]", "tags: []")])
case("seed-not-bool", [("level: beginner\n", "level: beginner\nseed: 'yes'\n")])
case("duplicate-key", [("level: beginner\n", "level: beginner\nlevel: advanced\n")])
case(
    "example-language",
    [
        (
            "related:",
            "examples:\n  - title: {ko: 목록, en: List}\n    language: bsh\n    code: virsh list\nrelated:",
        )
    ],
)
case(
    "example-missing-code",
    [("related:", "examples:\n  - title: {ko: 목록, en: List}\n    language: bash\nrelated:")],
)
case("reference-missing-url", [("    url: https://csrc.nist.gov/pubs/sp/800/125/final\n", "")])
case("self-related", [("related: [virtual-machine]", "related: [self-related]")])
case("not-a-mapping", [(BASE.replace("{stem}", "not-a-mapping"), "- id: not-a-mapping\n- term: x\n")])
case("term-en-null", [("  en: Hypervisor\n", "  en:\n")])
case(
    "many-problems",
    [
        ("level: beginner", "level: expert"),
        ("tags: [virtualization]", "tags: [Virtual Machines]"),
        ("url: https://csrc", "url: ftp://csrc"),
    ],
)

if __name__ == "__main__":
    out = Path(__file__).parent / "broken"
    for name, (replacements, folder, stem) in CASES.items():
        text = BASE.replace("{stem}", stem)
        for old, new in replacements:
            text = text.replace(old.replace("{stem}", stem), new.replace("{stem}", stem), 1)
        (out / f"{name}.yaml").write_text(text, encoding="utf-8")
        (out / f"{name}.where").write_text(f"{folder}/{stem}.yaml\n", encoding="utf-8")
    print(len(CASES), "cases")
