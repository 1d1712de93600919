"""User-facing errors: one line that names the file, the key and what is allowed.

The command line catches ``UserError`` and prints ``str(err)`` on stderr with
exit code 2 and no traceback; everything else is a bug and keeps its traceback.
"""

import re

# Whatever would break the line (``str.splitlines`` breaks at these); runs of spaces inside quoted values stay.
_BREAKS = re.compile(r"[ \t]*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+[ \t]*")


class UserError(Exception):
    """Bad input from a user: a file, a key or a value that is not allowed."""

    def __init__(self, message: str, source: str | None = None):
        text = f"{source}: {message}" if source else str(message)
        super().__init__(_BREAKS.sub(" ", text).strip())  # always one line
