package dev.candor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bounds every grader and detector works within, so that no model output can stall grading. Text longer than
 * {@link #MAX_CHARS} is not scored at all, and every regex search over model text runs on a character budget
 * proportional to the text's length ({@link #matcher}): a pattern that backtracks super-linearly (a scenario's own
 * rule, a lexical pattern file) runs out of budget instead of running for hours. Either way the caller gets
 * {@link TooLong} and records the outcome {@link #LABEL} — "could not score", never counted in n.
 */
public final class TextBudget {
  private TextBudget() {}

  /** The outcome label of a text that could not be scored within the bounds. */
  public static final String LABEL = "too_long";
  /** The longest text (in chars) a grader or detector reads: 1 MiB, far beyond any real answer or reasoning. */
  public static final int MAX_CHARS = 1 << 20;
  /** Characters a single regex search may read per character of its input (linear patterns need a few dozen). */
  static final long STEPS_PER_CHAR = 1000;
  /** Characters any regex search may read regardless of its input's length. */
  static final long BASE_STEPS = 1_000_000;

  /** A text that could not be scored: over {@link #MAX_CHARS}, or a search over it exhausted its budget. */
  public static final class TooLong extends RuntimeException {
    public TooLong(String message) { super(message, null, false, false); }
  }

  /** Throws {@link TooLong} when {@code text} is longer than {@link #MAX_CHARS}; {@code what} names it ("the answer"). */
  public static void check(String what, CharSequence text) {
    if (text != null) check(what, text.length());
  }

  /** Throws {@link TooLong} when {@code chars} is more than {@link #MAX_CHARS}; {@code what} names the text. */
  public static void check(String what, long chars) {
    if (chars > MAX_CHARS) throw new TooLong("could not score: " + what + " is " + chars + " characters, over the limit of " + MAX_CHARS);
  }

  /** A matcher over {@code text} that throws {@link TooLong} once it has read more than its budget of characters. */
  public static Matcher matcher(Pattern pattern, CharSequence text) {
    long budget = BASE_STEPS + STEPS_PER_CHAR * text.length();
    return pattern.matcher(new Counted(text, new long[] {budget}, pattern));
  }

  /** A view of a text that charges one step per character read. */
  private record Counted(CharSequence text, long[] left, Pattern pattern) implements CharSequence {
    @Override public int length() { return text.length(); }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0)
        throw new TooLong("could not score: the pattern /" + abbreviate(pattern.pattern()) + "/ ran out of its search budget on "
            + text.length() + " characters");
      return text.charAt(index);
    }

    @Override public CharSequence subSequence(int start, int end) { return text.subSequence(start, end); }

    @Override public String toString() { return text.toString(); }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
