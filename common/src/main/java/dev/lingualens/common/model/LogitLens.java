package dev.lingualens.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * The logit lens (nostalgebraist 2020; Wendler et al. 2024): the residual stream of every layer
 * read at chosen positions through the model's own final norm and unembedding, {@code P_l =
 * softmax(W_U · norm(h_l))}. Lens layer 0 is the residual entering block 0 ({@code hook_embed});
 * lens layer l+1 is block l's output, so the last lens layer is the model's real next-token
 * distribution.
 *
 * <p>Everything is folded on the device during one forward pass: per probe and layer only the
 * candidate tokens' probabilities, the entropy and the top tokens leave it, in one copy per batch.
 */
public final class LogitLens {
  /** Most logits held at once (fp32 elements; 256 MB): bounds a large vocabulary's read-out. */
  static final long MAX_LOGITS = 1L << 26;

  private LogitLens() {}

  /**
   * One read-out: the distribution at {@code position} of batch row {@code row}; {@code candidates}
   * are the token ids whose probabilities are returned (any number, may repeat).
   */
  public record Probe(int row, int position, int[] candidates) {}

  /**
   * Per probe and lens layer: candidate probabilities [probe][layer][candidate], entropy in nats
   * [probe][layer], and the {@code topK} most probable ids with their probabilities.
   */
  public record LensResult(
      float[][][] candidateProbs, float[][] entropy, int[][][] topIds, float[][][] topProbs) {
    public int layers() {
      return entropy.length == 0 ? 0 : entropy[0].length;
    }
  }

  /** Lens layers of a model: the embedding output plus one per block. */
  public static int layers(TransformerModel model) {
    return model.config().layers() + 1;
  }

  /** The last real token of every row, each with its own candidates. */
  public static LensResult run(
      TransformerModel model, TokenBatch batch, int[] positions, int[][] candidates, int topK) {
    List<Probe> probes = new ArrayList<>();
    for (int b = 0; b < positions.length; b++) {
      probes.add(new Probe(b, positions[b], candidates[b]));
    }
    return run(model, batch, probes, topK);
  }

  public static LensResult run(
      TransformerModel model, TokenBatch batch, List<Probe> probes, int topK) {
    if (!model.hasUnembedding()) {
      throw new IllegalArgumentException(model.noUnembedding());
    }
    int vocab = model.config().vocabSize();
    if (topK < 0 || topK > vocab) {
      throw new IllegalArgumentException("lens top-k " + topK + " outside 0.." + vocab);
    }
    int width = 0;
    for (Probe p : probes) {
      if (p.row() < 0 || p.row() >= batch.size() || p.position() < 0) {
        throw new IllegalArgumentException("probe outside the batch: " + p);
      }
      if (p.position() >= batch.lengths()[p.row()]) {
        throw new IllegalArgumentException(
            "probe position "
                + p.position()
                + " is past row "
                + p.row()
                + "'s "
                + batch.lengths()[p.row()]
                + " tokens");
      }
      for (int id : p.candidates()) {
        if (id < 0 || id >= vocab) {
          throw new IllegalArgumentException("candidate token " + id + " outside 0.." + vocab);
        }
      }
      width = Math.max(width, p.candidates().length);
    }
    Readout readout = new Readout(model, batch, probes, width, topK);
    ForwardRequest request = new ForwardRequest().reduce(HookPoints.EMBED, readout);
    for (int l = 0; l < model.config().layers(); l++) {
      request.reduce(HookPoints.residPost(l), readout);
    }
    model.forward(batch, request);
    return readout.result();
  }

  /**
   * Reads each lens layer as the pass reaches it and copies all layers at once, after the last
   * block: one device-to-host copy per batch, whatever the depth.
   */
  private static final class Readout implements HookReducer {
    private final TransformerModel model;
    private final List<Probe> probes;
    private final int width;
    private final int topK;
    private final long[] flatRows;
    private final long[][] paddedCandidates;
    private final List<NDArray> perLayer = new ArrayList<>();
    private float[] copied;

    Readout(TransformerModel model, TokenBatch batch, List<Probe> probes, int width, int topK) {
      this.model = model;
      this.probes = probes;
      this.width = width;
      this.topK = topK;
      this.flatRows = new long[probes.size()];
      this.paddedCandidates = new long[probes.size()][width];
      for (int i = 0; i < probes.size(); i++) {
        Probe p = probes.get(i);
        flatRows[i] = (long) p.row() * batch.width() + p.position();
        for (int k = 0; k < p.candidates().length; k++) {
          paddedCandidates[i][k] = p.candidates()[k];
        }
      }
    }

    @Override
    public void reduce(String hook, NDArray value, NDArray mask) {
      long d = value.getShape().get(2);
      NDArray rows =
          value.reshape(-1, d).get(new NDIndex("{}", value.getManager().create(flatRows)));
      // kept past the layer's scope (decoders run each layer in one); the pass's manager owns it
      NDScope.unregister(rows);
      perLayer.add(rows);
      if (perLayer.size() < model.config().layers() + 1) {
        return;
      }
      // Every layer's rows through the unembedding at once: its matrix (V x D, the largest of the
      // model) is read once per batch instead of once per layer, in chunks that bound the logits.
      NDArray all = NDArrays.concat(new NDList(perLayer.toArray(NDArray[]::new)), 0);
      perLayer.clear();
      long total = all.getShape().get(0);
      long chunk = Math.max(1, MAX_LOGITS / model.config().vocabSize());
      List<NDArray> out = new ArrayList<>();
      for (long from = 0; from < total; from += chunk) {
        long to = Math.min(total, from + chunk);
        out.add(readOut(all.get(from + ":" + to), from, to));
      }
      copied = NDArrays.concat(new NDList(out.toArray(NDArray[]::new)), 0).toFloatArray();
    }

    /** Rows [from, to) of the layer-major stack: candidates' p, entropy, top-k p and ids. */
    private NDArray readOut(NDArray rows, long from, long to) {
      NDArray logits = model.logitsOf(model.finalNorm(rows)).toType(DataType.FLOAT32, false);
      NDArray logp = logits.logSoftmax(-1);
      NDArray p = logp.exp();
      List<NDArray> parts = new ArrayList<>();
      if (width > 0) {
        long[][] idx = new long[(int) (to - from)][];
        for (long r = from; r < to; r++) {
          idx[(int) (r - from)] = paddedCandidates[(int) (r % probes.size())];
        }
        parts.add(p.gather(rows.getManager().create(idx), 1));
      }
      // 0·log 0 = 0: exp underflows to exactly 0 where log p is very negative but finite
      parts.add(p.mul(logp).sum(new int[] {-1}, true).neg());
      if (topK > 0) {
        NDList top = p.topK(topK, -1, true, true);
        parts.add(top.get(0));
        parts.add(top.get(1).toType(DataType.FLOAT32, false));
      }
      return NDArrays.concat(new NDList(parts.toArray(NDArray[]::new)), 1);
    }

    LensResult result() {
      int layers = model.config().layers() + 1;
      int n = probes.size();
      int stride = width + 1 + 2 * topK;
      float[][][] cand = new float[n][layers][];
      float[][] entropy = new float[n][layers];
      int[][][] topIds = new int[n][layers][topK];
      float[][][] topProbs = new float[n][layers][topK];
      for (int l = 0; l < layers; l++) {
        for (int i = 0; i < n; i++) {
          int at = (l * n + i) * stride;
          cand[i][l] =
              java.util.Arrays.copyOfRange(copied, at, at + probes.get(i).candidates().length);
          entropy[i][l] = copied[at + width];
          for (int k = 0; k < topK; k++) {
            topProbs[i][l][k] = copied[at + width + 1 + k];
            topIds[i][l][k] = Math.round(copied[at + width + 1 + topK + k]);
          }
        }
      }
      return new LensResult(cand, entropy, topIds, topProbs);
    }
  }
}
