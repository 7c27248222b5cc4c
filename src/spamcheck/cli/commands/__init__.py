"""CLI subcommands, one module each, each with ``add_parser(subparsers)``.

A command's ``func(args) -> int`` returns the exit status (0 ok, 1 a finding or
gate failure, 2 usage or input error, the convention of linters such as ruff).
"""
