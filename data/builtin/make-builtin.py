#!/usr/bin/python3
"""Makes the built-in dataset: Fashion-MNIST Coat (label 1) vs Pullover (label 0).

Reads Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist) and
writes, into this folder, IDX files gzip-compressed the same way each time
(no name, no time stamp in the gzip header), so the output is deterministic:

  train-images-idx3-ubyte.gz  the first 500 Coats and first 500 Pullovers of
  train-labels-idx1-ubyte.gz  the training set, in their original order
  t10k-images-idx3-ubyte.gz   the first 200 of each from the test set
  t10k-labels-idx1-ubyte.gz
  classes.txt                 class names, one a line, by label (0, 1)
  name.txt                    the display name

Python standard library only. Usage: data/builtin/make-builtin.py [SOURCE_DIR]
"""
import gzip
import os
import struct
import sys

POSITIVE = 4  # Coat
NEGATIVE = 2  # Pullover
CLASS_NAMES = ["Pullover", "Coat"]  # by new label: 0 = Pullover, 1 = Coat
NAME = "Fashion-MNIST: Coat vs Pullover"
PER_CLASS = {"train": 500, "t10k": 200}


def read_idx(path, rank):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    if magic != 0x800 + rank:
        sys.exit(f"{path}: magic 0x{magic:08x}, expected 0x{0x800 + rank:08x}")
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return dims, data[4 + 4 * rank:]


def write_idx_gz(path, rank, dims, payload):
    header = struct.pack(">I", 0x800 + rank) + struct.pack(">" + "I" * rank, *dims)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f:
            f.write(header + payload)


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    here = os.path.dirname(os.path.abspath(__file__))
    for split, per_class in PER_CLASS.items():
        (count, rows, cols), pixels = read_idx(f"{source}/{split}-images-idx3-ubyte.gz", 3)
        (n_labels,), labels = read_idx(f"{source}/{split}-labels-idx1-ubyte.gz", 1)
        assert n_labels == count and len(pixels) == count * rows * cols
        size = rows * cols
        taken = {POSITIVE: 0, NEGATIVE: 0}
        out_pixels, out_labels = bytearray(), bytearray()
        for i, label in enumerate(labels):
            if label in taken and taken[label] < per_class:
                taken[label] += 1
                out_pixels += pixels[i * size:(i + 1) * size]
                out_labels.append(1 if label == POSITIVE else 0)
        assert all(n == per_class for n in taken.values()), taken
        n = len(out_labels)
        write_idx_gz(f"{here}/{split}-images-idx3-ubyte.gz", 3, (n, rows, cols), bytes(out_pixels))
        write_idx_gz(f"{here}/{split}-labels-idx1-ubyte.gz", 1, (n,), bytes(out_labels))
        print(f"{split}: {n} images ({per_class} Coat, {per_class} Pullover)")
    with open(f"{here}/classes.txt", "w") as f:
        f.write("\n".join(CLASS_NAMES) + "\n")
    with open(f"{here}/name.txt", "w") as f:
        f.write(NAME + "\n")


if __name__ == "__main__":
    main()
