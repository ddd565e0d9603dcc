#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The course's (the seeds') numpy loop, kept as the reference and the baseline.

propagate / optimize / predict are the notebook's own, unchanged in
substance; only the driver around them is ours.

  /usr/bin/python3 seeds_numpy.py DATA_DIR [--learning-rates 0.5,0.1,0.01]
                   [--iterations 2000] [--record-every 100] [--precise]
                   [--idx-classes POS,NEG]

DATA_DIR holds the course's .h5 pair, or with --idx-classes an MNIST-style
IDX set (train-images-idx3-ubyte[.gz], ...), of which the images of classes
POS (label 1) and NEG (label 0) are kept, e.g. 4,2 for Fashion-MNIST's Coat
against Pullover; features are pixels / 255 as for the course's data.

Prints "numpy X.Y.Z", then, per learning rate, the notebook's "Cost after iteration i" lines
(--precise: with 17 significant digits instead of %f) and accuracies, then
"seconds: T" with the wall time spent training (data loading excluded) and
"cpu seconds: T", the process's CPU time over the same span (all threads).
Used by tests/bench/bench-train.c and to compute reference traces for
tests/core/test-trainer.c.
"""
import argparse
import copy
import gzip
import os
import time

import h5py
import numpy as np


def load_dataset(folder):
    with h5py.File(os.path.join(folder, "train_catvnoncat.h5"), "r") as f:
        train_x = np.array(f["train_set_x"][:])
        train_y = np.array(f["train_set_y"][:])
    with h5py.File(os.path.join(folder, "test_catvnoncat.h5"), "r") as f:
        test_x = np.array(f["test_set_x"][:])
        test_y = np.array(f["test_set_y"][:])
    train_y = train_y.reshape((1, train_y.shape[0]))
    test_y = test_y.reshape((1, test_y.shape[0]))
    train_x = train_x.reshape(train_x.shape[0], -1).T / 255.
    test_x = test_x.reshape(test_x.shape[0], -1).T / 255.
    return train_x, train_y, test_x, test_y


def read_idx(folder, stem):
    for name in (stem, stem + ".gz"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            rank = data[3]
            dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
            return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)
    raise FileNotFoundError(os.path.join(folder, stem))


def load_idx_pair(folder, positive, negative):
    """Images of two classes as the course's layout: (n, m) features, (1, m) labels."""
    sets = []
    for prefix in ("train", "t10k"):
        images = read_idx(folder, prefix + "-images-idx3-ubyte")
        labels = read_idx(folder, prefix + "-labels-idx1-ubyte")
        keep = (labels == positive) | (labels == negative)
        x = images[keep].reshape(int(keep.sum()), -1).T / 255.
        y = (labels[keep] == positive).astype(np.float64).reshape(1, -1)
        sets += [x, y]
    return tuple(sets)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dw = 1 / m * np.dot(X, (A - Y).T)
    db = 1 / m * np.sum(A - Y)
    cost = np.squeeze(np.array(cost))
    return {"dw": dw, "db": db}, cost


def optimize(w, b, X, Y, num_iterations, learning_rate, record_every):
    w = copy.deepcopy(w)
    b = copy.deepcopy(b)
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % record_every == 0:
            costs.append((i, cost))
    return w, b, costs


def predict(w, b, X):
    A = sigmoid(np.dot(w.T, X) + b)
    return (A > 0.5).astype(float)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--learning-rates", default="0.5,0.1,0.01")
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--record-every", type=int, default=100)
    parser.add_argument("--precise", action="store_true")
    parser.add_argument("--idx-classes")
    args = parser.parse_args()

    if args.idx_classes:
        positive, negative = (int(c) for c in args.idx_classes.split(","))
        train_x, train_y, test_x, test_y = load_idx_pair(args.data_dir, positive, negative)
    else:
        train_x, train_y, test_x, test_y = load_dataset(args.data_dir)
    rates = [float(r) for r in args.learning_rates.split(",")]
    lines = []
    np.seterr(all="ignore")  # the seeds' cost is nan at large rates: that is the point
    start, cpu_start = time.perf_counter(), time.process_time()
    for rate in rates:
        w, b = np.zeros((train_x.shape[0], 1)), 0.0
        w, b, costs = optimize(w, b, train_x, train_y, args.iterations, rate, args.record_every)
        train_acc = 100 - np.mean(np.abs(predict(w, b, train_x) - train_y)) * 100
        test_acc = 100 - np.mean(np.abs(predict(w, b, test_x) - test_y)) * 100
        lines.append("Training a model with learning rate: %s" % rate)
        for i, cost in costs:
            lines.append(("Cost after iteration %i: %.17g" if args.precise
                          else "Cost after iteration %i: %f") % (i, cost))
        lines.append("train accuracy: {} %".format(train_acc))
        lines.append("test accuracy: {} %".format(test_acc))
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    print("numpy %s" % np.__version__)
    print("\n".join(lines))
    print("seconds: %.6f" % seconds)
    print("cpu seconds: %.6f" % cpu_seconds)


if __name__ == "__main__":
    main()
