"""Learned evidence: what the model sees, how it scores and explains, how it is trained, and how
rules use it as one more kind of evidence."""

from __future__ import annotations

import json
import math
import pickle

import pytest
from click.testing import CliRunner

from policy_check import Checker, PackError, load_pack
from policy_check.cli import main
from policy_check.evidence import Hit
from policy_check.learning.features import post_features, words_of
from policy_check.learning.linear import LinearModel, ModelError
from policy_check.learning.train import LabelledPost, Settings, fit, leave_one_group_out

from .helpers import minimal_pack
from .test_pack_authoring import NEW_EVIDENCE, NEW_RULE


def test_profile_names_become_placeholders_so_a_model_travels_between_councils():
    words = words_of(["My", "manager", "at", "Eastbrook"], {"EMPLOYER": [Hit(3, 4, 14, 23)]})
    assert words == ["my", "manager", "at", "@employer"]


def test_features_are_words_adjacent_pairs_and_the_evidence_kinds_a_post_holds():
    features = post_features(["total", "  ", "muppet", "total"], ["insult"])
    assert features == {"w:total": (0, 1), "w:muppet": (2, 3), "w:total muppet": (0, 3), "w:muppet total": (2, 4), "e:insult": None}


MODEL = LinearModel(("a", "b"), (-2.0, -2.0), {"w:x": (3.0, -1.0), "w:y": (1.0, 0.5)})


def test_a_score_sums_the_known_features_scaled_by_how_many_there_are():
    (a, b) = MODEL.scores({"w:x", "w:y", "w:unknown"})
    assert a == pytest.approx(1 / (1 + math.exp(-(-2 + 4 / math.sqrt(2)))))
    assert b == pytest.approx(1 / (1 + math.exp(-(-2 - 0.5 / math.sqrt(2)))))
    assert MODEL.scores(set()) == [pytest.approx(1 / (1 + math.exp(2)))] * 2


def test_a_score_is_explained_by_the_features_that_raised_it_strongest_first():
    assert MODEL.contributions({"w:x", "w:y", "w:unknown"}, "a") == [("w:x", 3.0), ("w:y", 1.0)]
    assert MODEL.contributions({"w:x", "w:y"}, "b") == [("w:y", 0.5)]


def test_a_saved_model_reads_back_the_same(tmp_path):
    path = tmp_path / "m.json"
    LinearModel(("a",), (-1.23456,), {"w:é": (0.0004,), "e:insult": (2.5,)}, {"trained_on": {"x.jsonl": 3}}).save(path)
    model = LinearModel.load(path)
    assert model.labels == ("a",)
    assert model.bias == (-1.235,)
    assert dict(model.weights) == {"e:insult": (2.5,), "w:é": (0.0,)}
    assert model.about == {"trained_on": {"x.jsonl": 3}}


def test_a_pickled_model_is_the_same_model():
    """The disk cache pickles the pack, models included, as feature names and a matrix."""
    restored = pickle.loads(pickle.dumps(MODEL))
    assert restored == MODEL
    assert restored.scores({"w:x", "w:y"}) == MODEL.scores({"w:x", "w:y"})
    assert restored.contributions({"w:x", "w:y"}, "a") == MODEL.contributions({"w:x", "w:y"}, "a")


def test_a_broken_model_file_is_named_with_the_field(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"format": "policy-check linear model 1", "labels": ["a"], "bias": [0], "weights": {"w:x": [1, 2]}}))
    with pytest.raises(ModelError, match=r"m\.json: field 'weights\.w:x': expected 1 weights"):
        LinearModel.load(path)
    path.write_text("{not json")
    with pytest.raises(ModelError, match=r"m\.json: not a readable model"):
        LinearModel.load(path)


def _posts(word: str, labels: frozenset[str], n: int = 20, only: str | None = None) -> list[LabelledPost]:
    return [LabelledPost(frozenset({f"w:{word}", f"w:filler{i}", "w:the"}), labels, only) for i in range(n)]


def test_training_learns_the_word_that_marks_a_label():
    posts = _posts("muppet", frozenset({"colleague"})) + _posts("lovely", frozenset())
    model = fit(posts, ["colleague"], Settings(min_count=1, epochs=200))
    assert model.scores({"w:muppet", "w:the"})[0] > 0.8
    assert model.scores({"w:lovely", "w:the"})[0] < 0.2
    assert model.contributions({"w:muppet", "w:the"}, "colleague")[0][0] == "w:muppet"


def test_a_rule_example_teaches_only_its_own_topic():
    """An `ok` example of a colleague rule says nothing about confidentiality."""
    posts = _posts("muppet", frozenset({"colleague"})) + _posts("kestrel", frozenset(), only="colleague")
    model = fit(posts, ["colleague", "confidential"], Settings(min_count=1, epochs=100))
    assert model.weights["w:kestrel"][1] == 0.0
    assert model.weights["w:kestrel"][0] < 0


def test_cross_validation_scores_each_group_with_a_model_that_never_saw_it():
    # Twice as many clean posts as others, as in a real corpus: a post of words the model has
    # never seen scores the clean side of the threshold, not a coin toss at 0.5.
    groups = {
        "a.jsonl": _posts("muppet", frozenset({"colleague"}), 10) + _posts("lovely", frozenset(), 20),
        "b.jsonl": _posts("muppet", frozenset({"colleague"}), 10) + _posts("lovely", frozenset(), 20),
        # a word only this group uses: a model trained without it cannot know it
        "c.jsonl": _posts("plonker", frozenset({"colleague"}), 10) + _posts("lovely", frozenset(), 20),
    }
    scores = {s.group: s for s in leave_one_group_out(groups, [], ["colleague"], 0.5, Settings(min_count=1, epochs=200))}
    assert scores["a.jsonl"].macro == (1.0, 1.0)
    assert scores["c.jsonl"].labels["colleague"].recall == 0.0


def test_features_seen_fewer_times_than_min_count_are_not_kept():
    posts = _posts("muppet", frozenset({"colleague"}), n=3)
    model = fit(posts, ["colleague"], Settings(min_count=2, epochs=5))
    assert "w:muppet" in model.weights and "w:filler0" not in model.weights


def test_training_multiplies_by_the_sparse_feature_matrix_exactly_as_by_the_dense_one():
    """Training keeps only a post's own features; its products are the dense matrix's, posts
    without a known feature included."""
    import numpy as np

    from policy_check.learning.train import _SparseRows

    features = [[0, 3], [], [1, 2, 3], [3]]
    dense = np.zeros((4, 5), np.float32)
    for row, columns in enumerate(features):
        dense[row, columns] = 1 / np.sqrt(len(columns)) if columns else 0
    sparse = _SparseRows(features, 5)
    rng = np.random.default_rng(0)
    by_column, by_row = rng.normal(size=(5, 3)).astype(np.float32), rng.normal(size=(4, 3)).astype(np.float32)
    assert np.allclose(sparse.times(by_column), dense @ by_column)
    assert np.allclose(sparse.transposed_times(by_row), dense.T @ by_row)


LEARNED_EVIDENCE = NEW_EVIDENCE + """
  - id: learned-colleague
    learned: {model: tiny, label: colleague-conduct, threshold: 0.5}
"""
LAST_RESORT_RULE = NEW_RULE + """
  - id: resembles-colleague
    title: Reads like posts flagged for colleague conduct
    clause: respect-for-colleagues
    topic: colleague-conduct
    severity: review
    yields_to: [colleague-conduct]
    match: learned-colleague
    message: Reads like flagged posts; the words that weighed most were {words}.
    guidance: Read it again against {clause}.
"""


def _pack_with_model(tmp_path, weights: dict[str, tuple[float, ...]], rules: str = LAST_RESORT_RULE):
    root = minimal_pack(tmp_path, rules, LEARNED_EVIDENCE)
    LinearModel(("colleague-conduct",), (-2.0,), weights).save(root / "models" / "tiny.json")
    return root


def test_learned_evidence_flags_the_words_that_weighed_most(tmp_path):
    pack = load_pack(_pack_with_model(tmp_path, {"w:cake": (5.0,), "w:everyone": (0.5,), "w:for": (-1.0,)}))
    report = Checker(pack, "eastbrook").check("Leftover cake for everyone in the kitchen")
    (finding,) = report.findings
    assert finding.rule == "resembles-colleague" and finding.severity == "review"
    assert [s.text for s in finding.spans] == ["cake", "everyone"]
    assert "“cake”, “everyone”" in finding.message


def test_a_last_resort_rule_yields_when_another_rule_found_its_topic(tmp_path):
    pack = load_pack(_pack_with_model(tmp_path, {"w:sponge": (5.0,)}))
    report = Checker(pack, "eastbrook").check("My manager brought in a Victoria sponge again")
    assert [f.rule for f in report.findings] == ["cake-boast"]


def test_below_the_threshold_there_is_no_learned_evidence(tmp_path):
    pack = load_pack(_pack_with_model(tmp_path, {"w:cake": (1.0,)}))
    assert Checker(pack, "eastbrook").check("Leftover cake for everyone").findings == []


def test_learned_evidence_needs_a_model_and_label_that_exist(tmp_path):
    root = minimal_pack(tmp_path, LAST_RESORT_RULE, LEARNED_EVIDENCE)
    with pytest.raises(PackError) as missing:
        load_pack(root)
    assert "evidence/new.yaml: evidence 'learned-colleague': field 'learned.model': no models/tiny.json" in str(missing.value)
    LinearModel(("branding",), (0.0,), {}).save(root / "models" / "tiny.json")
    with pytest.raises(PackError, match=r"field 'learned.label': model 'tiny' has no label 'colleague-conduct'"):
        load_pack(root)


def test_a_model_that_counts_evidence_the_pack_no_longer_has_must_be_retrained(tmp_path):
    root = _pack_with_model(tmp_path, {"e:cake": (1.0,), "e:renamed-since": (2.0,)})
    with pytest.raises(PackError, match=r"tiny\.json: features name evidence the pack no longer has \(renamed-since\): retrain"):
        load_pack(root)


def test_rules_train_writes_a_model_with_what_it_was_trained_on(tmp_path):
    root = minimal_pack(tmp_path, NEW_RULE, NEW_EVIDENCE)
    corpus = tmp_path / "labelled.jsonl"
    posts = [{"text": f"my manager ate the cake again {i}", "expected": ["colleague-conduct"]} for i in range(6)]
    posts += [{"text": f"lovely walk by the river {i}", "expected": []} for i in range(6)]
    corpus.write_text("\n".join(json.dumps(p) for p in posts), encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "train", str(corpus), "--pack", str(root), "--name", "tiny"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    model = LinearModel.load(root / "models" / "tiny.json")
    assert "own-time-own-device" not in model.labels and "colleague-conduct" in model.labels
    assert model.about["trained_on"] == {"labelled.jsonl": 12, "rule examples": 6}
    trained_like = {"w:my", "w:manager", "w:ate", "w:the", "w:cake", "w:again", "e:cake", "e:colleague-ref"}
    assert model.scores(trained_like)[model.labels.index("colleague-conduct")] > 0.5


def test_a_last_resort_rule_may_yield_to_other_topics_too(tmp_path):
    """Here it yields to disrepute only, so a colleague rule's finding leaves it standing."""
    rules = LAST_RESORT_RULE.replace("yields_to: [colleague-conduct]", "yields_to: [disrepute]")
    pack = load_pack(_pack_with_model(tmp_path, {"w:sponge": (5.0,)}, rules))
    report = Checker(pack, "eastbrook").check("My manager brought in a Victoria sponge again")
    assert sorted(f.rule for f in report.findings) == ["cake-boast", "resembles-colleague"]
