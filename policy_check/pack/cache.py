"""One loaded pack per folder per process: the pipeline and the engine share it.

Across processes the loaded pack is kept in the disk cache (`diskcache.py`), by the bytes of
its files: the next command skips the YAML and the validation.
"""

from __future__ import annotations

from pathlib import Path

from .. import diskcache
from .loader import load_pack
from .pack import PolicyPack

_LOADED: dict[tuple[Path, float], PolicyPack] = {}


def cached_pack(folder: str | Path) -> PolicyPack:
    """The pack in `folder`, loaded once per process (again only if its files change)."""
    path = Path(folder).resolve()
    key = (path, _stamp(path))
    pack = _LOADED.get(key)
    if pack is None:
        pack = _LOADED[key] = _load_via_disk(path)
    return pack


def _load_via_disk(path: Path) -> PolicyPack:
    key = diskcache.key_of("pack", diskcache.folder_fingerprint(path))
    pack = diskcache.load("pack", key)
    if not isinstance(pack, PolicyPack):
        pack = load_pack(path)  # a broken pack raises here, and nothing is stored
        diskcache.store("pack", key, pack)
    return pack


def remember(pack: PolicyPack) -> None:
    """Make a pack loaded elsewhere the one `cached_pack` returns for its folder."""
    path = pack.root.resolve()
    _LOADED[(path, _stamp(path))] = pack


def _stamp(path: Path) -> float:
    """Newest modification time in the pack, so an edited pack is reloaded."""
    return max((p.stat().st_mtime for p in path.rglob("*.yaml")), default=0.0)
