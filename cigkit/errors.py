"""The one base class for errors a user can cause; the CLI and the app show them as a sentence."""


class UserError(Exception):
    """Something the user can fix: bad input, a bad file, a missing record."""
