"""The `accord` command line (typer); one module per verb group."""
