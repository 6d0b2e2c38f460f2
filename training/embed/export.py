"""Step 3: export trained weights to the transformers.js layout under models/hoidap-vi-static/.

    /usr/bin/python3 training/embed/export.py --weights /tmp/hoidap-embed/weights.npz [--out models/hoidap-vi-static]

Graph (opset 14 + ai.onnx.ml 2), inputs input_ids/attention_mask int64 [batch, seq], output
last_hidden_state float32 [batch, seq, dim]:
    tok[b, t] = U[id_t] + B[bigram(id_t, id_t+1)]
    out[b, t] = sum_t' mask[b, t'] tok[b, t'] / sum_t' mask[b, t']   (same sentence vector at every position)
U = syllable table, B = syllable-bigram table (row 0 = zero: no bigram / unknown pair / last token / padding),
bigram(a, b) = LabelEncoder(a * V + b) over the exact table of frequent bigram keys (folded keys alias their
accented row). Tables are stored int8 with one fp32 scale per row and dequantized in the graph.
The pooled vector is repeated at every position, so the pipeline's pooling 'mean' gives it unchanged and pooling
'cls' gives it too, skipping the JS pooling loop (3-4x slower than the whole model); then L2-normalize.
"""
import argparse
import json
import os
import unicodedata

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from vi_text import SHAPED, TOKEN_PATTERN_JS, TONES, VOWELS, retone

ap = argparse.ArgumentParser()
ap.add_argument("--weights", default="/tmp/hoidap-embed/weights.npz")
ap.add_argument("--work", default="/tmp/hoidap-embed")
ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "../../models/hoidap-vi-static"))
ap.add_argument("--max-length", type=int, default=512)
args = ap.parse_args()

data = np.load(os.path.join(args.work, "data.npz"))
vocab = json.load(open(os.path.join(args.work, "vocab.json"), encoding="utf-8"))["vocab"]
W = np.load(args.weights)
U, B = W["U"].astype(np.float32), W["B"].astype(np.float32)
V, D = U.shape
assert len(vocab) == V and B.shape[0] == int(data["n_bi_rows"])
B[0] = 0.0
os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)


def q8(M):
    s = np.abs(M).max(axis=1, keepdims=True) / 127.0
    s[s == 0] = 1.0
    return np.clip(np.round(M / s), -127, 127).astype(np.int8), s.astype(np.float32)


Uq, Us = q8(U)
Bq, Bs = q8(B)
print("int8 max abs err U", float(np.abs(Uq * Us - U).max()), "B", float(np.abs(Bq * Bs - B).max()))

I64 = TensorProto.INT64
init = [
    numpy_helper.from_array(Uq, "U_q"), numpy_helper.from_array(Us, "U_scale"),
    numpy_helper.from_array(Bq, "B_q"), numpy_helper.from_array(Bs, "B_scale"),
    numpy_helper.from_array(np.array([V], np.int64), "V"),
    numpy_helper.from_array(np.array([1], np.int64), "one"),
    numpy_helper.from_array(np.array([2**62], np.int64), "big"),
    numpy_helper.from_array(np.array([-1], np.int64), "minus1"),
    numpy_helper.from_array(np.array([0, 0, 0, 1], np.int64), "pads"),
    numpy_helper.from_array(np.array(0, np.int64), "zero"),
    numpy_helper.from_array(np.array([2], np.int64), "axis2"),
    numpy_helper.from_array(np.array(1.0, np.float32), "one_f"),
    numpy_helper.from_array(np.eye(1, D, dtype=np.float32)[0] * 1e-6, "eps_vec"),
]
nodes = [
    # syllable part
    helper.make_node("Gather", ["U_q", "input_ids"], ["u_q"]),
    helper.make_node("Cast", ["u_q"], ["u_f"], to=TensorProto.FLOAT),
    helper.make_node("Gather", ["U_scale", "input_ids"], ["u_s"]),
    helper.make_node("Mul", ["u_f", "u_s"], ["u"]),
    # next token id / mask (shifted left by one, padded with 0)
    helper.make_node("Slice", ["input_ids", "one", "big", "one"], ["ids_next0"]),
    helper.make_node("Pad", ["ids_next0", "pads", "zero"], ["ids_next"], mode="constant"),
    helper.make_node("Slice", ["attention_mask", "one", "big", "one"], ["mask_next0"]),
    helper.make_node("Pad", ["mask_next0", "pads", "zero"], ["mask_next"], mode="constant"),
    helper.make_node("Mul", ["attention_mask", "mask_next"], ["both"]),
    helper.make_node("Cast", ["both"], ["both_b"], to=TensorProto.BOOL),
    helper.make_node("Mul", ["input_ids", "V"], ["ids_v"]),
    helper.make_node("Add", ["ids_v", "ids_next"], ["key0"]),
    helper.make_node("Where", ["both_b", "key0", "minus1"], ["key"]),
    helper.make_node("LabelEncoder", ["key"], ["bidx"], domain="ai.onnx.ml",
                     keys_int64s=data["bi_keys"].tolist(), values_int64s=data["bi_vals"].tolist(), default_int64=0),
    # bigram part
    helper.make_node("Gather", ["B_q", "bidx"], ["b_q"]),
    helper.make_node("Cast", ["b_q"], ["b_f"], to=TensorProto.FLOAT),
    helper.make_node("Gather", ["B_scale", "bidx"], ["b_s"]),
    helper.make_node("Mul", ["b_f", "b_s"], ["b"]),
    helper.make_node("Add", ["u", "b"], ["tok"]),
    # masked mean over the sequence, broadcast back to every position: the pipeline's pooling 'mean' then returns
    # exactly this vector, and pooling 'cls' / 'first_token' returns it without the costly JS pooling loop
    helper.make_node("Cast", ["attention_mask"], ["mask_f0"], to=TensorProto.FLOAT),
    helper.make_node("Unsqueeze", ["mask_f0", "axis2"], ["mask_f"]),
    helper.make_node("Mul", ["tok", "mask_f"], ["tok_m"]),
    helper.make_node("ReduceSum", ["tok_m", "one"], ["sum"], keepdims=1),
    helper.make_node("ReduceSum", ["mask_f", "one"], ["cnt0"], keepdims=1),
    helper.make_node("Max", ["cnt0", "one_f"], ["cnt"]),
    helper.make_node("Div", ["sum", "cnt"], ["mean0"]),
    helper.make_node("Add", ["mean0", "eps_vec"], ["mean"]),  # empty text -> a fixed unit direction, not NaN
    helper.make_node("Shape", ["tok"], ["tok_shape"]),
    helper.make_node("Expand", ["mean", "tok_shape"], ["last_hidden_state"]),
]
graph = helper.make_graph(
    nodes, "hoidap_vi_static",
    [helper.make_tensor_value_info("input_ids", I64, ["batch_size", "sequence_length"]),
     helper.make_tensor_value_info("attention_mask", I64, ["batch_size", "sequence_length"])],
    [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch_size", "sequence_length", D])],
    init)
model = helper.make_model(graph, producer_name="hoidap-embed",
                          opset_imports=[helper.make_opsetid("", 14), helper.make_opsetid("ai.onnx.ml", 2)])
model.ir_version = 8
onnx.checker.check_model(model)
path = os.path.join(args.out, "onnx", "model_quantized.onnx")
onnx.save(model, path)
link = os.path.join(args.out, "onnx", "model.onnx")
if os.path.lexists(link):
    os.remove(link)
os.symlink("model_quantized.onnx", link)  # same int8 graph for dtype 'fp32' (fp32 output either way)
print("wrote", path, os.path.getsize(path) // 1024, "KiB")


# ---- tokenizer: WordLevel over syllables (accented + folded); aliases map other tone placements to the same id
def tone_variants(w):
    """Other spellings of syllable w that the old-style rule maps back to w (e.g. hoà -> hòa, qúy -> quý)."""
    d = unicodedata.normalize("NFD", w)
    tones = [c for c in d if c in TONES]
    if len(tones) != 1:
        return []
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
    out = []
    for j, ch in enumerate(base):
        if ch in VOWELS or ch in SHAPED:
            v = base[:j] + unicodedata.normalize("NFC", unicodedata.normalize("NFD", ch) + tones[0]) + base[j + 1:]
            if v != w and retone(v) == w:
                out.append(v)
    return out


tok_vocab = {w: i for i, w in enumerate(vocab)}
nalias = 0
for i, w in enumerate(vocab):
    for v in tone_variants(w):
        if v not in tok_vocab:
            tok_vocab[v] = i; nalias += 1
print("tokenizer aliases (other tone placements):", nalias)

special = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False,
            "special": True} for i, t in enumerate(["[PAD]", "[UNK]"])]
tokenizer = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": special,
    "normalizer": {"type": "Sequence", "normalizers": [{"type": "NFC"}, {"type": "Lowercase"}]},
    "pre_tokenizer": {"type": "Split", "pattern": {"Regex": TOKEN_PATTERN_JS}, "behavior": "Removed", "invert": True},
    "post_processor": None,
    "decoder": None,
    "model": {"type": "WordLevel", "vocab": tok_vocab, "unk_token": "[UNK]"},
}
with open(os.path.join(args.out, "tokenizer.json"), "w", encoding="utf-8") as fh:
    json.dump(tokenizer, fh, ensure_ascii=False, separators=(",", ":"))
with open(os.path.join(args.out, "tokenizer_config.json"), "w", encoding="utf-8") as fh:
    json.dump({"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": args.max_length,
               "pad_token": "[PAD]", "unk_token": "[UNK]", "padding_side": "right",
               "do_lower_case": True, "clean_up_tokenization_spaces": False}, fh, indent=2)
    fh.write("\n")
with open(os.path.join(args.out, "config.json"), "w", encoding="utf-8") as fh:
    json.dump({
        "model_type": "bert",
        "architectures": ["BertModel"],
        "hidden_size": D,
        "vocab_size": V,
        "max_position_embeddings": args.max_length,
        "pad_token_id": 0,
        "num_hidden_layers": 0,
        "num_attention_heads": 1,
        "hoidap_static": {
            "kind": "static syllable + syllable-bigram embedding; masked mean computed in the graph and repeated at every position",
            "bigram_rows": int(B.shape[0]), "bigram_keys": int(len(data["bi_keys"])),
            "pooling": "mean or cls (identical vectors; cls skips the JS pooling loop)", "normalize": True,
        },
        "transformers.js_config": {"dtype": "q8"},
    }, fh, indent=2)
    fh.write("\n")
tot = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(args.out) for f in fs
          if not os.path.islink(os.path.join(dp, f)))
print(f"model dir {args.out}: {tot / 1e6:.1f} MB")
