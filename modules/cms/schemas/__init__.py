"""Input checks of the cms module's forms and API bodies."""
