"""The personal trigger engine: 2×2 tables, exact tests, checks, verdicts and their wording."""
