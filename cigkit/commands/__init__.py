"""Subcommands of the `cigkit` command line; each module registers its own parsers.

A command function takes the parsed arguments and returns an exit status; only
`cigkit.cli` turns that into `sys.exit`.
"""
