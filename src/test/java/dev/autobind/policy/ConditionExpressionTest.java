package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Condition expressions as CEL checks them against IAM's attributes: each refusal points at the column. */
class ConditionExpressionTest {

  /** An expression as written (placeholders and all) and its problem, empty when IAM would accept it. */
  record Case(String name, String expression, Optional<String> problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case ok(String name, String expression) {
    return new Case(name, expression, Optional.empty());
  }

  static Case bad(String name, String expression, String problem) {
    return new Case(name, expression, Optional.of(problem));
  }

  static final String EXPECTING = " expecting {'[', '{', '(', ";
  static final String VALUES = "'.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES,"
      + " IDENTIFIER}";

  static Stream<Case> cases() {
    return Stream.of(
        ok("the shipped datasets condition", "resource.name == \"projects/_/buckets/${project}-datasets\" ||\n"
            + "resource.name.startsWith(\"projects/_/buckets/${project}-datasets/\")"),
        ok("a time window", "request.time < timestamp(\"2027-01-01T00:00:00Z\")"),
        ok("office hours in a time zone", "request.time.getHours(\"Europe/Berlin\") >= 9"
            + " && request.time.getDayOfWeek(\"Europe/Berlin\") < 5"),
        ok("a duration", "request.time > timestamp(\"2026-01-01T00:00:00Z\") + duration(\"3600s\")"),
        ok("type and service", "resource.type == \"storage.googleapis.com/Bucket\""
            + " && resource.service in [\"storage.googleapis.com\"]"),
        ok("tags by name and by id", "resource.matchTag(\"123456789012/env\", \"prod\")"
            + " || resource.matchTagId(\"tagKeys/1\", \"tagValues/2\") || resource.hasTagKey(\"123/env\")"),
        ok("the function's own hasOnly condition", "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', [])"
            + ".hasOnly(['roles/aiplatform.user', 'roles/tpu.viewer'])"),
        ok("extract and the string functions", "resource.name.extract(\"projects/{p}/\") == \"${project}\""
            + " && resource.name.endsWith(\"x\") && resource.name.contains(\"y\") && resource.name.matches(\"^p\")"),
        ok("IAP's request and destination", "request.host == \"a.example.com\" && request.path.startsWith(\"/x\")"
            + " && destination.port == 22 && destination.ip == \"10.0.0.1\""),
        bad("an unfinished or, from the issue", "resource.name == \"projects/_/buckets/x\" ||",
            "column 43: mismatched input '<EOF>'" + EXPECTING + VALUES),
        bad("an unclosed call, from the issue", "resource.name.startsWith(",
            "column 26: mismatched input '<EOF>'" + EXPECTING + "')', " + VALUES),
        bad("a misspelt attribute, from the issue", "resource.nam == 1", "column 9: undefined field 'nam'"),
        bad("an unknown function, from the issue", "foo(bar)",
            "column 4: undeclared reference to 'foo' (in container '') (and 1 more)"),
        bad("a string where a bool is due", "resource.name", "column 9: expected type 'bool' but found 'string'"),
        bad("a string compared with a number", "resource.type == 1", "column 15: found no matching overload for"
            + " '_==_' applied to '(string, int)' (candidates: (%A0, %A0))"),
        bad("an attribute IAM does not offer", "request.ip == \"1.2.3.4\"", "column 8: undefined field 'ip'"),
        bad("a column after a placeholder points into the text as written",
            "resource.name == \"${project}-${location}\" && resource.nam == \"\"", "column 54: undefined field 'nam'"),
        bad("the second line of a literal block", "resource.name == \"a\" ||\n  resource.nme == \"b\"",
            "line 2, column 11: undefined field 'nme'"),
        bad("a quote that ends the literal early", "resource.name == \"a\"b\"", "column 21: extraneous input 'b'"
            + " expecting <EOF> (and 1 more)"),
        bad("deep nesting stops at CEL's recursion limit, without a stack overflow", "(".repeat(300) + "true"
            + ")".repeat(300), "column 1: Expression recursion limit exceeded. limit: 250"),
        bad("a control character", "resource.name == \"a\u0007\" \u0000", "column 23: token recognition error at:"
            + " '\\u0000'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void celAcceptsOrRefusesWithTheColumn(Case c) {
    assertThat(ConditionExpression.problem(c.expression(), GrantSection.SAMPLES)).isEqualTo(c.problem());
  }
}
