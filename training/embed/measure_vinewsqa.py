"""Measurement only (never used for training, vocabulary or model selection): UIT-ViNewsQA dev questions ->
articles, in a pool of the 500 ViNewsQA dev articles + the held-out news articles of prepare.py as distractors.
Articles are cut into ~150-syllable passages like in training; an article's score is its best passage's score.
Every question is asked as written and with diacritics removed. Compares the static model with a BM25 baseline
(syllables + bigrams, accented and folded forms) and their reciprocal-rank fusion (k = 60, the static ranking
weighted 1, 0.5 or 0.3) or score fusion (BM25 divided by the query's best BM25, plus alpha * cosine).

    /usr/bin/python3 training/embed/measure_vinewsqa.py --weights /tmp/hoidap-embed/weights.npz
"""
import argparse
import json
import os
import unicodedata

import numpy as np

from evaluate import Evaluator
from vi_text import sentences, tokens

ap = argparse.ArgumentParser()
ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/datasets"))
ap.add_argument("--work", default="/tmp/hoidap-embed")
ap.add_argument("--weights", default="/tmp/hoidap-embed/weights.npz")
args = ap.parse_args()

d = np.load(os.path.join(args.work, "data.npz"))
vocab = json.load(open(os.path.join(args.work, "vocab.json"), encoding="utf-8"))["vocab"]
t2i = {w: i for i, w in enumerate(vocab)}
enc = lambda ts: np.array([t2i.get(t, 1) for t in ts], dtype=np.int64)


def fold_text(s):
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if not ("\u0300" <= c <= "\u036f")).replace("đ", "d").replace("Đ", "D")


ev = Evaluator(args.work, d)  # held-out news passages (distractors) already tokenized
passages = list(ev.passages)
pas_art = [f"news:{a}" for a in ev.pas_art]
qa_dir = os.path.join(args.data, "uit-vinewsqa")
for line in open(os.path.join(qa_dir, "dev.articles.jsonl"), encoding="utf-8"):
    a = json.loads(line)
    cur = []
    for s in sentences(a.get("body") or ""):
        cur += tokens(s)
        if len(cur) >= 150:
            passages.append(enc(cur[:256])); pas_art.append(a["id"]); cur = []
    if cur:
        passages.append(enc(cur)); pas_art.append(a["id"])
qs, qfs, qart = [], [], []
for line in open(os.path.join(qa_dir, "dev.questions.jsonl"), encoding="utf-8"):
    q = json.loads(line)
    qs.append(enc(tokens(q["question"]))); qfs.append(enc(tokens(fold_text(q["question"])))); qart.append(q["passage_id"])
ev.passages = passages
arts = sorted(set(pas_art))
a_idx = {a: i for i, a in enumerate(arts)}
pa = np.array([a_idx[a] for a in pas_art])
gold = np.array([a_idx[a] for a in qart])
print(f"{len(qs)} questions, pool {len(arts)} articles / {len(passages)} passages")


def article_scores(S):
    A = np.full((S.shape[0], len(arts)), -np.inf, dtype=np.float32)
    for j in range(S.shape[1]):
        A[:, pa[j]] = np.maximum(A[:, pa[j]], S[:, j])
    return A


def ranks(A):
    order = np.argsort(-A, axis=1)
    r = np.empty_like(order)
    r[np.arange(len(A))[:, None], order] = np.arange(A.shape[1])[None, :]
    return r  # rank of each article (0 = best)


def metrics(R):
    g = R[np.arange(len(R)), gold]
    return {"hit@1": (g < 1).mean(), "hit@5": (g < 5).mean(), "hit@10": (g < 10).mean(),
            "mrr@10": np.where(g < 10, 1 / (g + 1), 0).mean()}


W = np.load(args.weights)
P = ev.embed(W["U"], W["B"], passages)
rows = []
for tag, Q in (("as written", qs), ("no diacritics", qfs)):
    ev.q, ev.qf = Q, Q
    Av = article_scores(ev.embed(W["U"], W["B"], Q) @ P.T)
    Al = article_scores(ev.bm25_scores(Q))
    Rv, Rl = ranks(Av), ranks(Al)
    Aln = Al / np.maximum(Al.max(axis=1, keepdims=True), 1e-9)  # bm25 / best bm25 of the query, in [0, 1]
    Rh = ranks(1 / (60 + Rv) + 1 / (60 + Rl))
    Rh5 = ranks(0.5 / (60 + Rv) + 1 / (60 + Rl))
    Rh3 = ranks(0.3 / (60 + Rv) + 1 / (60 + Rl))
    for name, R in (("bm25", Rl), ("static", Rv), ("rrf(bm25, static)", Rh), ("rrf(bm25, 0.5*static)", Rh5),
                    ("rrf(bm25, 0.3*static)", Rh3), ("bm25/max + 0.5*cos", ranks(Aln + 0.5 * Av)),
                    ("bm25/max + 1.0*cos", ranks(Aln + Av))):
        m = metrics(R)
        rows.append((tag, name, m))
        print(f"{tag:14s} {name:22s} " + "  ".join(f"{k} {v:.3f}" for k, v in m.items()), flush=True)
