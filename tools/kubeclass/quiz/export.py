"""Exports: an Anki deck, the item pool as JSON, a printable Markdown worksheet, the
review log in the fsrs-optimizer CSV format.

The Anki model and deck ids are fixed and every note's GUID is ``guid_for(term id)``:
importing a newer export updates the learner's existing cards (and keeps their review
history) instead of adding duplicates.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kubeclass.glossary.model import Glossary, Lang, Term
from kubeclass.quiz.items import Item
from kubeclass.quiz.store import ReviewRow
from kubeclass.site.urls import term_page_url

# Fixed forever: changing them makes Anki treat a new export as a different deck/model.
ANKI_MODEL_ID = 1_730_214_901
ANKI_DECK_ID = 1_730_214_902
ANKI_DECK_NAME = "kubeclass::용어집 (Glossary)"
ANKI_FIELDS = ["TermId", "Korean", "English", "Abbr", "Aliases", "DefinitionKo",
               "DefinitionEn", "Category", "Url"]
_BACK = """
<div class="defs">
  <div lang="ko">{{DefinitionKo}}</div>
  <div lang="en" class="en">{{DefinitionEn}}</div>
</div>
{{#Aliases}}<div class="aka">{{Aliases}}</div>{{/Aliases}}
<div class="meta">{{Category}} · <a href="{{Url}}">{{Url}}</a></div>
"""
ANKI_TEMPLATES = [
    {
        "name": "한→영 Korean → English",
        "qfmt": '<div class="name" lang="ko">{{Korean}}</div><div class="ask">English?</div>',
        "afmt": '{{FrontSide}}<hr id="answer"><div class="name en" lang="en">{{English}}'
                '{{#Abbr}} ({{Abbr}}){{/Abbr}}</div>' + _BACK,
    },
    {
        "name": "영→한 English → Korean",
        "qfmt": '<div class="name en" lang="en">{{English}}{{#Abbr}} ({{Abbr}}){{/Abbr}}</div>'
                '<div class="ask">한국어로?</div>',
        "afmt": '{{FrontSide}}<hr id="answer"><div class="name" lang="ko">{{Korean}}</div>' + _BACK,
    },
]
ANKI_CSS = """
.card { font-family: "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "Nanum Gothic",
        sans-serif; font-size: 20px; text-align: center; color: #1b1b1f; background: #fff; }
.nightMode .card, .card.nightMode { color: #e6e6ea; background: #1e1e22; }
.name { font-size: 30px; font-weight: 700; margin: 0.4em 0; word-break: keep-all; }
.en { font-family: "Inter", "Segoe UI", "Helvetica Neue", sans-serif; }
.ask { color: #888; font-size: 16px; }
.defs { text-align: left; margin: 1em auto; max-width: 36em; line-height: 1.6;
        word-break: keep-all; }
.defs div { margin-bottom: 0.6em; }
.aka, .meta { color: #888; font-size: 14px; }
"""


def anki_fields(term: Term, glossary: Glossary) -> list[str]:
    """The note fields of one term, HTML-escaped (Anki fields are HTML)."""
    category = glossary.categories.get(term.category)
    names = [term.term.ko, term.term.en, term.abbr or ""]
    aliases = [a for a in term.aka if a not in names]
    values = [
        term.id, term.term.ko, term.term.en, term.abbr or "", ", ".join(aliases),
        term.short.ko, term.short.en,
        f"{category.name.ko} · {category.name.en}" if category else term.category,
        term_page_url(term.id),
    ]
    return [html.escape(v, quote=True) for v in values]


def write_anki(glossary: Glossary, terms: Sequence[Term], path: Path) -> int:
    """Write an ``.apkg`` with one note (two cards: ko→en, en→ko) per term; returns notes."""
    import genanki  # only here: the rest of the quiz does not need it

    model = genanki.Model(
        ANKI_MODEL_ID, "kubeclass 용어 (ko ↔ en)",
        fields=[{"name": name} for name in ANKI_FIELDS],
        templates=ANKI_TEMPLATES, css=ANKI_CSS,
    )
    deck = genanki.Deck(
        ANKI_DECK_ID, ANKI_DECK_NAME,
        description="kubeclass — 클라우드·쿠버네티스 용어 (Korean ↔ English)",
    )
    for term in terms:
        tags = [_anki_tag(t) for t in (term.category, term.level, *term.tags)]
        deck.add_note(genanki.Note(
            model=model, fields=anki_fields(term, glossary),
            guid=genanki.guid_for(term.id), tags=tags,
        ))
    genanki.Package(deck).write_to_file(str(path))
    return len(terms)


def _anki_tag(tag: str) -> str:
    return re.sub(r"\s+", "_", tag)


def pool_json(items: Sequence[Item], lang: Lang, seed: int) -> dict[str, Any]:
    """The item pool as ``{"items": [...]}`` (``answer`` = index of the right option)."""
    return {"lang": lang, "seed": seed, "items": [item.to_dict() for item in items]}


# Only inline syntax: every piece of text follows a prefix ("**1.** ", "> ", "① "), so
# line-start syntax (#, -, 1.) cannot occur, and the printout stays readable as plain text.
# "<" becomes an entity: not every renderer (Python-Markdown) takes "\<" as an escape.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]>])")


def md_escape(text: str) -> str:
    """Plain text that a Markdown renderer prints as is."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split())).replace("<", "&lt;")


WORKSHEET_TEXT: dict[str, dict[Lang, str]] = {
    "title": {"ko": "kubeclass 용어 퀴즈 — 학습지", "en": "kubeclass terms quiz — worksheet"},
    "who": {"ko": "이름: ______________________   날짜: ______________",
            "en": "Name: ______________________   Date: ______________"},
    "questions": {"ko": "문제", "en": "Questions"},
    "key": {"ko": "정답", "en": "Answer key"},
    "blank": {"ko": "답:", "en": "Answer:"},
    "also": {"ko": "인정하는 답", "en": "also accepted"},
}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨"


def worksheet(items: Sequence[Item], lang: Lang, seed: int) -> str:
    """A printable worksheet: numbered questions, then the answer key at the end."""
    t = {key: value[lang] for key, value in WORKSHEET_TEXT.items()}
    out = [f"# {t['title']}", "", t["who"], "", f"## {t['questions']}", ""]
    for number, item in enumerate(items, 1):
        out.append(f"**{number}.** {md_escape(item.instruction)}")
        out.append("")
        out.append(f"> {md_escape(item.prompt)}")
        out.append("")
        if item.is_choice:
            out += [f"{_CIRCLED[i]} {md_escape(option)}  " for i, option in enumerate(item.options)]
        else:
            out.append(f"{t['blank']} ________________________________")
        out.append("")
    out += ["---", "", f"## {t['key']}", ""]
    for number, item in enumerate(items, 1):
        if item.is_choice and item.answer is not None:
            out.append(f"{number}. {_CIRCLED[item.answer]} {md_escape(item.solution)}")
        else:
            others = [a for a in item.accepted if a != item.solution]
            extra = f" ({t['also']}: {md_escape(', '.join(others))})" if others else ""
            out.append(f"{number}. {md_escape(item.solution)}{extra}")
    out += ["", f"<!-- seed {seed} -->", ""]
    return "\n".join(out)


REVLOG_COLUMNS = ("card_id", "review_time", "review_rating", "review_state", "review_duration")


def revlog_csv(reviews: Sequence[ReviewRow]) -> str:
    """The review log as fsrs-optimizer reads it (``review_time`` in ms since the epoch,
    ``review_rating`` 1–4, ``review_state`` 0 New / 1 Learning / 2 Review / 3 Relearning
    before the review, ``review_duration`` in ms, 0 when not measured)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REVLOG_COLUMNS)
    for r in reviews:
        writer.writerow((r.card_id, round(r.reviewed_at.timestamp() * 1000), r.rating,
                         r.state_before or 0, r.duration_ms or 0))
    return out.getvalue()
