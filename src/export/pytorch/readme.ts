/** The README.md of a PyTorch export folder: architecture, sharing plan, accuracy, and how to load, train further and export. Pure. */
import { statsText, type ExportInfo } from '../onnx/model.js';
import { ONNX_OPSET } from '../onnx/proto.js';
import type { PortableModel } from '../portable.js';

function letters(sets: number[]): string {
  return sets.map((s) => (s < 26 ? String.fromCharCode(65 + s) : `#${s}`)).join(' ');
}

export function folderReadme(m: PortableModel, info: ExportInfo, parameters: number, deployedParameters: number): string {
  const { arch } = m;
  const [h, w, c] = arch.inputShape;
  const plan = Object.entries(m.sets)
    .map(([component, sets]) => {
      const holding = m.holding[component as keyof typeof m.holding] ?? [];
      const fused = holding.some((s) => s.mode !== 'none') ? ` (weight fusion: ${holding.find((s) => s.mode !== 'none')!.mode} of each group's members)` : '';
      return `- ${component}: ${new Set(sets).size} weight set(s) over ${sets.length} blocks: \`${letters(sets)}\`${fused}`;
    })
    .join('\n');
  const accuracy = [
    info.valAccuracy === undefined ? null : `${(100 * info.valAccuracy).toFixed(2)}% validation accuracy`,
    info.testAccuracy === undefined ? null : `${(100 * info.testAccuracy).toFixed(2)}% test accuracy`,
  ].filter((s) => s !== null).join(', ') || 'no accuracy recorded';
  const training = m.form === 'training'
    ? `This is the **training form**: each fused weight set holds its group's unshared members and
learns their reduction, as spin-nas trained it (${parameters} parameters). Continue fusion training,
then \`model.fuse(m)\` gives the deployed model (${deployedParameters} parameters).`
    : `This is the **deployed form**: every shared weight set is one module reused by the blocks of
its group, so \`sum(p.numel() for p in m.parameters())\` is ${parameters}, the deployed count.`;
  return `# ${arch.label}

Trial \`${info.trial}\` of the spin-nas run \`${info.run}\` on ${info.dataset.name}: ${accuracy}
(at the search's proxy budget). Exported by spin-nas ${info.producerVersion}.

${training}

## Sharing plan

Block i of a component uses the weight set named by the letter at position i (\`SETS\` in model.py):

${plan}

## Input and output

- Input: float32 NCHW \`[batch, ${c}, ${h}, ${w}]\`, pixels scaled to [0, 1], then per channel
  \`(x - mean) / std\` with ${statsText(info).replace(/(\[[^\]]*\])/g, '`$1`')}
  (\`model.normalise(uint8_images)\` does both).
- Output: logits \`[batch, ${arch.classes}]\`.

## Load

Needs PyTorch and NumPy only (Debian: \`apt-get install python3-torch\`):

\`\`\`python
import sys; sys.path.insert(0, "path/to/this/folder")
import torch
import model
m = model.load()                      # weights.npz beside model.py; eval mode
logits = m(model.normalise(images))   # images: uint8 [batch, ${c}, ${h}, ${w}]
\`\`\`

## Train further

\`\`\`python
m = model.load().train()
optimiser = torch.optim.AdamW(m.parameters(), lr=1e-3)   # shared sets appear once
# ... your training loop; model.build() gives the same architecture with fresh weights
\`\`\`

## Export

\`\`\`python
torch.onnx.export(m.eval(), torch.zeros(1, ${c}, ${h}, ${w}), "model.onnx", opset_version=${ONNX_OPSET},
                  input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
torch.save(m.state_dict(), "model.pt")
\`\`\`

(\`spin-nas export <run> --trial ${info.trial} --format onnx --out model.onnx\` writes the same model as ONNX directly.)
`;
}
