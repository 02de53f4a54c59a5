"""The API's resources. Every view reads through ``visible_to`` and writes through the
services the screens call; ids in paths are 1–18 digits (larger ones are no row and
would overflow SQLite's integer)."""

ID_PATTERN = "[0-9]{1,18}"
