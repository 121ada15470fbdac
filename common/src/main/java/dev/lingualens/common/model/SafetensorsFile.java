package dev.lingualens.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file, read defensively: the header length, the JSON, every dtype, shape and byte
 * range are validated against the file size before any tensor byte is touched, and ranges may not
 * overlap. Data is memory-mapped, never copied whole onto the heap. Nothing in the file is
 * executed.
 */
public final class SafetensorsFile implements AutoCloseable {
  /**
   * Headers over this size are refused: real ones are kilobytes, a huge one is corruption or an
   * attack.
   */
  static final long MAX_HEADER_BYTES = 100L << 20;

  /** One tensor's place in the file. */
  public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
    public long elements() {
      long n = 1;
      for (long d : shape) {
        n = Math.multiplyExact(n, d);
      }
      return n;
    }
  }

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;

  private SafetensorsFile(
      Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
  }

  public static SafetensorsFile open(Path path) {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new ModelLoadException(
          "Cannot open safetensors file " + path + ": " + e.getMessage(), e);
    }
    try {
      long size = ch.size();
      if (size < 8) {
        throw new ModelLoadException(
            path + ": " + size + " bytes is too short for a safetensors file (truncated?)");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
        throw new ModelLoadException(
            path
                + ": header length "
                + headerLen
                + " is invalid for a file of "
                + size
                + " bytes (truncated or not a safetensors file)");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLen);
      readFully(ch, header, 8);
      long dataStart = 8 + headerLen;
      Map<String, TensorInfo> tensors = parseHeader(path, header.array(), size - dataStart);
      return new SafetensorsFile(path, ch, dataStart, tensors);
    } catch (RuntimeException | IOException e) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // already failing
      }
      if (e instanceof ModelLoadException mle) {
        throw mle;
      }
      throw new ModelLoadException(path + ": cannot read safetensors header: " + e.getMessage(), e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  static Map<String, TensorInfo> parseHeader(Path path, byte[] json, long dataBytes) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new ModelLoadException(path + ": header is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelLoadException(path + ": header is not a JSON object");
    }
    Map<String, TensorInfo> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      String where = path + ": tensor '" + e.getKey() + "'";
      JsonNode t = e.getValue();
      DType dtype = DType.parse(t.path("dtype").asText(""), where);
      JsonNode shapeNode = t.path("shape");
      JsonNode offsets = t.path("data_offsets");
      if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
        throw new ModelLoadException(where + ": missing shape or data_offsets");
      }
      long[] shape = new long[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) {
        if (!shapeNode.get(i).canConvertToLong() || shapeNode.get(i).asLong() < 0) {
          throw new ModelLoadException(where + ": bad dimension " + shapeNode.get(i));
        }
        shape[i] = shapeNode.get(i).asLong();
      }
      long begin = offsets.get(0).asLong(-1);
      long end = offsets.get(1).asLong(-1);
      if (begin < 0 || end < begin || end > dataBytes) {
        throw new ModelLoadException(
            where
                + ": byte range ["
                + begin
                + ", "
                + end
                + ") lies outside the "
                + dataBytes
                + " data bytes of the file (truncated?)");
      }
      TensorInfo info = new TensorInfo(e.getKey(), dtype, shape, begin, end);
      long expected;
      try {
        expected = Math.multiplyExact(info.elements(), dtype.bytes());
      } catch (ArithmeticException ex) {
        throw new ModelLoadException(where + ": shape overflows");
      }
      if (expected != end - begin) {
        throw new ModelLoadException(
            where
                + ": shape and dtype need "
                + expected
                + " bytes, the range holds "
                + (end - begin));
      }
      out.put(e.getKey(), info);
    }
    List<TensorInfo> sorted = new ArrayList<>(out.values());
    sorted.sort(Comparator.comparingLong(TensorInfo::begin));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).begin() < sorted.get(i - 1).end()) {
        throw new ModelLoadException(
            path
                + ": tensors '"
                + sorted.get(i - 1).name()
                + "' and '"
                + sorted.get(i).name()
                + "' overlap");
      }
    }
    return Collections.unmodifiableMap(out);
  }

  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  public Path path() {
    return path;
  }

  /** The raw little-endian bytes of a tensor, memory-mapped (valid while this file is open). */
  public ByteBuffer bytes(TensorInfo t) {
    long len = t.end() - t.begin();
    if (len > Integer.MAX_VALUE) {
      throw new ModelLoadException(
          path + ": tensor '" + t.name() + "' is over 2 GiB; split it into shards");
    }
    try {
      return channel
          .map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), len)
          .order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new ModelLoadException(
          path + ": cannot map tensor '" + t.name() + "': " + e.getMessage(), e);
    }
  }

  /**
   * Copies a tensor's raw bytes into {@code dst} (from its position; the position ends after them)
   * with plain reads, not a mapping: pages mapped from a 13 GB checkpoint would count towards the
   * process's resident memory on top of the copy the model keeps.
   */
  public void readInto(TensorInfo t, ByteBuffer dst) {
    long len = t.end() - t.begin();
    if (dst.remaining() < len) {
      throw new IllegalArgumentException(
          "buffer of " + dst.remaining() + " bytes for tensor '" + t.name() + "' of " + len);
    }
    int start = dst.position();
    ByteBuffer window = dst.duplicate();
    window.limit(Math.toIntExact(start + len));
    try {
      readFully(channel, window, dataStart + t.begin() - start);
    } catch (IOException e) {
      throw new ModelLoadException(
          path + ": cannot read tensor '" + t.name() + "': " + e.getMessage(), e);
    }
    dst.position(window.position());
  }

  /**
   * Bytes [from, from + dst.remaining()) of a tensor's data into {@code dst} (a chunk of a large
   * tensor, read without holding the whole of it).
   */
  public void readInto(TensorInfo t, long from, ByteBuffer dst) {
    long len = dst.remaining();
    if (from < 0 || from + len > t.end() - t.begin()) {
      throw new IllegalArgumentException(
          "bytes " + from + ".." + (from + len) + " outside tensor '" + t.name() + "'");
    }
    int start = dst.position();
    ByteBuffer window = dst.duplicate();
    try {
      readFully(channel, window, dataStart + t.begin() + from - start);
    } catch (IOException e) {
      throw new ModelLoadException(
          path + ": cannot read tensor '" + t.name() + "': " + e.getMessage(), e);
    }
    dst.position(window.position());
  }

  /** A tensor widened to fp32 (F16 and BF16 converted in Java). */
  public float[] floats(TensorInfo t) {
    ByteBuffer b = bytes(t);
    int n = Math.toIntExact(t.elements());
    float[] out = new float[n];
    switch (t.dtype()) {
      case F32 -> b.asFloatBuffer().get(out);
      case F16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = DType.f16ToFloat(b.getShort(2 * i));
        }
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = DType.bf16ToFloat(b.getShort(2 * i));
        }
      }
      case I64 -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getLong(8 * i);
        }
      }
      case I32 -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getInt(4 * i);
        }
      }
    }
    return out;
  }

  public long[] longs(TensorInfo t) {
    ByteBuffer b = bytes(t);
    int n = Math.toIntExact(t.elements());
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = t.dtype() == DType.I64 ? b.getLong(8 * i) : b.getInt(4 * i);
    }
    return out;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
