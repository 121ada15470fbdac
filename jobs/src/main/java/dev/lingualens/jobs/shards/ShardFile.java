package dev.lingualens.jobs.shards;

import dev.lingualens.jobs.TableRow;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One finished shard's rows in a plain binary layout that is checked before anything is built from
 * it. Never Java serialisation: the output folder may be writable by others, and whoever can write
 * it would then choose the classes the driver instantiates.
 *
 * <p>Layout (big-endian): magic {@code LLSHARD\0}, int version, int shard id, string fingerprint,
 * string schema DDL, long row count, the rows, and last a long holding the CRC-32 of every byte
 * before it. A string is an int length and UTF-8; a value is a presence byte (0 null, 1 value) and
 * the value; an array is an int length and its elements (numbers: none null; strings: each a value
 * as above). The checksum is verified first, so a truncated or altered file is refused whole; every
 * length is then checked against the bytes left before anything is allocated.
 */
final class ShardFile {
  private static final byte[] MAGIC = "LLSHARD\0".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int MAX_HEADER_STRING = 1 << 20;

  private ShardFile() {}

  /** Writes {@code rows} (each of {@code schema}) to {@code file}. */
  static void write(Path file, int shard, String fingerprint, StructType schema, List<Row> rows)
      throws IOException {
    CRC32 crc = new CRC32();
    try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        CheckedOutputStream checked = new CheckedOutputStream(raw, crc);
        DataOutputStream out = new DataOutputStream(checked)) {
      out.write(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(shard);
      writeString(out, fingerprint);
      writeString(out, schema.toDDL());
      out.writeLong(rows.size());
      for (Row r : rows) {
        for (StructField f : schema.fields()) {
          writeValue(out, f, r.getAs(f.name()));
        }
      }
      out.flush();
      new DataOutputStream(raw).writeLong(crc.getValue());
    }
  }

  /**
   * The rows of {@code file}, which must be shard {@code shard} of a run with {@code fingerprint}
   * and hold rows of {@code schema}; anything else is one {@link IllegalArgumentException} naming
   * the file and what is wrong with it.
   */
  static List<Row> read(Path file, int shard, String fingerprint, StructType schema) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > Integer.MAX_VALUE - 64) {
        throw rejected(file, "it is " + size + " bytes, more than a shard file can hold");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw rejected(file, "it cannot be read (" + e.getMessage() + ")");
    }
    if (bytes.length < MAGIC.length + 8
        || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw rejected(file, "it is not a lingualens shard file (no LLSHARD header)");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 8);
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong()) {
      throw rejected(file, "its checksum does not match (truncated or altered)");
    }
    try {
      in.position(MAGIC.length);
      int version = in.getInt();
      if (version != VERSION) {
        throw rejected(file, "it has format version " + version + ", not " + VERSION);
      }
      int id = in.getInt();
      if (id != shard) {
        throw rejected(file, "it holds shard " + id + ", not " + shard);
      }
      String fp = readString(in, MAX_HEADER_STRING);
      if (!fp.equals(fingerprint)) {
        throw rejected(file, "it was computed from other inputs (fingerprint " + fp + ")");
      }
      String ddl = readString(in, MAX_HEADER_STRING);
      if (!ddl.equals(schema.toDDL())) {
        throw rejected(file, "it holds rows of '" + ddl + "', not '" + schema.toDDL() + "'");
      }
      long n = in.getLong();
      if (n < 0 || n > in.remaining()) {
        throw rejected(file, "it claims " + n + " rows in " + in.remaining() + " bytes");
      }
      List<Row> rows = new ArrayList<>((int) n);
      for (long i = 0; i < n; i++) {
        TableRow row = TableRow.of(schema);
        for (StructField f : schema.fields()) {
          row.set(f.name(), readValue(in, f));
        }
        rows.add(row.build());
      }
      if (in.hasRemaining()) {
        throw rejected(file, in.remaining() + " bytes follow the last row");
      }
      return rows;
    } catch (BufferUnderflowException e) {
      throw rejected(file, "it ends inside a row");
    } catch (BadLength e) {
      throw rejected(file, e.getMessage());
    }
  }

  private static IllegalArgumentException rejected(Path file, String why) {
    return new IllegalArgumentException(
        "shard file "
            + file
            + " refused: "
            + why
            + "; delete it and re-run the run id to compute the shard again");
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(ByteBuffer in, int max) {
    int n = length(in, 1, max);
    byte[] b = new byte[n];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** A length read from the file, checked against what is left before it sizes an allocation. */
  private static int length(ByteBuffer in, int bytesPerElement, int max) {
    int n = in.getInt();
    if (n < 0 || n > max || (long) n * bytesPerElement > in.remaining()) {
      throw new BadLength(
          "a length of " + n + " at byte " + (in.position() - 4) + " exceeds what follows");
    }
    return n;
  }

  private static void writeValue(DataOutputStream out, StructField f, Object v) throws IOException {
    if (v == null) {
      out.writeByte(0);
      return;
    }
    out.writeByte(1);
    DataType t = f.dataType();
    if (t instanceof StringType) {
      writeString(out, (String) v);
    } else if (t instanceof IntegerType) {
      out.writeInt((Integer) v);
    } else if (t instanceof LongType) {
      out.writeLong((Long) v);
    } else if (t instanceof DoubleType) {
      out.writeDouble((Double) v);
    } else if (t instanceof FloatType) {
      out.writeFloat((Float) v);
    } else if (t instanceof BooleanType) {
      out.writeBoolean((Boolean) v);
    } else if (t instanceof ArrayType a) {
      writeArray(out, f, a.elementType(), elements(v));
    } else {
      throw unsupported(f);
    }
  }

  private static List<?> elements(Object v) {
    if (v instanceof scala.collection.Seq<?> seq) {
      return scala.collection.JavaConverters.seqAsJavaList(seq);
    }
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof long[] a) {
      return java.util.Arrays.stream(a).boxed().toList();
    }
    if (v instanceof int[] a) {
      return java.util.Arrays.stream(a).boxed().toList();
    }
    if (v instanceof double[] a) {
      return java.util.Arrays.stream(a).boxed().toList();
    }
    if (v instanceof float[] a) {
      List<Float> l = new ArrayList<>(a.length);
      for (float x : a) {
        l.add(x);
      }
      return l;
    }
    return java.util.Arrays.asList((Object[]) v);
  }

  private static void writeArray(DataOutputStream out, StructField f, DataType element, List<?> v)
      throws IOException {
    out.writeInt(v.size());
    for (Object e : v) {
      if (element instanceof StringType) {
        out.writeByte(e == null ? 0 : 1);
        if (e != null) {
          writeString(out, (String) e);
        }
        continue;
      }
      if (e == null) {
        throw new IllegalArgumentException(f.name() + ": a shard file holds no null elements");
      }
      if (element instanceof IntegerType) {
        out.writeInt((Integer) e);
      } else if (element instanceof LongType) {
        out.writeLong((Long) e);
      } else if (element instanceof DoubleType) {
        out.writeDouble((Double) e);
      } else if (element instanceof FloatType) {
        out.writeFloat((Float) e);
      } else {
        throw unsupported(f);
      }
    }
  }

  private static Object readValue(ByteBuffer in, StructField f) {
    byte present = in.get();
    if (present == 0) {
      return null;
    }
    if (present != 1) {
      throw new BadLength("a presence byte of " + present + " at byte " + (in.position() - 1));
    }
    DataType t = f.dataType();
    if (t instanceof StringType) {
      return readString(in, Integer.MAX_VALUE);
    } else if (t instanceof IntegerType) {
      return in.getInt();
    } else if (t instanceof LongType) {
      return in.getLong();
    } else if (t instanceof DoubleType) {
      return in.getDouble();
    } else if (t instanceof FloatType) {
      return in.getFloat();
    } else if (t instanceof BooleanType) {
      return in.get() != 0;
    } else if (t instanceof ArrayType a) {
      DataType e = a.elementType();
      if (e instanceof IntegerType) {
        int[] v = new int[length(in, 4, Integer.MAX_VALUE)];
        in.asIntBuffer().get(v);
        in.position(in.position() + 4 * v.length);
        return v;
      } else if (e instanceof LongType) {
        long[] v = new long[length(in, 8, Integer.MAX_VALUE)];
        in.asLongBuffer().get(v);
        in.position(in.position() + 8 * v.length);
        return v;
      } else if (e instanceof DoubleType) {
        double[] v = new double[length(in, 8, Integer.MAX_VALUE)];
        in.asDoubleBuffer().get(v);
        in.position(in.position() + 8 * v.length);
        return v;
      } else if (e instanceof FloatType) {
        float[] v = new float[length(in, 4, Integer.MAX_VALUE)];
        in.asFloatBuffer().get(v);
        in.position(in.position() + 4 * v.length);
        return v;
      } else if (e instanceof StringType) {
        String[] v = new String[length(in, 1, Integer.MAX_VALUE)];
        for (int i = 0; i < v.length; i++) {
          v[i] = in.get() == 0 ? null : readString(in, Integer.MAX_VALUE);
        }
        return v;
      }
    }
    throw unsupported(f);
  }

  private static IllegalArgumentException unsupported(StructField f) {
    return new IllegalArgumentException(
        "column "
            + f.name()
            + " is "
            + f.dataType().simpleString()
            + ": shard files hold strings, int, bigint, double, float, boolean and arrays of numbers or strings");
  }

  private static final class BadLength extends RuntimeException {
    BadLength(String message) {
      super(message, null, false, false);
    }
  }
}
