"""Loaded first by the fork server (``set_forkserver_preload``), and only there: it then
ends with the program that started it and leaves Ctrl+C to that program
(:func:`kimdocs.build.orphans.guard_fork_server`)."""

from kimdocs.build.orphans import guard_fork_server

guard_fork_server()
