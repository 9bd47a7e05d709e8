package dev.e2ee.exporter.replay;

import dev.e2ee.exporter.log.RotatedNames;
import dev.e2ee.exporter.log.parse.ParseOutcome;
import dev.e2ee.exporter.log.parse.RecordParser;
import dev.e2ee.exporter.log.pipeline.ParseWorkers;
import dev.e2ee.exporter.log.pipeline.RecordStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns the command line's files into processes: the files of one process (a name and its rotated
 * siblings in one directory: {@code homeserver.log}, {@code homeserver.log.1}, {@code
 * homeserver.log.2.gz}) are read one after the other in the order of their first records, whatever
 * the order they were given in; different names (one file per worker) are different processes,
 * merged by time. Standard input is a process of its own.
 */
final class ReplayInputs {
  /** How far into a file its first record is looked for when ordering rotated files. */
  private static final int FIRST_RECORD_SEARCH_LINES = 10_000;

  private final List<InputFile> files = new ArrayList<>();
  private final List<ProcessLog> processes = new ArrayList<>();

  private ReplayInputs() {}

  static ReplayInputs open(
      List<String> arguments,
      Supplier<RecordParser> parsers,
      int maxLineBytes,
      ReplayFile.ByteCounter bytes,
      @Nullable ParseWorkers workers,
      RecordStep step) {
    Map<String, List<ReplayFile>> byProcess = new LinkedHashMap<>();
    for (String argument : arguments) {
      ReplayFile file = ReplayFile.of(argument);
      byProcess.computeIfAbsent(processKey(file), k -> new ArrayList<>()).add(file);
    }
    Map<String, Integer> labelsUsed = new HashMap<>();
    byProcess.keySet().forEach(k -> labelsUsed.merge(shortLabel(k), 1, Integer::sum));
    ReplayInputs inputs = new ReplayInputs();
    for (Map.Entry<String, List<ReplayFile>> process : byProcess.entrySet()) {
      String key = process.getKey();
      String label = labelsUsed.getOrDefault(shortLabel(key), 1) > 1 ? key : shortLabel(key);
      List<ReplayFile> ordered = new ArrayList<>(process.getValue());
      if (ordered.size() > 1) {
        Map<ReplayFile, Long> first = new HashMap<>();
        ordered.forEach(f -> first.put(f, firstRecordMillis(f, parsers.get(), maxLineBytes)));
        ordered.sort(Comparator.comparing(first::get));
      }
      List<InputFile> inputFiles = new ArrayList<>();
      ordered.forEach(f -> inputFiles.add(new InputFile(f, label)));
      inputs.files.addAll(inputFiles);
      inputs.processes.add(
          new ProcessLog(label, inputFiles, parsers.get(), maxLineBytes, bytes, workers, step));
    }
    return inputs;
  }

  List<InputFile> files() {
    return files;
  }

  List<ProcessLog> processes() {
    return processes;
  }

  long totalBytes() {
    return ReplayFile.totalSize(files.stream().map(f -> f.file).toList());
  }

  private static String processKey(ReplayFile file) {
    if (file.isStdin()) {
      return "stdin";
    }
    Path fileName = file.path().getFileName();
    String base = RotatedNames.baseOf(fileName == null ? file.name() : fileName.toString());
    Path parent = file.path().toAbsolutePath().normalize().getParent();
    return parent == null ? base : parent.resolve(base).toString();
  }

  private static String shortLabel(String key) {
    Path name = Path.of(key).getFileName();
    return name == null ? key : name.toString();
  }

  /** Time of the file's first record; files without one (or unreadable) sort last. */
  private static long firstRecordMillis(ReplayFile file, RecordParser parser, int maxLineBytes) {
    InputFile probe = new InputFile(file, "probe");
    try (ProcessLog log = new ProcessLog("probe", List.of(probe), parser, maxLineBytes, n -> {})) {
      for (int i = 0; i < FIRST_RECORD_SEARCH_LINES && log.advance(); i++) {
        if (log.outcome() == ParseOutcome.RECORD) {
          return log.record().timestampMillis();
        }
      }
    }
    return Long.MAX_VALUE;
  }
}
