"""User-facing errors: one line that names the file, the key and what is allowed.

The command line catches ``UserError`` and prints ``str(err)`` on stderr with
exit code 2 and no traceback; everything else is a bug and keeps its traceback.
"""


class UserError(Exception):
    """Bad input from a user: a file, a key or a value that is not allowed."""

    def __init__(self, message: str, source: str | None = None):
        text = " ".join(str(message).split())  # always one line
        super().__init__(f"{source}: {text}" if source else text)
