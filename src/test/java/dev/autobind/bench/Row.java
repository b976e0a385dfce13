package dev.autobind.bench;

import java.util.Locale;

/**
 * One line of the benchmark table: a figure, its baseline and autobind's value (each a median with
 * its unit), their ratio, the number of runs, and autobind's min/median/max. Printed as one
 * tab-separated line starting with {@code ROW}, which scripts/bench.sh turns into the table.
 */
record Row(String figure, String baseline, String autobind, String ratio, String runs, String spread) {

  static final String PREFIX = "ROW";

  /** A measured figure: both sides summarized by their medians, the ratio autobind / baseline. */
  static Row measured(String figure, Samples baseline, Samples autobind, String unit) {
    return new Row(figure, value(baseline.median(), unit), value(autobind.median(), unit),
        ratio(autobind.median(), baseline.median()), baseline.count() + "+" + autobind.count(), spread(autobind, unit));
  }

  /** A counted figure (no spread between runs): both sides and their ratio. */
  static Row counted(String figure, String baseline, String autobind, double ratio, int runs) {
    return new Row(figure, baseline, autobind, ratio(ratio), Integer.toString(runs), "-");
  }

  static String ratio(double autobind, double baseline) {
    return baseline == 0 ? "-" : ratio(autobind / baseline);
  }

  static String ratio(double ratio) {
    return String.format(Locale.ROOT, "%.2fx", ratio);
  }

  static String value(double value, String unit) {
    return withUnit(number(value), unit);
  }

  static String spread(Samples samples, String unit) {
    return withUnit(number(samples.min()) + "/" + number(samples.median()) + "/" + number(samples.max()), unit);
  }

  private static String withUnit(String number, String unit) {
    return unit.isEmpty() ? number : number + " " + unit;
  }

  static String number(double value) {
    if (value == Math.rint(value) || Math.abs(value) >= 100) {
      return String.format(Locale.ROOT, "%,d", Math.round(value));
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
  }

  String line() {
    return String.join("\t", PREFIX, figure, baseline, autobind, ratio, runs, spread);
  }

  void print() {
    System.out.println(line());
  }
}
