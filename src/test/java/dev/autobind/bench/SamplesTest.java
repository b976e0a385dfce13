package dev.autobind.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The summaries every benchmark row is built from: median, range, and how values and ratios print. */
class SamplesTest {

  record Case(String name, List<Double> values, double min, double median, double max) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("one value", List.of(7.0), 7, 7, 7),
        new Case("odd count, unsorted", List.of(9.0, 1.0, 5.0), 1, 5, 9),
        new Case("even count takes the mean of the middle two", List.of(4.0, 1.0, 3.0, 10.0), 1, 3.5, 10),
        new Case("an outlier does not move the median", List.of(100.0, 101.0, 99.0, 5000.0, 100.0), 99, 100, 5000));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void summarizes(Case c) {
    Samples samples = new Samples(c.values());

    assertThat(samples.min()).isEqualTo(c.min());
    assertThat(samples.median()).isEqualTo(c.median());
    assertThat(samples.max()).isEqualTo(c.max());
    assertThat(samples.count()).isEqualTo(c.values().size());
  }

  @Test
  void noSamplesIsRefused() {
    assertThatThrownBy(() -> new Samples(List.of())).hasMessage("no samples");
  }

  @Test
  void aMeasuredRowPrintsMediansTheirRatioAndTheRange() {
    Row row = Row.measured("1a cold start", Samples.of(List.of(1000, 1200, 1100)),
        Samples.of(List.of(1500.0, 1430.0, 1700.0)), "ms");

    assertThat(row.line()).isEqualTo("ROW\t1a cold start\t1,100 ms\t1,500 ms\t1.36x\t3+3\t1,430/1,500/1,700 ms");
  }

  @Test
  void aZeroBaselineHasNoRatio() {
    assertThat(Row.measured("4e redelivered", Samples.of(List.of(0)), Samples.of(List.of(0)), "").ratio())
        .isEqualTo("-");
  }
}
