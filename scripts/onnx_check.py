"""Checks an ONNX file exported by `marketlab bert export` with Debian's python3-onnx (1.12).

Runs onnx.checker.check_model(model, full_check=True) (structure, operator schemas for the declared opset, and
strict shape inference), then prints the opset, IR version, inputs and outputs with their dimensions, operator counts
and the parameter count. Exit status 0 only when the checker passes.
Usage: /usr/bin/python3 scripts/onnx_check.py MODEL.onnx
"""
import collections
import sys

import numpy as np
import onnx
from onnx import checker, numpy_helper


def dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def main(path):
    model = onnx.load(path)
    checker.check_model(model, full_check=True)
    graph = model.graph
    print(f"onnx {onnx.__version__}: check_model(full_check=True) passed for {path}")
    print(f"ir_version {model.ir_version}, opset {[(o.domain or 'ai.onnx', o.version) for o in model.opset_import]}, producer {model.producer_name}")
    for kind, values in (("input", graph.input), ("output", graph.output)):
        for v in values:
            print(f"  {kind} {v.name}: {onnx.TensorProto.DataType.Name(v.type.tensor_type.elem_type)} {dims(v)}")
    ops = collections.Counter(n.op_type for n in graph.node)
    print(f"  {len(graph.node)} nodes: " + ", ".join(f"{op} {count}" for op, count in sorted(ops.items())))
    floats = [numpy_helper.to_array(t) for t in graph.initializer if t.data_type == onnx.TensorProto.FLOAT]
    print(f"  {sum(int(np.prod(a.shape)) for a in floats):,} float parameters in {len(floats)} initializers")
    print(f"  metadata: {[p.key for p in model.metadata_props]}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: /usr/bin/python3 scripts/onnx_check.py MODEL.onnx")
    main(sys.argv[1])
