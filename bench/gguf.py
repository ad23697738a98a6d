"""Reads the header of a GGUF model file (no dependencies), for bench/real-model.sh.

  python3 bench/gguf.py check FILE            prints the GGUF version, tensor count and general.name; exits 1 if FILE is
                                              not a GGUF file (wrong magic) or its header is cut short
  python3 bench/gguf.py template FILE OUT     writes the model's chat template (tokenizer.chat_template) to OUT
  python3 bench/gguf.py json-tools FILE OUT   writes the model's chat template with its Hermes-style tool-call format
                                              (`<tool_call>{"name": ..., "arguments": ...}</tool_call>`, in the tool
                                              instructions and in past calls) changed to a ```json code block, and
                                              nothing else; exits 1 if the template has no such format

The header layout is that of llama.cpp's gguf-py: magic "GGUF", uint32 version, uint64 tensor count, uint64 key/value
count, then each key (uint64 length + UTF-8 bytes), a uint32 value type and the value, little-endian throughout.
Tests: python3 -m unittest discover -s bench -p gguf_test.py
"""
import struct
import sys

# json-tools: the Hermes tag pieces of a chat template's source (inside Jinja string literals, where a newline is the
# two characters backslash-n) and what replaces them
HERMES_TO_FENCE = [
    ("within <tool_call></tool_call> XML tags", "in a ```json code block"),
    ("<tool_call>\\n", "```json\\n"),
    ("\\n</tool_call>", "\\n```"),
]


def json_tools(template):
    """The template with its Hermes <tool_call> tags changed to a ```json fence; ValueError unless every tag changed."""
    fenced = template
    for old, new in HERMES_TO_FENCE:
        fenced = fenced.replace(old, new)
    if fenced == template or "tool_call>" in fenced:
        raise ValueError("the chat template has no Hermes-style <tool_call> format that json-tools knows how to change")
    return fenced


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
    if len(argv) < 3 or argv[1] not in ("check", "template", "json-tools") or (argv[1] != "check" and len(argv) != 4):
        sys.exit("usage: gguf.py check FILE | gguf.py template FILE OUT | gguf.py json-tools FILE OUT")
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
    if argv[1] == "json-tools":
        try:
            template = json_tools(template)
        except ValueError as e:
            print(f"gguf.py: {argv[2]}: {e}", file=sys.stderr)
            sys.exit(1)
    with open(argv[3], "w", encoding="utf-8") as out:
        out.write(template)


if __name__ == "__main__":
    main(sys.argv)
