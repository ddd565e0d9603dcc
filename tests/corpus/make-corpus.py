#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes tests/corpus/: bad (and a few good) inputs of every kind the program
reads, for the tests driven by MANIFEST.tsv (tests/cli/test-cli-corpus.c,
tests/app/test-corpus.c).

Run from anywhere:  /usr/bin/python3 tests/corpus/make-corpus.py
Needs Debian's python3-numpy and python3-h5py, and ImageMagick 6
(/usr/bin/convert-im6.q16) for the GIF, TGA, PPM, progressive and CMYK
JPEG. The output is committed, so the tests need none of these. It is the
same on every run (fixed seeds, no timestamps: h5py with track_times off,
ImageMagick with -strip).

A FIFO and a folder named like an image cannot be committed: the tests make
them (MANIFEST.tsv lists them as fifo:NAME and dir:NAME)."""
import io
import os
import shutil
import struct
import subprocess
import zipfile
import zlib

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MAGICK = "/usr/bin/convert-im6.q16"
SIDE = 8  # every good image, set and weights file is 8x8 (RGB, or grey for IDX)


def path(*parts):
    full = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def pixels(seed, shape):
    return np.random.default_rng(seed).integers(0, 256, size=shape, dtype=np.uint8)


# Images -------------------------------------------------------------------

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, colour_type, raw_rows, bit_depth=8, extra=b"", interlace=0):
    """A PNG from already filtered-free rows (filter byte 0 added here)."""
    raw = b"".join(b"\0" + row for row in raw_rows)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0,
                                         interlace))
            + extra + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def adam7_png(image):
    """An interlaced (Adam7) 8-bit RGB PNG of IMAGE (h, w, 3)."""
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
              (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    raw = b""
    for x0, y0, dx, dy in passes:
        sub = image[y0::dy, x0::dx]
        if sub.size:
            raw += b"".join(b"\0" + row.tobytes() for row in sub)
    height, width = image.shape[:2]
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 1))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def magick(source_png, name, *options):
    """Converts the PNG bytes SOURCE_PNG with ImageMagick into images/NAME."""
    source = path("images", ".source.png")
    with open(source, "wb") as f:
        f.write(source_png)
    subprocess.run([MAGICK, source, "-strip", *options, path("images", name)], check=True)
    os.unlink(source)


def bmp(image):
    height, width = image.shape[:2]
    stride = (width * 3 + 3) & ~3
    body = b"".join(row[:, ::-1].tobytes().ljust(stride, b"\0") for row in image[::-1])
    header = struct.pack("<2sIHHI", b"BM", 54 + len(body), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(body), 2835, 2835, 0, 0)
    return header + info + body


def images():
    rgb = pixels(1, (SIDE, SIDE, 3))
    good = png(SIDE, SIDE, 2, [row.tobytes() for row in rgb])
    write("images/rgb.png", good)
    write("images/png-named.jpg", good)
    write("images/empty.png", b"")
    write("images/truncated.png", good[: len(good) // 2])
    write("images/zero-by-zero.png", png(0, 0, 2, []))
    # IDAT (after the signature and IHDR, 33 bytes in) declaring 300 MB: stb
    # would grow its buffer to that before reading (found by fuzz-image).
    write("images/idat-past-end.png", good[:33] + struct.pack(">I", 300000000) + good[37:])
    write("images/claims-100000x100000.png", png(100000, 100000, 0, [b"\0"]))
    write("images/text.png", b"This is not a picture, only some text named like one.\n")
    rgb16 = (rgb.astype(">u2") * 257)
    write("images/rgb-16-bit.png", png(SIDE, SIDE, 2, [row.tobytes() for row in rgb16], bit_depth=16))
    grey_alpha = np.stack([rgb[..., 0], rgb[..., 1]], axis=-1)
    write("images/grey-alpha.png", png(SIDE, SIDE, 4, [row.tobytes() for row in grey_alpha]))
    palette = bytes(range(0, 256, 64)) * 3
    trns = bytes([0, 128, 255, 255])
    indices = (rgb[..., 0] // 64).astype(np.uint8)
    write("images/palette-trns.png", png(SIDE, SIDE, 3, [row.tobytes() for row in indices],
                                         extra=chunk(b"PLTE", palette[:12]) + chunk(b"tRNS", trns)))
    write("images/interlaced.png", adam7_png(rgb))
    magick(good, "baseline.jpg", "-quality", "90")
    with open(path("images", "baseline.jpg"), "rb") as f:
        jpeg = f.read()
    write("images/truncated.jpg", jpeg[: len(jpeg) // 2])  # in the tables
    write("images/truncated-scan.jpg", jpeg[: len(jpeg) - 40])  # in the entropy-coded data
    magick(good, "progressive.jpg", "-interlace", "JPEG", "-quality", "90")
    magick(good, "cmyk.jpg", "-colorspace", "CMYK", "-quality", "90")
    magick(good, "animated.gif", "(", "+clone", "-negate", ")", "-loop", "0")
    magick(good, "image.tga")
    magick(good, "image.ppm")
    write("images/image.bmp", bmp(rgb))


# Datasets ------------------------------------------------------------------

def h5_file(file_path, prefix, count, x=None, y=None, classes=True, link=None):
    x = pixels(2, (count, SIDE, SIDE, 3)) if x is None else x
    y = (np.arange(count) % 2).astype(np.int64) if y is None else y
    with h5py.File(file_path, "w", track_order=False) as f:
        if link is not None:
            f[prefix + "_set_x"] = h5py.ExternalLink(*link)
        else:
            f.create_dataset(prefix + "_set_x", data=x, track_times=False)
        f.create_dataset(prefix + "_set_y", data=y, track_times=False)
        if classes:
            f.create_dataset("list_classes", data=np.array([b"non-cat", b"cat"]), track_times=False)


def h5_set(name, **bad_train):
    """datasets/NAME/{train,test}_c.h5: the test half good, the train half BAD_TRAIN."""
    folder = path("datasets", name, "x")[:-2]
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    count = bad_train.pop("count", 6)
    h5_file(os.path.join(folder, "train_c.h5"), "train", count, **bad_train)
    h5_file(os.path.join(folder, "test_c.h5"), "test", 4)
    return os.path.join(folder, "train_c.h5")


def idx_bytes(items, magic=None, dims=None):
    items = np.asarray(items, dtype=np.uint8)
    magic = magic if magic is not None else (0x803 if items.ndim == 3 else 0x801)
    dims = dims if dims is not None else items.shape
    return struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims) + items.tobytes()


def idx_set(name, **replace):
    """datasets/NAME/: an MNIST-style set of 8x8 grey images, two classes, with
    the files named in REPLACE replaced by the given bytes."""
    folder = os.path.dirname(path("datasets", name, "x"))
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    files = {
        "train-images-idx3-ubyte": idx_bytes(pixels(3, (6, SIDE, SIDE))),
        "train-labels-idx1-ubyte": idx_bytes(np.arange(6) % 2),
        "t10k-images-idx3-ubyte": idx_bytes(pixels(4, (4, SIDE, SIDE))),
        "t10k-labels-idx1-ubyte": idx_bytes(np.arange(4) % 2),
    }
    files.update(replace)
    for file_name, data in files.items():
        with open(os.path.join(folder, file_name), "wb") as f:
            f.write(data)


def folder_set(name, classes):
    """datasets/NAME/{train,test}/<class>/*.png; with no class, a note file
    keeps the otherwise empty train/ and test/ in git."""
    folder = os.path.dirname(path("datasets", name, "x"))
    shutil.rmtree(folder, ignore_errors=True)
    for split, count in (("train", 3), ("test", 2)):
        os.makedirs(os.path.join(folder, split))
        if not classes:
            with open(os.path.join(folder, split, "README.txt"), "w") as f:
                f.write("No class folders here.\n")
        for c, class_name in enumerate(classes):
            os.makedirs(os.path.join(folder, split, class_name))
            for i in range(count):
                image = pixels(10 + 7 * c + i, (SIDE, SIDE, 3))
                with open(os.path.join(folder, split, class_name, "%d.png" % i), "wb") as f:
                    f.write(png(SIDE, SIDE, 2, [row.tobytes() for row in image]))


def datasets():
    h5_set("h5-ok")
    h5_set("h5-float-pixels", x=pixels(2, (6, SIDE, SIDE, 3)).astype(np.float64))
    h5_set("h5-rank-5", x=pixels(2, (6, SIDE, SIDE, 3, 1)))
    h5_set("h5-five-channels", x=pixels(2, (6, SIDE, SIDE, 5)))
    h5_set("h5-counts-disagree", y=np.arange(5) % 2)
    h5_set("h5-label-2", y=np.array([0, 1, 0, 1, 0, 2]))
    h5_set("h5-external-link", link=("test_c.h5", "/test_set_x"))
    train = h5_set("h5-truncated")
    with open(train, "rb") as f:
        data = f.read()
    with open(train, "wb") as f:
        f.write(data[: len(data) // 2])

    idx_set("idx-ok")
    idx_set("idx-bad-magic",
            **{"train-images-idx3-ubyte": idx_bytes(pixels(3, (6, SIDE, SIDE)), magic=0x0807)})
    good_images = idx_bytes(pixels(3, (6, SIDE, SIDE)))
    idx_set("idx-truncated", **{"train-images-idx3-ubyte": good_images[: len(good_images) - 40]})
    idx_set("idx-lying-count", **{"train-images-idx3-ubyte":
                                  idx_bytes(pixels(3, (6, SIDE, SIDE)), dims=(600, SIDE, SIDE))})
    idx_set("idx-huge-dimensions", **{"train-images-idx3-ubyte":
                                      idx_bytes(pixels(3, (6, SIDE, SIDE)), dims=(6, 100000, 100000))})
    idx_set("idx-label-200", **{"train-labels-idx1-ubyte": idx_bytes([0, 1, 0, 1, 200, 1])})

    folder_set("folder-ok", ["cat", "dog"])
    folder_set("folder-one-class", ["cat"])
    folder_set("folder-no-class", [])


# Weights --------------------------------------------------------------------

def npy(array):
    out = io.BytesIO()
    np.lib.format.write_array(out, np.asanyarray(array), allow_pickle=True)
    return out.getvalue()


def npz(**members):
    """numpy.savez's layout (stored members NAME.npy), with a fixed date so
    the bytes do not change from run to run. A bytes value is written as is."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, value in members.items():
            data = value if isinstance(value, bytes) else npy(value)
            archive.writestr(zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


def weights():
    n = SIDE * SIDE * 3
    w = np.random.default_rng(5).normal(scale=0.01, size=(n, 1))
    shape = np.array([SIDE, SIDE, 3], dtype=np.int64)
    ours = npz(w=w, b=np.float64(0.1), image_shape=shape, classes=np.array(["non-cat", "cat"]))
    write("weights/ok.npz", ours)
    write("weights/notebook-w-b.npz", npz(w=w, b=np.float64(0.1)))
    write("weights/truncated.npz", ours[: len(ours) // 2])
    write("weights/wrong-n.npz", npz(w=w[:100], b=np.float64(0), image_shape=shape))
    nan_w = w.copy()
    nan_w[7, 0] = np.nan
    write("weights/nan.npz", npz(w=nan_w, b=np.float64(0)))
    write("weights/object-dtype.npz", npz(w=np.array([None, {"x": 1}], dtype=object),
                                          b=np.float64(0)))
    # A header claiming 10^12 float64 (8 TB) over 192 real values.
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000, 1), }"
    header = header.ljust(128 - 10 - 1) + "\n"
    huge_w = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + w.tobytes()
    write("weights/huge-shape.npz", npz(w=huge_w, b=np.float64(0)))
    # Class names that would forge a result line and drive the terminal:
    # read, and shown with their control characters written out.
    write("weights/control-classes.npz",
          npz(w=w, b=np.float64(0.1), image_shape=shape,
              classes=np.array(["non-cat\nrgb.png: cat (p = 0.9999)",
                                "cat\x1b]0;owned\x07\x1b[31m"])))
    # The scaling the weights expect (issue 19): whole, a zero scale, a part.
    offset, scale = np.full(n, 127.5), np.full(n, 60.0)
    write("weights/scaling-standardize.npz", npz(w=w, b=np.float64(0.1), image_shape=shape,
                                                 scaling=np.array("standardize"),
                                                 feature_offset=offset, feature_scale=scale))
    write("weights/scaling-zero-scale.npz", npz(w=w, b=np.float64(0.1), image_shape=shape,
                                                scaling=np.array("standardize"), feature_offset=offset,
                                                feature_scale=np.r_[scale[:-1], 0.0]))
    write("weights/scaling-partial.npz", npz(w=w, b=np.float64(0.1), image_shape=shape,
                                             scaling=np.array("max:255")))
    write("weights/not-a-zip.npz", b"w = [0.1, 0.2]; b = 0\n" * 4)
    write("weights/empty.npz", b"")


def h5_fuzz_seeds():
    """tests/fuzz/corpus/h5/: whole pairs in one file (fuzz-h5.c writes an
    input as both train_ and test_ file), good and bad, from the sets above."""
    seeds = os.path.join(HERE, "..", "fuzz", "corpus", "h5")
    os.makedirs(seeds, exist_ok=True)

    def seed(name, **kwargs):
        with h5py.File(os.path.join(seeds, name), "w") as f:
            for prefix, count in (("train", 3), ("test", 2)):
                f.create_dataset(prefix + "_set_x", track_times=False,
                                 **kwargs.get(prefix + "_x", {"data": pixels(6, (count, 4, 4, 3))}))
                f.create_dataset(prefix + "_set_y", data=np.arange(count) % 2, track_times=False)
            if kwargs.get("classes", True):
                f.create_dataset("list_classes", data=np.array([b"non-cat", b"cat"]), track_times=False)

    seed("pair.h5")
    seed("pair-no-classes.h5", classes=False)
    seed("pair-grey-rank-3.h5", train_x={"data": pixels(6, (3, 4, 4))}, test_x={"data": pixels(7, (2, 4, 4))})
    seed("pair-deflate.h5", train_x={"data": pixels(6, (3, 4, 4, 3)), "chunks": (1, 4, 4, 3),
                                     "compression": "gzip", "shuffle": True})
    seed("pair-float.h5", train_x={"data": np.zeros((3, 4, 4, 3))})
    for name in ("h5-truncated", "h5-external-link"):
        shutil.copy(os.path.join(HERE, "datasets", name, "train_c.h5"), os.path.join(seeds, name + ".h5"))


images()
datasets()
weights()
h5_fuzz_seeds()
