"""Answering: ranked passages in, a cited extractive ``Answer`` (or an abstention) out.

``question`` reads what a question asks for, ``candidates`` lists the typed phrases a
sentence offers, ``extract`` picks the sentence and the phrase and shapes the answer,
``yesno`` settles yes/no questions, ``confidence`` says how sure the engine is.
"""
