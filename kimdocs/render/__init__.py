"""One renderer per output format; each returns the bytes of one file."""
