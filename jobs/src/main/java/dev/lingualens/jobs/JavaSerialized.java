package dev.lingualens.jobs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A value carried as Java-serialised bytes, for broadcasts: clusters often run Spark's Kryo
 * serializer (Spark NLP recommends it), and Kryo 4 cannot build a serializer for Java records. A
 * byte array travels under any serializer; the value is decoded once per executor JVM on first use.
 */
public final class JavaSerialized<T extends Serializable> implements Serializable {
  private byte[] bytes;
  private transient T value;

  private JavaSerialized() {}

  public static <T extends Serializable> JavaSerialized<T> of(T value) {
    JavaSerialized<T> s = new JavaSerialized<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(out)) {
      o.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise " + value.getClass().getName(), e);
    }
    s.bytes = out.toByteArray();
    s.value = value;
    return s;
  }

  @SuppressWarnings("unchecked")
  public synchronized T get() {
    if (value == null) {
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
        value = (T) in.readObject();
      } catch (IOException | ClassNotFoundException e) {
        throw new IllegalStateException("cannot deserialise a broadcast value", e);
      }
    }
    return value;
  }
}
