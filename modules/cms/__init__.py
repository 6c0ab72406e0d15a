"""The cms module: content pages, navigation menus, the media library and each shop's look."""
