"""Reads the header of a GGUF model file (no dependencies), for bench/real-model.sh.

  python3 bench/gguf.py check FILE            prints the GGUF version, tensor count and general.name; exits 1 if FILE is
                                              not a GGUF file (wrong magic) or its header is cut short
  python3 bench/gguf.py template FILE OUT     writes the model's chat template (tokenizer.chat_template) to OUT

The header layout is that of llama.cpp's gguf-py: magic "GGUF", uint32 version, uint64 tensor count, uint64 key/value
count, then each key (uint64 length + UTF-8 bytes), a uint32 value type and the value, little-endian throughout.
"""
import struct
import sys

# value type -> struct format of a scalar (8 = string and 9 = array are read separately)
SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}


def metadata(path):
    with open(path, "rb") as f:
        def read(fmt):
            size = struct.calcsize("<" + fmt)
            raw = f.read(size)
            if len(raw) != size:
                raise ValueError(f"{path}: GGUF header cut short")
            return struct.unpack("<" + fmt, raw)[0]

        def string():
            n = read("Q")
            raw = f.read(n)
            if len(raw) != n:
                raise ValueError(f"{path}: GGUF header cut short")
            return raw.decode("utf-8", errors="replace")

        def value(kind):
            if kind == 8:
                return string()
            if kind == 9:
                item, n = read("I"), read("Q")
                return [value(item) for _ in range(n)]
            if kind not in SCALARS:
                raise ValueError(f"{path}: unknown GGUF value type {kind}")
            return read(SCALARS[kind])

        if f.read(4) != b"GGUF":
            raise ValueError(f"{path}: not a GGUF file (the first 4 bytes are not 'GGUF')")
        version, tensors, count = read("I"), read("Q"), read("Q")
        kv = {}
        for _ in range(count):
            key = string()
            kind = read("I")
            # token lists are long and not needed here: read them, keep only their length
            v = value(kind)
            kv[key] = len(v) if isinstance(v, list) else v
        return version, tensors, kv


def main(argv):
    if len(argv) < 3 or argv[1] not in ("check", "template") or (argv[1] == "template" and len(argv) != 4):
        sys.exit("usage: gguf.py check FILE | gguf.py template FILE OUT")
    try:
        version, tensors, kv = metadata(argv[2])
    except (OSError, ValueError) as e:
        print(f"gguf.py: {e}", file=sys.stderr)
        sys.exit(1)
    if argv[1] == "check":
        print(f"GGUF v{version}, {tensors} tensors, {kv.get('general.name', '?')}")
        return
    template = kv.get("tokenizer.chat_template")
    if not isinstance(template, str):
        print(f"gguf.py: {argv[2]}: no tokenizer.chat_template in the GGUF metadata", file=sys.stderr)
        sys.exit(1)
    with open(argv[3], "w", encoding="utf-8") as out:
        out.write(template)


if __name__ == "__main__":
    main(sys.argv)
