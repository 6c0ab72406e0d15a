"""What cms adds to pages other modules own (wizamart.hooks). Each area keeps its fillers
in a file of its own under services/; importing it here registers them."""

from modules.cms.services import pages_hooks  # noqa: F401  pages: home blocks, sitemap, roles
