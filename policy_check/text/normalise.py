"""Character-level normalisation that keeps every offset where it was.

Each character maps to exactly one character, so a span found in the normalised text
indexes the original text unchanged (CONTRACT.md: `text[start:end] == span.text`).
This undoes the tricks that defeat a tokenizer (look-alike letters, full-width forms,
invisible characters) without ever inserting or deleting anything. HTML character
references, which exports from social platforms and listening tools are full of
(`&amp;`, `&#128514;`), become the character they stand for padded with spaces to the
same length, so `idiot&#128514;` reads as the word and an emoji.
"""

from __future__ import annotations

import html
import re

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")

_CONFUSABLES = {
    # Cyrillic and Greek letters that look Latin
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "І": "I", "ο": "o", "α": "a", "ν": "v", "Ο": "O", "Α": "A", "Β": "B",
    # typographic quotes and dashes
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    # spaces and invisible characters: a space keeps the length and the word boundary
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\u200b": " ", "\u200c": " ", "\u200d": " ", "\u2060": " ", "\ufeff": " ",
}
# Full-width ASCII (U+FF01..U+FF5E) to ASCII.
_CONFUSABLES.update({chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})

_TABLE = str.maketrans(_CONFUSABLES)


def normalise(text: str) -> str:
    """The text with look-alike and invisible characters replaced, one for one."""
    if "&" in text:
        text = _ENTITY.sub(_decoded_in_place, text)
    if text.isascii():  # the common case costs one C-level scan
        return text
    return text.translate(_TABLE)


def _decoded_in_place(entity: re.Match[str]) -> str:
    written = entity.group()
    decoded = html.unescape(written)
    if decoded == written or len(decoded) > len(written):
        return written  # not a reference HTML knows: left as it is
    return decoded + " " * (len(written) - len(decoded))
