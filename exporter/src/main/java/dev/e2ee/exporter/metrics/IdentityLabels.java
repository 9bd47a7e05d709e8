package dev.e2ee.exporter.metrics;

import dev.e2ee.exporter.config.LabelsConfig;
import dev.e2ee.exporter.config.UserIdMode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Turns user and device ids into label values: the configured user-id mode ({@code full}, {@code
 * localpart}, {@code hash}) and a length and character limit, because device ids are chosen by
 * clients and arrive unvalidated in the log.
 */
public final class IdentityLabels {
  static final int MAX_ID_LENGTH = 80;
  private static final int CACHE_SIZE = 4096;

  private final UserIdMode mode;
  private final LabelGuard guard = new LabelGuard();
  private final @Nullable Mac hmac;
  private final Map<String, String> cache =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  /** Made once: a method reference written at the call would be a new object per lookup. */
  private final Function<String, String> computeLabel = this::compute;

  /**
   * {@code hash} mode is HMAC-SHA-256 under the secret key of {@code labels.user_id_hash_key_file}:
   * a plain hash of the id could be reversed by hashing a list of candidate ids (a room's member
   * list), a keyed one cannot without the key. Stable for as long as the key is.
   */
  public IdentityLabels(LabelsConfig labels) {
    this.mode = labels.userId();
    if (mode == UserIdMode.HASH) {
      byte[] key =
          labels
              .hashKey()
              .orElseThrow(() -> new IllegalArgumentException("user_id: hash needs a key"))
              .bytes();
      try {
        hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(key, "HmacSHA256"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    } else {
      hmac = null;
    }
  }

  public synchronized String user(@Nullable String userId) {
    if (userId == null || userId.isEmpty()) {
      return "unknown";
    }
    if (LabelGuard.notOneId(userId)) {
      return guard.rejectUser();
    }
    return cache.computeIfAbsent(userId, computeLabel);
  }

  /** Exposes how many ids were refused as label values (see {@link LabelGuard}). */
  public void register(PrometheusRegistry registry) {
    guard.register(registry);
  }

  private String compute(String userId) {
    return switch (mode) {
      case FULL -> clean(userId);
      case LOCALPART -> {
        int colon = userId.indexOf(':');
        String local =
            userId.startsWith("@")
                ? userId.substring(1, colon > 0 ? colon : userId.length())
                : userId;
        yield clean(local);
      }
      case HASH ->
          "u"
              + HexFormat.of()
                  .formatHex(
                      Objects.requireNonNull(hmac, "hash mode has a key")
                          .doFinal(userId.getBytes(StandardCharsets.UTF_8)))
                  .substring(0, 16);
    };
  }

  public String device(@Nullable String deviceId) {
    if (deviceId == null || deviceId.isEmpty()) {
      return "unknown";
    }
    if (LabelGuard.notOneId(deviceId)) {
      return guard.rejectDevice();
    }
    return clean(deviceId);
  }

  /** Printable ASCII only, bounded length: a label can never carry control bytes or megabytes. */
  static String clean(String id) {
    int n = Math.min(id.length(), MAX_ID_LENGTH);
    boolean ok = id.length() <= MAX_ID_LENGTH;
    for (int i = 0; i < n && ok; i++) {
      char c = id.charAt(i);
      ok = c > 0x20 && c < 0x7f;
    }
    if (ok) {
      return id;
    }
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      out.append(c > 0x20 && c < 0x7f ? c : '_');
    }
    return out.toString();
  }
}
