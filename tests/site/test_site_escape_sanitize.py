"""Glossary text stays text: escaping into Markdown, and the HTML allow-list after rendering."""

from __future__ import annotations

import html
import re

import markdown
import pytest

from kubeclass.site.escape import code_fence, inert, md_block, md_text
from kubeclass.site.sanitize import safe_url, sanitize

# The Markdown extensions of mkdocs.yml that could turn text into markup.
EXTENSIONS = ["abbr", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "admonition",
              "pymdownx.superfences", "pymdownx.highlight", "pymdownx.inlinehilite",
              "pymdownx.details", "pymdownx.tabbed"]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def visible_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


HOSTILE_PLAIN = [
    '<img src=x onerror="alert(1)">',
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "**bold** _it_ `code` # not a heading",
    "{: onclick=\"alert(1)\" } trailing",
    "1. not a list | not | a table",
    "&lt;already escaped&gt; & amp",
    "\\backslash\\ and [brackets] (parens) !bang",
]


@pytest.mark.parametrize("text", HOSTILE_PLAIN)
def test_plain_text_renders_as_itself(text: str) -> None:
    """Shown as written, except < and > in their full-width forms (see escape.inert)."""
    out = render(md_text(text))
    assert visible_text(out) == inert(text)
    assert not re.search(r"<(?!/?p>)", out), out  # nothing but the paragraph


def test_plain_text_in_a_table_cell_stays_in_its_cell() -> None:
    out = render("| a | b |\n| --- | --- |\n| " + md_text("x | y") + " | z |")
    assert out.count("<td>") == 2 and "x | y" in html.unescape(out)


def test_inert_text_has_no_angle_brackets() -> None:
    assert inert("a <b> c") == "a \uff1cb\uff1e c"


def test_markdown_keeps_formatting_but_loses_raw_html() -> None:
    out = render(md_block("**굵게** [링크](https://kubernetes.io/ko/)\n\n<script>alert(1)</script>"
                          "\n\n<img src=x onerror=alert(1)>"))
    assert "<strong>굵게</strong>" in out
    assert '<a href="https://kubernetes.io/ko/">링크</a>' in out
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_markdown_attribute_lists_are_disarmed() -> None:
    out = render(md_block('문단\n{: onclick="alert(1)" }\n\n[x](https://a.b){: onmouseover="y" }'))
    assert "onclick" not in re.sub(r">[^<]*<", "><", out)  # not as an attribute
    assert "onmouseover=" not in re.sub(r">[^<]*<", "><", out)


def test_markdown_code_is_left_literal() -> None:
    source = "`<b>` 와 ``a ` b``\n\n```yaml\nkey: <value> {x}\n```\n\n<https://kubernetes.io>"
    out = render(md_block(source))
    assert "<code>&lt;b&gt;</code>" in out
    assert "<code>a ` b</code>" in out
    assert "key: &lt;value&gt; {x}" in visible_text(out) or "&lt;value&gt;" in out
    assert '<a href="https://kubernetes.io">' in out


def test_code_cannot_close_its_fence() -> None:
    code = "echo one\n```\n<script>alert(1)</script>\n````\necho two"
    out = render(code_fence(code, "bash"))
    assert out.count("<pre") == 1
    assert "<script>" not in out
    assert "echo two" in visible_text(out)


def test_code_fence_language_is_a_plain_word() -> None:
    assert code_fence("x", 'bash" onclick="y').startswith("```bashonclicky\n")


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "&#106;avascript:alert(1)", "vbscript:x", "data:text/html,<script>alert(1)</script>",
])
def test_script_urls_are_unsafe(url: str) -> None:
    assert not safe_url(url)


@pytest.mark.parametrize("url", ["https://kubernetes.io", "../terms/pod/", "#x", "mailto:a@b.c",
                                 "pod.html"])
def test_ordinary_urls_are_safe(url: str) -> None:
    assert safe_url(url)


def test_sanitize_removes_everything_executable() -> None:
    dirty = ('<p onclick="alert(1)" class="ok">text</p><script>alert(1)</script>'
             '<a href="javascript:alert(1)" title="t">x</a><a href="&#106;avascript:y">z</a>'
             '<img src="x.png" onerror="alert(1)" alt="a"><iframe src="https://evil"></iframe>'
             '<svg onload="alert(1)"><path d="M0 0"/></svg><!-- c --><p id="__config">h</p>'
             '<p style="position:fixed">s</p>'
             '<table><tr><td style="text-align: center;">c</td><td style="color: red">d</td></tr></table>')
    out = sanitize(dirty)
    assert "onclick" not in out and "onerror" not in out and "onload" not in out
    assert "<script>" not in out and "<iframe" not in out and "javascript" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert '<p class="ok">text</p>' in out
    assert '<a title="t">x</a>' in out
    assert 'title="\uff1cimg\uff1e"' in sanitize('<abbr title="&lt;img&gt;">x</abbr>')
    assert '<img src="x.png" alt="a">' in out
    assert '<path d="M0 0"></path>' in out  # a parser's serialization of <path/>
    assert "<!--" not in out and "__config" not in out and "position" not in out
    assert '<td style="text-align: center;">c</td><td>d</td>' in out


def test_sanitize_turns_images_from_other_hosts_into_links() -> None:
    out = sanitize('<p><img src="https://evil.example/t.png" alt="logo"></p>')
    assert out == '<p><a href="https://evil.example/t.png">logo</a></p>'


def test_sanitize_keeps_rendered_markdown_intact() -> None:
    source = ("# 제목\n\n**굵게** `코드` [링크](../terms/pod.md)\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n\n"
              "```yaml\nkind: Pod\n```\n\n!!! note \"참고\"\n    본문\n")
    rendered = render(source)
    assert sanitize(rendered) == rendered


def test_code_line_anchors_pass_and_lookalikes_do_not() -> None:
    anchor = '<a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a>'
    assert sanitize(anchor) == anchor
    for evil in ('<a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1" '
                 'onclick="alert(1)"></a>',
                 '<a id="__codelineno-0-1" name="__codelineno-0-1" href="javascript:alert(1)"></a>',
                 '<a id="__config" name="__codelineno-0-1" href="#__codelineno-0-1"></a>'):
        out = sanitize(evil)
        assert "onclick" not in out and "javascript" not in out and "__config" not in out
