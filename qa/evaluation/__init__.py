"""Evaluation: gold questions and an index in, scores beside their baselines out.

``evaluate`` is `qa eval` on hand-written gold sets, ``squad`` on SQuAD 2.0-format files,
``conversations`` on follow-ups; ``metrics`` are the pure functions they share;
``feedback`` keeps the app's thumbs and turns them into gold candidates.
"""
