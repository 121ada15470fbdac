package dev.lingualens.jobs.lape;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Llama-style model built by hand so that its language-specific neurons are known: tokens of
 * language A (a1..a6) set residual dim 0, B dim 1, C dim 2; attention is zero. FFN neurons: layer 0
 * n1 fires only on A and writes "A evidence" (dim 5), layer 1 n3 only on B (dim 6), layer 1 n5 on A
 * and B (both dims); five neurons fire on every language and write nothing; the rest never fire.
 * The unembedding predicts A tokens from dim 5, B tokens from dim 6 and C tokens from dim 2, so
 * zeroing A's neurons must hurt A's likelihood and leave C's untouched.
 */
final class PlantedModel {
  static final int D = 8;
  static final int I = 8;
  static final int LAYERS = 2;
  static final String[] SPECIALS = {"<unk>", "<s>", "</s>", "<pad>"};
  static final int EOS = 2;

  private PlantedModel() {}

  static int vocab() {
    return SPECIALS.length + 18;
  }

  /** Token id of word w (1..6) of language group g (0 = a, 1 = b, 2 = c). */
  static int id(int group, int w) {
    return SPECIALS.length + group * 6 + (w - 1);
  }

  static void write(Path folder) throws IOException {
    Files.createDirectories(folder);
    Map<String, float[][]> t = new TreeMap<>();
    int v = vocab();
    float[][] embed = new float[v][D];
    for (int g = 0; g < 3; g++) {
      for (int w = 1; w <= 6; w++) {
        embed[id(g, w)][g] = 1f;
      }
    }
    t.put("model.embed_tokens.weight", embed);
    for (int l = 0; l < LAYERS; l++) {
      String p = "model.layers." + l + ".";
      t.put(p + "self_attn.q_proj.weight", new float[D][D]);
      t.put(p + "self_attn.k_proj.weight", new float[D][D]);
      t.put(p + "self_attn.v_proj.weight", new float[D][D]);
      t.put(p + "self_attn.o_proj.weight", new float[D][D]);
      t.put(p + "input_layernorm.weight", new float[][] {ones(D)});
      t.put(p + "post_attention_layernorm.weight", new float[][] {ones(D)});
      float[][] gate = new float[I][D];
      float[][] up = new float[I][D];
      float[][] down = new float[D][I];
      for (int n = 0; n < I; n++) {
        // default: dead (negative on every language token)
        gate[n] = row(-1, -1, -1);
        up[n] = row(1, 1, 1);
      }
      if (l == 0) {
        for (int n : new int[] {0, 2, 3}) {
          gate[n] = row(1, 1, 1); // fires on every language
        }
        gate[1] = row(1, -1, -1); // A only
        up[1] = row(1, 0, 0);
        down[5][1] = 1f;
      } else {
        for (int n : new int[] {0, 1}) {
          gate[n] = row(1, 1, 1);
        }
        gate[3] = row(-1, 1, -1); // B only
        up[3] = row(0, 1, 0);
        down[6][3] = 1f;
        gate[5] = row(1, 1, -1); // A and B
        up[5] = row(1, 1, 0);
        down[5][5] = 1f;
        down[6][5] = 1f;
      }
      t.put(p + "mlp.gate_proj.weight", gate);
      t.put(p + "mlp.up_proj.weight", up);
      t.put(p + "mlp.down_proj.weight", down);
    }
    t.put("model.norm.weight", new float[][] {ones(D)});
    float[][] head = new float[v][D];
    for (int w = 1; w <= 6; w++) {
      head[id(0, w)][5] = 3f;
      head[id(1, w)][6] = 3f;
      head[id(2, w)][2] = 3f;
    }
    t.put("lm_head.weight", head);
    writeSafetensors(folder.resolve("model.safetensors"), t);
    writeConfig(folder);
    writeTokenizer(folder);
  }

  private static float[] ones(int n) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, 1f);
    return a;
  }

  private static float[] row(float a, float b, float c) {
    float[] r = new float[D];
    r[0] = a;
    r[1] = b;
    r[2] = c;
    return r;
  }

  private static void writeSafetensors(Path file, Map<String, float[][]> tensors)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    long offset = 0;
    for (Map.Entry<String, float[][]> e : tensors.entrySet()) {
      float[][] a = e.getValue();
      boolean vector =
          e.getKey().endsWith("layernorm.weight") || e.getKey().endsWith("norm.weight");
      long bytes = 4L * a.length * a[0].length;
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      if (vector) {
        t.putArray("shape").add(a[0].length);
      } else {
        t.putArray("shape").add(a.length).add(a[0].length);
      }
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] h = json.writeValueAsBytes(header);
    ByteBuffer buf =
        ByteBuffer.allocate((int) (8 + h.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(h.length).put(h);
    for (float[][] a : tensors.values()) {
      for (float[] r : a) {
        for (float f : r) {
          buf.putFloat(f);
        }
      }
    }
    Files.write(file, buf.array());
  }

  private static void writeConfig(Path folder) throws IOException {
    String config =
        "{\"architectures\":[\"LlamaForCausalLM\"],\"model_type\":\"llama\",\"hidden_size\":"
            + D
            + ",\"intermediate_size\":"
            + I
            + ",\"num_hidden_layers\":"
            + LAYERS
            + ",\"num_attention_heads\":2,"
            + "\"num_key_value_heads\":2,\"max_position_embeddings\":16,\"rms_norm_eps\":1e-6,\"rope_theta\":10000.0,"
            + "\"vocab_size\":"
            + vocab()
            + ",\"tie_word_embeddings\":false,\"hidden_act\":\"silu\","
            + "\"bos_token_id\":1,\"eos_token_id\":2,\"pad_token_id\":3,\"torch_dtype\":\"float32\"}";
    Files.writeString(folder.resolve("config.json"), config);
  }

  private static void writeTokenizer(Path folder) throws IOException {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (int i = 0; i < SPECIALS.length; i++) {
      vocab.put(SPECIALS[i], i);
    }
    String[] groups = {"a", "b", "c"};
    for (int g = 0; g < 3; g++) {
      for (int w = 1; w <= 6; w++) {
        vocab.put(groups[g] + w, id(g, w));
      }
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    var added = root.putArray("added_tokens");
    for (int i = 0; i < SPECIALS.length; i++) {
      added
          .addObject()
          .put("id", i)
          .put("content", SPECIALS[i])
          .put("single_word", false)
          .put("lstrip", false)
          .put("rstrip", false)
          .put("normalized", false)
          .put("special", true);
    }
    root.putNull("normalizer");
    root.putObject("pre_tokenizer").put("type", "WhitespaceSplit");
    root.putNull("post_processor");
    root.putNull("decoder");
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel");
    ObjectNode v = model.putObject("vocab");
    vocab.forEach(v::put);
    model.put("unk_token", "<unk>");
    Files.write(folder.resolve("tokenizer.json"), json.writeValueAsBytes(root));
    Files.writeString(
        folder.resolve("README.md"),
        "Hand-built test model, see PlantedModel.java\n",
        StandardCharsets.UTF_8);
  }
}
