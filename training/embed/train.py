"""Step 2: contrastive training of the static syllable + bigram embedding tables.

    THREADS=1 /usr/bin/python3 training/embed/train.py --steps 2000 [--work /tmp/hoidap-embed] [--dim 128]

Self-supervised pairs from the news articles prepared by prepare.py (training articles only):
  title (or the folded URL slug) -> passage, sapo -> passage, inverse cloze (a sentence -> its passage
  without that sentence), span (5-20 words of a sentence, some dropped -> the passage containing it: close to
  a reader's question), passage -> another passage of the same article; some articles contribute a second span
  pair from another of their passages, so same-article passages are hard negatives; 40% of span / sentence
  queries get a generic question word ("gì", "bao nhiêu", "ở đâu", ...) so the model learns to ignore them;
  the query side is folded (diacritics removed) half of the time, the passage side sometimes.
In-batch negatives, symmetric InfoNCE, temperature 0.05. Deterministic for a fixed seed and --steps
(with --minutes, the step count depends on the machine's speed; the log prints the count to reproduce with --steps).
Writes $WORK/weights.npz (U, B tables) and prints held-out title -> passage retrieval after training.
"""
import argparse
import warnings
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from evaluate import Evaluator, encode_texts

warnings.filterwarnings("ignore", message="Sparse CSR tensor support")

ap = argparse.ArgumentParser()
ap.add_argument("--work", default="/tmp/hoidap-embed")
ap.add_argument("--dim", type=int, default=128)
ap.add_argument("--batch", type=int, default=1024)
ap.add_argument("--lr", type=float, default=0.02)
ap.add_argument("--temp", type=float, default=0.05)
ap.add_argument("--steps", type=int, default=0, help="fixed number of steps (0 = use --minutes)")
ap.add_argument("--minutes", type=float, default=40)
ap.add_argument("--stop-after", type=int, default=0, help="stop after this many steps (the lr schedule still spans --steps)")
ap.add_argument("--eval-every", type=int, default=1000)
ap.add_argument("--seed", type=int, default=20240601)
ap.add_argument("--mix", default="0.25,0.10,0.05,0.35,0.25", help="weights of pair kinds title,sapo,pp,span,ict")
ap.add_argument("--qwords", type=float, default=0.4, help="share of span/sentence queries given question words")
ap.add_argument("--hard", type=int, default=256, help="extra same-article span pairs per batch (hard negatives)")
ap.add_argument("--neighbors", type=float, default=0.0,
                help="share of each batch filled with BM25 neighbours of the other articles (mine_negatives.py)")
ap.add_argument("--out", default="weights.npz")
args = ap.parse_args()

torch.manual_seed(args.seed)
torch.set_num_threads(int(os.environ.get("THREADS", "1")))
rng = np.random.default_rng(args.seed)
d = np.load(os.path.join(args.work, "data.npz"))
toks, seg_off, art_rows, pas = d["toks"], d["seg_off"], d["art_rows"], d["pas"]
fold_map, bi_keys, bi_vals, NB = d["fold_map"], d["bi_keys"], d["bi_vals"], int(d["n_bi_rows"])
V = len(fold_map)
D = args.dim
MAXLEN = 256

# passages per article (training articles only)
train_pas = np.where(art_rows[pas[:, 0], 5] == 0)[0]
art_of = pas[train_pas, 0]
order = np.argsort(art_of, kind="stable")
train_pas, art_of = train_pas[order], art_of[order]
arts, first, count = np.unique(art_of, return_index=True, return_counts=True)
print(f"V={V} NB={NB} D={D}; {len(arts)} training articles, {len(train_pas)} passages", flush=True)

# one table: rows [0, V) syllables, rows [V, V + NB) bigrams (row V = "no bigram", kept at zero)
W = torch.empty(V + NB, D)
W.normal_(0, 0.1)  # random init (seeded)
W[V] = 0
M1 = torch.zeros_like(W)  # lazy Adam moments (only rows used in a step are updated)
M2 = torch.zeros_like(W)
B1, B2, EPS = 0.9, 0.999, 1e-8


def rng_range(a, b):
    return toks[seg_off[a]:seg_off[b]]


# Generic Vietnamese question words (not taken from any QA set): appended to some span / sentence queries so that
# the model learns to give them little weight, as readers' questions contain them and news passages rarely do.
import json as _json
_voc = {w: i for i, w in enumerate(_json.load(open(os.path.join(args.work, "vocab.json"), encoding="utf-8"))["vocab"])}
QWORDS = [np.array([_voc.get(w, 1) for w in q.split()], dtype=np.int32) for q in [
    "gì", "là gì", "cái gì", "điều gì", "những gì", "nào", "là ai", "ai", "ở đâu", "đâu", "bao nhiêu", "mấy",
    "bao giờ", "khi nào", "bao lâu", "vì sao", "tại sao", "như thế nào", "thế nào", "ra sao", "có phải",
    "không", "hay không", "có không", "được không", "nhằm mục đích gì", "do đâu", "bằng cách nào"]]


def add_question_words(q):
    w = QWORDS[rng.integers(len(QWORDS))]
    u = rng.random()
    if u < 0.6:
        return np.concatenate([q, w])
    if u < 0.8:
        return np.concatenate([w, q])
    k = int(rng.integers(len(q) + 1))
    return np.concatenate([q[:k], w, q[k:]])


MIX = dict(zip(["title", "sapo", "pp", "span", "ict"], map(float, args.mix.split(","))))
MIX_P = np.cumsum(list(MIX.values())) / sum(MIX.values())


def sample_pair(ai, kind=None, exclude=-1):
    """(query ids, passage ids, kind, passage index) for training article index ai (position in `arts`)."""
    a = arts[ai]
    r = art_rows[a]
    while True:
        pi = train_pas[first[ai] + rng.integers(count[ai])]
        if pi != exclude:
            break
    _, s0, s1 = pas[pi]
    p = rng_range(s0, s1)
    if kind is None:
        kind = list(MIX)[int(np.searchsorted(MIX_P, rng.random(), side="right"))]
    q = None
    if kind == "title":  # title, else the folded URL slug
        sg = r[0] if r[0] >= 0 else r[1]
        if sg >= 0:
            q = rng_range(sg, sg + 1)
    elif kind == "sapo":
        if r[2] >= 0:
            q = rng_range(r[2], r[2] + 1)
    elif kind == "pp":  # another passage of the same article
        if count[ai] > 1:
            pj = train_pas[first[ai] + rng.integers(count[ai])]
            if pj != pi:
                q = rng_range(pas[pj, 1], pas[pj, 2])
    elif kind == "span":  # a few words of one sentence, kept in the passage (like a reader's question)
        sn = s0 + rng.integers(s1 - s0)
        sent = rng_range(sn, sn + 1)
        L = int(rng.integers(5, 21))
        st = int(rng.integers(max(1, len(sent) - L + 1)))
        q = sent[st:st + L]
        if len(q) > 6:
            q = q[rng.random(len(q)) > 0.15]  # drop some words
    if q is None or len(q) == 0:  # inverse cloze task: a sentence -> its passage without it
        kind = "ict"
        if s1 - s0 >= 2:
            sn = s0 + rng.integers(s1 - s0)
            q = rng_range(sn, sn + 1)
            if rng.random() < 0.9:
                p = np.concatenate([rng_range(s0, sn), rng_range(sn + 1, s1)])
        else:
            q = p[: max(3, len(p) // 3)]
            p = p[len(q):] if len(p) > len(q) + 3 else p
    if len(q) > 64:  # long query (sentence / passage): random window
        st = rng.integers(len(q) - 63)
        q = q[st:st + 64]
    if kind in ("span", "ict") and rng.random() < args.qwords:
        q = add_question_words(q)
    if rng.random() < 0.5:
        q = fold_map[q]
    if rng.random() < 0.05:
        p = fold_map[p]
    return q[:MAXLEN], p[:MAXLEN], kind, pi


NEIGHBORS = None
if args.neighbors > 0:
    # neighbors.npy holds article rows; the batch works with positions in `arts` (training articles)
    pos_of = np.full(len(art_rows), -1, dtype=np.int64)
    pos_of[arts] = np.arange(len(arts))
    nb = np.load(os.path.join(args.work, "neighbors.npy"))[arts]
    NEIGHBORS = np.where(nb >= 0, pos_of[np.maximum(nb, 0)], -1)


def sample_articles():
    """Article positions for a batch: random ones, and with --neighbors, BM25 neighbours of some of them, so
    that the in-batch negatives include the articles BM25 confuses each one with."""
    if NEIGHBORS is None:
        return rng.choice(len(arts), size=args.batch, replace=False)
    seeds = rng.choice(len(arts), size=args.batch, replace=False)
    chosen, taken = [], set()
    want_pairs = int(args.batch * args.neighbors / 2)
    for ai in seeds:
        if len(chosen) >= args.batch:
            break
        if ai in taken:
            continue
        chosen.append(ai); taken.add(ai)
        if want_pairs > 0:
            options = [x for x in NEIGHBORS[ai] if x >= 0 and x not in taken]
            if options:
                x = options[int(rng.integers(len(options)))]
                chosen.append(x); taken.add(x); want_pairs -= 1
    return np.array(chosen[: args.batch])


def sample_batch():
    """One pair per sampled article, plus a second passage-specific (span) pair from another passage of some
    articles whose first pair is passage-specific too: same-article passages become hard negatives."""
    idx = sample_articles()
    pairs = [sample_pair(i) for i in idx]
    extra = []
    for i, (_, _, kind, pi) in zip(idx, pairs):
        if len(extra) >= args.hard:
            break
        if kind in ("span", "ict") and count[i] > 1:
            extra.append(sample_pair(i, "span", exclude=pi))
    pairs += extra
    return [x[0] for x in pairs], [x[1] for x in pairs]


def bags(seqs):
    """EmbeddingBag inputs for a list of id arrays: syllable rows + bigram rows, weights 1/len (mean pooling)."""
    return encode_texts(seqs, V, bi_keys, bi_vals)


ev = Evaluator(args.work, d)


def evaluate(tag):
    res = ev.run(W[:V].numpy(), W[V:].numpy())
    print(f"[{tag}] " + "  ".join(f"{k} {v:.3f}" for k, v in res.items()), flush=True)
    return res


def batch_matrices(qs, ps):
    """Rows used by the batch and the sparse (2*batch x rows) averaging matrix and its transpose (CSR)."""
    n = len(qs)
    qi, qo, qw = bags(qs)
    pi_, po, pw = bags(ps)
    allidx = torch.cat([qi, pi_])
    allw = torch.cat([qw, pw])
    txt = torch.cat([torch.repeat_interleave(torch.arange(n), torch.diff(torch.cat([qo, torch.tensor([len(qi)])]))),
                     n + torch.repeat_interleave(torch.arange(n), torch.diff(torch.cat([po, torch.tensor([len(pi_)])])))])
    uniq, inv = torch.unique(allidx, return_inverse=True)
    A = torch.sparse_coo_tensor(torch.stack([txt, inv]), allw, (2 * n, len(uniq))).coalesce()
    return uniq, A.to_sparse_csr(), A.t().coalesce().to_sparse_csr()


t0 = time.time()
step = 0
evaluate("init")
losses = []
total = args.steps
while True:
    if args.steps and step >= args.steps:
        break
    if args.stop_after and step >= args.stop_after:
        break
    if not args.steps and time.time() - t0 > args.minutes * 60:
        break
    qs, ps = sample_batch()
    n = len(qs)
    uniq, A, At = batch_matrices(qs, ps)
    sub = W[uniq]
    E = (A @ sub).requires_grad_(True)  # mean-pooled text vectors (the model is linear up to here)
    eq = F.normalize(E[:n], dim=-1)
    ep = F.normalize(E[n:], dim=-1)
    logits = eq @ ep.T / args.temp
    labels = torch.arange(n)
    loss = (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2
    loss.backward()
    G = At @ E.grad  # gradient for the used rows
    step += 1
    # lazy Adam, linear decay of the learning rate to 10% when the step count is fixed
    lr = args.lr * (1 - 0.9 * step / total) if total else args.lr
    m = M1[uniq].mul_(B1).add_(G, alpha=1 - B1)
    v = M2[uniq].mul_(B2).addcmul_(G, G, value=1 - B2)
    M1[uniq] = m
    M2[uniq] = v
    upd = (m / (1 - B1 ** step)) / ((v / (1 - B2 ** step)).sqrt_().add_(EPS))
    W[uniq] = sub - lr * upd
    W[V] = 0
    losses.append(loss.item())
    if step % 100 == 0:
        print(f"step {step} loss {np.mean(losses[-100:]):.4f} lr {lr:.4f} {time.time() - t0:.0f}s", flush=True)
    if step % args.eval_every == 0:
        evaluate(f"step {step}")
        np.savez(os.path.join(args.work, args.out), U=W[:V].numpy(), B=W[V:].numpy())
print(f"trained {step} steps in {time.time() - t0:.0f}s (reproduce with --steps {step})", flush=True)
evaluate("final")
np.savez(os.path.join(args.work, args.out), U=W[:V].numpy(), B=W[V:].numpy())
print("saved", os.path.join(args.work, args.out))
