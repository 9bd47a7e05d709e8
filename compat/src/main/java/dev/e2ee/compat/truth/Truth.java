package dev.e2ee.compat.truth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The driver's own record of what it did to Synapse and what Synapse answered: the ground truth
 * every figure of the exporter is checked against. Counted at the client, so a parser bug in the
 * exporter cannot make the truth agree with it.
 */
public final class Truth {
  /** The code recorded for a request the client gave up on before an answer came. */
  public static final String ABANDONED = "abandoned";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String serverName;
  private final Map<String, Map<String, Integer>> requests = new TreeMap<>();
  private final Map<String, Map<String, Integer>> toDevice = new TreeMap<>();
  private final Map<String, Map<String, Integer>> delayed = new TreeMap<>();
  private final Map<String, Integer> preflights = new TreeMap<>();
  private final Map<String, DeviceTruth> devices = new TreeMap<>();
  private final Map<String, List<String>> encryptedEvents = new TreeMap<>();
  private final Map<String, Integer> delayedPending = new TreeMap<>();
  private final List<ObjectNode> timeline = new ArrayList<>();
  private final List<String> secrets = new ArrayList<>();
  private String synapseVersion = "unknown";

  public Truth(String serverName) {
    this.serverName = serverName;
  }

  public String serverName() {
    return serverName;
  }

  /**
   * A value that must appear in nothing the exporter writes (access tokens, key values). Kept in
   * memory only: never part of the JSON truth.
   */
  public synchronized void secret(String value) {
    secrets.add(value);
  }

  public synchronized List<String> secrets() {
    return List.copyOf(secrets);
  }

  public synchronized void synapseVersion(String version) {
    this.synapseVersion = version;
  }

  public synchronized String synapseVersion() {
    return synapseVersion;
  }

  /** A device the driver logged in, with the agent it sends and the family the docs promise. */
  public synchronized DeviceTruth device(
      String user, String device, String agent, String client, String version) {
    return devices.computeIfAbsent(
        user + "|" + device, k -> new DeviceTruth(user, device, agent, client, version));
  }

  /** The device with id {@code deviceId} (ids are unique in a run). */
  public synchronized DeviceTruth device(String deviceId) {
    return devices.values().stream()
        .filter(d -> d.device().equals(deviceId))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no device " + deviceId + " in the truth"));
  }

  public synchronized Map<String, DeviceTruth> devices() {
    return Map.copyOf(devices);
  }

  /** One finished request: endpoint class (the exporter's vocabulary) and status or ABANDONED. */
  public synchronized void request(String endpoint, String code) {
    requests.computeIfAbsent(endpoint, k -> new TreeMap<>()).merge(code, 1, Integer::sum);
  }

  public synchronized void toDevice(String eventType, String code) {
    toDevice.computeIfAbsent(eventType, k -> new TreeMap<>()).merge(code, 1, Integer::sum);
  }

  public synchronized void delayed(String action, String code) {
    delayed.computeIfAbsent(action, k -> new TreeMap<>()).merge(code, 1, Integer::sum);
  }

  public synchronized void preflight(String endpoint) {
    preflights.merge(endpoint, 1, Integer::sum);
  }

  /** An m.room.encrypted event by its kind: without_algorithm, redacted, normal. */
  public synchronized void encryptedEvent(String kind, String eventId) {
    encryptedEvents.computeIfAbsent(kind, k -> new ArrayList<>()).add(eventId);
  }

  public synchronized void delayedPending(String user, int delta) {
    delayedPending.merge(user, delta, Integer::sum);
  }

  /** A moment worth knowing when reading the log: a restart, the format switch, the stall. */
  public synchronized void mark(String what, Instant at) {
    timeline.add(JSON.createObjectNode().put("what", what).put("at", at.toString()));
  }

  /** When the first mark named {@code what} was made; empty when the run never made it. */
  public synchronized Optional<Instant> marked(String what) {
    return timeline.stream()
        .filter(m -> m.path("what").asText().equals(what))
        .map(m -> Instant.parse(m.path("at").asText()))
        .findFirst();
  }

  public synchronized int requests(String endpoint, String code) {
    return requests.getOrDefault(endpoint, Map.of()).getOrDefault(code, 0);
  }

  public synchronized Map<String, Integer> requests(String endpoint) {
    return Map.copyOf(requests.getOrDefault(endpoint, Map.of()));
  }

  public synchronized Map<String, Integer> toDevice(String eventType) {
    return Map.copyOf(toDevice.getOrDefault(eventType, Map.of()));
  }

  public synchronized Map<String, Integer> delayed(String action) {
    return Map.copyOf(delayed.getOrDefault(action, Map.of()));
  }

  public synchronized int preflights(String endpoint) {
    return preflights.getOrDefault(endpoint, 0);
  }

  public synchronized List<String> encryptedEvents(String kind) {
    return List.copyOf(encryptedEvents.getOrDefault(kind, List.of()));
  }

  public synchronized Map<String, Integer> delayedPending() {
    return Map.copyOf(delayedPending);
  }

  /** Requests of every endpoint the client gave up on. */
  public synchronized int abandoned() {
    int n = 0;
    for (Map<String, Integer> codes : requests.values()) {
      n += codes.getOrDefault(ABANDONED, 0);
    }
    return n;
  }

  public synchronized ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format_version", 1)
        .put("server_name", serverName)
        .put("synapse_version", synapseVersion);
    root.set("requests", JSON.valueToTree(requests));
    root.set("to_device", JSON.valueToTree(toDevice));
    root.set("delayed_events", JSON.valueToTree(delayed));
    root.set("delayed_events_pending", JSON.valueToTree(delayedPending));
    root.set("preflights", JSON.valueToTree(preflights));
    root.set("encrypted_events", JSON.valueToTree(encryptedEvents));
    root.put("abandoned", abandoned());
    ArrayNode list = root.putArray("devices");
    devices.values().forEach(d -> d.toJson(list.addObject()));
    root.putArray("timeline").addAll(timeline);
    return root;
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()));
  }
}
