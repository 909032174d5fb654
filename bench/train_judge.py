"""Train, evaluate and calibrate the pair judge (src/storycheck/steps/judge.py).

    python bench/train_judge.py            # held-out tables only
    python bench/train_judge.py --write    # also write src/storycheck/steps/judge_weights.json

Two logistic models over the judge's features:
- P(same proposition) on MRPC-train (news sentence pairs from different
  outlets, labelled same meaning or not): scored by 10-fold cross-validation;
- P(same frame) on ECB+ and MEANTIME cross-document event coreference
  (sentences that mention one event against sentences that mention a
  look-alike event of the same topic): scored on topics never trained on
  (trained on one fold of topics, tested on the other: ECB+ odd/even topics), with the value-clash
  features left out.
Baselines in the same run: always "same", TF-IDF cosine and embedding cosine,
each with its threshold fitted on the training folds. Thresholds that ship are
the ones that maximise accuracy on the training data; figures printed are
held out. Data is read in place from ../shared/data (see pair_data.py); only
the fitted numbers are written.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).parent))
from pair_data import ecb_pairs, meantime_pairs, mrpc_pairs, topic_folds  # noqa: E402

from storycheck.steps.align import claim_terms, content_stems, cosine, tfidf_vectors  # noqa: E402
from storycheck.steps.analyse import claims_from_texts  # noqa: E402
from storycheck.steps.embed import SentenceEncoder  # noqa: E402
from storycheck.steps.judge import FEATURES, JudgeModel, PairJudge, value_blind  # noqa: E402
from storycheck.steps.nlp import TextParser  # noqa: E402

WEIGHTS = Path(__file__).parents[1] / "src" / "storycheck" / "steps" / "judge_weights.json"
REGULARISATION = 1.0  # inverse L2 strength (scikit-learn's C); the default, not tuned


def featurise(pairs, parser, encoder):
    """Judge features, embedding cosine and TF-IDF cosine of every pair."""
    texts = list(dict.fromkeys(t for p in pairs for t in (p.text_a, p.text_b)))
    claims = dict(zip(texts, claims_from_texts(texts, parser)))
    vectors = dict(zip(texts, encoder.encode(texts)))
    df = Counter(s for t in texts for s in set(content_stems(t)))
    idf = {s: math.log((len(texts) + 1) / (c + 1)) + 1.0 for s, c in df.items()}
    tfidf, _ = tfidf_vectors([claim_terms(claims[t]) for t in texts])
    lexical = dict(zip(texts, tfidf))
    judge = PairJudge(None)
    embedding = np.array([float(vectors[p.text_a] @ vectors[p.text_b]) for p in pairs])
    features = judge.features([(claims[p.text_a], claims[p.text_b]) for p in pairs],
                              embedding, idf)
    tfidf_cos = np.array([cosine(lexical[p.text_a], lexical[p.text_b]) for p in pairs])
    labels = np.array([p.label for p in pairs])
    return features, embedding, tfidf_cos, labels


def fit(features: np.ndarray, labels: np.ndarray) -> np.ndarray:
    model = LogisticRegression(C=REGULARISATION, max_iter=5000, fit_intercept=False)
    return model.fit(features, labels).coef_[0]


def probability(features: np.ndarray, weights: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(features @ weights)))


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    candidates = np.unique(np.round(scores, 3))
    accuracy = [((scores >= t) == labels).mean() for t in candidates]
    return float(candidates[int(np.argmax(accuracy))])


def accuracy_f1(predicted: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    tp = int(((predicted == 1) & (labels == 1)).sum())
    precision, recall = tp / max(int(predicted.sum()), 1), tp / max(int(labels.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float((predicted == labels).mean()), f1


def held_out_scores(train, test, blind: bool):
    """Accuracy and F1 on ``test`` for the judge and the baselines fitted on ``train``."""
    (xf, xe, xt, y), (tf, te, tt, ty) = train, test
    if blind:
        xf, tf = value_blind(xf), value_blind(tf)
    weights = fit(xf, y)
    rows = {"always same": accuracy_f1(np.ones_like(ty), ty)}
    for name, fitted, scored in (("TF-IDF cosine", xt, tt), ("embedding cosine", xe, te),
                                 ("storycheck judge", probability(xf, weights),
                                  probability(tf, weights))):
        threshold = best_threshold(fitted, y)
        rows[name] = accuracy_f1((scored >= threshold).astype(int), ty)
    return rows


def subset(data, mask):
    return tuple(part[mask] for part in data)


def print_table(title: str, rows: dict[str, tuple[float, float]]) -> None:
    print(f"\n{title}\n| system | accuracy | F1 |\n|---|---|---|")
    for name, (acc, f1) in rows.items():
        print(f"| {name} | {acc:.3f} | {f1:.3f} |")


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--write", action="store_true", help="write the packaged weights")
    write = args.parse_args().write
    mrpc, events = mrpc_pairs(), ecb_pairs() + meantime_pairs()
    if not mrpc or not events:
        print("skipped: ../shared/data (mrpc-train, ecbplus, meantime) not found")
        return
    parser, encoder = TextParser.load(), SentenceEncoder.load()
    paraphrase = featurise(mrpc, parser, encoder)
    event = featurise(events, parser, encoder)

    folds, y = [], paraphrase[3]
    for train, test in StratifiedKFold(10, shuffle=True, random_state=0).split(y, y):
        folds.append(held_out_scores(subset(paraphrase, train), subset(paraphrase, test), False))
    print_table(f"MRPC-train, same meaning (10-fold cross-validation, {len(y)} pairs)",
                {name: tuple(np.mean([f[name] for f in folds], axis=0)) for name in folds[0]})

    folds = {}
    for source in {p.source for p in events}:
        folds.update(topic_folds({p.group for p in events if p.source == source}))
    odd = np.array([folds[p.group] == 1 for p in events])
    rows = held_out_scores(subset(event, odd), subset(event, ~odd), True)
    print_table(f"ECB+ and MEANTIME, same event vs look-alike (trained on one fold of topics, "
                f"scored on {int((~odd).sum())} pairs of the other)", rows)
    look_alike = np.array([p.kind == "look-alike" for p in events]) & ~odd
    weights = fit(value_blind(subset(event, odd)[0]), event[3][odd])
    threshold = best_threshold(probability(value_blind(event[0][odd]), weights), event[3][odd])
    kept_apart = (probability(value_blind(event[0][look_alike]), weights) < threshold).mean()
    print(f"\nlook-alike event pairs kept apart (held-out topics): {kept_apart:.3f} "
          f"of {int(look_alike.sum())}")

    if write:
        same_weights = fit(paraphrase[0], paraphrase[3])
        frame_weights = fit(value_blind(event[0]), event[3])
        same_topic = np.array([p.kind != "other-topic" for p in events])
        model = JudgeModel(
            same_weights, frame_weights,
            best_threshold(probability(paraphrase[0], same_weights), paraphrase[3]),
            best_threshold(probability(value_blind(event[0]), frame_weights), event[3]),
            best_threshold(event[1], same_topic.astype(int)),
            "same: MRPC-train; frame: ECB+ and MEANTIME event coreference")
        WEIGHTS.write_text(json.dumps(model.to_dict(), indent=1) + "\n")
        print(f"\nwrote {WEIGHTS}")


if __name__ == "__main__":
    main()
