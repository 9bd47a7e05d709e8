package dev.e2ee.exporter.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;

/**
 * Copies a config section's record into its editable {@code Builder} and back, matching builder
 * fields to record components by name. Each section's {@code with(edit)} then declares only its
 * fields, not a copy constructor and a build call that repeat every component twice more (and drift
 * when a component is added to one but not the others: a missing field fails here, loudly).
 */
final class RecordCopies {
  private RecordCopies() {}

  /** Sets each public field of {@code builder} to the value of the same-named component. */
  static void fill(Record from, Object builder) {
    try {
      for (RecordComponent c : from.getClass().getRecordComponents()) {
        builder.getClass().getField(c.getName()).set(builder, c.getAccessor().invoke(from));
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(mismatch(from.getClass(), builder), e);
    }
  }

  /** A new {@code type} made through its canonical constructor from the builder's fields. */
  static <R extends Record> R build(Class<R> type, Object builder) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        values[i] = builder.getClass().getField(components[i].getName()).get(builder);
      }
      Constructor<R> canonical = type.getDeclaredConstructor(types);
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(mismatch(type, builder), e);
    }
  }

  private static String mismatch(Class<?> type, Object builder) {
    return builder.getClass().getName()
        + " must have one public field per component of "
        + type.getName()
        + ", with the same name and type";
  }
}
