import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import dev.lingualens.common.model.HostTensor;
import dev.lingualens.common.model.Pooling;
import dev.lingualens.common.model.TokenBatch;
import dev.lingualens.common.model.TokenBudgetBatcher;
import dev.lingualens.common.text.HfTokenizer;
import dev.lingualens.jobs.represent.OnnxEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Dev-time measurement behind the choice of the ONNX backend (docs/ranker-results.md): the same
 * all-MiniLM-L6-v2 model.onnx, the same token-budget batches, through (a) plain ONNX Runtime Java
 * (OnnxEncoder, what the job uses) and (b) DJL's OnnxRuntime engine (ai.djl.onnxruntime:onnxruntime-engine,
 * not a project dependency: put its jar on the class path for this run only). Prints seconds per pass
 * (best of N, interleaved) and the max |difference| of the [B,T,D] outputs over real tokens.
 *
 * Compiled by Maven as a test source of the bench module (bench/pom.xml), so it cannot rot; run it with
 * the class path scripts/bench/represent.sh builds (bench/target/cp.txt):
 *
 * java -cp bench/target/classes:$(cat bench/target/cp.txt):onnxruntime-engine-0.35.1.jar \
 *   scripts/dev/onnx-backend/OnnxBackendCompare.java MODEL_DIR TEXTS_FILE [repeat]
 */
public class OnnxBackendCompare {
  public static void main(String[] args) throws Exception {
    Path folder = Paths.get(args[0]);
    List<String> texts = Files.readAllLines(Paths.get(args[1]));
    int repeat = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int[][] ids = HfTokenizer.load(folder).encode(texts, true);
    List<long[]> seqs = new ArrayList<>();
    for (int[] row : ids) {
      long[] s = java.util.Arrays.stream(row).asLongStream().toArray();
      seqs.add(s.length > 256 ? dev.lingualens.common.model.SentenceTransformerConfig.truncate(s, 256) : s);
    }
    List<TokenBudgetBatcher.Batch> batches = TokenBudgetBatcher.batches(seqs, 0, 4096, 64);
    // DJL's engine creates the process-wide OrtEnvironment with its own thread pool: it must come first.
    Model djl = Model.newInstance("minilm", "OnnxRuntime");
    djl.load(folder, "model.onnx");
    OnnxEncoder plain = new OnnxEncoder(folder.resolve("model.onnx"), Pooling.MEAN, 4096, 64);
    double bestPlain = Double.MAX_VALUE;
    double bestDjl = Double.MAX_VALUE;
    double worst = 0;
    try (Predictor<NDList, NDList> predictor = djl.newPredictor(new NoopTranslator())) {
      for (int r = 0; r <= repeat; r++) {
        long t0 = System.nanoTime();
        List<HostTensor> a = new ArrayList<>();
        for (TokenBudgetBatcher.Batch b : batches) {
          a.add(plain.lastHiddenState(b.tokens()));
        }
        double tPlain = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        List<float[]> d = new ArrayList<>();
        for (TokenBudgetBatcher.Batch b : batches) {
          d.add(djlForward(djl.getNDManager(), predictor, b.tokens()));
        }
        double tDjl = (System.nanoTime() - t0) / 1e9;
        if (r > 0) { // pass 0 is the warm-up
          bestPlain = Math.min(bestPlain, tPlain);
          bestDjl = Math.min(bestDjl, tDjl);
        }
        for (int i = 0; i < batches.size(); i++) {
          TokenBatch tb = batches.get(i).tokens();
          long dim = a.get(i).shape()[2];
          for (int row = 0; row < tb.size(); row++) {
            for (int t = 0; t < tb.lengths()[row]; t++) {
              for (int k = 0; k < dim; k++) {
                int flat = (int) ((row * (long) tb.width() + t) * dim + k);
                worst = Math.max(worst, Math.abs(a.get(i).data()[flat] - d.get(i)[flat]));
              }
            }
          }
        }
      }
    }
    long tokens = seqs.stream().mapToLong(s -> s.length).sum();
    System.out.printf("texts=%d tokens=%d batches=%d%n", seqs.size(), tokens, batches.size());
    System.out.printf("plain_ort_s=%.3f djl_ort_s=%.3f djl/plain=%.3f max_abs_diff=%.3g%n", bestPlain, bestDjl,
        bestDjl / bestPlain, worst);
  }

  static float[] djlForward(NDManager parent, Predictor<NDList, NDList> predictor, TokenBatch batch) throws Exception {
    try (NDManager m = parent.newSubManager()) {
      Shape shape = new Shape(batch.size(), batch.width());
      long[] mask = new long[batch.size() * batch.width()];
      for (int b = 0; b < batch.size(); b++) {
        for (int t = 0; t < batch.lengths()[b]; t++) {
          mask[b * batch.width() + t] = 1;
        }
      }
      NDArray ids = m.create(batch.flatIds(), shape);
      ids.setName("input_ids");
      NDArray am = m.create(mask, shape);
      am.setName("attention_mask");
      NDArray tt = m.create(new long[mask.length], shape);
      tt.setName("token_type_ids");
      NDList out = predictor.predict(new NDList(ids, am, tt));
      return out.get(0).toFloatArray();
    }
  }
}
