package dev.e2ee.exporter.db;

import dev.e2ee.exporter.metrics.Gauges;
import dev.e2ee.exporter.metrics.IdentityLabels;
import dev.e2ee.exporter.metrics.Refusals;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * KE-4 evidence: MSC4140 delayed events still pending per user, those overdue (their send time
 * passed more than the grace period ago without being processed), and the largest overdue age.
 * {@code content} is never selected: it was bytea before Synapse 1.146 and text after, and it is
 * event content. Users beyond the cap are summed into _overflow.
 */
public final class DelayedEventsCollector implements DbCollector, MultiCollector {
  /** The per-user family, also the name its refused series are counted under. */
  public static final String PENDING_FAMILY = "synapse_e2ee_delayed_events_pending";

  static final String PENDING =
      "SELECT user_localpart, count(*) AS pending,"
          + " count(*) FILTER (WHERE send_ts < $1) AS overdue,"
          + " coalesce(max($2 - send_ts) FILTER (WHERE send_ts < $1), 0) AS max_overdue_ms"
          + " FROM delayed_events WHERE NOT is_processed GROUP BY user_localpart"
          + " ORDER BY count(*) FILTER (WHERE send_ts < $1) DESC, count(*) DESC";

  record UserDelayed(@Nullable String userId, long pending, long overdue, long maxOverdueMillis) {}

  private final IdentityLabels ids;
  private final String serverName;
  private final long graceMillis;
  private final int maxUsers;
  private final Refusals refused;
  private volatile List<UserDelayed> snapshot = List.of();

  public DelayedEventsCollector(
      IdentityLabels ids, String serverName, long graceMillis, int maxUsers, Refusals refused) {
    this.ids = ids;
    this.serverName = serverName;
    this.graceMillis = graceMillis;
    this.maxUsers = maxUsers;
    this.refused = refused;
  }

  @Override
  public String name() {
    return "delayed_events";
  }

  @Override
  public Future<Void> poll(SqlClient client, QueryMetrics metrics, PollContext context) {
    long now = context.nowMillis();
    return metrics
        .time(
            name(), () -> client.preparedQuery(PENDING).execute(Params.of(now - graceMillis, now)))
        .map(
            rows -> {
              List<UserDelayed> next = new ArrayList<>();
              long overflowPending = 0;
              long overflowOverdue = 0;
              long overflowMax = 0;
              boolean overflowed = false;
              for (Row r : rows) {
                String user = "@" + r.getString("user_localpart") + ":" + serverName;
                if (next.size() < maxUsers) {
                  next.add(
                      new UserDelayed(
                          user,
                          r.getLong("pending"),
                          r.getLong("overdue"),
                          r.getLong("max_overdue_ms")));
                } else {
                  overflowed = true;
                  refused.refuse(List.of(user));
                  overflowPending += r.getLong("pending");
                  overflowOverdue += r.getLong("overdue");
                  overflowMax = Math.max(overflowMax, r.getLong("max_overdue_ms"));
                }
              }
              if (overflowed) {
                next.add(new UserDelayed(null, overflowPending, overflowOverdue, overflowMax));
              }
              snapshot = next;
              return null;
            });
  }

  @Override
  public MetricSnapshots collect() {
    Gauges pending =
        new Gauges(
            PENDING_FAMILY,
            "MSC4140 delayed events not yet processed, per user (Element Call keeps one per call member).");
    Gauges overdue =
        new Gauges(
            "synapse_e2ee_delayed_events_overdue",
            "Pending delayed events whose send time passed more than database.delayed_event_grace ago (KE-4: the homeserver did not fire them).");
    long maxOverdue = 0;
    for (UserDelayed u : snapshot) {
      String user = u.userId() == null ? "_overflow" : ids.user(u.userId());
      pending.add((double) u.pending(), "user", user);
      overdue.add((double) u.overdue(), "user", user);
      maxOverdue = Math.max(maxOverdue, u.maxOverdueMillis());
    }
    Gauges max =
        new Gauges(
            "synapse_e2ee_delayed_events_max_overdue_seconds",
            "How long past its send time the most overdue pending delayed event is; 0 when none is overdue.");
    max.add(maxOverdue / 1000.0);
    return MetricSnapshots.of(pending.build(), overdue.build(), max.build());
  }
}
