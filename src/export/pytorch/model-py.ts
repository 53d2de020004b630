/**
 * The generated `model.py` of a PyTorch export: a self-contained torch.nn.Module for the
 * trial's architecture (ConvMixer or ViT), the sharing plan as data (block -> weight set), and
 * `load(weights_dir=None)` reading `weights.npz` with numpy. Each weight set is ONE module in a
 * ModuleList that every block of its group indexes, so `parameters()` counts it once. In the
 * training form a weight-fusion set is a `Fused` module: the group's unshared members, reduced
 * on the fly as spin-nas's trainer does; `fuse(model)` gives the deployed model. Pure: text.
 */
import type { PortableModel } from '../portable.js';
import type { ExportInfo } from '../onnx/model.js';
import { BN_EPSILON, LN_EPSILON } from '../onnx/model.js';

/** A Python literal of JSON-like data (strings only in ARCHITECTURE, which goes through JSON.stringify alone). */
const py = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/\btrue\b/g, 'True').replace(/\bfalse\b/g, 'False')
    .replace(/([,:])(?=[^\s])/g, '$1 ');

const HEADER = `import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

try:  # PyTorch 2
    from torch.func import functional_call
except ImportError:  # PyTorch 1.12, 1.13
    from torch.nn.utils.stateless import functional_call
`;

const HELPERS = `

def gelu(x):
    """GELU in the exact erf form spin-nas trains with (F.gelu's default)."""
    return F.gelu(x)


def reduce(stacked, mode, mix):
    """Weight fusion: the shared tensor of a group from its members stacked on axis 0.
    Output channels are axis 1 of \`stacked\` (PyTorch layouts put them first)."""
    if mode == "mean":
        return stacked.mean(0)
    if mode == "choose_first":
        return stacked[0]
    shape = [stacked.shape[0]] + [1] * (stacked.dim() - 1)
    if mode == "channel_weighted_mean":
        shape[1] = stacked.shape[1]
    return (stacked * mix.reshape(shape)).sum(0)


class Fused(nn.Module):
    """One shared weight set during weight-fusion training (SPIN): the unshared copies of its
    group's layers (\`members\`), reduced on the fly to the one set the group computes with.
    scalar_weighted_mean learns one weight per member (\`mix\`); channel_weighted_mean one per
    member and output channel for each weight (\`mix\`, or \`mix_q\`, \`mix_fc1\`, ... by submodule)."""

    def __init__(self, make, members, mode):
        super().__init__()
        self.members = nn.ModuleList([make() for _ in range(members)])
        self.mode = mode
        if mode == "scalar_weighted_mean":
            self.mix = nn.Parameter(torch.full((members,), 1.0 / members))
        elif mode == "channel_weighted_mean":
            for name, w in self.members[0].named_parameters():
                if name.endswith("weight"):
                    self.register_parameter(mix_name(name), nn.Parameter(torch.full((members, w.shape[0]), 1.0 / members)))

    def reduced(self):
        """The shared tensors, named as in one member (e.g. \`weight\`, \`q.bias\`)."""
        out = {}
        for name, _ in self.members[0].named_parameters():
            stacked = torch.stack([m.get_parameter(name) for m in self.members])
            mix = None
            if self.mode == "scalar_weighted_mean":
                mix = self.mix
            elif self.mode == "channel_weighted_mean":
                mix = getattr(self, mix_name(name))
            out[name] = reduce(stacked, self.mode, mix)
        return out

    def forward(self, x):
        return functional_call(self.members[0], self.reduced(), (x,))


def mix_name(param_name):
    """The channel-weighted reduction weights of the submodule holding a parameter (mix, mix_q, mix_fc1, ...)."""
    pair = param_name.rsplit(".", 1)[0] if "." in param_name else ""
    return "mix" if pair == "" else "mix_" + pair.replace(".", "_")


def weight_sets(make, holding):
    """A component's weight sets: one module per set, plain or fused (training form)."""
    return nn.ModuleList([make() if mode == "none" or FORM == "deployed" else Fused(make, members, mode) for mode, members in holding])
`;

const CONVMIXER = `

class ConvMixer(nn.Module):
    """ConvMixer: patch embedding, then blocks of x + BN(gelu(depthwise(x))) and
    BN(gelu(pointwise(x))) (plus x with the pointwise residual), average pooling, a linear head.
    Shared layers: self.depthwise[SETS["depthwise"][i]] is block i's depthwise conv."""

    def __init__(self):
        super().__init__()
        c, k, p = ARCH["width"], ARCH["kernel"], ARCH["patch"]
        self.stem = nn.Conv2d(INPUT_SHAPE[0], c, p, stride=p)
        self.stem_bn = nn.BatchNorm2d(c, eps=BN_EPSILON, momentum=0.1)
        self.depthwise = weight_sets(lambda: nn.Conv2d(c, c, k, padding="same", groups=c), HOLDING["depthwise"])
        self.pointwise = weight_sets(lambda: nn.Conv2d(c, c, 1), HOLDING["pointwise"])
        self.depthwise_bn = nn.ModuleList([nn.BatchNorm2d(c, eps=BN_EPSILON, momentum=0.1) for _ in range(ARCH["depth"])])
        self.pointwise_bn = nn.ModuleList([nn.BatchNorm2d(c, eps=BN_EPSILON, momentum=0.1) for _ in range(ARCH["depth"])])
        self.head = nn.Linear(c, ARCH["classes"])

    def forward(self, x):
        x = self.stem_bn(gelu(self.stem(x)))
        for i in range(ARCH["depth"]):
            x = x + self.depthwise_bn[i](gelu(self.depthwise[SETS["depthwise"][i]](x)))
            y = self.pointwise_bn[i](gelu(self.pointwise[SETS["pointwise"][i]](x)))
            x = x + y if ARCH["pointwise_residual"] else y
        return self.head(x.mean(dim=(2, 3)))
`;

const VIT = `

class Attention(nn.Module):
    """Multi-head self-attention over tokens [batch, T, C], q, k, v, o linear with biases."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(width, width) for _ in range(4))

    def forward(self, x):
        n, t, c = x.shape
        split = lambda y: y.reshape(n, t, self.heads, c // self.heads).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        scores = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(c // self.heads), dim=-1)
        return self.o((scores @ v).transpose(1, 2).reshape(n, t, c))


class Mlp(nn.Module):
    """Transformer MLP: linear C -> rC, GELU, linear rC -> C."""

    def __init__(self, width, hidden):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, x):
        return self.fc2(gelu(self.fc1(x)))


class ViT(nn.Module):
    """Isotropic ViT: linear patch embedding (a stride-P conv), learned positions, pre-norm
    blocks x + attention(LN(x)), x + mlp(LN(x)), a final LayerNorm, mean pooling, a linear head.
    Shared layers: self.attention[SETS["attention"][i]] is block i's attention."""

    def __init__(self):
        super().__init__()
        c, p, depth = ARCH["width"], ARCH["patch"], ARCH["depth"]
        tokens = (INPUT_SHAPE[1] // p) * (INPUT_SHAPE[2] // p)
        self.patch = nn.Conv2d(INPUT_SHAPE[0], c, p, stride=p)
        self.position = nn.Parameter(torch.zeros(tokens, c))
        self.attention = weight_sets(lambda: Attention(c, ARCH["heads"]), HOLDING["attention"])
        self.mlp = weight_sets(lambda: Mlp(c, ARCH["hidden"]), HOLDING["mlp"])
        self.attention_ln = nn.ModuleList([nn.LayerNorm(c, eps=LN_EPSILON) for _ in range(depth)])
        self.mlp_ln = nn.ModuleList([nn.LayerNorm(c, eps=LN_EPSILON) for _ in range(depth)])
        self.final_ln = nn.LayerNorm(c, eps=LN_EPSILON)
        self.head = nn.Linear(c, ARCH["classes"])

    def forward(self, x):
        x = self.patch(x).flatten(2).transpose(1, 2) + self.position
        for i in range(ARCH["depth"]):
            x = x + self.attention[SETS["attention"][i]](self.attention_ln[i](x))
            x = x + self.mlp[SETS["mlp"][i]](self.mlp_ln[i](x))
        return self.head(self.final_ln(x).mean(dim=1))
`;

const FOOTER = (cls: string, components: string[]): string => `

def build(form=None):
    """A new ${cls} with fresh weights, in the given form ("deployed" or "training"; default FORM)."""
    global FORM
    saved, FORM = FORM, form or FORM
    try:
        return ${cls}()
    finally:
        FORM = saved


def load(weights_dir=None):
    """The exported model with its trained weights (weights.npz beside this file by default), in eval mode."""
    path = os.path.join(weights_dir or os.path.dirname(os.path.abspath(__file__)), "weights.npz")
    model = build()
    with np.load(path) as arrays:
        model.load_state_dict({name: torch.from_numpy(arrays[name]) for name in arrays.files})
    return model.eval()


def fuse(model):
    """The deployed model of a training-form one: each Fused set replaced by its reduced tensors."""
    deployed = build("deployed")
    reduced = {}
    for component in ${py(components)}:
        for position, weights in enumerate(getattr(model, component)):
            if isinstance(weights, Fused):
                for name, tensor in weights.reduced().items():
                    reduced[component + "." + str(position) + "." + name] = tensor
    source = model.state_dict()
    deployed.load_state_dict({name: reduced.get(name, source.get(name)).detach() for name in deployed.state_dict()})
    return deployed.train(model.training)


def normalise(pixels):
    """uint8 or [0, 255] images [batch, C, H, W] -> the model's input (float32, normalised per channel)."""
    if MEAN is None or STD is None:
        raise ValueError("MEAN and STD are not known for this dataset: set them to the statistics the model was trained with")
    x = torch.as_tensor(pixels, dtype=torch.float32) / 255.0
    mean = torch.tensor(MEAN).reshape(1, -1, 1, 1)
    std = torch.tensor(STD).reshape(1, -1, 1, 1)
    return (x - mean) / std


if __name__ == "__main__":
    model = load()
    print(ARCHITECTURE)
    print(sum(p.numel() for p in model.parameters()), "parameters")
    print(model(torch.zeros(2, *INPUT_SHAPE)).shape)
`;

/** The text of model.py for a portable model (deployed or training form). */
export function modelPy(m: PortableModel, info: ExportInfo, parameters: number): string {
  const { arch } = m;
  const [h, w, c] = arch.inputShape;
  const convmixer = arch.family === 'convmixer';
  const archData = convmixer
    ? { width: arch.width, depth: arch.depth, patch: arch.patch, kernel: arch.kernel, pointwise_residual: arch.pointwiseResidual === true, classes: arch.classes }
    : { width: arch.width, depth: arch.depth, patch: arch.patch, heads: arch.heads, hidden: Math.round(arch.mlpRatio! * arch.width), classes: arch.classes };
  const holding = Object.fromEntries(Object.entries(m.holding).map(([k, sets]) => [k, sets.map((s) => [s.mode, s.members])]));
  const accuracy = info.valAccuracy === undefined ? 'not recorded' : `${(100 * info.valAccuracy).toFixed(2)}% validation accuracy`;
  return `"""${arch.label}
Trial ${info.trial} of the spin-nas run ${info.run} (${accuracy} at the search's budget),
exported by spin-nas ${info.producerVersion} in the ${m.form} form: ${parameters} parameters.

Input: float32 NCHW [batch, ${c}, ${h}, ${w}], pixels scaled to [0, 1] and normalised per channel
with MEAN and STD (the statistics it was trained with; see normalise()). Output: logits [batch, ${arch.classes}].
Needs only PyTorch and NumPy:

    import model; m = model.load()   # weights.npz beside this file, eval mode
    logits = m(model.normalise(images_uint8_nchw))
"""
${HEADER}
ARCHITECTURE = ${JSON.stringify(arch.label)}
INPUT_SHAPE = (${c}, ${h}, ${w})  # C, H, W
${info.dataset.stats === undefined ? '# The run does not record this dataset\'s statistics: set those the model was trained with.\n' : ''}MEAN = ${info.dataset.stats === undefined ? 'None' : py(info.dataset.stats.mean)}
STD = ${info.dataset.stats === undefined ? 'None' : py(info.dataset.stats.std)}
ARCH = ${py(archData)}
# Sharing plan: block i of a component uses weight set SETS[component][i] (its module-list index).
SETS = ${py(m.sets)}
# How each weight set is held: [mode, members]; "none" is a plain set, a reduction name a fused
# set of that many unshared members (training form only).
HOLDING = ${py(holding)}
# "deployed": each weight set is one plain module. "training": weight-fusion sets hold their members.
FORM = ${JSON.stringify(m.form)}
BN_EPSILON = ${BN_EPSILON}
LN_EPSILON = ${LN_EPSILON}
${HELPERS}${convmixer ? CONVMIXER : VIT}${FOOTER(convmixer ? 'ConvMixer' : 'ViT', convmixer ? ['depthwise', 'pointwise'] : ['attention', 'mlp'])}`;
}
