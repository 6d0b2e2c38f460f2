"""Held-out self-check: article titles -> passages of held-out news articles (never trained on).

Queries: titles (or folded URL slugs) of the held-out articles, as written and with diacritics removed;
and a question-like probe: 12 consecutive words of one passage of each held-out article ("span").
Pool: all passages of the held-out articles. A hit = a passage of the query's article.
Reports hit@1, hit@10, mrr@10 for the static model, and the same for a BM25 baseline over
syllables + bigrams (accented and folded forms), computed once.

    /usr/bin/python3 training/embed/evaluate.py --weights /tmp/hoidap-embed/weights.npz
"""
import argparse
import os
from collections import Counter

import numpy as np
import torch


def encode_texts(seqs, V, bi_keys, bi_vals):
    """Flat EmbeddingBag inputs (indices, offsets, weights) reproducing the ONNX graph + mean pooling:
    vector = (sum_t U[id_t] + sum_t B[bigram(id_t, id_t+1)]) / len."""
    lens = np.array([len(s) for s in seqs])
    lens[lens == 0] = 1
    cat = np.concatenate([np.asarray(s, dtype=np.int64) if len(s) else np.array([1], np.int64) for s in seqs])
    ends = np.cumsum(lens)
    starts = ends - lens
    keys = np.full(len(cat), -1, dtype=np.int64)
    keys[:-1] = cat[:-1] * V + cat[1:]
    keys[ends - 1] = -1
    pos = np.searchsorted(bi_keys, keys)
    pos[pos >= len(bi_keys)] = 0
    brow = np.where(bi_keys[pos] == keys, bi_vals[pos], 0)
    text_of = np.repeat(np.arange(len(seqs)), lens)
    w = 1.0 / lens[text_of]
    has = brow > 0
    idx = np.concatenate([cat, V + brow[has]])
    txt = np.concatenate([text_of, text_of[has]])
    ww = np.concatenate([w, w[has]])
    o = np.argsort(txt, kind="stable")
    offsets = np.concatenate([[0], np.cumsum(np.bincount(txt, minlength=len(seqs)))[:-1]])
    return (torch.from_numpy(idx[o]), torch.from_numpy(offsets), torch.from_numpy(ww[o].astype(np.float32)))


class Evaluator:
    def __init__(self, work, d, max_queries=1500):
        self.d = d
        toks, seg_off, art_rows, pas = d["toks"], d["seg_off"], d["art_rows"], d["pas"]
        self.V = len(d["fold_map"])
        held = np.where(art_rows[pas[:, 0], 5] == 1)[0]
        self.pas_art = pas[held, 0]
        self.passages = [toks[seg_off[s0]:seg_off[s1]][:256] for _, s0, s1 in pas[held]]
        q, qa = [], []
        for a in np.unique(self.pas_art):
            r = art_rows[a]
            sg = r[0] if r[0] >= 0 else r[1]
            if sg >= 0:
                q.append(toks[seg_off[sg]:seg_off[sg + 1]]); qa.append(a)
        self.q, self.qa = q[:max_queries], np.array(qa[:max_queries])
        self.qf = [d["fold_map"][x] for x in self.q]
        # question-like probe: 12 consecutive words from a random passage of each held-out article (seeded)
        r = np.random.default_rng(7)
        by_art = {}
        for j, a in enumerate(self.pas_art):
            by_art.setdefault(a, []).append(j)
        self.sq, self.sqa = [], []
        for a in self.qa:
            p = self.passages[by_art[a][r.integers(len(by_art[a]))]]
            st = r.integers(max(1, len(p) - 11))
            self.sq.append(p[st:st + 12]); self.sqa.append(a)
        self.sqa = np.array(self.sqa)
        self.sqf = [d["fold_map"][x] for x in self.sq]
        self.bm25 = None

    def _metrics(self, S, tag, qa=None):
        qa = self.qa if qa is None else qa
        top = np.argsort(-S, axis=1)[:, :10]
        hit = self.pas_art[top] == qa[:, None]
        first = np.where(hit.any(1), hit.argmax(1), 99)
        return {f"{tag}hit@1": float((first == 0).mean()), f"{tag}hit@10": float((first < 10).mean()),
                f"{tag}mrr@10": float(np.where(first < 10, 1.0 / (first + 1), 0).mean())}

    def embed(self, U, B, seqs):
        W = torch.from_numpy(np.concatenate([U, B]).astype(np.float32))
        out = []
        for i in range(0, len(seqs), 2048):
            ii, oo, ww = encode_texts(seqs[i:i + 2048], self.V, self.d["bi_keys"], self.d["bi_vals"])
            out.append(torch.nn.functional.embedding_bag(ii, W, oo, mode="sum", per_sample_weights=ww).numpy())
        E = np.concatenate(out)
        return E / np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-9)

    def run(self, U, B):
        P = self.embed(U, B, self.passages)
        res = {}
        res.update(self._metrics(self.embed(U, B, self.q) @ P.T, "acc_"))
        res.update(self._metrics(self.embed(U, B, self.qf) @ P.T, "fold_"))
        res.update(self._metrics(self.embed(U, B, self.sq) @ P.T, "span_", self.sqa))
        res.update(self._metrics(self.embed(U, B, self.sqf) @ P.T, "spanfold_", self.sqa))
        return res

    def bm25_scores(self, qs):
        """BM25 (k1 1.2, b 0.75) over syllables + syllable bigrams, passages indexed accented + folded."""
        self._bm25_index()
        col, idf, Dm = self._bm25
        rows, cols, vals = [], [], []
        for i, q in enumerate(qs):
            for t in set(self._terms(q)):
                c = col.get(t)
                if c is not None:
                    rows.append(i); cols.append(c); vals.append(idf[c])
        Q = torch.sparse_coo_tensor(torch.tensor([rows, cols], dtype=torch.int64).reshape(2, -1),
                                    torch.tensor(vals, dtype=torch.float32), (len(qs), len(col)))
        return torch.sparse.mm(Q, Dm).to_dense().numpy()

    @staticmethod
    def _terms(x):
        x = list(map(int, x))
        return x + [a * 1_000_003 + b for a, b in zip(x, x[1:])]

    def _bm25_index(self):
        if self.bm25 is self.passages:
            return
        fm = self.d["fold_map"]
        docs = [Counter(self._terms(p)) + Counter(self._terms(fm[p])) for p in self.passages]
        N = len(docs)
        avg = sum(sum(c.values()) for c in docs) / N
        col, df = {}, []
        rows, cols, vals = [], [], []
        for j, c in enumerate(docs):
            L = sum(c.values())
            for t, f in c.items():
                k = col.get(t)
                if k is None:
                    k = col[t] = len(col); df.append(0)
                df[k] += 1
                rows.append(k); cols.append(j); vals.append(f * 2.2 / (f + 1.2 * (0.25 + 0.75 * L / avg)))
        df = np.array(df, dtype=np.float64)
        idf = np.log(1 + (N - df + 0.5) / (df + 0.5)).astype(np.float32)
        Dm = torch.sparse_coo_tensor(torch.tensor([rows, cols]), torch.tensor(vals, dtype=torch.float32),
                                     (len(col), N)).coalesce()
        self.bm25 = self.passages
        self._bm25 = (col, idf, Dm)

    def run_bm25(self):
        res = {}
        for tag, qs, qa in (("acc_", self.q, None), ("fold_", self.qf, None), ("span_", self.sq, self.sqa),
                            ("spanfold_", self.sqf, self.sqa)):
            res.update(self._metrics(self.bm25_scores(qs), tag, qa))
        return res


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="/tmp/hoidap-embed")
    ap.add_argument("--weights", default="/tmp/hoidap-embed/weights.npz")
    ap.add_argument("--bm25", action="store_true")
    ap.add_argument("--int8", action="store_true", help="score the int8 per-row quantized tables (as exported)")
    args = ap.parse_args()
    d = np.load(os.path.join(args.work, "data.npz"))
    ev = Evaluator(args.work, d)
    print(f"{len(ev.q)} queries, {len(ev.passages)} passages")
    if args.bm25:
        print("bm25   ", "  ".join(f"{k} {v:.3f}" for k, v in ev.run_bm25().items()))
    W = np.load(args.weights)
    U, B = W["U"], W["B"].copy()
    B[0] = 0
    if args.int8:
        def q8(M):
            s = np.abs(M).max(axis=1, keepdims=True) / 127.0
            s[s == 0] = 1.0
            return np.clip(np.round(M / s), -127, 127) * s
        U, B = q8(U), q8(B)
    print("static ", "  ".join(f"{k} {v:.3f}" for k, v in ev.run(U, B).items()))
