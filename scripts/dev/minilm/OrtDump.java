/*
 * Dev-time tool (compiled by Maven as a test source of the bench module, never run by it): runs
 * MiniLmOnnxOracle (ONNX Runtime for Java + DJL's HuggingFaceTokenizer) on a fixed set of texts and writes
 * token ids, masks, ORT last_hidden_state and sentence embeddings as JSON for verify_forward.py. Also prints ORT NO_OPT/ALL_OPT vs the oracle's
 * BASIC_OPT and batched-vs-alone differences. Usage (repository root; the jobs module's classpath has
 * ONNX Runtime through Spark NLP; needs common compiled: common/target/{classes,test-classes}):
 *
 *   mvn -q -o -pl jobs dependency:build-classpath -Dmdep.outputFile=/tmp/jobs.cp
 *   CP="$(cat /tmp/jobs.cp):common/target/classes:common/target/test-classes"
 *   javac -proc:none -d /tmp/ortdump -cp "$CP" \
 *       common/src/test/java/dev/lingualens/common/model/MiniLmOnnxOracle.java scripts/dev/minilm/OrtDump.java
 *   java -cp "/tmp/ortdump:$CP" OrtDump .cache/lingualens/models/all-MiniLM-L6-v2 /tmp/ortdump/ort.json
 */
import ai.onnxruntime.*;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lingualens.common.model.MiniLmOnnxOracle;
import java.nio.file.*;
import java.util.*;

public class OrtDump {
  public static void main(String[] a) throws Exception {
    Path folder = Paths.get(a[0]);
    String longText = String.join(" ", Collections.nCopies(18,
        "Language models split text into tokens before they embed it."));
    List<String> texts = List.of(
        "The quick brown fox jumps over the lazy dog.",
        "Hello world",
        "Ça va? Die Straße ist schön — 東京は大きい都市です。",
        longText,
        "");
    long t0 = System.nanoTime();
    MiniLmOnnxOracle.Result r = MiniLmOnnxOracle.run(folder, texts);
    System.out.printf("oracle: %d texts, lengths %s, T=%d, %.1f s%n", texts.size(),
        Arrays.toString(r.lengths()), r.inputIds()[0].length, (System.nanoTime() - t0) / 1e9);
    System.out.println("ids[1] = " + Arrays.toString(r.ids(1)));
    System.out.println("ids[2] = " + Arrays.toString(r.ids(2)));
    // other ORT optimisation levels, same inputs
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    for (OrtSession.SessionOptions.OptLevel lvl : new OrtSession.SessionOptions.OptLevel[] {
        OrtSession.SessionOptions.OptLevel.NO_OPT, OrtSession.SessionOptions.OptLevel.ALL_OPT}) {
      Map<String, OnnxTensor> in = new HashMap<>();
      try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
        o.setOptimizationLevel(lvl);
        o.setIntraOpNumThreads(1);
        in.put("input_ids", OnnxTensor.createTensor(env, r.inputIds()));
        in.put("attention_mask", OnnxTensor.createTensor(env, r.attentionMask()));
        in.put("token_type_ids", OnnxTensor.createTensor(env, r.tokenTypeIds()));
        try (OrtSession s = env.createSession(folder.resolve("model.onnx").toString(), o);
            OrtSession.Result out = s.run(in)) {
          float[][][] h = (float[][][]) out.get(0).getValue();
          double max = 0;
          double maxValid = 0;
          for (int b = 0; b < h.length; b++) {
            for (int t = 0; t < h[b].length; t++) {
              for (int i = 0; i < h[b][t].length; i++) {
                double d = Math.abs(h[b][t][i] - r.lastHiddenState()[b][t][i]);
                max = Math.max(max, d);
                if (r.attentionMask()[b][t] == 1) {
                  maxValid = Math.max(maxValid, d);
                }
              }
            }
          }
          System.out.printf("ORT %s vs BASIC_OPT: max abs diff %.3g (valid tokens %.3g)%n", lvl, max, maxValid);
        }
      } finally {
        in.values().forEach(OnnxTensor::close);
      }
    }
    // padding-invariance: each text alone vs in the batch
    double padMax = 0;
    for (int b = 0; b < texts.size(); b++) {
      MiniLmOnnxOracle.Result one = MiniLmOnnxOracle.run(folder, List.of(texts.get(b)));
      for (int t = 0; t < r.lengths()[b]; t++) for (int i = 0; i < 384; i++)
        padMax = Math.max(padMax, Math.abs(one.lastHiddenState()[0][t][i] - r.lastHiddenState()[b][t][i]));
    }
    System.out.printf("batched vs alone (valid tokens): max abs diff %.3g%n", padMax);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("texts", texts);
    m.put("input_ids", r.inputIds());
    m.put("attention_mask", r.attentionMask());
    m.put("token_type_ids", r.tokenTypeIds());
    m.put("lengths", r.lengths());
    m.put("last_hidden_state", r.lastHiddenState());
    m.put("sentence_embeddings", r.sentenceEmbeddings());
    new ObjectMapper().writeValue(Paths.get(a[1]).toFile(), m);
  }
}
