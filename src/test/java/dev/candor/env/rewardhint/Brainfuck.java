package dev.candor.env.rewardhint;

/** A small brainfuck interpreter (test code) with 8-bit wrapping cells and a step limit. */
final class Brainfuck {
  private Brainfuck() {}

  static String run(String program) {
    byte[] tape = new byte[30_000];
    int ptr = 0;
    StringBuilder out = new StringBuilder();
    int[] jump = new int[program.length()];
    java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
    for (int i = 0; i < program.length(); i++) {
      if (program.charAt(i) == '[') stack.push(i);
      else if (program.charAt(i) == ']') {
        int j = stack.pop();
        jump[i] = j;
        jump[j] = i;
      }
    }
    if (!stack.isEmpty()) throw new IllegalStateException("unbalanced [");
    long steps = 0;
    for (int pc = 0; pc < program.length(); pc++) {
      if (++steps > 10_000_000) throw new IllegalStateException("step limit");
      switch (program.charAt(pc)) {
        case '>' -> ptr++;
        case '<' -> ptr--;
        case '+' -> tape[ptr]++;
        case '-' -> tape[ptr]--;
        case '.' -> out.append((char) (tape[ptr] & 0xFF));
        case '[' -> { if (tape[ptr] == 0) pc = jump[pc]; }
        case ']' -> { if (tape[ptr] != 0) pc = jump[pc]; }
        default -> { }
      }
    }
    return out.toString();
  }
}
