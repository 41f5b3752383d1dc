"""Term links in running text: particles, first mention only, never in code/headings/links."""

from __future__ import annotations

import re

import pytest
from glossary_fixtures import glossary, small_glossary, term

from kubeclass.glossary.load import load_glossary
from kubeclass.site.linker import Linker, mention_names


def link(html: str, *, linker: Linker | None = None, skip: str | None = None,
         page_url: str = "architecture/") -> str:
    return (linker or Linker(small_glossary())).link(
        html, page_url, lambda term_id: f"../terms/{term_id}/", skip_term=skip)


def linked(html: str) -> list[tuple[str, str]]:
    """(href term id, link text) of every term link made."""
    return re.findall(r'<a class="kc-term" href="\.\./terms/([^/]+)/" title="[^"]*">([^<]*)</a>',
                      html)


@pytest.mark.parametrize(("text", "expected"), [
    ("<p>VM은 가볍지 않다.</p>", [("virtual-machine", "VM")]),
    ("<p>파드를 만든다.</p>", [("pod", "파드")]),
    ("<p>컨테이너의 이미지.</p>", [("container", "컨테이너")]),
    ("<p>파드에서는 컨테이너가 돈다.</p>", [("pod", "파드"), ("container", "컨테이너")]),
    ("<p>파드들의 수명.</p>", [("pod", "파드")]),
    ("<p>Pods run containers.</p>", [("pod", "Pods"), ("container", "containers")]),
    ("<p>가상머신과 가상 머신.</p>", [("virtual-machine", "가상머신")]),
])
def test_mentions_with_particles_and_plurals(text: str, expected: list[tuple[str, str]]) -> None:
    assert linked(link(text)) == expected


def test_case_is_checked_on_the_original_text() -> None:
    """Names are found in lower-cased text, but short names keep their case ("vm" is not
    VM), and a character whose lower case is longer ("İ") shifts no link."""
    assert linked(link("<p>vm은 아니다. POD도 아니다. Pod는 맞다.</p>")) == [("pod", "Pod")]
    out = link("<p>İİ 다음의 VM은 가볍다.</p>")
    assert linked(out) == [("virtual-machine", "VM")]
    assert out.startswith("<p>İİ 다음의 <a ") and '">VM</a>은 가볍다.</p>' in out


def test_particle_stays_outside_the_link() -> None:
    assert '">VM</a>은' in link("<p>VM은 무겁다.</p>")


def test_only_the_first_mention_is_linked() -> None:
    out = link("<p>파드와 파드.</p><p>또 파드를.</p>")
    assert linked(out) == [("pod", "파드")]
    assert out.count("<a ") == 1


def test_never_inside_code_headings_links_or_admonition_titles() -> None:
    html = ("<h2>파드</h2><p><code>파드</code></p><pre><code>파드 컨테이너</code></pre>"
            '<p><a href="https://example.com">파드</a></p>'
            '<p class="admonition-title">파드</p><div class="kc-nolink"><p>파드</p></div>'
            "<p>마지막 파드.</p>")
    out = link(html)
    assert linked(out) == [("pod", "파드")]
    assert out.endswith('<p>마지막 <a class="kc-term" href="../terms/pod/" '
                        f'title="{small_glossary().terms["pod"].short.ko}">파드</a>.</p>')


def test_no_link_inside_a_longer_word() -> None:
    assert linked(link("<p>컨테이너화와 망파드 그리고 k8s.파드</p>")) == []


def test_longest_name_wins() -> None:
    assert linked(link("<p>컨테이너 런타임이 이미지를 받는다.</p>")) == [
        ("container-runtime", "컨테이너 런타임")]


def test_name_across_a_line_break() -> None:
    assert linked(link("<p>가상\n머신이 있다.</p>")) == [("virtual-machine", "가상\n머신")]


def test_short_abbreviations_match_case() -> None:
    assert linked(link("<p>vm 과 Vm 은 아니다.</p>")) == []
    assert linked(link("<p>VM 은 맞다.</p>")) == [("virtual-machine", "VM")]


def test_one_word_aliases_are_not_mentions() -> None:
    """"이미지" and "deploy" are everyday words; only real names and multi-word aliases link."""
    assert linked(link("<p>이미지를 deploy 한다.</p>")) == []
    assert linked(link("<p>쿠버네티스 파드가 있다.</p>")) == [("pod", "쿠버네티스 파드")]
    names = dict(mention_names(small_glossary().terms["deployment"]))
    assert "deploy" not in names and names["Deployment"] is True


def test_single_syllable_names_are_never_linked() -> None:
    assert linked(link("<p>균형을 잡을 때 잡이 돈다.</p>")) == []


def test_excluded_terms_are_not_linked() -> None:
    linker = Linker(small_glossary(), exclude=["run"])
    assert linked(link("<p>실행 단위인 파드.</p>", linker=linker)) == [("pod", "파드")]


def test_the_page_never_links_to_itself() -> None:
    assert linked(link("<p>파드와 컨테이너.</p>", skip="pod")) == [("container", "컨테이너")]


def test_an_existing_link_to_the_term_counts_as_the_first_mention() -> None:
    html = '<p><a href="../terms/pod/">파드</a>를 보고 다시 파드를 본다.</p>'
    assert linked(link(html, page_url="architecture/")) == []
    # From a term page the same target is a sibling: "../pod/".
    html = '<p><a href="../pod/">파드</a>를 보고 다시 파드를 본다.</p>'
    assert linked(link(html, page_url="terms/container/")) == []


def test_english_parts_get_english_tooltips() -> None:
    out = link('<p>파드.</p><div lang="en"><p>A container.</p></div><p>컨테이너 없음</p>')
    pod, container = small_glossary().terms["pod"], small_glossary().terms["container"]
    assert f'title="{pod.short.ko}">파드' in out
    assert f'title="{container.short.en}">container' in out


def test_tooltips_are_escaped() -> None:
    hostile = glossary(term("pod", "파드", "Pod", short_ko='"><img src=x onerror=alert(1)> & 끝'))
    out = Linker(hostile).link("<p>파드</p>", "x/", lambda t: '"><script>x</script>')
    assert "<img" not in out and "<script>" not in out
    # Material's tooltip inserts the title as HTML: no angle brackets may survive decoding.
    assert 'title="&quot;\uff1e\uff1cimg src=x onerror=alert(1)\uff1e &amp; 끝"' in out
    assert 'href="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in out


def test_text_outside_links_is_unchanged() -> None:
    html = "<p>아무 용어도 없는 문장 &amp; <em>강조</em>.</p><ul><li>목록</li></ul>"
    assert link(html) == html


def test_real_glossary_particles() -> None:
    linker = Linker(load_glossary())
    out = linker.link("<p>VM은 무겁고 파드를 쓰면 컨테이너의 장점이 크다.</p>", "index.html",
                      lambda t: f"terms/{t}.html")
    assert 'href="terms/virtual-machine.html"' in out
    assert 'href="terms/pod.html"' in out
    assert 'href="terms/container.html"' in out
