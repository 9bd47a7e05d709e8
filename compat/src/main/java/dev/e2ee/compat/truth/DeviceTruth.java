package dev.e2ee.compat.truth;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the driver did with one device and what the server must therefore hold for it: counted on
 * the client side from Synapse's answers, never read back from Synapse's log or database.
 */
public final class DeviceTruth {
  private final String user;
  private final String device;
  private final String agent;
  private final String client;
  private final String version;
  private int uploadsOk;
  private int otkConflicts;
  private int uploadsRejected;
  private int keysClaimed;
  private int otkStored;
  private boolean fallbackStored;
  private boolean fallbackUsed;
  private boolean deviceKeysUploaded;
  private int toDeviceSent;
  private int toDeviceAcknowledged;
  private String lastConflictKeyId = "";
  private boolean conflictValuesDiffer;

  DeviceTruth(String user, String device, String agent, String client, String version) {
    this.user = user;
    this.device = device;
    this.agent = agent;
    this.client = client;
    this.version = version;
  }

  public String user() {
    return user;
  }

  public String device() {
    return device;
  }

  public String client() {
    return client;
  }

  public String version() {
    return version;
  }

  public int uploadsOk() {
    return uploadsOk;
  }

  public int otkConflicts() {
    return otkConflicts;
  }

  public int uploadsRejected() {
    return uploadsRejected;
  }

  public int keysClaimed() {
    return keysClaimed;
  }

  public int otkStored() {
    return otkStored;
  }

  public boolean fallbackStored() {
    return fallbackStored;
  }

  public boolean fallbackUsed() {
    return fallbackUsed;
  }

  public boolean deviceKeysUploaded() {
    return deviceKeysUploaded;
  }

  public String lastConflictKeyId() {
    return lastConflictKeyId;
  }

  /** Messages sent to this device that it has not acknowledged by a later /sync. */
  public int toDevicePending() {
    return toDeviceSent - toDeviceAcknowledged;
  }

  public int toDeviceSent() {
    return toDeviceSent;
  }

  /** An upload Synapse took: {@code newOtks} one-time keys stored, maybe a new fallback key. */
  public void uploadAccepted(int newOtks, boolean newFallback, boolean withDeviceKeys) {
    uploadsOk++;
    otkStored += newOtks;
    if (newFallback) {
      fallbackStored = true;
      fallbackUsed = false;
    }
    deviceKeysUploaded |= withDeviceKeys;
  }

  /** A 400 "One time key ... already exists": nothing of the batch was stored. */
  public void uploadConflicted(String keyId, boolean valuesDiffer) {
    otkConflicts++;
    lastConflictKeyId = keyId;
    conflictValuesDiffer = valuesDiffer;
  }

  /** Any other 4xx (input validation). */
  public void uploadRejected() {
    uploadsRejected++;
  }

  /** A /keys/claim handed out one of this device's keys: a one-time key, else its fallback key. */
  public void keyClaimed(boolean fallback) {
    keysClaimed++;
    if (fallback) {
      fallbackUsed = true;
    } else {
      otkStored--;
    }
  }

  public void toDeviceQueued(int n) {
    toDeviceSent += n;
  }

  /** The device's /sync acknowledged everything it had been sent so far. */
  public void toDeviceDrained() {
    toDeviceAcknowledged = toDeviceSent;
  }

  ObjectNode toJson(ObjectNode out) {
    out.put("user", user)
        .put("device", device)
        .put("user_agent", agent)
        .put("client", client)
        .put("version", version)
        .put("uploads_ok", uploadsOk)
        .put("otk_conflicts", otkConflicts)
        .put("uploads_rejected", uploadsRejected)
        .put("last_conflict_key_id", lastConflictKeyId)
        .put("conflict_values_differ", conflictValuesDiffer)
        .put("keys_claimed", keysClaimed)
        .put("otk_stored", otkStored)
        .put("fallback_stored", fallbackStored)
        .put("fallback_used", fallbackUsed)
        .put("device_keys_uploaded", deviceKeysUploaded)
        .put("to_device_sent", toDeviceSent)
        .put("to_device_pending", toDevicePending());
    return out;
  }
}
