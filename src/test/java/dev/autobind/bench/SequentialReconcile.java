package dev.autobind.bench;

import dev.autobind.event.Outcome;
import com.google.cloud.resourcemanager.v3.Project;
import com.google.cloud.resourcemanager.v3.SearchProjectsRequest;
import dev.autobind.apply.ApplyResult;
import dev.autobind.apply.CloudClients;
import dev.autobind.apply.PolicyApplier;
import dev.autobind.backfill.FoundResource;
import dev.autobind.event.DeliveryPath;
import dev.autobind.event.Phase;
import dev.autobind.event.ResourceEvent;
import dev.autobind.apply.KindAccess;
import dev.autobind.apply.KindPlugins;
import dev.autobind.kind.ResourceKind;
import dev.autobind.kind.ResourceRef;
import dev.autobind.kinds.VertexAi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline of figure 7: the scheduled reconcile as it was before organization scale, kept runnable. It
 * lists every kind of the registry in every region, one project and one call after another, whatever the
 * policy governs, and hands each resource to the applier as an event, which reads the resource (and the
 * project, for {@code ${projectNumber}}) again and reads every target for itself; four applies at a time.
 */
final class SequentialReconcile {
  static final int PARALLELISM = 4;

  private final PolicyApplier engine;
  private final CloudClients clients;
  private final KindPlugins kinds;

  SequentialReconcile(PolicyApplier engine, CloudClients clients, KindPlugins kinds) {
    this.engine = engine;
    this.clients = clients;
    this.kinds = kinds;
  }

  /** Reconciles every governed project; the number of resources that ended applied or compliant. */
  long run() throws Exception {
    List<String> projects = new ArrayList<>();
    for (Project p : clients.projects().searchProjects(SearchProjectsRequest.newBuilder().setQuery("state:ACTIVE")
        .build()).iterateAll()) {
      if (engine.policy().projects().refusal(p.getProjectId()).isEmpty()) {
        projects.add(p.getProjectId());
      }
    }
    if (projects.isEmpty()) {
      return 0;
    }
    List<String> regions = VertexAi.regions(clients, projects.get(0));
    ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM);
    Semaphore slots = new Semaphore(PARALLELISM);
    List<Future<ApplyResult>> applied = new ArrayList<>();
    AtomicLong ids = new AtomicLong();
    try {
      for (String project : projects) {
        for (ResourceKind kind : kinds.kinds()) {
          kinds.access(kind).list(clients, project, () -> regions, new KindAccess.Listing() {
            @Override
            public void found(String location, String id) {
              ResourceEvent event = new ResourceEvent(ResourceRef.of(kind, project, location, id), Phase.NONE,
                  FoundResource.SCHEMA, Optional.empty(), Optional.of(Instant.now()), DeliveryPath.BACKFILL,
                  "sequential-" + ids.incrementAndGet());
              slots.acquireUninterruptibly();
              applied.add(pool.submit(() -> {
                try {
                  return engine.apply(event);
                } finally {
                  slots.release();
                }
              }));
            }

            @Override
            public void problem(String message) {
              throw new IllegalStateException(message);
            }

            @Override
            public void failed(String api, String what, com.google.api.gax.rpc.ApiException e) {
              throw new IllegalStateException(what + " failed", e);
            }
          });
        }
      }
      long done = 0;
      for (Future<ApplyResult> result : applied) {
        ApplyResult r = result.get();
        if (r.status() == Outcome.APPLIED || r.status() == Outcome.COMPLIANT) {
          done++;
        }
      }
      return done;
    } finally {
      pool.shutdownNow();
    }
  }
}
