"""What the cms module adds to pages other modules own (wizamart.hooks).

Discovery imports this file only; each area of the module keeps its fillers in
`services/<area>_hooks.py` and is imported here, one line each.
"""

import modules.cms.services.media_hooks  # noqa: F401  media: media.picker, media.describe
import modules.cms.services.menus_hooks  # noqa: F401  menus: header and footer
import modules.cms.services.pages_hooks  # noqa: F401  pages: home blocks, sitemap, roles
import modules.cms.services.themes_hooks  # noqa: F401  the look: head, brand
