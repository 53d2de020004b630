"""Checks spin-nas exports with Debian's python3-onnx and python3-torch, in one process.

Reads a JSON list of jobs on stdin and prints one JSON list of results:
  {"onnx": path}                 -> onnx.checker (full check) verdict, opset, parameters
                                    (initializer elements, BatchNorm running statistics excluded)
  {"pytorch": dir, "input": [...], "shape": [n, c, h, w]}
                                 -> model.load(): parameters, logits for the input, eval mode;
                                    for a training-form export also model.fuse()'s.
"""
import importlib.util
import json
import sys


def check_onnx(path):
    import onnx

    model = onnx.load(path)
    try:
        onnx.checker.check_model(model, full_check=True)
        problem = None
    except Exception as error:  # the checker's own exception types vary by version
        problem = str(error).splitlines()[0] if str(error) else type(error).__name__
    params = sum(
        int(__import__("numpy").prod(t.dims)) for t in model.graph.initializer if not t.name.endswith((".running_mean", ".running_var"))
    )
    return {
        "ok": problem is None,
        "problem": problem,
        "onnx": onnx.__version__,
        "opset": [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")],
        "params": params,
        "inputs": [i.name for i in model.graph.input],
        "outputs": [o.name for o in model.graph.output],
        "metadata": {p.key: p.value for p in model.metadata_props},
    }


def check_pytorch(job, index):
    import torch

    spec = importlib.util.spec_from_file_location(f"exported_{index}", job["pytorch"] + "/model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.load()
    x = torch.tensor(job["input"], dtype=torch.float32).reshape(job["shape"])
    out = {"torch": torch.__version__, "training_mode": model.training, "form": module.FORM}

    def measure(m):
        with torch.no_grad():
            return {"params": sum(p.numel() for p in m.parameters()), "logits": m(x).flatten().tolist()}

    out.update(measure(model))
    if module.FORM == "training":
        out["fused"] = measure(module.fuse(model).eval())
    return out


def main():
    results = []
    for index, job in enumerate(json.load(sys.stdin)):
        try:
            results.append(check_onnx(job["onnx"]) if "onnx" in job else check_pytorch(job, index))
        except Exception as error:
            results.append({"error": f"{type(error).__name__}: {error}"})
    json.dump(results, sys.stdout)


main()
