"""Understanding chat lines by what they name (slots), not by fixed phrases."""
