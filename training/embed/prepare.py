"""Step 1: read the news text, normalize + tokenize it, build the vocabulary, encode everything to ids.

Reads ONLY news-baomoi/articles.jsonl and news-dantri-unc/articles.jsonl (never the QA sets).
Writes intermediate files to $WORK (default /tmp/hoidap-embed), nothing into the repository.

    /usr/bin/python3 training/embed/prepare.py [--data ../shared/datasets] [--work /tmp/hoidap-embed]
"""
import argparse
import json
import os
import time
import zlib
from collections import Counter
from multiprocessing import Pool

import numpy as np

from vi_text import fold, sentences, tokens

ap = argparse.ArgumentParser()
ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/datasets"))
ap.add_argument("--work", default="/tmp/hoidap-embed")
ap.add_argument("--uni-max", type=int, default=60000, help="max unigram vocabulary (accented + folded)")
ap.add_argument("--uni-min", type=int, default=3)
ap.add_argument("--bi-max", type=int, default=100000, help="max accented bigram rows")
ap.add_argument("--bi-min", type=int, default=5)
ap.add_argument("--passage-len", type=int, default=150, help="target passage length in tokens")
ap.add_argument("--heldout-mod", type=int, default=25, help="articles with crc32(id) %% mod == 0 are held out")
args = ap.parse_args()
os.makedirs(args.work, exist_ok=True)
t0 = time.time()

FILES = ["news-baomoi/articles.jsonl", "news-dantri-unc/articles.jsonl"]


def process(line):
    d = json.loads(line)
    title = tokens(d["title"]) if d.get("title") else []
    slug = tokens(d["title_from_url_slug"]) if (not title and d.get("title_from_url_slug")) else []
    sapo = tokens(d["sapo"]) if d.get("sapo") else []
    sents = [t for t in (tokens(s) for s in sentences(d.get("body") or "")) if t]
    return d["id"], title, slug, sapo, sents


lines = []
for f in FILES:
    with open(os.path.join(args.data, f), encoding="utf-8") as fh:
        lines.extend(fh)
with Pool(2) as pool:
    arts = pool.map(process, lines, chunksize=200)
del lines
print(f"tokenized {len(arts)} articles in {time.time() - t0:.0f}s", flush=True)

heldout = np.array([zlib.crc32(a[0].encode()) % args.heldout_mod == 0 for a in arts])

# ---- unigram vocabulary: accented forms + folded forms, counted on training articles only
cnt = Counter()
for a, h in zip(arts, heldout):
    if h:
        continue
    cnt.update(a[1]); cnt.update(a[2]); cnt.update(a[3])
    for s in a[4]:
        cnt.update(s)
fcnt = Counter()
for w, c in cnt.items():
    fcnt[fold(w)] += c
merged = Counter(cnt)
for w, c in fcnt.items():  # folded forms count as often as all their accented sources
    merged[w] = max(merged[w], c)
cands = [w for w, c in merged.most_common() if c >= args.uni_min and len(w) <= 30]
vocab = ["[PAD]", "[UNK]"] + cands[: args.uni_max - 2]
V = len(vocab)
tok2id = {w: i for i, w in enumerate(vocab)}
fold_map = np.array([tok2id.get(fold(w), 1) if i >= 2 else i for i, w in enumerate(vocab)], dtype=np.int32)
tot = sum(cnt.values())
cov = sum(c for w, c in cnt.items() if w in tok2id) / tot
print(f"vocab {V} (candidates {len(cands)}), token coverage {cov:.4f}, {time.time() - t0:.0f}s", flush=True)


def enc(ts):
    return np.array([tok2id.get(t, 1) for t in ts], dtype=np.int32)


# ---- flatten: segments (title/slug/sapo/sentences) into one token array
seg_tok = []
seg_off = [0]
art_rows = []  # per article: title_seg, slug_seg, sapo_seg, first_sent_seg, n_sents, heldout
for a, h in zip(arts, heldout):
    row = []
    for part in (a[1], a[2], a[3]):
        if part:
            seg_tok.append(enc(part)); seg_off.append(seg_off[-1] + len(part)); row.append(len(seg_off) - 2)
        else:
            row.append(-1)
    row.append(len(seg_off) - 1)
    for s in a[4]:
        seg_tok.append(enc(s)); seg_off.append(seg_off[-1] + len(s))
    row += [len(a[4]), int(h)]
    art_rows.append(row)
toks = np.concatenate(seg_tok).astype(np.int32)
seg_off = np.array(seg_off, dtype=np.int64)
art_rows = np.array(art_rows, dtype=np.int64)
ids = [a[0] for a in arts]
del seg_tok

# ---- passages: greedy runs of whole sentences, ~passage-len tokens (like the service's chunker)
pas = []  # (article, first_seg, end_seg)
for ai, r in enumerate(art_rows):
    s0, n = r[3], r[4]
    cur, ln = s0, 0
    for s in range(s0, s0 + n):
        L = seg_off[s + 1] - seg_off[s]
        if ln > 0 and ln + L > args.passage_len * 1.3:
            pas.append((ai, cur, s)); cur, ln = s, 0
        ln += L
        if ln >= args.passage_len:
            pas.append((ai, cur, s + 1)); cur, ln = s + 1, 0
    if ln > 0:
        if ln < 40 and pas and pas[-1][0] == ai and pas[-1][2] == cur:
            pas[-1] = (ai, pas[-1][1], s0 + n)  # glue a short tail onto the previous passage
        else:
            pas.append((ai, cur, s0 + n))
pas = np.array(pas, dtype=np.int64)
print(f"{len(toks)} tokens, {len(seg_off) - 1} segments, {len(pas)} passages, heldout articles {heldout.sum()}", flush=True)


# ---- bigram table: frequent consecutive pairs in the token stream (same order as the ONNX graph sees them)
def stream_keys():
    ks = []
    for r in art_rows[art_rows[:, 5] == 0]:
        for sg in r[:3]:
            if sg >= 0:
                x = toks[seg_off[sg]:seg_off[sg + 1]].astype(np.int64)
                ks.append(x[:-1] * V + x[1:])
        x = toks[seg_off[r[3]]:seg_off[r[3] + r[4]]].astype(np.int64)
        ks.append(x[:-1] * V + x[1:])
    k = np.concatenate(ks)
    a, b = k // V, k % V
    return k[(a >= 2) & (b >= 2)]


keys = stream_keys()
uk, uc = np.unique(keys, return_counts=True)
order = np.argsort(-uc, kind="stable")
uk, uc = uk[order], uc[order]
keep = uc >= args.bi_min
uk, uc = uk[keep][: args.bi_max], uc[keep][: args.bi_max]
print(f"bigram rows {len(uk)} (min count {uc[-1]}), covering {uc.sum() / len(keys):.3f} of bigram occurrences", flush=True)
# folded bigram keys share the row of their most frequent accented source (unless they are a row themselves)
fk = fold_map[uk // V].astype(np.int64) * V + fold_map[uk % V]
bi_keys = {int(k): i + 1 for i, k in enumerate(uk)}  # row 0 = "no bigram" (zero vector)
nfold = 0
for k, i in zip(fk.tolist(), range(1, len(uk) + 1)):
    if k not in bi_keys and (k // V) >= 2 and (k % V) >= 2:
        bi_keys[k] = i; nfold += 1
bk = np.array(sorted(bi_keys), dtype=np.int64)
bv = np.array([bi_keys[k] for k in bk.tolist()], dtype=np.int64)
print(f"bigram keys {len(bk)} ({nfold} folded aliases)", flush=True)

np.savez(os.path.join(args.work, "data.npz"), toks=toks, seg_off=seg_off, art_rows=art_rows, pas=pas,
         fold_map=fold_map, bi_keys=bk, bi_vals=bv, n_bi_rows=np.array(len(uk) + 1))
with open(os.path.join(args.work, "vocab.json"), "w", encoding="utf-8") as fh:
    json.dump({"vocab": vocab, "article_ids": ids}, fh, ensure_ascii=False)
print(f"done in {time.time() - t0:.0f}s", flush=True)
