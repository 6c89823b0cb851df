"""mspkit: the provider side of a team password manager.

Everything here is implemented in Rust (``mspkit._mspkit``); this package re-exports it.
"""

from mspkit._mspkit import *  # noqa: F401,F403
from mspkit._mspkit import __version__  # noqa: F401
from mspkit._mspkit import assert_compliant  # noqa: F401  (pytest: mspkit.assert_compliant(portfolio, baseline, now))
