"""Tests of bench/gguf.py on small GGUF headers made here: python3 -m unittest discover -s bench -p gguf_test.py"""
import os
import struct
import subprocess
import sys
import tempfile
import unittest

GGUF_PY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gguf.py")

# the tool parts of Qwen2.5's chat template (as in the pinned Qwen2.5-Coder GGUF), source text as the GGUF holds it
QWEN_TOOLS = (
    '{{- "\\n</tools>\\n\\nFor each function call, return a json object with function name and arguments within '
    '<tool_call></tool_call> XML tags:\\n<tool_call>\\n{\\"name\\": <function-name>, \\"arguments\\": '
    '<args-json-object>}\\n</tool_call><|im_end|>\\n" }}\n'
    "{%- for tool_call in message.tool_calls %}\n"
    "{{- '\\n<tool_call>\\n{\"name\": \"' }}{{- tool_call.name }}{{- '\", \"arguments\": ' }}"
    "{{- tool_call.arguments | tojson }}{{- '}\\n</tool_call>' }}\n"
    "{%- endfor %}\n"
    "{{- '<|im_start|>assistant\\n' }}"
)


def gguf(path, template):
    """Writes a GGUF header with general.name and, unless None, tokenizer.chat_template (no tensors)."""
    def string(s):
        b = s.encode("utf-8")
        return struct.pack("<Q", len(b)) + b
    kv = [("general.name", "test")] + ([("tokenizer.chat_template", template)] if template is not None else [])
    with open(path, "wb") as f:
        f.write(b"GGUF" + struct.pack("<IQQ", 3, 0, len(kv)))
        for k, v in kv:
            f.write(string(k) + struct.pack("<I", 8) + string(v))


def run(*args):
    return subprocess.run([sys.executable, GGUF_PY, *args], capture_output=True, text=True)


class JsonToolsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.model, self.out = os.path.join(self.dir.name, "m.gguf"), os.path.join(self.dir.name, "t.jinja")

    def tearDown(self):
        self.dir.cleanup()

    def test_tags_become_a_json_fence_and_nothing_else_changes(self):
        gguf(self.model, QWEN_TOOLS)
        r = run("json-tools", self.model, self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        fenced = open(self.out, encoding="utf-8").read()
        self.assertNotIn("tool_call>", fenced)
        self.assertIn("arguments in a ```json code block:\\n```json\\n{\\\"name\\\": <function-name>", fenced)
        self.assertIn("<args-json-object>}\\n```<|im_end|>", fenced)
        self.assertIn("{{- '\\n```json\\n{\"name\": \"' }}", fenced)
        self.assertIn("{{- '}\\n```' }}", fenced)
        # undo the three edits: the rest is the model's own template
        back = (fenced.replace("in a ```json code block", "within <tool_call></tool_call> XML tags")
                .replace("```json\\n", "<tool_call>\\n").replace("\\n```", "\\n</tool_call>"))
        self.assertEqual(back, QWEN_TOOLS)

    def test_a_template_without_hermes_tags_is_refused_and_nothing_written(self):
        gguf(self.model, "{{- '<|im_start|>assistant\\n' }}")
        r = run("json-tools", self.model, self.out)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no Hermes-style <tool_call> format", r.stderr)
        self.assertFalse(os.path.exists(self.out))

    def test_a_tag_left_unchanged_is_refused(self):
        # a <tool_call> tag json-tools has no rule for (here without its newline) would leave a mixed format
        gguf(self.model, QWEN_TOOLS + "{{- '<tool_call>' }}")
        r = run("json-tools", self.model, self.out)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no Hermes-style <tool_call> format", r.stderr)
        self.assertFalse(os.path.exists(self.out))

    def test_template_writes_the_template_unchanged(self):
        gguf(self.model, QWEN_TOOLS)
        r = run("template", self.model, self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(open(self.out, encoding="utf-8").read(), QWEN_TOOLS)

    def test_no_template_in_the_gguf(self):
        gguf(self.model, None)
        r = run("json-tools", self.model, self.out)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no tokenizer.chat_template", r.stderr)


if __name__ == "__main__":
    unittest.main()
