package dev.autobind.apply;

import com.google.cloud.resourcemanager.v3.Project;
import com.google.iam.admin.v1.ServiceAccount;
import com.google.iam.v1.Policy;
import dev.autobind.kind.PolicyHolder;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceName;
import dev.autobind.kind.ResourceFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Gateways that record every call an applier makes through them (what, on which resource, when it
 * began and ended), so tests and benchmarks can assert how calls overlap: how many writers a target had
 * at once, and how many round trips lay on the critical path. It can also hold chosen calls until all of
 * them have begun, which proves they run at the same time (run one after another, they would wait in
 * vain and fail).
 *
 * <p>Calls are named {@code resource.get} (the lookup), {@code resource.project}, {@code account.get},
 * {@code account.create}, and {@code project.read}, {@code service_account.read} and
 * {@code resource_policy.read} (and {@code .write}) for the three kinds of IAM policy.
 */
public final class CallTrace {
  /** One call: its name, the resource it named, and when it began and ended ({@link System#nanoTime}). */
  public record Call(String name, String resource, long began, long ended) {}

  private final List<Call> calls = new ArrayList<>();
  private final Map<String, Integer> writing = new HashMap<>();
  private final Map<String, Integer> mostWriters = new HashMap<>();
  private Set<String> meeting = Set.of();
  private CyclicBarrier meet = new CyclicBarrier(1);

  /** Makes each call named in {@code names} wait, once, until every one of them has begun. */
  public synchronized CallTrace meet(Set<String> names) {
    this.meeting = Set.copyOf(names);
    this.meet = new CyclicBarrier(names.size());
    return this;
  }

  /** {@code gateways}, with every call recorded here. */
  public Gateways wrap(Gateways gateways) {
    ResourceGateway resources = gateways.resources();
    ServiceAccountGateway accounts = gateways.accounts();
    return new Gateways(new ResourceGateway() {
      @Override
      public ResourceFacts facts(ResourceKind kind, ResourceName name, Optional<String> projectNumber) {
        return record("resource.get", name.toString(), () -> resources.facts(kind, name, projectNumber));
      }

      @Override
      public Project project(String name) {
        return record("resource.project", name, () -> resources.project(name));
      }
    }, new ServiceAccountGateway() {
      @Override
      public ServiceAccount get(String email) {
        return record("account.get", email, () -> accounts.get(email));
      }

      @Override
      public ServiceAccount create(String project, String accountId, String displayName, String description) {
        return record("account.create", project + "/" + accountId,
            () -> accounts.create(project, accountId, displayName, description));
      }
    }, policy("project", gateways.projectPolicies()), policy("service_account", gateways.accountPolicies()),
        kind -> policy("resource_policy", gateways.resourcePolicies().apply(kind)), gateways.clusters());
  }

  private <H extends PolicyHolder> IamPolicyGateway<H> policy(String prefix, IamPolicyGateway<H> gateway) {
    return new IamPolicyGateway<H>() {
      @Override
      public Policy read(H holder) {
        return record(prefix + ".read", holder.resource(), () -> gateway.read(holder));
      }

      @Override
      public Policy write(H holder, Policy policy) {
        return record(prefix + ".write", holder.resource(), () -> gateway.write(holder, policy));
      }
    };
  }

  private <T> T record(String name, String resource, Supplier<T> call) {
    boolean write = name.endsWith(".write");
    if (write) {
      synchronized (this) {
        int now = writing.merge(resource, 1, Integer::sum);
        mostWriters.merge(resource, now, Math::max);
      }
    }
    awaitOthers(name);
    long began = System.nanoTime();
    try {
      return call.get();
    } finally {
      long ended = System.nanoTime();
      synchronized (this) {
        calls.add(new Call(name, resource, began, ended));
        if (write) {
          writing.merge(resource, -1, Integer::sum);
        }
      }
    }
  }

  private void awaitOthers(String name) {
    CyclicBarrier barrier;
    synchronized (this) {
      if (!meeting.contains(name)) {
        return;
      }
      barrier = meet;
      Set<String> left = new java.util.HashSet<>(meeting);
      left.remove(name);
      meeting = Set.copyOf(left);
    }
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " was interrupted while waiting for the calls it should overlap", e);
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException(name + " began, but the calls it should overlap did not within 10 s", e);
    }
  }

  /** Every call so far, in the order they ended. */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** How many calls named {@code name} were made. */
  public synchronized long count(String name) {
    return calls.stream().filter(c -> c.name().equals(name)).count();
  }

  /** The most writes that were in flight on one resource at the same time, over every resource. */
  public synchronized int mostConcurrentWritersOnOneTarget() {
    return mostWriters.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /**
   * The round trips on the critical path: the longest chain of calls in which each began only after
   * the one before it ended. Calls that overlap count once. Meaningful when each call takes long
   * against the applier's own work between calls (the local cloud adding latency to every call).
   */
  public synchronized int criticalPath() {
    List<Call> byStart = new ArrayList<>(calls);
    byStart.sort(java.util.Comparator.comparingLong(Call::began));
    int[] depth = new int[byStart.size()];
    int longest = 0;
    for (int i = 0; i < byStart.size(); i++) {
      depth[i] = 1;
      for (int j = 0; j < i; j++) {
        if (byStart.get(j).ended() <= byStart.get(i).began()) {
          depth[i] = Math.max(depth[i], depth[j] + 1);
        }
      }
      longest = Math.max(longest, depth[i]);
    }
    return longest;
  }

  /** Forgets every call. */
  public synchronized void clear() {
    calls.clear();
    writing.clear();
    mostWriters.clear();
  }
}
