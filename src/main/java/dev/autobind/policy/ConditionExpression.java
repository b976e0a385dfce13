package dev.autobind.policy;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.types.TypeParamType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one check of an IAM condition's expression: parsed and type-checked by Google's CEL library against
 * the attributes and functions IAM Conditions offer (IAM docs, "Attribute reference for IAM Conditions"):
 * {@code request.time}, {@code request.host}, {@code request.path}, {@code resource.name}, {@code resource.type},
 * {@code resource.service}, {@code resource.matchTag}/{@code matchTagId}/{@code hasTagKey}/{@code hasTagKeyId},
 * {@code destination.ip}/{@code port}, {@code api.getAttribute}, CEL's timestamp, duration and string functions,
 * and IAM's {@code extract}. The result must be a bool. What IAM would refuse with INVALID_ARGUMENT on every
 * project is refused at validation instead.
 */
final class ConditionExpression {

  private static final StructType REQUEST = struct("google.iam.Request",
      Map.of("time", SimpleType.TIMESTAMP, "host", SimpleType.STRING, "path", SimpleType.STRING));
  private static final StructType RESOURCE = struct("google.iam.Resource",
      Map.of("name", SimpleType.STRING, "type", SimpleType.STRING, "service", SimpleType.STRING));
  private static final StructType DESTINATION = struct("google.iam.Destination",
      Map.of("ip", SimpleType.STRING, "port", SimpleType.INT));
  private static final StructType API = struct("google.iam.Api", Map.of());

  private static final CelCompiler COMPILER = compiler();

  private ConditionExpression() {}

  /**
   * Why {@code written} would not be accepted by IAM, or empty. Its placeholders are filled in with
   * {@code samples} first, and the problem's line and column point into {@code written} as the user wrote it.
   */
  static Optional<String> problem(String written, Map<Placeholder, String> samples) {
    StringBuilder filled = new StringBuilder();
    List<Integer> origin = new ArrayList<>();
    for (int i = 0; i < written.length(); i++) {
      int end = written.startsWith("${", i) ? written.indexOf('}', i) : -1;
      Optional<String> value = end < 0 ? Optional.empty()
          : Placeholder.byId(written.substring(i + 2, end)).map(samples::get);
      if (value.isPresent()) {
        filled.append(value.get());
        for (int k = 0; k < value.get().length(); k++) {
          origin.add(i);
        }
        i = end;
      } else {
        filled.append(written.charAt(i));
        origin.add(i);
      }
    }
    origin.add(written.length());
    return check(filled.toString()).map(issue -> at(written, filled.toString(), origin, issue) + message(issue));
  }

  /** The first error CEL finds in {@code expression}, if any. */
  private static Optional<CelValidationResult> check(String expression) {
    CelValidationResult result = COMPILER.compile(expression);
    return result.hasError() ? Optional.of(result) : Optional.empty();
  }

  private static String message(CelValidationResult result) {
    return Problems.shown(result.getErrors().get(0).getMessage(), 200)
        + (result.getErrors().size() > 1 ? " (and " + (result.getErrors().size() - 1) + " more)" : "");
  }

  /** "line L, column C: " in the written text, for the first error's place in the filled-in text. */
  private static String at(String written, String filled, List<Integer> origin, CelValidationResult result) {
    CelIssue first = result.getErrors().get(0);
    int line = first.getSourceLocation().getLine();
    if (line <= 0) {
      return "";
    }
    int offset = 0;
    for (int l = 1; l < line && offset >= 0; l++) {
      offset = filled.indexOf('\n', offset) + 1;
    }
    int raw = origin.get(Math.min(Math.max(offset, 0) + first.getSourceLocation().getColumn(), origin.size() - 1));
    int lineStart = written.lastIndexOf('\n', raw - 1) + 1;
    return (line > 1 ? "line " + line + ", " : "") + "column " + (raw - lineStart + 1) + ": ";
  }

  private static CelCompiler compiler() {
    CelType any = TypeParamType.create("A");
    return CelCompilerFactory.standardCelCompilerBuilder()
        .setTypeProvider(new Types())
        .addVar("request", REQUEST)
        .addVar("resource", RESOURCE)
        .addVar("destination", DESTINATION)
        .addVar("api", API)
        .addFunctionDeclarations(
            member("matchTag", "resource_match_tag", SimpleType.BOOL, RESOURCE, SimpleType.STRING, SimpleType.STRING),
            member("matchTagId", "resource_match_tag_id", SimpleType.BOOL, RESOURCE, SimpleType.STRING,
                SimpleType.STRING),
            member("hasTagKey", "resource_has_tag_key", SimpleType.BOOL, RESOURCE, SimpleType.STRING),
            member("hasTagKeyId", "resource_has_tag_key_id", SimpleType.BOOL, RESOURCE, SimpleType.STRING),
            member("extract", "string_extract", SimpleType.STRING, SimpleType.STRING, SimpleType.STRING),
            CelFunctionDecl.newFunctionDeclaration("hasOnly", CelOverloadDecl.newMemberOverload(
                "list_has_only", SimpleType.BOOL, ListType.create(any), ListType.create(any))),
            CelFunctionDecl.newFunctionDeclaration("getAttribute", CelOverloadDecl.newMemberOverload(
                "api_get_attribute", any, API, SimpleType.STRING, any)))
        .setResultType(SimpleType.BOOL)
        .build();
  }

  private static CelFunctionDecl member(String name, String id, CelType result, CelType... params) {
    return CelFunctionDecl.newFunctionDeclaration(name, CelOverloadDecl.newMemberOverload(id, result, params));
  }

  private static StructType struct(String name, Map<String, CelType> fields) {
    return StructType.create(name, ImmutableSet.copyOf(fields.keySet()), f -> Optional.ofNullable(fields.get(f)));
  }

  /** Makes the attribute types known to the checker by name. */
  private static final class Types implements CelTypeProvider {
    private static final ImmutableList<CelType> ALL = ImmutableList.of(REQUEST, RESOURCE, DESTINATION, API);

    @Override
    public ImmutableCollection<CelType> types() {
      return ALL;
    }

    @Override
    public Optional<CelType> findType(String name) {
      return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
  }

}
