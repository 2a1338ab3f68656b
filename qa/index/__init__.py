"""Indexing: Documents in, an index folder out.

``chunk`` cuts paragraphs into passages that fit the model's window (offsets kept),
``parse`` marks typed phrases once at build time, ``embed`` (and its torch-free query
path ``onnx_encoder``) turns text into vectors, ``dense_index`` picks the FAISS index,
``store`` writes and reads the folder atomically with its manifest, and ``build`` runs
the stages, re-embedding only what changed.
"""
