"""kimdocs: documents for Kommunales Integrationsmanagement (KIM) in NRW."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up when asked for: importlib.metadata takes a moment to import, and the
    # program's first moment must be short (kimdocs.cli.entry: Ctrl+C right at the start).
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("kimdocs")
        except PackageNotFoundError:  # running from a source tree without installation
            return "0.0.0"
    raise AttributeError(name)
