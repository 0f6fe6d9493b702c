"""Checker for Leichte Sprache: word, sentence and text rules with German messages.

Only :mod:`kimdocs.easy_language.rule_table` and :mod:`kimdocs.easy_language.config`
are cheap to import; the language models load on the first sentence checked.
"""
