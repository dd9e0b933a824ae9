"""Republished copies: fingerprints, the near-duplicate index, provenance."""
