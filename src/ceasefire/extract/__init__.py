"""Per-report extraction: pure functions of (spaCy Doc of the clean text, context, knowledge base).

Each extractor returns schema records whose spans index the clean text the Doc was built
from (``token.idx`` is a character offset into it). The order below is the data flow:
actors first (places and figures use them for country context and attribution), then
places, times and quantities.
"""
