"""Korean text helpers: normalization, initial consonants (초성) and particles (조사).

Pure functions on strings, shared by glossary search, the quiz's answer matching and
the site's term linker.
"""

from __future__ import annotations

import re
import unicodedata

_SYLLABLE_FIRST = 0xAC00
_SYLLABLE_LAST = 0xD7A3
_PER_INITIAL = 21 * 28  # medial vowels x final consonants
CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
# The ㄱ–ㅎ index groups tense consonants under their plain letter, as dictionaries do.
_PLAIN = {"ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ"}
INDEX_LETTERS = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"

# Separators that learners type or leave out at will: "네임 스페이스", "virtual-machine",
# "CI/CD", "k8s.io", "서비스·메시".
_SEPARATORS = re.compile(r"[\s\-_./·・,]+")

# Particles (조사) and copulas that follow a noun, longest first so that "에서는" wins over "는",
# then in code-point order: a set's order changes from process to process (hash
# randomisation), and the search separator built from this list is written into the site.
PARTICLES: tuple[str, ...] = tuple(
    sorted(
        {
            "은", "는", "이", "가", "을", "를", "의", "에", "로", "으로", "와", "과", "도", "만",
            "에서", "에게", "께", "한테", "까지", "부터", "처럼", "보다", "마다", "조차", "이나",
            "나", "랑", "이랑", "하고", "에는", "에서는", "으로는", "로는", "와는", "과는", "이란",
            "란", "이라는", "라는", "이다", "다", "입니다", "이며", "며", "이고", "고", "에도",
            "에서도", "으로도", "로도", "만의", "들", "들은", "들이", "들을", "들의", "들과",
        },
        key=lambda particle: (-len(particle), particle),
    )
)


def normalize(text: str) -> str:
    """Fold ``text`` for comparison: NFKC (full-width → ASCII), case-folded, no separators.

    >>> normalize("Virtual-Machine") == normalize("virtual machine") == "virtualmachine"
    True
    >>> normalize("네임 스페이스") == normalize("네임스페이스")
    True
    """
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).casefold())


def lower_in_place(text: str) -> str:
    """``text`` lower-cased character for character, so offsets into it hold for ``text``.

    ``str.lower`` turns a few letters into two characters ("İ" → "i̇"); those stay as
    they are.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def is_syllable(char: str) -> bool:
    """True for a precomposed Hangul syllable (가–힣)."""
    return _SYLLABLE_FIRST <= ord(char) <= _SYLLABLE_LAST


def choseong(text: str) -> str:
    """The initial consonants of the Hangul syllables in ``text`` ("가상화" → "ㄱㅅㅎ").

    Other characters are dropped, except initial-consonant letters typed as such.
    """
    out = []
    for char in text:
        if is_syllable(char):
            out.append(CHOSEONG[(ord(char) - _SYLLABLE_FIRST) // _PER_INITIAL])
        elif char in CHOSEONG:
            out.append(char)
    return "".join(out)


def is_choseong_query(text: str) -> bool:
    """True when ``text`` (ignoring spaces) is made only of initial consonants: "ㄱㅅㅎ"."""
    stripped = "".join(text.split())
    return bool(stripped) and all(char in CHOSEONG for char in stripped)


def has_hangul(text: str) -> bool:
    """True when ``text`` contains at least one Hangul syllable."""
    return any(is_syllable(char) for char in text)


def initial_consonant(name: str) -> str:
    """The index heading of ``name``: ㄱ–ㅎ for Korean, A–Z for Latin, ``#`` otherwise.

    Tense consonants fold into their plain letter ("뗄셈" → "ㄷ").
    """
    for char in unicodedata.normalize("NFKC", name):
        if is_syllable(char):
            initial = CHOSEONG[(ord(char) - _SYLLABLE_FIRST) // _PER_INITIAL]
            return _PLAIN.get(initial, initial)
        if char.isascii() and char.isalpha():
            return char.upper()
        if char.isalnum():
            return "#"
    return "#"


def strip_particle(word: str) -> str:
    """``word`` without one trailing particle ("파드를" → "파드", "VM은" → "VM").

    Only strips when something is left; callers decide whether the stem is a real term,
    since many nouns end in a syllable that is also a particle (평가, 서버의 …).
    """
    for particle in PARTICLES:
        if len(word) > len(particle) and word.endswith(particle):
            return word[: -len(particle)]
    return word


def particle_pattern() -> str:
    """A regular-expression alternative matching any particle (longest first)."""
    return "|".join(re.escape(p) for p in PARTICLES)
