"""Invoice PDFs: renders with the licensed Pebble Sans font, installed on the build runners and servers only
(the licence does not allow it in the repository)."""

FONT = "/opt/fonts/PebbleSans-Regular.ttf"


def font_bytes():
    with open(FONT, "rb") as f:
        return f.read()


def render(lines):
    font = font_bytes()
    body = "\n".join(lines).encode()
    return b"%PDF-1.4\n% font " + str(len(font)).encode() + b"\n" + body + b"\n%%EOF\n"
