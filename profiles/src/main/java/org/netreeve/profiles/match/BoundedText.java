package org.netreeve.profiles.match;

/**
 * A command line for regex matching that refuses to be read more than a budget of times. Java's
 * regex engine backtracks without limit; counting character reads bounds the work of any pattern.
 * One instance per match; not thread-safe.
 */
final class BoundedText implements CharSequence {

  /** Thrown when the budget is used up; carries no stack trace because it is expected. */
  static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExceeded() {
      super("regex budget exceeded", null, false, false);
    }
  }

  private final String text;
  private final int start;
  private final int end;
  private final int[] budget;

  BoundedText(String text, int budget) {
    this(text, 0, text.length(), new int[] {budget});
  }

  private BoundedText(String text, int start, int end, int[] budget) {
    this.text = text;
    this.start = start;
    this.end = end;
    this.budget = budget;
  }

  @Override
  public char charAt(int index) {
    if (--budget[0] < 0) {
      throw new BudgetExceeded();
    }
    return text.charAt(start + index);
  }

  @Override
  public int length() {
    return end - start;
  }

  @Override
  public CharSequence subSequence(int from, int to) {
    return new BoundedText(text, start + from, start + to, budget);
  }

  @Override
  public String toString() {
    return text.substring(start, end);
  }
}
