package dev.e2ee.exporter.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many password checks (each a deliberately slow key derivation) unknown credentials may cost:
 * a token bucket per client address, so one client's wrong passwords cannot be turned into CPU, and
 * one for all clients together, so many addresses cannot either. Accepted credentials are cached by
 * the handler and never reach this budget again. Bounded: at most {@link #MAX_CLIENTS} addresses
 * are remembered (the least recently seen is forgotten; the global bucket still holds).
 */
final class AuthBudget {
  static final int MAX_CLIENTS = 4096;

  private final Bucket global;
  private final double clientBurst;
  private final double clientPerSecond;
  private final LongSupplier nanos;
  private final LinkedHashMap<String, Bucket> clients =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
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
    this.global = new Bucket(globalBurst, globalPerSecond, nanos.getAsLong());
  }

  /**
   * Takes one check from the client's and the global budget; returns 0 when the check may run, else
   * the seconds after which the client may try again (nothing is taken then).
   */
  synchronized long take(String client) {
    long now = nanos.getAsLong();
    Bucket own =
        clients.computeIfAbsent(client, c -> new Bucket(clientBurst, clientPerSecond, now));
    own.refill(now);
    global.refill(now);
    if (own.tokens < 1) {
      return own.secondsToNextToken();
    }
    if (global.tokens < 1) {
      return global.secondsToNextToken();
    }
    own.tokens--;
    global.tokens--;
    return 0;
  }

  private static final class Bucket {
    final double capacity;
    final double perSecond;
    double tokens;
    long lastNanos;

    Bucket(double capacity, double perSecond, long now) {
      this.capacity = capacity;
      this.perSecond = perSecond;
      this.tokens = capacity;
      this.lastNanos = now;
    }

    void refill(long now) {
      tokens = Math.min(capacity, tokens + (now - lastNanos) / 1e9 * perSecond);
      lastNanos = now;
    }

    long secondsToNextToken() {
      return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }
  }
}
