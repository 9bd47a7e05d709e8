package dev.e2ee.exporter.log.program;

import dev.e2ee.exporter.domain.KeyValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Joins the three lines one {@code /keys/upload} request leaves in the log - the {@code Adding
 * one_time_keys} line (who: device and user), the {@code SynapseError: 400 - One time key ...
 * already exists} line (what: algorithm and key id) and the access line (status) - by source and
 * request id, in whatever order they arrive. A request is finished when all it will get has
 * arrived, or when it is older than the grace period (Synapse's memory handler can hold INFO lines
 * ~5 s), or when the table is full; each is finished exactly once. Bounded by count and age.
 */
final class KeyUploadJoin {
  /** What a finished request turned out to be. */
  interface Finished {
    void upload(Pending request, long nowMillis);
  }

  /**
   * A request's identity in the tables: a pair, not the two strings joined, so that finding a
   * request neither copies them nor hashes their characters again (request ids hash once per line).
   * Each lookup goes through the join's one {@link #probe}, set in place (the join runs on one
   * thread): a key made per lookup was 3 % of what a storm's catch-up allocated. Only the probe is
   * ever changed, and it is never stored; a kept request has a key of its own.
   */
  private static final class Key {
    private String source;
    private String request;

    Key(String source, String request) {
      this.source = source;
      this.request = request;
    }

    Key set(String source, String request) {
      this.source = source;
      this.request = request;
      return this;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Key k && request.equals(k.request) && source.equals(k.source);
    }

    @Override
    public int hashCode() {
      return 31 * source.hashCode() + request.hashCode();
    }
  }

  static final class Pending {
    final String source;
    final String request;
    private final Key key;
    final long firstSeenMillis;
    long timestampMillis;
    @Nullable String userId;
    @Nullable String deviceId;
    @Nullable String algorithm;
    @Nullable String keyId;
    KeyValues keyValues = KeyValues.UNREADABLE;
    @Nullable String storedKeyHash;
    @Nullable String uploadedKeyHash;
    int status;
    boolean accessSeen;
    @Nullable String userAgent;
    boolean conflictSeen;

    /** When it was finished, on the clock {@link #expire} is given. */
    long finishedMillis;

    /** When it was finished, on the log's own clock ({@link #logProgressMillis}). */
    long finishedAtLogProgress;

    Pending(String source, String request, long firstSeenMillis) {
      this.source = source;
      this.request = request;
      this.key = new Key(source, request);
      this.firstSeenMillis = firstSeenMillis;
    }

    boolean complete() {
      return accessSeen && deviceId != null && (status != 400 || conflictSeen);
    }
  }

  private final int maxPending;
  private final long graceMillis;
  private final Finished finished;
  private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>();

  /**
   * Requests finished within the grace period: a late line of theirs must not start them again.
   * Oldest first; each is forgotten once the log has moved on a grace period since it was finished,
   * or at a tick a grace period after it was finished, or when the table is full.
   */
  private final LinkedHashMap<Key, Pending> finishedRecently;

  /**
   * How far the log's own clock has moved forward over the lines the join was given. A catch-up
   * reads hours of log within seconds of the wall clock, so only this tells that a finished
   * request's late lines would have been written by now: forgotten by it, each finished request
   * lives for a grace period of log instead of for the next 10,000 requests, and dies young
   * (remembering that many was most of what a storm's catch-up promoted to the old generation, 0.5
   * s of collector time per 5M lines). A line a little older than the newest (written late) does
   * not move it; one older by more than a grace period - another file read after this one, or the
   * homeserver's clock stepped back - goes on from there rather than stopping it until the clock is
   * back where it was.
   */
  private long logProgressMillis;

  private long newestLogMillis = Long.MIN_VALUE;

  private final Key probe = new Key("", "");

  private long evicted;

  KeyUploadJoin(int maxPending, long graceMillis, Finished finished) {
    this.maxPending = maxPending;
    this.graceMillis = graceMillis;
    // Bounded by dropping the oldest as a new one comes in: done by the map itself, since asking
    // it for an iterator per finished upload was 2 % of what a storm's catch-up allocated.
    this.finishedRecently =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Pending> eldest) {
            return size() > maxPending || passedOnTheLogsClock(eldest.getValue());
          }
        };
    this.finished = finished;
  }

  void uploader(String source, String request, long ts, String deviceId, String userId, long now) {
    Pending p = entry(source, request, ts, now);
    if (p == null) {
      return;
    }
    p.deviceId = deviceId;
    if (p.userId == null) {
      p.userId = userId;
    }
    p.timestampMillis = Math.max(p.timestampMillis, ts);
    finishIfComplete(p, now);
  }

  void conflict(String source, String request, long ts, Ke1Messages.Conflict conflict, long now) {
    Pending p = entry(source, request, ts, now);
    if (p == null) {
      return;
    }
    p.conflictSeen = true;
    p.algorithm = conflict.algorithm();
    p.keyId = conflict.keyId();
    p.keyValues = conflict.keyValues();
    p.storedKeyHash = conflict.storedKeyHash();
    p.uploadedKeyHash = conflict.uploadedKeyHash();
    p.timestampMillis = Math.max(p.timestampMillis, ts);
    finishIfComplete(p, now);
  }

  void access(
      String source,
      String request,
      long ts,
      @Nullable String requesterUser,
      int status,
      @Nullable String userAgent,
      long now) {
    Pending p = entry(source, request, ts, now);
    if (p == null) {
      return;
    }
    p.accessSeen = true;
    p.status = status;
    p.userAgent = userAgent;
    if (requesterUser != null) {
      p.userId = requesterUser;
    }
    p.timestampMillis = Math.max(p.timestampMillis, ts);
    finishIfComplete(p, now);
  }

  /** Whether the log has moved on more than a grace period since the request was finished. */
  private boolean passedOnTheLogsClock(Pending done) {
    return logProgressMillis - done.finishedAtLogProgress > graceMillis;
  }

  private void observeLogTime(long ts) {
    if (newestLogMillis == Long.MIN_VALUE || ts < newestLogMillis - graceMillis) {
      newestLogMillis = ts;
    } else if (ts > newestLogMillis) {
      logProgressMillis += ts - newestLogMillis;
      newestLogMillis = ts;
    }
  }

  /** Finishes requests older than the grace period. */
  void expire(long now) {
    Iterator<Pending> done = finishedRecently.values().iterator();
    while (done.hasNext() && now - done.next().finishedMillis >= graceMillis) {
      done.remove();
    }
    List<Pending> due = new ArrayList<>();
    Iterator<Pending> it = pending.values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (now - p.firstSeenMillis < graceMillis) {
        break; // insertion order: the rest are younger
      }
      it.remove();
      due.add(p);
    }
    due.forEach(p -> finished.upload(p, now));
  }

  /** Finishes everything now (shutdown, end of a benchmark or test). */
  void flush(long now) {
    List<Pending> all = new ArrayList<>(pending.values());
    pending.clear();
    all.forEach(p -> finished.upload(p, now));
  }

  long evicted() {
    return evicted;
  }

  /** How many finished requests are remembered for their late lines. */
  int finishedRemembered() {
    return finishedRecently.size();
  }

  private @Nullable Pending entry(String source, String request, long ts, long now) {
    observeLogTime(ts);
    Key key = probe.set(source, request);
    Pending p = pending.get(key);
    if (p == null) {
      if (finishedRecently.containsKey(key)) {
        return null;
      }
      if (pending.size() >= maxPending) {
        Map.Entry<Key, Pending> oldest = pending.entrySet().iterator().next();
        pending.remove(oldest.getKey());
        evicted++;
        finished.upload(oldest.getValue(), now);
      }
      p = new Pending(source, request, now);
      pending.put(p.key, p);
    }
    return p;
  }

  private void finishIfComplete(Pending p, long now) {
    if (p.complete()) {
      pending.remove(p.key);
      p.finishedMillis = now;
      p.finishedAtLogProgress = logProgressMillis;
      finishedRecently.put(p.key, p);
      finished.upload(p, now);
    }
  }
}
