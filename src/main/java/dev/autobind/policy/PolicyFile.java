package dev.autobind.policy;

import dev.autobind.kind.KindRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded and validated function.yaml: the deployment ({@code function:}, optional) and the policy.
 *
 * @param source the file as the caller named it; every problem message starts with it
 * @param function the deployment section, when the file has one
 * @param policy the policy section
 * @param warnings what is valid but worth a second look, each as {@code FILE:LINE: field.path: message}
 */
public record PolicyFile(String source, Optional<FunctionConfig> function, Policy policy, List<Problem> warnings) {

  /** Files over this size are refused unread: a real policy is a few kilobytes. */
  public static final int MAX_BYTES = 1 << 20;

  static final List<String> KEYS = List.of("function", "policy");

  public PolicyFile {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(policy, "policy");
    warnings = List.copyOf(warnings);
  }

  /** The variable that names another function.yaml, for the function and every command. */
  public static final String PATH_VARIABLE = "AUTOBIND_POLICY";

  /** Where function.yaml is when neither an option nor {@code AUTOBIND_POLICY} says: the working directory. */
  public static final String DEFAULT_PATH = "function.yaml";

  /** The file to read: {@code explicit}, else {@code AUTOBIND_POLICY} from {@code env}, else {@code function.yaml}. */
  public static Path locate(Optional<Path> explicit, java.util.Map<String, String> env) {
    return explicit.orElseGet(() -> {
      String fromEnvironment = env.get(PATH_VARIABLE);
      return Path.of(fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_PATH : fromEnvironment.trim());
    });
  }

  /**
   * Reads and validates {@code path}, with rules naming the kinds of {@code kinds}.
   *
   * @throws PolicyException listing every problem, each as {@code FILE:LINE: field.path: message}
   */
  public static PolicyFile load(Path path, KindRegistry kinds) {
    String source = path.toString();
    return parse(source, read(path, source), kinds);
  }

  /**
   * Validates YAML text, with rules naming the kinds of {@code kinds}; {@code source} names it in problems.
   *
   * @throws PolicyException listing every problem
   */
  public static PolicyFile parse(String source, String yaml, KindRegistry kinds) {
    Problems problems = new Problems(source);
    if (yaml.length() > MAX_BYTES) {
      problems.add(0, "", "the file is " + yaml.length() + " characters long; the limit is " + MAX_BYTES);
      problems.throwIfAny();
    }
    TreeReader in = new TreeReader(problems);
    Optional<PolicyFile> file = new YamlReader(problems).read(yaml).flatMap(root -> sections(in, source, root, kinds))
        .map(f -> new PolicyFile(f.source(), f.function(), f.policy(), problems.warnings()));
    problems.throwIfAny();
    return file.orElseThrow(() -> new IllegalStateException("no problems were found, yet " + source + " was not read"));
  }

  /** The deployment section, which the deploy tooling cannot do without. */
  public FunctionConfig requireFunction() {
    return function.orElseThrow(() -> new PolicyException(List.of(
        new Problem(source, 0, "function", "is required to deploy; add a function: section"))));
  }

  private static Optional<PolicyFile> sections(TreeReader in, String source, YamlNode root, KindRegistry kinds) {
    Field top = new Field("", root.line(), root);
    Optional<YamlNode.Mapping> m = in.mapping(top, KEYS);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    // The policy is read first so that the function's governed projects can be checked against it;
    // problems are sorted by line, so the order of reading does not show.
    PolicySection policySection = new PolicySection(in, kinds);
    Optional<Policy> policy = in.required(top, m.get(), "policy").flatMap(policySection::read);
    Optional<ProjectScope> governed = policy.map(Policy::projects);
    Optional<Field> functionField = in.optional(top, m.get(), "function");
    Optional<Optional<FunctionConfig>> function = functionField
        .map(f -> new FunctionSection(in, governed, policySection.memberDomains()).read(f).map(Optional::of)).orElse(Optional.of(Optional.empty()));
    if (function.isEmpty() || policy.isEmpty()) {
      return Optional.empty();
    }
    function.get().ifPresent(fn -> FunctionSection.requireGoverned(in, functionField.get(), fn,
        policy.get().projects()));
    return Optional.of(new PolicyFile(source, function.get(), policy.get(), List.of()));
  }

  private static String read(Path path, String source) {
    try {
      if (Files.isDirectory(path)) {
        throw unreadable(source, "it is a directory", null);
      }
      long size = Files.size(path);
      if (size > MAX_BYTES) {
        throw unreadable(source, "the file is " + size + " bytes; the limit is " + MAX_BYTES + " bytes", null);
      }
      return utf8(Files.readAllBytes(path), source);
    } catch (NoSuchFileException e) {
      throw unreadable(source, "no such file", e);
    } catch (IOException e) {
      throw unreadable(source, "cannot read the file: " + e.getMessage(), e);
    }
  }

  private static String utf8(byte[] bytes, String source) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw unreadable(source, "the file is not valid UTF-8", e);
    }
  }

  private static PolicyException unreadable(String source, String message, Throwable cause) {
    Problem problem = new Problem(source, 0, "", message);
    return cause == null ? new PolicyException(List.of(problem)) : new PolicyException(problem, cause);
  }
}
