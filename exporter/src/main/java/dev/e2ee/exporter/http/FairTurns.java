package dev.e2ee.exporter.http;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Whose check runs next: start-time fair queuing (Goyal et al., 1996) over client addresses, each
 * with at most one check waiting. A client that has had many turns lately waits behind one that has
 * had few, and one that arrives now is placed in the current round, so a scraper among N flooding
 * addresses waits at most about N turns, however fast they ask. Not thread-safe.
 */
final class FairTurns<T> {
  static final int MAX_WAITING = 1024;

  private record Turn<T>(String client, double start, long seq, T job) {}

  private final PriorityQueue<Turn<T>> queue =
      new PriorityQueue<>(
          Comparator.<Turn<T>>comparingDouble(Turn::start).thenComparingLong(Turn::seq));
  private final Set<String> waiting = new HashSet<>();
  private final LinkedHashMap<String, Double> finishTags =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
          return size() > AuthBudget.MAX_CLIENTS;
        }
      };
  private double virtualTime;
  private long seq;

  /** Queues a job for the client; false when it already has one waiting or too many wait. */
  boolean offer(String client, T job) {
    if (waiting.contains(client) || waiting.size() >= MAX_WAITING) {
      return false;
    }
    double start = Math.max(virtualTime, finishTags.getOrDefault(client, 0.0));
    finishTags.put(client, start + 1);
    queue.add(new Turn<>(client, start, seq++, job));
    waiting.add(client);
    return true;
  }

  /** The next job, or null when none waits. */
  @Nullable T poll() {
    Turn<T> next = queue.poll();
    if (next == null) {
      return null;
    }
    virtualTime = next.start();
    waiting.remove(next.client());
    return next.job();
  }

  /** The next job if it passes {@code test}, else null (and nothing is taken). */
  @Nullable T pollIf(Predicate<T> test) {
    Turn<T> head = queue.peek();
    return head != null && test.test(head.job()) ? poll() : null;
  }

  boolean isWaiting(String client) {
    return waiting.contains(client);
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }
}
