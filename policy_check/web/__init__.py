"""The web page: an employee pastes a draft and sees, before posting, what the checker found.

`create_app(checker)` builds the FastAPI app; `policy-check serve` runs it on this machine.
"""

from .app import create_app

__all__ = ["create_app"]
