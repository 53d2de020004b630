"""PyTorch CPU baseline for `npm run bench:train` (not part of CI).

Trains the same ConvMixer-128/8 (kernel 5, patch 2) on random 28x28x1 inputs, 10 classes,
batch 64, Adam, and prints training images/s for 1 and 2 intra-op threads (or --threads).

    python3 bench/pytorch/convmixer_train.py [--threads 1 2] [--steps 10] [--warmup 3]
"""
import argparse
import json
import os
import time

import torch
from torch import nn


class Residual(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x) + x


def conv_mixer(width=128, depth=8, kernel=5, patch=2, classes=10):
    return nn.Sequential(
        nn.Conv2d(1, width, kernel_size=patch, stride=patch),
        nn.GELU(),
        nn.BatchNorm2d(width),
        *[
            nn.Sequential(
                Residual(nn.Sequential(
                    nn.Conv2d(width, width, kernel, groups=width, padding="same"),
                    nn.GELU(),
                    nn.BatchNorm2d(width),
                )),
                nn.Conv2d(width, width, kernel_size=1),
                nn.GELU(),
                nn.BatchNorm2d(width),
            )
            for _ in range(depth)
        ],
        nn.AdaptiveAvgPool2d((1, 1)),
        nn.Flatten(),
        nn.Linear(width, classes),
    )


def measure(threads, steps, warmup, batch, make=conv_mixer, memory_format="contiguous"):
    """Timed steps; memory_format "channels_last" stores the model's 4-D tensors and the input
    NHWC (PyTorch's faster layout for ConvMixer on this CPU), "contiguous" NCHW (its default)."""
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = make()
    model.train()
    x = torch.randn(batch, 1, 28, 28)
    if memory_format == "channels_last":
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    y = torch.randint(0, 10, (batch,))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    cpu_start = time.process_time()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    return {"threads": threads, "format": memory_format, "imagesPerSecond": steps * batch / seconds,
            "imagesPerCpuSecond": steps * batch / cpu_seconds, "steps": steps,
            "loadAverage": os.getloadavg()[0]}


def parameter_count(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def run(make):
    """The command line both peers share: --params-only, or timed training steps."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--format", nargs="+", choices=["contiguous", "channels_last"],
                        default=["contiguous", "channels_last"])
    parser.add_argument("--params-only", action="store_true")
    args = parser.parse_args()
    params = parameter_count(make())
    if args.params_only:
        print(json.dumps({"torch": torch.__version__, "params": params}))
        return
    rows = [measure(t, args.steps, args.warmup, args.batch, make=make, memory_format=f)
            for t in args.threads for f in args.format]
    print(json.dumps({"torch": torch.__version__, "params": params, "rows": rows}, indent=2))


def main():
    run(conv_mixer)


if __name__ == "__main__":
    main()
