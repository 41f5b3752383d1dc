"""Writes the broken-glossary corpus (run once; the files are committed).

Each case is the base term below with one or a few lines changed. The header lines
`# folder:` and `# expect:` say where the file goes and what `glossary check` must report.
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

CASES: dict[str, tuple[list[tuple[str, str]], list[str]]] = {}


def case(name: str, replacements: list[tuple[str, str]], *expect: str, folder: str = "virtualization",
         stem: str | None = None) -> None:
    CASES[name] = (replacements, list(expect))
    CASES[name] = (replacements, [folder, stem or name, *expect])


case("yaml-syntax", [("level: beginner\n", "level: beginner\n  oops: [\n")],
     "8:7: YAML syntax error: did not find expected key")
case("unknown-key", [("short:\n", "shrot:\n")],
     "1:1: missing required field 'short'",
     "8:1: shrot: unknown field 'shrot' (did you mean 'short'?)")
case("missing-level", [("level: beginner\n", "")], "1:1: missing required field 'level'")
case("missing-language", [("  en: Software that runs virtual machines.\n", "")],
     "8:1: short: missing required field 'short.en'")
case("tags-not-list", [("tags: [virtualization]", "tags: virtualization")],
     "6:1: tags: must be a list, not a string")
case("id-mismatch", [("id: {stem}", "id: hypervisor")],
     "1:1: id: id 'hypervisor' must equal the file name 'id-mismatch'")
case("id-not-slug", [("id: {stem}", "id: Hyper_Visor")],
     "1:1: id: 'Hyper_Visor' must be lower-case kebab-case (e.g. 'virtual-machine')")
case("duplicate-id", [("category: virtualization", "category: container")],
     "1:1: id: duplicate id 'virtual-machine' (also in {base}/virtualization/virtual-machine.yaml)",
     "3:3: term.ko: '하이퍼바이저' is already a name of term 'virtual-machine' ({tmp}/container/virtual-machine.yaml)",
     folder="container", stem="virtual-machine")
case("name-claimed", [("category: virtualization\n", "aka: [hypervisor-sw, vm]\ncategory: virtualization\n")],
     "5:21: aka[1]: 'vm' is already a name of term 'virtual-machine' ({base}/virtualization/virtual-machine.yaml)")
case("related-unknown", [("related: [virtual-machine]", "related: [virtual-machin]")],
     "16:10: related[0]: unknown term id 'virtual-machin' (did you mean 'virtual-machine'?)")
case("unknown-category", [("category: virtualization", "category: virtualisation")],
     "5:1: category: unknown category 'virtualisation' (did you mean 'virtualization'?)")
case("category-folder-mismatch", [("category: virtualization", "category: container")],
     "5:1: category: category 'container' does not match the folder 'virtualization'")
case("unknown-level", [("level: beginner", "level: begginer")],
     "7:1: level: unknown level 'begginer'; use one of: beginner, intermediate, advanced (did you mean 'beginner'?)")
case("http-reference", [("url: https://csrc", "url: http://csrc")],
     "19:5: references[0].url: 'http://csrc.nist.gov/pubs/sp/800/125/final' must be an https:// URL")
case("raw-html", [("을 한 서버에서 돌린다.", "을 <script>alert(1)</script> 돌린다.")],
     "13:39: long.ko: raw HTML is not allowed ('<script>'); write Markdown",
     "13:56: long.ko: raw HTML is not allowed ('</script>'); write Markdown")
case("event-handler", [("on one server.", 'on <img src=x onerror="alert(1)">.')],
     "15:53: long.en: raw HTML is not allowed ('<img src=x onerror=\"alert(1)\">'); write Markdown")
case("javascript-link", [("(term:virtual-machine) on", "(javascript:alert(1)) on")],
     "15:30: long.en: 'javascript:' URLs are not allowed")
case("relative-link", [("(term:virtual-machine) on", "(../hypervisor.md) on")],
     "15:30: long.en: link target '../hypervisor.md' must be https://… or term:<id>")
case("unknown-term-link", [("(term:virtual-machine)을", "(term:vm)을")],
     "13:14: long.ko: link to unknown term 'term:vm'")
case("empty-string", [("  ko: 가상 머신을 만드는 소프트웨어.", '  ko: ""')],
     "9:3: short.ko: must not be empty")
case("empty-tags", [("tags: [virtualization]", "tags: []")],
     "6:1: tags: must list at least one entry")
case("seed-not-bool", [("level: beginner\n", "level: beginner\nseed: 'yes'\n")],
     "8:1: seed: must be true or false, not a string")
case("duplicate-key", [("level: beginner\n", "level: beginner\nlevel: advanced\n")],
     "8:1: level: key appears twice in this mapping")
case("example-language", [("related:", "examples:\n  - title: {ko: 목록, en: List}\n    language: bsh\n"
                           "    code: virsh list\nrelated:")],
     "18:5: examples[0].language: unknown language 'bsh'; use one of: bash, shell, console, yaml, json, "
     "dockerfile, text, python, go, ini, toml, hcl")
case("example-missing-code", [("related:", "examples:\n  - title: {ko: 목록, en: List}\n    language: bash\n"
                               "related:")],
     "17:5: examples[0]: missing required field 'examples[0].code'")
case("reference-missing-url", [("    url: https://csrc.nist.gov/pubs/sp/800/125/final\n", "")],
     "18:5: references[0]: missing required field 'references[0].url'")
case("self-related", [("related: [virtual-machine]", "related: [self-related]")],
     "16:10: related[0]: a term cannot be related to itself")
case("not-a-mapping", [(BASE.replace("{stem}", "not-a-mapping"), "- id: not-a-mapping\n- term: x\n")],
     "2:1: YAML syntax error: expected <block end>, but found '?'")
case("term-en-null", [("  en: Hypervisor\n", "  en:\n")],
     "4:3: term.en: must be a string, not empty")
case("many-problems", [("level: beginner", "level: expert"), ("tags: [virtualization]", "tags: [Virtual Machines]"),
                       ("url: https://csrc", "url: ftp://csrc")],
     "6:8: tags[0]: tag 'Virtual Machines' must be lower-case kebab-case",
     "7:1: level: unknown level 'expert'; use one of: beginner, intermediate, advanced",
     "19:5: references[0].url: 'ftp://csrc.nist.gov/pubs/sp/800/125/final' must be an https:// URL")

if __name__ == "__main__":
    out = Path(__file__).parent / "broken"
    for name, (replacements, (folder, stem, *_)) in CASES.items():
        text = BASE.replace("{stem}", stem)
        for old, new in replacements:
            text = text.replace(old.replace("{stem}", stem), new.replace("{stem}", stem), 1)
        (out / f"{name}.yaml").write_text(text, encoding="utf-8")
        (out / f"{name}.where").write_text(f"{folder}/{stem}.yaml\n", encoding="utf-8")
    print(len(CASES), "cases")
