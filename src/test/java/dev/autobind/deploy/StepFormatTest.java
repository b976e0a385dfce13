package dev.autobind.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StepFormatTest {

  private static final List<Step> STEPS = List.of(
      Step.unless("create topic t", "The topic.", Command.of("gcloud", "pubsub", "topics", "describe", "t"),
          Command.of("gcloud", "pubsub", "topics", "create", "t")),
      Step.always("read writer", "The writer.", Command.of("gcloud", "logging", "sinks", "describe", "s",
          "--format=value(writerIdentity)").into(Variable.SINK_WRITER)));

  @Test
  void shellShowsEachReasonAboveOneRunnableLine() {
    String text = StepFormat.SHELL.render(STEPS, List.of("header"), List.of("careful"));

    assertThat(text).isEqualTo("""
        # header
        # warning: careful

        # The topic.
        gcloud pubsub topics describe t >/dev/null 2>&1 || gcloud pubsub topics create t

        # The writer.
        SINK_WRITER=$(gcloud logging sinks describe s --format='value(writerIdentity)')
        """);
  }

  @Test
  void tsvHasFourColumnsWithDashForNothing() {
    String text = StepFormat.TSV.render(STEPS, List.of("header"), List.of("careful"));

    assertThat(text).isEqualTo(
        "create topic t\t-\tgcloud pubsub topics describe t\tgcloud pubsub topics create t\n"
            + "read writer\tSINK_WRITER\t-\tSINK_WRITER=$(gcloud logging sinks describe s"
            + " --format='value(writerIdentity)')\n");
  }

  static List<DeployCases.Case> all() {
    return DeployCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void everyPlanRendersAsOneTsvLinePerStep(DeployCases.Case c) {
    DeployPlan plan = c.plan();
    List<String> lines = StepFormat.TSV.render(plan.steps(), List.of(), List.of()).lines().toList();

    assertThat(lines).hasSize(plan.steps().size());
    assertThat(lines).allSatisfy(l -> assertThat(l.split("\t", -1)).hasSize(4).doesNotContain(""));
  }
}
