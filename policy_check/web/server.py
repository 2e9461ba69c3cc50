"""How the app is run with uvicorn, shared by `policy-check serve` and the browser tests."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI


def make_server(app: FastAPI, host: str = "127.0.0.1", port: int = 8000, *, log_config: object = None) -> uvicorn.Server:
    """A uvicorn server that never writes an access log.

    Request bodies are never logged by uvicorn, but its access log records every address
    requested; nothing the page sends carries post text in the address, and leaving the
    log off keeps it that way if that ever changes.
    """
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        access_log=False,
        # Without a log config uvicorn leaves logging to the caller (the tests capture it);
        # the command passes uvicorn's default so startup and errors still reach the terminal.
        log_config=log_config,
        server_header=False,
        proxy_headers=False,
    )
    return uvicorn.Server(config)
