"""`python -m cigkit` is the same as the `cigkit` command."""

from cigkit.cli import main

main()
