"""Enrichment steps: plain functions `Article -> Article` that return a new record."""
