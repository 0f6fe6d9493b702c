"""DOCX files as Word keeps them: template paragraphs, references, Markdown as Word text."""
