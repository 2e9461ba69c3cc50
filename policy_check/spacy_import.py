"""Import spaCy without its command line, which this package never uses.

spaCy 3's `__init__` runs `from .cli.info import info`, and that imports spaCy's whole
command line: typer, weasel, requests, the model downloader and the project tooling. On the
machines measured that was a third to a half of `import spacy`, paid by every cold
`policy-check check`. spaCy itself has made the import lazy on its development branch
(explosion/spaCy#12962); until a release carries it, a stand-in answers that one import
while spaCy initialises. `spacy.info()` still works: the stand-in imports the real command
line on its first call, and once spaCy is imported the stand-in is gone, so a later
`import spacy.cli` is spaCy's own.
"""

from __future__ import annotations

import sys
import types
from typing import Any

_INFO = "spacy.cli.info"


def _info(*args: Any, **kwargs: Any) -> Any:
    """spaCy's `info`, imported on the first call."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """spaCy, imported (if it is not already) without importing its command line."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    stand_in = types.ModuleType(_INFO, "Stands in for spaCy's command-line `info` while spaCy is imported.")
    stand_in.info = _info  # type: ignore[attr-defined]
    sys.modules[_INFO] = stand_in
    try:
        import spacy
    finally:
        if sys.modules.get(_INFO) is stand_in:
            del sys.modules[_INFO]
    return spacy
