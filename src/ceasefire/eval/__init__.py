"""Evaluation against the gold sets in ``shared/data``, read in place (never copied)."""
