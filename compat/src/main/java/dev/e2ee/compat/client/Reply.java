package dev.e2ee.compat.client;

import com.fasterxml.jackson.databind.JsonNode;

/** What Synapse answered: the status and the JSON body (an empty object when there was none). */
public record Reply(int status, JsonNode body) {

  public boolean ok() {
    return status == 200;
  }

  /** The Matrix error code ({@code M_UNKNOWN}, ...), or "" for a success. */
  public String errcode() {
    return body.path("errcode").asText("");
  }

  /** The status as the truth records it: {@code "200"}, {@code "400"}. */
  public String code() {
    return Integer.toString(status);
  }
}
