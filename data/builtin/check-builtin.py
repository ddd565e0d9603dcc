#!/usr/bin/python3
"""Shows why the built-in pair was chosen: the course's loop (w = 0, b = 0,
full-batch gradient descent, float64, X = pixels / 255) on the built-in
training set at learning rates 0.5, 0.1 and 0.01, cost every 100 iterations.

Needs Debian's python3-numpy. Usage: data/builtin/check-builtin.py [ITERATIONS]
"""
import gzip
import os
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def load(split):
    with gzip.open(f"{HERE}/{split}-images-idx3-ubyte.gz", "rb") as f:
        data = f.read()
    count, rows, cols = struct.unpack(">III", data[4:16])
    x = np.frombuffer(data[16:], np.uint8).reshape(count, rows * cols).T / 255.0
    with gzip.open(f"{HERE}/{split}-labels-idx1-ubyte.gz", "rb") as f:
        y = np.frombuffer(f.read()[8:], np.uint8).astype(np.float64).reshape(1, -1)
    return x, y


def train(x, y, lr, iterations):
    w = np.zeros((x.shape[0], 1))
    b = 0.0
    m = x.shape[1]
    costs = []
    for i in range(iterations):
        z = w.T @ x + b
        a = 1 / (1 + np.exp(-z))
        if i % 100 == 0:
            # stable form of the cross-entropy: mean(log(1 + e^z) - y z)
            costs.append((i, float(np.mean(np.logaddexp(0, z) - y * z))))
        dz = a - y
        w -= lr * (x @ dz.T) / m
        b -= lr * float(np.sum(dz)) / m
    return w, b, costs


def accuracy(w, b, x, y):
    predicted = (1 / (1 + np.exp(-(w.T @ x + b)))) > 0.5
    return 100 - np.mean(np.abs(predicted - y)) * 100


def main():
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    x, y = load("train")
    x_test, y_test = load("t10k")
    for lr in (0.5, 0.1, 0.01):
        w, b, costs = train(x, y, lr, iterations)
        print(f"lr {lr}: " + " ".join(f"{i}:{c:.4f}" for i, c in costs))
        print(f"  train {accuracy(w, b, x, y):.2f} %  test {accuracy(w, b, x_test, y_test):.2f} %")


if __name__ == "__main__":
    main()
