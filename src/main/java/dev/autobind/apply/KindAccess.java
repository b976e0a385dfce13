package dev.autobind.apply;

import com.google.api.gax.rpc.ApiException;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceFacts;
import dev.autobind.kind.ResourceName;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The I/O half of a kind: looks a resource up, lists a project's resources, and reads or writes the
 * resource's own IAM policy, all through the real client library. Used by the applier and backfill only.
 */
public interface KindAccess {

  /**
   * Reads the resource, and so proves it exists, returning the facts the planner needs.
   *
   * @param name the resource, named by its project id
   * @param projectNumber the project number when the caller already knows it
   * @throws ApiException the API's error (NOT_FOUND for a resource that does not exist)
   */
  ResourceFacts facts(CloudClients clients, ResourceName name, Optional<String> projectNumber);

  /**
   * Lists the kind's resources in {@code project}, telling {@code listing} of each one and of every
   * call that failed.
   *
   * @param regions the Vertex AI regions to list in, asked for only by kinds listed region by region
   */
  void list(CloudClients clients, String project, Supplier<List<String>> regions, Listing listing);

  /**
   * The gateway to the own IAM policies of the kind's resources, handed each resource typed.
   *
   * @throws UnsupportedOperationException for a kind without resource-level IAM
   */
  IamPolicyGateway<PolicyHolder.Resource> iamPolicy(CloudClients clients);

  /** Where a kind's listing reports what it found. */
  interface Listing {

    /** A resource in {@code location}, named {@code id} within the kind's collection. */
    void found(String location, String id);

    /**
     * As {@link #found(String, String)}, with the facts the listing itself returned (labels, pool,
     * endpoint; the project number when the listed name carries it), so a reconcile needs no Get of its own.
     */
    default void found(String location, String id, ResourceFacts facts) {
      found(location, id);
    }

    /** A listing that completed only in part, e.g. GKE zones it could not reach. */
    void problem(String message);

    /**
     * A list call that failed.
     *
     * @param api the API as a person names it, e.g. {@code GKE}
     * @param what the call, e.g. {@code listing the GKE clusters of project P}
     */
    void failed(String api, String what, ApiException e);
  }
}
