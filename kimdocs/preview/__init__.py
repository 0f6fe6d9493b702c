"""The local preview: every document of the project as it will print, with its findings."""
