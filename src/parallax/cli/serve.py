"""``parallax serve``: the web UI and JSON API on localhost."""

from __future__ import annotations

from typing import Annotated

import typer

from parallax.cli.app import DEFAULT_DB_PATH, DbOption, app, errors, fail
from parallax.serve.settings import TOKEN_ENV, Settings
from parallax.store import StoreError


@app.command("serve")
def serve_command(
    db: DbOption = DEFAULT_DB_PATH,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar=TOKEN_ENV,
            help="Bearer token that switches on write endpoints (upload); off without it.",
        ),
    ] = None,
) -> None:
    """Serve the database as a web app: stories, comparisons, documents, entities, outlets."""
    from parallax.serve.app import create_app  # FastAPI loads only for this command

    try:
        web = create_app(db, Settings(token=token or None))
    except StoreError as exc:
        fail(str(exc))
    if host not in {"127.0.0.1", "localhost", "::1"}:
        errors.print(f"[yellow]warning:[/] listening on {host}: reachable from other machines")
    errors.print(f"Parallax on http://{host}:{port}/ (database {db})", highlight=False)
    import uvicorn

    uvicorn.run(web, host=host, port=port, log_level="warning")
