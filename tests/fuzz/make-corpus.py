#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpus of the fuzz harnesses (tests/fuzz/corpus/<target>/).

Run once with Debian's python3-numpy: /usr/bin/python3 tests/fuzz/make-corpus.py
The bytes are committed; this script says where they came from. Inputs found
by fuzzing are added by hand beside them (named after what they exercise).
The JPEG seeds are the test fixtures' (tests/fixtures-image.c)."""
import gzip
import io
import os
import re
import struct
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
IDX_SEPARATOR = b"--IDX-PART--"


def write(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


def npz(compressed=False, **arrays):
    out = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(out, **arrays)
    return out.getvalue()


def npy(array, allow_pickle=False):
    out = io.BytesIO()
    np.save(out, array, allow_pickle=allow_pickle)
    return out.getvalue()


def fixture_jpeg(name):
    with open(os.path.join(HERE, "..", "fixtures-image.c")) as f:
        source = f.read()
    body = re.search(r"static const guint8 %s\[\] = \{(.*?)\};" % name, source, re.S).group(1)
    return bytes(int(x, 16) for x in re.findall(r"0x[0-9a-fA-F]{2}", body))


def png(width, height, colour_type, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def bmp(width, height, rgb_rows):
    stride = (width * 3 + 3) & ~3
    pixels = b"".join(bytes(c for px in row for c in px[::-1]).ljust(stride, b"\0")
                      for row in reversed(rgb_rows))
    header = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


def idx(kind, items):
    """IDX bytes: images (count, rows, cols) uint8 or labels (count,)."""
    items = np.asarray(items, dtype=np.uint8)
    magic = 0x803 if kind == "images" else 0x801
    return struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in items.shape) + items.tobytes()


def npz_corpus():
    rng = np.random.default_rng(1)
    w = rng.normal(size=(12, 1))
    write("npz", "savez-weights.npz", npz(w=w, b=np.float64(0.5)))
    write("npz", "savez-compressed.npz", npz(True, x=np.arange(6, dtype=np.int32).reshape(2, 3),
                                                 y=np.array([1.5, -2], dtype=">f4")))
    write("npz", "unicode.npz", npz(classes=np.array(["non-cat", "cat"]), u8=np.arange(4, dtype=np.uint8)))
    write("npz", "fortran.npz", npz(f=np.asfortranarray(np.arange(6.0).reshape(2, 3)), i=np.int64(7)))
    write("npz", "bare.npy", npy(np.arange(3, dtype="<i8")))
    write("npz", "bare-big-endian.npy", npy(np.array([[1, 2], [3, 4]], dtype=">f8")))
    full = npz(w=w, b=np.float64(0.5))
    write("npz", "truncated.npz", full[: len(full) // 2])
    write("npz", "pickled-object.npz", npz(o=np.array([{"a": 1}, None], dtype=object)))
    write("npz", "pickled-object.npy", npy(np.array([1, "x"], dtype=object), allow_pickle=True))
    write("npz", "complex-unsupported.npz", npz(c=np.array([1 + 2j])))
    header_lie = npy(np.arange(2.0)).replace(b"(2,)", b"(9,)")
    write("npz", "shape-lies.npy", header_lie)
    write("npz", "garbage.bin", bytes(range(256))[::7] * 3)
    write("npz", "empty", b"")


def image_corpus():
    grey = fixture_jpeg("jpeg_grey")
    write("image", "grey-8x8.jpg", grey)
    write("image", "rgb-32x16.jpg", fixture_jpeg("jpeg_rgb"))
    # A Huffman table of more than 256 codes: stb writes past its arrays
    # (found by fuzzing; image.c refuses it), as in tests/core/test-image.c.
    dht = grey.index(b"\xff\xc4", 2)
    evil = bytearray(grey)
    evil[dht + 5: dht + 21] = b"\xff" * 16
    write("image", "huffman-oversized.jpg", bytes(evil))
    write("image", "huffman-oversized-fill-bytes.jpg", b"\xff\xff" + bytes(evil))
    # The same table, in a second DHT segment after a good one.
    dht2 = grey.index(b"\xff\xc4", dht + 2)
    evil2 = bytearray(grey)
    evil2[dht2 + 5: dht2 + 21] = b"\x10" * 16
    write("image", "huffman-oversized-second-table.jpg", bytes(evil2))
    write("image", "truncated.jpg", grey[:len(grey) // 2])
    write("image", "grey-3x2.png", png(3, 2, 0, [bytes([0, 128, 255]), bytes([10, 20, 30])]))
    write("image", "rgb-2x2.png", png(2, 2, 2, [bytes([255, 0, 0, 0, 255, 0]), bytes([0, 0, 255, 9, 9, 9])]))
    write("image", "rgba-1x1.png", png(1, 1, 6, [bytes([1, 2, 3, 4])]))
    write("image", "claims-huge.png", png(100000, 100000, 0, [b"\0"])[:80])
    write("image", "rgb-3x2.bmp", bmp(3, 2, [[(255, 0, 0), (0, 255, 0), (0, 0, 255)],
                                             [(1, 2, 3), (4, 5, 6), (7, 8, 9)]]))
    write("image", "pgm-not-compiled-in.pgm", b"P5 2 2 255\n\x01\x02\x03\x04")
    write("image", "garbage.bin", bytes(range(256))[::5] * 2)
    write("image", "empty", b"")


def idx_corpus():
    rng = np.random.default_rng(2)
    train_x = rng.integers(0, 256, size=(4, 3, 2))
    test_x = rng.integers(0, 256, size=(2, 3, 2))
    parts = [idx("images", train_x), idx("labels", [0, 1, 1, 0]),
             idx("images", test_x), idx("labels", [1, 0])]
    write("idx", "set-4-train-2-test.idx", IDX_SEPARATOR.join(parts))
    gz = [gzip.compress(p, mtime=0) for p in parts]
    write("idx", "set-gzip.idx", IDX_SEPARATOR.join(gz))
    write("idx", "set-ten-classes.idx", IDX_SEPARATOR.join(
        [parts[0], idx("labels", [0, 9, 4, 2]), parts[2], idx("labels", [9, 3])]))
    write("idx", "label-over-64.idx", IDX_SEPARATOR.join(
        [parts[0], idx("labels", [0, 1, 99, 0]), parts[2], parts[3]]))
    write("idx", "count-mismatch.idx", IDX_SEPARATOR.join([parts[0], idx("labels", [0, 1]), parts[2], parts[3]]))
    write("idx", "sides-differ.idx", IDX_SEPARATOR.join(
        [parts[0], parts[1], idx("images", rng.integers(0, 256, size=(2, 2, 3))), parts[3]]))
    write("idx", "truncated-images.idx", IDX_SEPARATOR.join([parts[0][:-3]] + parts[1:]))
    write("idx", "longer-than-header.idx", IDX_SEPARATOR.join([parts[0] + b"\0"] + parts[1:]))
    huge = struct.pack(">IIII", 0x803, 10000000, 4096, 4096)
    write("idx", "claims-huge.idx", IDX_SEPARATOR.join([huge] + parts[1:]))
    write("idx", "truncated-gzip.idx", IDX_SEPARATOR.join([gz[0][:-10]] + gz[1:]))
    write("idx", "one-part.idx", parts[0])
    write("idx", "empty", b"")


def model_corpus():
    rng = np.random.default_rng(3)
    w = rng.normal(size=(12, 1))  # 2x2 RGB
    write("model-npz", "course-w-b.npz", npz(w=w, b=np.float64(-0.25)))
    write("model-npz", "course-dict-compressed.npz", npz(
        True, w=w.astype(np.float32), b=np.array([0.1]), costs=np.array([0.69, 0.5, 0.4]),
        learning_rate=np.float64(0.005), num_iterations=np.int64(300)))
    write("model-npz", "ours-one-run.npz", npz(
        w=np.arange(64.0).reshape(64, 1) / 64, b=np.float64(1), learning_rate=np.float64(0.01),
        iterations=np.int64(200), costs=np.array([[0, 0.69], [100, 0.3]]),
        image_shape=np.array([8, 8, 1], dtype=np.int64), classes=np.array(["non-cat", "cat"]),
        train_accuracy=np.float64(99.5), test_accuracy=np.float64(np.nan)))
    write("model-npz", "ours-two-runs.npz", npz(
        w_0=w, b_0=np.float64(0), w_1=-w, b_1=np.float64(1),
        learning_rates=np.array([0.01, 0.001]), image_shape_0=np.array([2, 2, 3]),
        image_shape_1=np.array([2, 2, 3])))
    write("model-npz", "nan-weight.npz", npz(w=np.array([[1.0], [np.nan], [0], [2]]), b=np.float64(0)))
    write("model-npz", "shape-disagrees.npz", npz(w=w, b=np.float64(0), image_shape=np.array([5, 5, 3])))
    write("model-npz", "not-square.npz", npz(w=np.ones((7, 1)), b=np.float64(0)))
    write("model-npz", "no-b.npz", npz(w=w))
    write("model-npz", "pickled-object.npz", npz(w=np.array([None, {"x": 1}], dtype=object), b=np.float64(0)))
    write("model-npz", "garbage.bin", b"PK\x03\x04" + bytes(range(60)))
    # The scaling the weights expect (issue 19): whole, partial and hostile.
    ones, zeros = np.ones(12), np.zeros(12)
    write("model-npz", "scaling-standardize.npz", npz(
        w=w, b=np.float64(0.5), scaling=np.array("standardize"), feature_offset=ones, feature_scale=2 * ones))
    write("model-npz", "scaling-table-no-shape.npz", npz(
        w=np.array([[0.3], [-0.2], [0.1], [0.4]]), b=np.float64(0), scaling=np.array("standardize"),
        feature_offset=np.array([50.0, 60, 1, 2]), feature_scale=np.array([10.0, 12, 1, 1])))
    write("model-npz", "scaling-only-name.npz", npz(w=w, b=np.float64(0.5), scaling=np.array("max:255")))
    write("model-npz", "scaling-zero-scale.npz", npz(
        w=w, b=np.float64(0.5), scaling=np.array("none"), feature_offset=zeros,
        feature_scale=np.r_[np.ones(11), 0.0]))
    write("model-npz", "scaling-short-offset.npz", npz(
        w=w, b=np.float64(0.5), scaling=np.array("standardize"), feature_offset=np.zeros(5), feature_scale=ones))
    write("model-npz", "scaling-numeric-name.npz", npz(
        w=w, b=np.float64(0.5), scaling=np.float64(255), feature_offset=zeros, feature_scale=ones))
    write("model-npz", "scaling-nan-offset.npz", npz(
        w=w, b=np.float64(0.5), scaling=np.array("standardize"), feature_offset=np.full(12, np.nan),
        feature_scale=ones))
    write("model-npz", "scaling-name-array.npz", npz(
        w=np.full((12, 1), 0.1), b=np.float64(0), scaling=np.array(["none", "max:"]), feature_offset=zeros,
        feature_scale=ones))


npz_corpus()
image_corpus()
idx_corpus()
model_corpus()
