package dev.e2ee.compat.check;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.e2ee.compat.client.Http;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Named checks of the exporter's figures against the truth. A check never stops the run: all of
 * them are evaluated and reported, each with the issue item it proves ({@code #26.1} .. {@code
 * #26.9}, or {@code figure} for a figure no item names), what was expected and what was found.
 */
public final class Checks {
  /** One check's outcome. */
  public record Result(
      String id, String item, String what, String expected, String actual, boolean pass) {}

  private final List<Result> results = new ArrayList<>();

  /** Passes when {@code actual} equals {@code expected} (numbers compared as numbers). */
  public void equal(String id, String item, String what, Object expected, Object actual) {
    results.add(
        new Result(
            id,
            item,
            what,
            String.valueOf(expected),
            String.valueOf(actual),
            same(expected, actual)));
  }

  /** Passes when {@code ok}; {@code found} says what was seen either way. */
  public void that(String id, String item, String what, boolean ok, String found) {
    results.add(new Result(id, item, what, "true", found, ok));
  }

  public List<Result> results() {
    return List.copyOf(results);
  }

  public long failures() {
    return results.stream().filter(r -> !r.pass()).count();
  }

  public void print(PrintStream out) {
    for (Result r : results) {
      out.printf("%s %-34s %-7s %s%n", r.pass() ? "PASS" : "FAIL", r.id(), r.item(), r.what());
      if (!r.pass()) {
        out.printf("       expected: %s%n       actual:   %s%n", r.expected(), r.actual());
      }
    }
    out.printf("%d checks, %d failed%n", results.size(), failures());
    Map<String, int[]> byItem = new TreeMap<>();
    for (Result r : results) {
      int[] passFail = byItem.computeIfAbsent(r.item(), k -> new int[2]);
      passFail[r.pass() ? 0 : 1]++;
    }
    byItem.forEach(
        (item, pf) ->
            out.printf(
                "  %-7s %s (%d passed, %d failed)%n",
                item, pf[1] == 0 ? "holds" : "FAILS", pf[0], pf[1]));
  }

  public void write(Path file) throws IOException {
    ArrayNode list = Http.JSON.createArrayNode();
    for (Result r : results) {
      list.addObject()
          .put("id", r.id())
          .put("item", r.item())
          .put("what", r.what())
          .put("pass", r.pass())
          .put("expected", r.expected())
          .put("actual", r.actual());
    }
    Files.writeString(file, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list));
  }

  private static boolean same(Object expected, Object actual) {
    if (expected instanceof Number e && actual instanceof Number a) {
      return e.doubleValue() == a.doubleValue();
    }
    return Objects.equals(expected, actual);
  }
}
