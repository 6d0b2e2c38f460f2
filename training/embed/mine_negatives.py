"""Step 1b: BM25 neighbours of every training article, for hard-negative batches (train.py --neighbors).

    /usr/bin/python3 training/embed/mine_negatives.py [--work /tmp/hoidap-embed] [--k 8]

Why: in-batch negatives drawn at random are articles on other topics, which even word overlap tells
apart. The retriever fuses the model with BM25, so what the model must learn is to rank the right
article among the ones BM25 confuses it with. Each training article's title is searched with BM25
(syllables, rare terms only: a term in more than 2% of passages barely moves BM25's top list) over
the passages of the other training articles; the first K distinct articles are its neighbours. train.py
puts articles and their neighbours in the same batch.

Needs python3-scipy (Debian package) besides the packages of run.sh. Writes $WORK/neighbors.npy:
int64 [articles, K], -1 where an article has fewer neighbours (or is held out).
"""
import argparse
import os
import time

import numpy as np
import scipy.sparse as sp

ap = argparse.ArgumentParser()
ap.add_argument("--work", default="/tmp/hoidap-embed")
ap.add_argument("--k", type=int, default=8)
ap.add_argument("--max-df", type=float, default=0.02, help="terms in a larger share of passages are not searched")
ap.add_argument("--chunk", type=int, default=2000)
args = ap.parse_args()

t0 = time.time()
d = np.load(os.path.join(args.work, "data.npz"))
toks, seg_off, art_rows, pas = d["toks"], d["seg_off"], d["art_rows"], d["pas"]
V = len(d["fold_map"])
train = np.where(art_rows[pas[:, 0], 5] == 0)[0]
p_art = pas[train, 0]
n_p = len(train)

# term-passage counts, one row per training passage
rows, cols = [], []
lens = np.zeros(n_p, dtype=np.float32)
for i, (_, s0, s1) in enumerate(pas[train]):
    ids = toks[seg_off[s0]:seg_off[s1]]
    lens[i] = len(ids)
    rows.append(np.full(len(ids), i, dtype=np.int64))
    cols.append(ids.astype(np.int64))
tf = sp.csr_matrix((np.ones(sum(len(c) for c in cols), dtype=np.float32), (np.concatenate(rows), np.concatenate(cols))), shape=(n_p, V))
tf.sum_duplicates()
df = np.bincount(tf.indices, minlength=V).astype(np.float32)
idf = np.log(1 + (n_p - df + 0.5) / (df + 0.5)).astype(np.float32)
k1, b = 1.2, 0.75
norm = k1 * (1 - b + b * lens / lens.mean())
rep = np.repeat(norm, np.diff(tf.indptr))
bm = tf.copy()
bm.data = idf[bm.indices] * bm.data * (k1 + 1) / (bm.data + rep)
searchable = df <= args.max_df * n_p
bm_t = bm.T.tocsr()  # V x passages
print(f"{n_p} passages, {int(searchable.sum())} of {V} terms searchable; {time.time() - t0:.0f}s", flush=True)

# one title query per training article (else the slug, else the sapo)
arts = np.unique(p_art)
q_rows, q_cols = [], []
for qi, a in enumerate(arts):
    r = art_rows[a]
    sg = r[0] if r[0] >= 0 else (r[1] if r[1] >= 0 else r[2])
    ids = np.unique(toks[seg_off[sg]:seg_off[sg + 1]]) if sg >= 0 else np.array([], dtype=np.int64)
    ids = ids[searchable[ids]]
    q_rows.append(np.full(len(ids), qi, dtype=np.int64))
    q_cols.append(ids.astype(np.int64))
Q = sp.csr_matrix((np.ones(sum(len(c) for c in q_cols), dtype=np.float32), (np.concatenate(q_rows), np.concatenate(q_cols))), shape=(len(arts), V))

neighbors = np.full((len(art_rows), args.k), -1, dtype=np.int64)
found = 0
for start in range(0, len(arts), args.chunk):
    S = (Q[start:start + args.chunk] @ bm_t).tocsr()
    for i in range(S.shape[0]):
        lo, hi = S.indptr[i], S.indptr[i + 1]
        if hi == lo:
            continue
        top = S.indices[lo:hi][np.argsort(-S.data[lo:hi], kind="stable")[: 8 * args.k]]
        own = arts[start + i]
        seen = []
        for a in p_art[top]:
            if a != own and a not in seen:
                seen.append(a)
                if len(seen) == args.k:
                    break
        neighbors[own, : len(seen)] = seen
        found += len(seen) > 0
    print(f"{min(start + args.chunk, len(arts))}/{len(arts)} queries; {time.time() - t0:.0f}s", flush=True)
np.save(os.path.join(args.work, "neighbors.npy"), neighbors)
print(f"neighbours for {found} of {len(arts)} training articles -> {os.path.join(args.work, 'neighbors.npy')}; {time.time() - t0:.0f}s")
