package dev.autobind.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Repeated measurements of one quantity, in one unit, summarized by their median and range. */
record Samples(List<Double> values) {

  Samples {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    values = List.copyOf(sorted);
  }

  static Samples of(List<? extends Number> values) {
    return new Samples(values.stream().map(Number::doubleValue).toList());
  }

  double min() {
    return values.get(0);
  }

  double max() {
    return values.get(values.size() - 1);
  }

  /** The middle value; for an even count, the mean of the two middle values. */
  double median() {
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  int count() {
    return values.size();
  }
}
