"""Learned evidence: a linear model over a post's words and the pack's own evidence.

Rules catch what their writers foresaw. The model is trained on labelled staff posts
(`policy-check rules train`) and scores each topic from the words of a post and which of
the pack's evidence kinds it holds, so it can notice a combination no rule spells out.
It is evidence like any other: a pack names it in `evidence/*.yaml` (`learned:`) and rules
decide what it is worth. Weights are plain JSON in the pack's `models/` folder, so a score
can always be explained by the features that made it.

- `features`: what the model sees of a post (shared by training and checking);
- `linear`: the model itself: scoring, explaining, reading and writing;
- `train`: fitting it to labelled posts.
"""
