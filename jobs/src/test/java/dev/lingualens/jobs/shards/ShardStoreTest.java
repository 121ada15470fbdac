package dev.lingualens.jobs.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.config.ConfigException;
import dev.lingualens.jobs.Repo;
import dev.lingualens.jobs.TableRow;
import java.io.DataOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shard state of a run: plans keyed by a fingerprint of their inputs, and shard files in a checked
 * binary layout that is never deserialised as Java objects.
 */
class ShardStoreTest {
  static final StructType SCHEMA =
      StructType.fromDDL(
          "lang string, layer int, n bigint, nll double, f float, counts array<bigint>,"
              + " vector array<float>, sums array<double>, ids array<int>, words array<string>");
  static final List<String> PLAN = List.of("0\teng\t0\t2", "1\teng\t2\t4", "2\tfra\t0\t2");

  @TempDir Path dir;

  static volatile boolean gadgetRan;

  /** What an attacker would plant: a class whose deserialisation runs code. */
  static final class Gadget implements Serializable {
    private void readObject(java.io.ObjectInputStream in) {
      gadgetRan = true;
    }
  }

  static Row row(String lang, int layer) {
    return TableRow.of(SCHEMA)
        .set("lang", lang)
        .set("layer", layer)
        .set("n", 1L << 40)
        .set("nll", -2.5)
        .set("f", null)
        .set("counts", new long[] {1, 2, 3})
        .set("vector", new float[] {0.5f, -1f})
        .set("sums", null)
        .set("ids", new int[] {})
        .set("words", new String[] {"chat", "", null, "Ünïcödé"})
        .build();
  }

  @Test
  void aResumedRunKeepsItsFinishedShardsAndReadsThemBackEqual() throws Exception {
    ShardStore store = ShardStore.open(dir, "r1", "fp-a", PLAN);
    store.save(2, SCHEMA, List.of(row("fra", 0), row("fra", 1)));
    Files.writeString(dir.resolve("shards/1.shard.tmp-crashed"), "half"); // a task killed mid-write
    ShardStore resumed = ShardStore.open(dir, "r1", "fp-a", PLAN);
    assertThat(resumed.finished()).containsExactly(2);
    assertThat(resumed.pending()).containsExactly(0, 1);
    List<Row> back = resumed.load(2, SCHEMA);
    assertThat(back).hasSize(2);
    Row r = back.get(1);
    assertThat(r.<String>getAs("lang")).isEqualTo("fra");
    assertThat(r.<Integer>getAs("layer")).isEqualTo(1);
    assertThat(r.<Long>getAs("n")).isEqualTo(1L << 40);
    assertThat(r.<Double>getAs("nll")).isEqualTo(-2.5);
    assertThat((Object) r.getAs("f")).isNull();
    assertThat(r.<long[]>getAs("counts")).containsExactly(1, 2, 3);
    assertThat(r.<float[]>getAs("vector")).containsExactly(0.5f, -1f);
    assertThat((Object) r.getAs("sums")).isNull();
    assertThat(r.<int[]>getAs("ids")).isEmpty();
    assertThat(r.<String[]>getAs("words")).containsExactly("chat", "", null, "Ünïcödé");
  }

  @Test
  void aRunIdResumedWithOtherInputsIsRefusedNotMixed() {
    ShardStore.open(dir, "r1", "fp-a", PLAN).save(0, SCHEMA, List.of(row("eng", 0)));
    assertThatThrownBy(() -> ShardStore.open(dir, "r1", "fp-b", PLAN))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("run.id 'r1'")
        .hasMessageContaining("fingerprint fp-a, now fp-b")
        .hasMessageContaining("delete that folder");
    assertThatThrownBy(() -> ShardStore.open(dir, "r1", "fp-a", PLAN.subList(0, 2)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("different shard plan");
    assertThat(ShardStore.open(dir, "r1", "fp-a", PLAN).finished()).containsExactly(0);
  }

  @Test
  void aHostileJavaSerializedShardIsRefusedWithoutBeingDeserialized() throws Exception {
    ShardStore store = ShardStore.open(dir, "r1", "fp-a", PLAN);
    try (ObjectOutputStream o =
        new ObjectOutputStream(Files.newOutputStream(dir.resolve("shards/0.shard")))) {
      o.writeObject(new Gadget());
    }
    assertThat(store.finished()).containsExactly(0);
    assertThatThrownBy(() -> store.load(0, SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shards/0.shard refused: it is not a lingualens shard file")
        .hasMessageContaining("delete it and re-run");
    assertThat(gadgetRan).isFalse();
  }

  @Test
  void aDamagedOrForeignShardIsOneClearError() throws Exception {
    ShardStore store = ShardStore.open(dir, "r1", "fp-a", PLAN);
    store.save(1, SCHEMA, List.of(row("eng", 0)));
    Path file = dir.resolve("shards/1.shard");
    byte[] good = Files.readAllBytes(file);

    byte[] flipped = good.clone();
    flipped[flipped.length / 2] ^= 1;
    Files.write(file, flipped);
    assertThatThrownBy(() -> store.load(1, SCHEMA)).hasMessageContaining("checksum does not match");

    Files.write(file, java.util.Arrays.copyOf(good, good.length - 20));
    assertThatThrownBy(() -> store.load(1, SCHEMA)).hasMessageContaining("checksum does not match");

    // a checksummed file claiming a 2 GB string: the length is checked before any allocation
    Files.write(file, withChecksum(header(1, "fp-a", SCHEMA.toDDL(), 1, Integer.MAX_VALUE)));
    assertThatThrownBy(() -> store.load(1, SCHEMA))
        .hasMessageContaining("a length of 2147483647")
        .hasMessageContaining("exceeds what follows");

    Files.write(file, withChecksum(header(1, "fp-a", SCHEMA.toDDL(), Long.MAX_VALUE, 0)));
    assertThatThrownBy(() -> store.load(1, SCHEMA)).hasMessageContaining("claims");

    // another run's shard copied in, and another job's rows
    ShardStore.open(dir.resolve("other"), "r2", "fp-b", PLAN)
        .save(1, SCHEMA, List.of(row("eng", 0)));
    Files.copy(
        dir.resolve("other/shards/1.shard"),
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> store.load(1, SCHEMA))
        .hasMessageContaining("computed from other inputs (fingerprint fp-b)");
    Files.write(file, good);
    assertThatThrownBy(() -> store.load(1, StructType.fromDDL("lang string")))
        .hasMessageContaining("holds rows of");
    assertThat(store.load(1, SCHEMA)).hasSize(1);
  }

  /** The header of a shard file and one row whose first (string) value claims {@code len}. */
  private static byte[] header(int shard, String fp, String ddl, long rows, int len)
      throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write("LLSHARD\0".getBytes(StandardCharsets.US_ASCII));
    out.writeInt(1);
    out.writeInt(shard);
    for (String s : List.of(fp, ddl)) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
    }
    out.writeLong(rows);
    out.writeByte(1);
    out.writeInt(len);
    out.write(new byte[16]);
    return bytes.toByteArray();
  }

  private static byte[] withChecksum(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array();
  }

  @Test
  void aModelsFingerprintFollowsItsConfigHeadersWeightsAndTokenizerNotItsPath() throws Exception {
    Path llama = Repo.root().resolve("common/src/test/resources/fixtures/models/llama");
    Path copy = dir.resolve("copy");
    FileUtils.copyDirectory(llama.toFile(), copy.toFile());
    String original = Fingerprint.of("neurons").modelFolder(llama).hex();
    assertThat(Fingerprint.of("neurons").modelFolder(copy).hex()).isEqualTo(original);
    assertThat(Fingerprint.of("ablate").modelFolder(copy).hex()).isNotEqualTo(original);
    assertThat(Fingerprint.of("neurons").modelFolder(copy).setting("dtype", "float16").hex())
        .isNotEqualTo(original);

    Path weights = copy.resolve("model.safetensors");
    byte[] w = Files.readAllBytes(weights);
    w[w.length / 2] ^= 1; // a fine-tune: same headers, other weights
    Files.write(weights, w);
    String tuned = Fingerprint.of("neurons").modelFolder(copy).hex();
    assertThat(tuned).isNotEqualTo(original);

    Files.writeString(
        copy.resolve("tokenizer.json"), Files.readString(copy.resolve("tokenizer.json")) + " ");
    String retokenized = Fingerprint.of("neurons").modelFolder(copy).hex();
    assertThat(retokenized).isNotEqualTo(tuned);

    Path config = copy.resolve("config.json");
    Files.writeString(config, Files.readString(config).replace("1e-05", "2e-05"));
    assertThat(Fingerprint.of("neurons").modelFolder(copy).hex()).isNotEqualTo(retokenized);
  }
}
