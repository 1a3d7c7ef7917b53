"""Writes safetensors_expected.safetensors by the rules of the reference writer (huggingface/safetensors,
safetensors/src/tensor.rs `prepare` and `Metadata` serialization): entries sorted by dtype (wider first: F64
before F32) then by name; `__metadata__` first; compact JSON; header padded with spaces to a multiple of 8;
little-endian tensor bytes, contiguous, in header order. The Python package is not installed here, so the
expected file is produced from the documented format with the standard library alone."""
import json
import struct
from pathlib import Path

# (name, dtype, shape, values)
TENSORS = [
    ("dense/kernel", "F32", [4, 1], [1.0, 2.0, 3.0, 4.0]),
    ("a", "F32", [2, 2], [0.5, -1.25, 3.0e-8, 65504.0]),
    ("b64", "F64", [3], [0.1, -2.0, 1.0e300]),
    ("z", "F32", [], [7.0]),
    ("empty", "F64", [0, 3], []),
]
METADATA = {"format": "pt"}
RANK = {"F32": 0, "F64": 1}
FORMAT = {"F32": "<f", "F64": "<d"}
SIZE = {"F32": 4, "F64": 8}


def main() -> None:
    entries = sorted(TENSORS, key=lambda t: (-RANK[t[1]], t[0]))
    header = {"__metadata__": METADATA}
    data = b""
    for name, dtype, shape, values in entries:
        begin = len(data)
        data += b"".join(struct.pack(FORMAT[dtype], v) for v in values)
        assert len(data) - begin == SIZE[dtype] * len(values)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [begin, len(data)]}
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    out = struct.pack("<Q", len(text)) + text + data
    Path(__file__).with_name("safetensors_expected.safetensors").write_bytes(out)


if __name__ == "__main__":
    main()
