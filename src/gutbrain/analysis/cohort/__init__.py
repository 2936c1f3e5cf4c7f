"""Cohort mode: per-person tables pooled into a population prior and shrunken estimates."""
