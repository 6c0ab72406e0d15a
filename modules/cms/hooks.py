"""What cms adds to pages other modules and the layouts own (wizamart.hooks).

Each area keeps its fillers in a file of its own under `services/` (`<area>_hooks.py`);
importing it here registers them (discovery imports only this file).
"""

from modules.cms.services import menus_hooks  # noqa: F401  header and footer menus
