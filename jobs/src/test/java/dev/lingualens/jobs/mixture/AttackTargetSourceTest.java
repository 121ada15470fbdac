package dev.lingualens.jobs.mixture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lingualens.common.mixture.AttackTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.reflect.ClassTag$;

/**
 * The broadcast attack target is plain data: it travels under Kryo (which clusters often configure)
 * and Java serialisation, and the executor's copy rebuilds the driver's target from the tokenizer
 * file.
 */
class AttackTargetSourceTest {
  @TempDir Path dir;

  @Test
  void theBroadcastTargetTravelsUnderKryoAndJavaAndRebuildsTheSameMerges() throws Exception {
    Path tok = dir.resolve("tokenizer.json");
    Files.writeString(
        tok,
        "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1,\"c\":2,\"d\":3,"
            + "\"ab\":4,\"cd\":5,\"abcd\":6},\"merges\":[\"a b\",\"c d\",\"ab cd\"]},"
            + "\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"WhitespaceSplit\"}}");
    AttackTargetSource source =
        new AttackTargetSource("toy", tok.toString(), 1, 5, false, AttackTarget.Whitespace.KEEP);
    AttackTarget driver = source.get();
    assertThat(driver.steps()).isEqualTo(2);
    for (Serializer serializer :
        new Serializer[] {
          new KryoSerializer(new SparkConf()), new JavaSerializer(new SparkConf())
        }) {
      SerializerInstance s = serializer.newInstance();
      AttackTargetSource executor =
          s.deserialize(
              s.serialize(source, ClassTag$.MODULE$.apply(AttackTargetSource.class)),
              ClassTag$.MODULE$.apply(AttackTargetSource.class));
      AttackTarget rebuilt = executor.get();
      assertThat(rebuilt).isNotSameAs(driver);
      assertThat(rebuilt.attacked()).isEqualTo(driver.attacked()).hasSize(2);
      assertThat(rebuilt.offset()).isEqualTo(1);
    }
  }
}
