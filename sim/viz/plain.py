"""User text on plots is text: never parsed as maths.

Community, scenario, policy and lever names come from users' files; in
matplotlib a ``$`` in them starts mathtext, and ``$\\foo$`` or ``a$^$b``
stops a plot with a parse error. ``plain_text`` draws a function's figure
with ``text.parse_math`` off (each text keeps the setting it was made with,
so a figure built here stays plain when it is saved later);
``use_plain_text()`` turns it off for a whole process of ours (the command
line, the dashboard's server), where tick labels are made at save time.
"""

from __future__ import annotations

import functools


def plain_text(make):
    """Run ``make`` (a function that builds or saves figures) with maths parsing off."""

    @functools.wraps(make)
    def wrapper(*args, **kwargs):
        import matplotlib

        with matplotlib.rc_context({"text.parse_math": False}):
            return make(*args, **kwargs)

    return wrapper


def use_plain_text() -> None:
    """Turn maths parsing off for this process (called by our command line and dashboard server only)."""
    import matplotlib

    matplotlib.rcParams["text.parse_math"] = False
