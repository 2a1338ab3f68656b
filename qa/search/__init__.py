"""Searching: a question in, ranked passages (``Hit``s) out.

``retrieve`` fuses dense (FAISS) and keyword (BM25) rankings; ``scope`` prefers the
documents a question names without hiding the rest; ``termstats`` knows how rare each
word of the index is and which index word a misspelt question word means.
"""
