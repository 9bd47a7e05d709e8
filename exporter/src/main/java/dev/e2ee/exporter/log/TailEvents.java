package dev.e2ee.exporter.log;

import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** What the tailer of one file tells its owner; all calls come from the tailer thread. */
interface TailEvents extends LineAssembler.Listener {
  void bytesRead(long count);

  void rotated();

  void truncated();

  void present(boolean present);

  /** The unread rest of a rotated or truncated file was read from {@code sibling}. */
  default void recovered(Path sibling, long bytes) {}

  /** An unread part could not be read ({@code copy_not_found}, {@code rotated_file_not_found}). */
  default void lost(String reason) {}

  default void readError(IOException e) {}

  /**
   * Where reads go as bytes instead of through the tailer's assembler line by line, or null; asked
   * once per read of a file to its end.
   */
  default @Nullable ReadBytes readBytes() {
    return null;
  }

  /** A file's reads handed on as bytes (see {@link WholeReads}). */
  interface ReadBytes {
    /** The array to read into next. */
    byte[] buffer();

    /** The bytes read into {@code data}, which is handed back with them. */
    void accept(byte[] data, int count, LineAssembler straddling);
  }
}
