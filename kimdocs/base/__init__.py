"""What every layer uses: errors, dates, wording, tables, files, inputs, YAML positions."""
