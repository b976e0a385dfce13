package dev.autobind.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MemberFormTest {

  static final String GKE = "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/"
      + "demo-train.svc.id.goog";
  static final String GKE_SET = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/"
      + "workloadIdentityPools/demo-train.svc.id.goog";

  /** A member and the refusal expected for it, or none. */
  record Case(String member, Optional<String> problem) {
    static Case ok(String member) {
      return new Case(member, Optional.empty());
    }

    static Case refused(String member, String problem) {
      return new Case(member, Optional.of(problem));
    }

    /** A refusal that names a long member by its first 100 characters, as messages do. */
    static Case refusedLong(String member, String rest) {
      return refused(member, (member.length() > 100 ? member.substring(0, 100) + "..." : member) + rest);
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
        Case.ok("principal://iam.googleapis.com/locations/global/workforcePools/ml-contractors/subject/alice"),
        Case.ok("principalSet://iam.googleapis.com/locations/global/workforcePools/ml-contractors/group/ml-admins"),
        Case.ok("principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ml-pool/attribute.team/ml"),
        Case.ok("principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ml-pool/subject/repo:ml"),
        Case.ok(GKE + "/subject/ns/training/sa/trainer"),
        Case.ok(GKE_SET + "/namespace/training"),
        Case.ok(GKE_SET + "/kubernetes.cluster/https://container.googleapis.com/v1/projects/demo-train/locations/us-central1-a/clusters/train-1"),
        Case.refused("principalSet://goog/group/ml@example.com", "principalSet://goog/group/ml@example.com is not on"
            + " iam.googleapis.com; only workload and workforce identity pool principals are supported (use user:,"
            + " group: or serviceAccount: for Google identities)"),
        Case.refusedLong("principal://iam.googleapis.com.evil.example/projects/123/locations/global/workloadIdentityPools/"
            + "demo-train.svc.id.goog/subject/ns/training/sa/trainer", " is not on iam.googleapis.com; only workload and"
            + " workforce identity pool principals are supported (use user:, group: or serviceAccount: for Google"
            + " identities)"),
        Case.refusedLong("principal://iam.googleapis.com/projects/demo-train/locations/global/workloadIdentityPools/"
            + "demo-train.svc.id.goog/subject/ns/training/sa/trainer",
            ": projects/demo-train must be the project number (digits), not the project id"),
        Case.refusedLong(GKE_SET + "/*", " has a wildcard; name one pool's subject, group, attribute or Kubernetes selector"),
        Case.refusedLong(GKE + "/subject/ns/Training/sa/trainer", ": Training is not a namespace name; use up to 63"
            + " lowercase letters, digits and '-', starting and ending with a letter or digit"),
        Case.refusedLong(GKE + "/subject/ns/training/sa/trainer_1", ": trainer_1 is not a Kubernetes object name; use up"
            + " to 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"),
        Case.refusedLong(GKE + "/subject/training/trainer", ": subject/training/trainer is not a Kubernetes service"
            + " account; a GKE principal takes subject/ns/NAMESPACE/sa/NAME"),
        Case.refusedLong(GKE_SET + "/attribute.team/ml", ": attribute.team/ml is not a GKE selector; a GKE principalSet"
            + " takes namespace/NAMESPACE or kubernetes.cluster/CLUSTER_URL"),
        Case.refusedLong("principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/"
            + "Demo.svc.id.goog/subject/ns/training/sa/trainer", ": pool Demo.svc.id.goog is not a GKE pool; GKE's pool"
            + " is PROJECT_ID.svc.id.goog with a project id"),
        Case.refusedLong("principal://iam.googleapis.com/projects/123/locations/us-east1/workloadIdentityPools/ml-pool/"
            + "subject/x", ": workload identity pools are in locations/global, not us-east1"),
        Case.refusedLong("principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ml-pool/*",
            " has a wildcard; name one pool's subject, group, attribute or Kubernetes selector"),
        Case.refusedLong(GKE_SET + "/kubernetes.cluster/https://evil.example/v1/projects/demo-train/locations/"
            + "us-central1/clusters/c", ": a cluster is named https://container.googleapis.com/v1/projects/PROJECT_ID"
            + "/locations/LOCATION/clusters/CLUSTER"),
        Case.refusedLong(GKE_SET + "/kubernetes.cluster/https://container.googleapis.com/v1/projects/demo-train/locations/"
            + "us-central1/clusters/Bad_Name", ": Bad_Name is not a GKE cluster name; use up to 40 lowercase letters, digits and '-', starting with a letter"),
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
            "serviceAccount:demo-train.svc.id.goog[Training/trainer]: Training is not a namespace name; use up to 63"
                + " lowercase letters, digits and '-', starting and ending with a letter or digit"),
        Case.refused("serviceAccount:demo-train.svc.id.goog[training/trainer]extra",
            "serviceAccount:demo-train.svc.id.goog[training/trainer]extra is not a valid member;"
                + " expected serviceAccount:EMAIL or serviceAccount:POOL.svc.id.goog[NAMESPACE/KSA]"),
        Case.refused("domain:-example.com", "domain:-example.com is not a valid member; expected domain:DOMAIN"),
        Case.refused("principal:/iam.googleapis.com/x", "principal:/iam.googleapis.com/x is not a supported member;"
            + " use user:, group:, serviceAccount:, domain:, principal:// or principalSet://"),
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
