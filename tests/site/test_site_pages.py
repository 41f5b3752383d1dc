"""The generated Markdown: term, category and index pages, URLs, search fields, generators."""

from __future__ import annotations

import re

import pytest
import yaml
from glossary_fixtures import glossary, small_glossary, term

from kubeclass.glossary.model import Bilingual, Example
from kubeclass.korean import initial_consonant
from kubeclass.site import urls
from kubeclass.site.generators import GeneratorNotFound, TermUse, load_extra
from kubeclass.site.pages import az_index, category_page, glossary_index, korean_index, term_page
from kubeclass.site.searchindex import add_names, separator, term_names, title_names


def front(markdown: str) -> dict[str, object]:
    _, block, _ = markdown.split("---\n", 2)
    data = yaml.safe_load(block)
    assert isinstance(data, dict)
    return data


def test_urls() -> None:
    assert urls.term_url("pod") == "terms/pod/"
    assert urls.category_url("k8s-workloads") == "categories/k8s-workloads/"
    assert urls.term_src("pod") == "terms/pod.md"
    assert urls.src_to_url("terms/pod.md") == "terms/pod/"
    assert urls.src_to_url("terms/pod.md", directory_urls=False) == "terms/pod.html"
    assert urls.src_to_url("glossary/index.md") == "glossary/"
    assert urls.relative_src("terms/pod.md", "terms/node.md") == "node.md"
    assert urls.relative_src("categories/x.md", "terms/pod.md") == "../terms/pod.md"
    assert urls.relative_src("index.md", "glossary/a-z.md") == "glossary/a-z.md"
    assert urls.relative_src("glossary/a-z.md", "tags.md") == "../tags.md"


def test_term_page_has_both_languages_and_links() -> None:
    g = small_glossary()
    vm = g.terms["virtual-machine"]
    page = term_page(vm, g)
    assert page.src == "terms/virtual-machine.md" and page.term_id == "virtual-machine"
    assert not page.in_nav
    meta = front(page.markdown)
    assert meta["title"] == "가상 머신 (Virtual Machine)"
    assert meta["tags"] == ["kubernetes"]
    for text in (vm.short.ko, vm.short.en, vm.long.ko, vm.long.en):
        assert text in page.markdown
    assert '<div class="kc-long-en" lang="en" markdown="1">' in page.markdown
    assert "[가상화](../categories/virtualization.md)" in page.markdown  # category chip
    assert "](https://kubernetes.io/ko/)" not in page.markdown  # references use <…> targets
    assert "[Docs](<https://kubernetes.io/ko/>)" in page.markdown


def test_term_page_related_examples_and_uses() -> None:
    g = glossary(
        term("pod", "파드", "Pod", related=("node",),
             examples=(Example(Bilingual("만들기", "Create"), "bash", "kubectl run x\n"),)),
        term("node", "노드", "Node"))
    uses = [TermUse("pod", "lab", Bilingual("첫 파드", "First Pod"), "labs/first-pod.md", "15분"),
            TermUse("node", "lab", Bilingual("다른 실습", "Other"), "labs/other.md")]
    page = term_page(g.terms["pod"], g, uses).markdown
    assert "- [노드 <span class=\"kc-en\" lang=\"en\">Node</span>](node.md)" in page
    assert "```bash\nkubectl run x\n```" in page
    assert "[첫 파드](../labs/first-pod.md) — 15분" in page
    assert "다른 실습" not in page


def test_hostile_text_is_escaped_in_term_pages() -> None:
    evil = '"><img src=x onerror=alert(1)>'
    g = glossary(term("pod", f"파드{evil}", f"Pod{evil}", abbr=f"P{evil}", aka=(f"x{evil}",),
                      short_ko=f"짧다{evil}", short_en=f"short{evil}",
                      long_ko="길다 <script>alert(1)</script> {: onclick=x }"))
    page = term_page(g.terms["pod"], g).markdown
    body = page.split("---\n", 2)[2]
    assert "<img" not in body and "<script>" not in body
    assert "{: onclick" not in body.replace("\\{: onclick", "")  # only the escaped, inert form
    meta = front(page)
    assert "<img" not in str(meta["title"]) and "<img" not in str(meta["description"])
    assert "&quot;\uff1e\uff1cimg" in str(meta["description"])


def test_category_page_lists_its_terms() -> None:
    g = small_glossary()
    terms = g.by_category()["virtualization"]
    page = category_page(g.categories["virtualization"], terms)
    assert page.src == "categories/virtualization.md" and not page.link_terms
    assert "| [가상 머신](../terms/virtual-machine.md) |" in page.markdown
    assert "용어 1개" in page.markdown


def test_glossary_index_links_every_category() -> None:
    g = small_glossary()
    page = glossary_index(g).markdown
    for category in g.categories:
        assert f"(../categories/{category}.md)" in page
    assert "(ga-na-da.md)" in page and "(a-z.md)" in page and "(../tags.md)" in page


def test_korean_index_groups_by_initial_consonant() -> None:
    g = small_glossary()
    page = korean_index(g).markdown
    sections = dict(re.findall(r"^## (\S+) \{ #(\w+) \}$", page, re.MULTILINE))
    assert set(sections) == {initial_consonant(t.term.ko) for t in g.terms.values()}
    assert sections["ㄱ"] == "g" and sections["ㅍ"] == "p"
    # 가상 머신 under ㄱ, before 파드 under ㅍ; each term exactly once.
    assert page.index("[가상 머신](../terms/virtual-machine.md)") < page.index("[파드](../terms/pod.md)")
    for t in g.terms.values():
        assert page.count(f"](../terms/{t.id}.md)") == 1
    assert front(page)["search"] == {"exclude": True}


def test_az_index_lists_names_and_abbreviations() -> None:
    page = az_index(small_glossary()).markdown
    assert re.search(r"^## V \{ #v \}$", page, re.MULTILINE)
    assert page.count("](../terms/virtual-machine.md)") == 2  # "Virtual Machine" and "VM"
    assert '<span lang="en">VM</span>](../terms/virtual-machine.md) — <span lang="en">Virtual Machine' in page


def test_search_names_and_keys() -> None:
    names = term_names(small_glossary().terms["virtual-machine"])
    assert names.keys[:4] == ("virtualmachine", "가상머신", "virtualmachine", "vm")
    assert names.initials == "ㄱㅅㅁㅅ"
    fields = names.to_fields()
    assert fields["names"][:3] == ["가상 머신", "Virtual Machine", "VM"]
    assert title_names("환경 구축").keys == ("환경구축",)


def test_names_go_to_the_page_entry_only() -> None:
    entries = [
        {"location": "setup/", "title": "환경 구축", "text": ""},
        {"location": "terms/pod/", "title": "파드", "text": ""},
        {"location": "terms/pod/#description-ko", "title": "설명", "text": ""},
    ]
    assert add_names(entries, "terms/pod/", term_names(small_glossary().terms["pod"]))
    assert entries[1]["names"][0] == "파드" and entries[1]["kc"]["k"][0] == "pod"
    assert "names" not in entries[0] and "names" not in entries[2]
    # A page that was not indexed last (or not at all) is not found.
    assert not add_names(entries, "terms/node/", term_names(small_glossary().terms["pod"]))


@pytest.mark.parametrize(("text", "tokens"), [
    ("파드를 만든다", ["파드", "를", "만든다"]),
    ("파드(Pod)는", ["파드", "Pod", "는"]),
    ("컨테이너에서는", ["컨테이너", "에서", "는"]),
    ("정의", ["정의"]),  # one syllable before 의: a word, not a particle
    ("VM은", ["VM은"]),  # Latin + particle: the search worker matches names, lunr prefixes
])
def test_separator_splits_korean_particles(text: str, tokens: list[str]) -> None:
    pattern = re.compile(separator(r'[\s\-,:!=\[\]()"/·.]+'))
    assert [t for t in pattern.split(text) if t] == tokens


def test_extra_generators() -> None:
    with pytest.raises(GeneratorNotFound, match="unknown page generator 'nope'"):
        load_extra(["nope"])
    assert all(g.name in ("quiz", "labs", "paths") for g in load_extra(None))
