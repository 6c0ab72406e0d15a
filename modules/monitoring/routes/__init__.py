"""Routes of the monitoring module (admin pages only: the module is internal)."""
