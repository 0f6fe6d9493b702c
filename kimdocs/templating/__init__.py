"""Templates: where they are found, the sandbox they run in, the data they may see."""
