"""Filling a rule's message and guidance: `{clause}`, `{words}`, `{employer}` and the like."""

from __future__ import annotations

import string


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: dict[str, str]) -> str:
    """The template with known placeholders filled; unknown ones are left as written."""
    if "{" not in template:
        return template.strip()
    return string.Formatter().vformat(template, (), _Missing(values)).strip()
