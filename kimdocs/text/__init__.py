"""Text: Markdown, sentences, plain text, placeholders and the patterns of identifiers."""
