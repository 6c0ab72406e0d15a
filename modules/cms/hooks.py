"""What cms adds to other modules' pages and answers to their questions (wizamart/hooks.py).

Each area keeps its fillers in `services/<area>_hooks.py`; this file imports them, as
discovery imports only `hooks.py`.
"""

from modules.cms.services import media_hooks  # noqa: F401  media.picker, media.describe
