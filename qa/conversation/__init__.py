"""Conversation: a follow-up and its history in, a self-contained question out.

``followup`` resolves "and in 2019?" against the previous turns, ``context`` turns the
previous answer into a preferred scope for retrieval, ``chat`` is `qa chat` in a terminal.
"""
