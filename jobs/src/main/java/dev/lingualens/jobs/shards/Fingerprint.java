package dev.lingualens.jobs.shards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a run's shards were computed from, as one SHA-256: the model folder, the input tables and
 * the settings that change results. Shards are reused on resume only under an equal fingerprint, so
 * a run id re-run with another model, tokenizer, corpus or setting never publishes old numbers
 * under new names.
 *
 * <p>Milliseconds also on a 13 GB checkpoint: JSON files (config, tokenizer, shard index, pooling
 * configs) are hashed whole; a {@code .safetensors} file by its header (every tensor's name, dtype,
 * shape and offsets) plus three 64 KiB samples of its data (start, middle, end), so two fine-tunes
 * of one architecture, whose headers are equal, still differ; any other file (ONNX, SentencePiece)
 * by its size and the same three samples. An input table by the names and sizes of its files (Spark
 * names every written file uniquely, so a re-written table differs).
 */
public final class Fingerprint {
  private static final int SAMPLE = 64 << 10;
  private static final long MAX_SAFETENSORS_HEADER = 100L << 20;
  private final MessageDigest sha;

  private Fingerprint(String unit) {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    text("unit", unit);
  }

  /** A fingerprint for the shards of {@code unit} (e.g. {@code neurons}). */
  public static Fingerprint of(String unit) {
    return new Fingerprint(unit);
  }

  /** A setting that changes the results. */
  public Fingerprint setting(String name, Object value) {
    return text("setting " + name, String.valueOf(value));
  }

  /** Every file of a model folder (and of its subfolders, e.g. {@code 1_Pooling/}). */
  public Fingerprint modelFolder(Path folder) {
    text("model folder", "");
    for (Path f : files(folder, 3)) {
      String name = folder.relativize(f).toString();
      if (name.endsWith(".json")) {
        text(name, "");
        bytes(read(f));
      } else if (name.endsWith(".safetensors")) {
        text(name, "");
        safetensors(f);
      } else {
        text(name, "");
        samples(f, 0);
      }
    }
    return this;
  }

  /** An input table's data files, by relative name and size. */
  public Fingerprint table(Path table) {
    text("table", table.getFileName().toString());
    for (Path f : files(table, 8)) {
      String name = table.relativize(f).toString();
      if (!name.startsWith("_") && !name.startsWith(".") && !name.contains("/.")) {
        try {
          text(name, Long.toString(Files.size(f)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the size of " + f, e);
        }
      }
    }
    return this;
  }

  /** The fingerprint so far, as 32 hex digits (128 bits of the SHA-256). */
  public String hex() {
    try {
      MessageDigest copy = (MessageDigest) sha.clone();
      return HexFormat.of().formatHex(copy.digest(), 0, 16);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  private Fingerprint text(String label, String value) {
    bytes((label + "=" + value.length() + ":" + value + "\n").getBytes(StandardCharsets.UTF_8));
    return this;
  }

  private void bytes(byte[] b) {
    sha.update(ByteBuffer.allocate(8).putLong(b.length).array());
    sha.update(b);
  }

  private void safetensors(Path f) {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0);
      len.flip();
      long n = size >= 8 ? len.getLong() : -1;
      if (n < 0 || n > MAX_SAFETENSORS_HEADER || 8 + n > size) {
        throw new IllegalArgumentException(
            f + " is not a safetensors file (header length " + n + ", file " + size + " bytes)");
      }
      ByteBuffer header = ByteBuffer.allocate((int) n);
      readFully(ch, header, 8);
      bytes(header.array());
      samples(f, 8 + n);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  /** The size of {@code f} and 64 KiB at the start of its data, the middle and the end. */
  private void samples(Path f, long dataStart) {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      long size = ch.size();
      text("size", Long.toString(size));
      long data = size - dataStart;
      for (long at : new long[] {dataStart, dataStart + data / 2, size - SAMPLE}) {
        long from = Math.max(dataStart, at);
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(SAMPLE, size - from));
        readFully(ch, b, from);
        bytes(b.array());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }

  private static byte[] read(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  /** Regular files under {@code dir} (links followed to files only), sorted by path. */
  private static List<Path> files(Path dir, int depth) {
    try (Stream<Path> all = Files.walk(dir, depth)) {
      return all.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
