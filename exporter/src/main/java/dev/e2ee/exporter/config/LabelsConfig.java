package dev.e2ee.exporter.config;

import java.util.Optional;

/**
 * How users appear in labels.
 *
 * @param hashKey the secret key of {@code user_id: hash}, present exactly in that mode
 */
public record LabelsConfig(UserIdMode userId, Optional<HashKey> hashKey) {
  /** Full user ids, as Synapse writes them. */
  public static final LabelsConfig DEFAULTS = new LabelsConfig(UserIdMode.FULL);

  public LabelsConfig(UserIdMode userId) {
    this(userId, Optional.empty());
  }
}
