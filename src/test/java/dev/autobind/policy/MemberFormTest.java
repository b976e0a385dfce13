package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MemberFormTest {

  /** A member and the refusal expected for it, or none. */
  record Case(String member, Optional<String> problem) {
    static Case ok(String member) {
      return new Case(member, Optional.empty());
    }

    static Case refused(String member, String problem) {
      return new Case(member, Optional.of(problem));
    }

    @Override
    public String toString() {
      return member.length() > 60 ? member.substring(0, 60) + "..." : member;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        Case.ok("user:alice@example.com"),
        Case.ok("user:Alice.O'Neil+ml@Example.co.uk"),
        Case.ok("group:ml-engineers@example.com"),
        Case.ok("serviceAccount:ml-trainer@demo-train.iam.gserviceaccount.com"),
        Case.ok("serviceAccount:demo-train.svc.id.goog[training/trainer]"),
        Case.ok("serviceAccount:demo-train.svc.id.goog[kube-system/metrics.reader]"),
        Case.ok("domain:example.com"),
        Case.ok("principal://iam.googleapis.com/locations/global/workforcePools/pool/subject/alice"),
        Case.ok("principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/p/attribute.team/ml"),
        Case.ok("principalSet://goog/group/ml@example.com"),
        Case.ok("principal://goog/subject/alice@example.com"),
        Case.refused("principalSet://goog/public:all",
            "principalSet://goog/public:all makes the grant public; name users, groups or service accounts instead"),
        Case.refused("allUsers", "allUsers makes the grant public; name users, groups or service accounts instead"),
        Case.refused("allAuthenticatedUsers",
            "allAuthenticatedUsers makes the grant public; name users, groups or service accounts instead"),
        Case.refused("alice@example.com", "alice@example.com is not a supported member;"
            + " use user:, group:, serviceAccount:, domain:, principal:// or principalSet://"),
        Case.refused("projectOwner:demo-train", "projectOwner:demo-train is not a supported member;"
            + " use user:, group:, serviceAccount:, domain:, principal:// or principalSet://"),
        Case.refused("deleted:group:old@example.com?uid=1", "deleted:group:old@example.com?uid=1 is not a supported member;"
            + " use user:, group:, serviceAccount:, domain:, principal:// or principalSet://"),
        Case.refused("User:alice@example.com", "User:alice@example.com is not a supported member;"
            + " use user:, group:, serviceAccount:, domain:, principal:// or principalSet://"),
        Case.refused("group:", "group: is not a valid member; expected group:EMAIL"),
        Case.refused("user:alice@localhost", "user:alice@localhost is not a valid member; expected user:EMAIL"),
        Case.refused("serviceAccount:demo-train.svc.id.goog[Training/trainer]",
            "serviceAccount:demo-train.svc.id.goog[Training/trainer] is not a valid member;"
                + " expected serviceAccount:EMAIL or serviceAccount:POOL.svc.id.goog[NAMESPACE/KSA]"),
        Case.refused("serviceAccount:demo-train.svc.id.goog[training/trainer]extra",
            "serviceAccount:demo-train.svc.id.goog[training/trainer]extra is not a valid member;"
                + " expected serviceAccount:EMAIL or serviceAccount:POOL.svc.id.goog[NAMESPACE/KSA]"),
        Case.refused("domain:-example.com", "domain:-example.com is not a valid member; expected domain:DOMAIN"),
        Case.refused("principal:/iam.googleapis.com/x", "principal:/iam.googleapis.com/x is not a valid member;"
            + " expected principal://SERVICE/PATH"),
        Case.refused("user:alice@example.com user:eve@example.com",
            "user:alice@example.com user:eve@example.com contains whitespace or control characters"),
        Case.refused("user:alice@example.com\u0000", "user:alice@example.com\\u0000 contains whitespace or control characters"),
        Case.refused("user:" + "a".repeat(600) + "@example.com", "member is 617 characters long; the limit is 512"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void acceptsTheSupportedFormsOnly(Case c) {
    assertThat(MemberForm.problem(c.member())).isEqualTo(c.problem());
  }
}
