package dev.e2ee.exporter.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many guesses unknown credentials may have: a token bucket per client, so one client cannot
 * try passwords fast, and one for all clients together, so many addresses cannot either. The right
 * credential, once known, never reaches this budget. Before any credential has been accepted, only
 * the per-client part applies at arrival: the overall rate is then kept by the {@link
 * FairVerifier}, which hands out its turns fairly rather than to whoever asks first. Bounded: at
 * most {@link #MAX_CLIENTS} clients are remembered (the least recently seen is forgotten; the
 * global bucket still holds).
 */
final class AuthBudget {
  static final int MAX_CLIENTS = 4096;

  private final TokenBucket global;
  private final double clientBurst;
  private final double clientPerSecond;
  private final LongSupplier nanos;
  private final LinkedHashMap<String, TokenBucket> clients =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
          return size() > MAX_CLIENTS;
        }
      };

  AuthBudget(
      double clientBurst,
      double clientPerSecond,
      double globalBurst,
      double globalPerSecond,
      LongSupplier nanos) {
    this.clientBurst = clientBurst;
    this.clientPerSecond = clientPerSecond;
    this.nanos = nanos;
    this.global = new TokenBucket(globalBurst, globalPerSecond, nanos.getAsLong());
  }

  /**
   * Takes one guess from the client's and the global budget; returns 0 when the guess may be
   * answered, else the seconds after which the client may try again (nothing is taken then).
   */
  synchronized long take(String client) {
    long now = nanos.getAsLong();
    TokenBucket own = own(client, now);
    if (!own.hasToken(now)) {
      return own.secondsToNextToken(now);
    }
    if (!global.tryTake(now)) {
      return global.secondsToNextToken(now);
    }
    own.tryTake(now);
    return 0;
  }

  /** Like {@link #take} for the client's own budget only. */
  synchronized long takeOwn(String client) {
    long now = nanos.getAsLong();
    TokenBucket own = own(client, now);
    return own.tryTake(now) ? 0 : own.secondsToNextToken(now);
  }

  private TokenBucket own(String client, long now) {
    return clients.computeIfAbsent(client, c -> new TokenBucket(clientBurst, clientPerSecond, now));
  }
}
