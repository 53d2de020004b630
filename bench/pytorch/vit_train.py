"""PyTorch CPU peer of ViT-64/6 p4 for `npm run bench:train` (not part of CI).

The isotropic ViT of src/train/model/build.ts: 4x4 patch embedding (a stride-4 conv),
learned position embedding, 6 pre-norm blocks (LayerNorm eps 1e-6, 4-head attention with
biased q, k, v, o projections, MLP 64 -> 128 -> 64 with exact GELU), final LayerNorm,
mean over tokens, linear head; 28x28x1 inputs, 10 classes, batch 64, Adam. q, k and v run
as one Linear(C, 3C), as PyTorch ViTs (timm) do: the same parameters as three.

    python3 bench/pytorch/vit_train.py [--threads 1 2] [--steps 10] [--warmup 3]
    python3 bench/pytorch/vit_train.py --params-only
"""

import torch
from torch import nn

from convmixer_train import run


class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)
        self.scale = (width // heads) ** -0.5

    def forward(self, x):
        b, t, c = x.shape
        qkv = self.qkv(x).reshape(b, t, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = torch.softmax((q @ k.transpose(-2, -1)) * self.scale, dim=-1)
        return self.out((scores @ v).transpose(1, 2).reshape(b, t, c))


class Block(nn.Module):
    def __init__(self, width, heads, hidden):
        super().__init__()
        self.norm1 = nn.LayerNorm(width, eps=1e-6)
        self.attention = Attention(width, heads)
        self.norm2 = nn.LayerNorm(width, eps=1e-6)
        self.mlp = nn.Sequential(nn.Linear(width, hidden), nn.GELU(), nn.Linear(hidden, width))

    def forward(self, x):
        x = x + self.attention(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class ViT(nn.Module):
    def __init__(self, width=64, depth=6, patch=4, heads=4, mlp_ratio=2, size=28, channels=1, classes=10):
        super().__init__()
        tokens = (size // patch) ** 2
        self.patch = nn.Conv2d(channels, width, kernel_size=patch, stride=patch)
        self.position = nn.Parameter(torch.randn(tokens, width) * 0.02)
        self.blocks = nn.Sequential(*[Block(width, heads, round(mlp_ratio * width)) for _ in range(depth)])
        self.norm = nn.LayerNorm(width, eps=1e-6)
        self.head = nn.Linear(width, classes)

    def forward(self, x):
        x = self.patch(x).flatten(2).transpose(1, 2) + self.position
        return self.head(self.norm(self.blocks(x)).mean(dim=1))


def main():
    run(ViT)


if __name__ == "__main__":
    main()
