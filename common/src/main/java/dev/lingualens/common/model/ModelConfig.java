package dev.lingualens.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The architecture numbers of a Hugging Face {@code config.json}, normalised across families (GPT-2
 * calls hidden size {@code n_embd}, Llama {@code hidden_size}, ...).
 */
public record ModelConfig(
    String modelType,
    ModelFamily family,
    int hiddenSize,
    int layers,
    int heads,
    int kvHeads,
    int headDim,
    int intermediateSize,
    int vocabSize,
    int maxPositions,
    double normEps,
    double ropeTheta,
    RopeScaling ropeScaling,
    boolean tiedEmbeddings,
    String activation,
    int typeVocabSize,
    int padTokenId,
    String torchDtype,
    DecoderVariant variant) {

  /**
   * The folder's config, checked against the headers of its safetensors weights when it has them (a
   * millisecond read, no tensor touched): a config that promises layers, a width or a vocabulary
   * the weights do not hold fails here, on the driver, naming the key, before any task allocates a
   * model from it.
   */
  public static ModelConfig read(Path folder) {
    ModelConfig config = readConfig(folder);
    if (WeightStore.present(folder)) {
      try (WeightStore weights = WeightStore.open(folder)) {
        config.checkAgainst(weights, folder.resolve("config.json").toString());
      }
    }
    return config;
  }

  /** The config.json alone, not checked against the weights. */
  static ModelConfig readConfig(Path folder) {
    Path file = folder.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(
          "No config.json in model folder "
              + folder.toAbsolutePath()
              + " (expected a Hugging Face model folder: config.json, *.safetensors, tokenizer.json)");
    }
    ModelFiles.inside(folder, file);
    JsonNode c;
    try {
      c = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelLoadException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    String where = file.toString();
    String type = c.path("model_type").asText(null);
    ModelFamily family = ModelFamily.of(type, where);
    return switch (family) {
      case LLAMA -> {
        int hidden = req(c, "hidden_size", where);
        int heads = req(c, "num_attention_heads", where);
        int headDim = c.path("head_dim").isInt() ? c.get("head_dim").asInt() : hidden / heads;
        int layers = req(c, "num_hidden_layers", where);
        yield new ModelConfig(
            type,
            family,
            hidden,
            layers,
            heads,
            c.path("num_key_value_heads").asInt(heads),
            headDim,
            req(c, "intermediate_size", where),
            req(c, "vocab_size", where),
            c.path("max_position_embeddings").asInt(2048),
            c.path("rms_norm_eps").asDouble(1e-6),
            c.path("rope_theta").asDouble(10000),
            RopeScaling.parse(c.get("rope_scaling"), c, where),
            c.path("tie_word_embeddings").asBoolean(false),
            c.path("hidden_act").asText("silu"),
            0,
            c.path("pad_token_id").asInt(-1),
            c.path("torch_dtype").asText("float32"),
            DecoderVariant.llama(c, type.toLowerCase(java.util.Locale.ROOT), layers, where));
      }
      case GEMMA, GEMMA2, GEMMA3 -> {
        int hidden = req(c, "hidden_size", where);
        int heads = req(c, "num_attention_heads", where);
        int layers = req(c, "num_hidden_layers", where);
        boolean gemma3 = family == ModelFamily.GEMMA3;
        // newer configs (transformers 5) keep Gemma 3's two RoPEs under rope_parameters
        JsonNode ropeParams = c.path("rope_parameters");
        JsonNode globalRope =
            ropeParams.has("full_attention") ? ropeParams.get("full_attention") : c;
        JsonNode localRope =
            ropeParams.has("sliding_attention") ? ropeParams.get("sliding_attention") : null;
        yield new ModelConfig(
            type,
            family,
            hidden,
            layers,
            heads,
            c.path("num_key_value_heads").asInt(heads),
            c.path("head_dim").isInt() ? c.get("head_dim").asInt() : 256,
            req(c, "intermediate_size", where),
            req(c, "vocab_size", where),
            c.path("max_position_embeddings").asInt(8192),
            c.path("rms_norm_eps").asDouble(1e-6),
            globalRope.path("rope_theta").asDouble(gemma3 ? 1_000_000 : 10000),
            RopeScaling.parse(globalRope == c ? c.get("rope_scaling") : globalRope, where),
            c.path("tie_word_embeddings").asBoolean(true),
            // Gemma's activation is tanh-GELU; the hidden_act "gelu" of early Gemma configs is
            // ignored, as Hugging Face does, in favour of hidden_activation
            c.hasNonNull("hidden_activation")
                ? c.get("hidden_activation").asText()
                : "gelu_pytorch_tanh",
            0,
            c.path("pad_token_id").asInt(-1),
            c.path("torch_dtype").asText("float32"),
            switch (family) {
              case GEMMA -> DecoderVariant.gemma();
              case GEMMA2 -> DecoderVariant.gemma2(c, layers, where);
              default ->
                  DecoderVariant.gemma3(
                      c,
                      layers,
                      localRope != null
                          ? localRope.path("rope_theta").asDouble(10000)
                          : c.path("rope_local_base_freq").asDouble(10000),
                      where);
            });
      }
      case PHI3, OLMO2, COHERE -> {
        int hidden = req(c, "hidden_size", where);
        int heads = req(c, "num_attention_heads", where);
        int layers = req(c, "num_hidden_layers", where);
        refuseUnsupported(c, family, where);
        boolean cohere = family == ModelFamily.COHERE;
        yield new ModelConfig(
            type,
            family,
            hidden,
            layers,
            heads,
            c.path("num_key_value_heads").asInt(heads),
            c.path("head_dim").isInt() ? c.get("head_dim").asInt() : hidden / heads,
            req(c, "intermediate_size", where),
            req(c, "vocab_size", where),
            c.path("max_position_embeddings").asInt(cohere ? 8192 : 4096),
            // Phi3Config, Olmo2Config and CohereConfig all default to 1e-5
            c.path(cohere ? "layer_norm_eps" : "rms_norm_eps").asDouble(1e-5),
            c.path("rope_theta").asDouble(10000),
            RopeScaling.parse(c.get("rope_scaling"), c, where),
            c.path("tie_word_embeddings").asBoolean(cohere),
            c.path("hidden_act").asText("silu"),
            0,
            c.path("pad_token_id").asInt(-1),
            c.path("torch_dtype").asText("float32"),
            switch (family) {
              case PHI3 -> DecoderVariant.phi3(c, layers, where);
              case OLMO2 -> DecoderVariant.olmo2();
              default -> DecoderVariant.cohere(c, where);
            });
      }
      case GPT2 -> {
        int hidden = req(c, "n_embd", where);
        int heads = req(c, "n_head", where);
        int inner = c.path("n_inner").isInt() ? c.get("n_inner").asInt() : 4 * hidden;
        yield new ModelConfig(
            type,
            family,
            hidden,
            req(c, "n_layer", where),
            heads,
            heads,
            hidden / heads,
            inner,
            req(c, "vocab_size", where),
            c.path("n_positions").asInt(1024),
            c.path("layer_norm_epsilon").asDouble(1e-5),
            0,
            RopeScaling.NONE,
            true,
            c.path("activation_function").asText("gelu_new"),
            0,
            -1,
            c.path("torch_dtype").asText("float32"),
            DecoderVariant.NONE);
      }
      case BLOOM -> bloom(c, type, where);
      case XGLM -> {
        int hidden = req(c, "d_model", where);
        int heads = req(c, "attention_heads", where);
        if (hidden % heads != 0 || hidden % 2 != 0) {
          throw new ModelLoadException(
              where
                  + ": d_model "
                  + hidden
                  + " must be even and divisible by attention_heads "
                  + heads);
        }
        int pad = c.path("pad_token_id").asInt(1);
        if (pad < 0) {
          throw new ModelLoadException(
              where + ": pad_token_id " + pad + " (XGLM numbers positions from it) must be >= 0");
        }
        yield new ModelConfig(
            type,
            family,
            hidden,
            req(c, "num_layers", where),
            heads,
            heads,
            hidden / heads,
            req(c, "ffn_dim", where),
            req(c, "vocab_size", where),
            c.path("max_position_embeddings").asInt(2048),
            // XGLM's LayerNorms keep torch's default eps; the config has no key for it
            1e-5,
            0,
            RopeScaling.NONE,
            c.path("tie_word_embeddings").asBoolean(true),
            c.path("activation_function").asText("gelu"),
            0,
            pad,
            c.path("torch_dtype").asText("float32"),
            DecoderVariant.xglm(c));
      }
      case BERT -> {
        int hidden = req(c, "hidden_size", where);
        int heads = req(c, "num_attention_heads", where);
        yield new ModelConfig(
            type,
            family,
            hidden,
            req(c, "num_hidden_layers", where),
            heads,
            heads,
            hidden / heads,
            req(c, "intermediate_size", where),
            req(c, "vocab_size", where),
            c.path("max_position_embeddings").asInt(512),
            c.path("layer_norm_eps").asDouble(1e-12),
            0,
            RopeScaling.NONE,
            false,
            c.path("hidden_act").asText("gelu"),
            c.path("type_vocab_size").asInt(2),
            c.path("pad_token_id").asInt(0),
            c.path("torch_dtype").asText("float32"),
            DecoderVariant.NONE);
      }
    };
  }

  /**
   * BLOOM's config (BloomConfig also reads n_embed for hidden_size, and num_hidden_layers /
   * num_attention_heads as aliases). The MLP is 4 × hidden; ALiBi has no position limit, so the
   * context is the training length (seq_length, 2048 for every BLOOM).
   */
  private static ModelConfig bloom(JsonNode c, String type, String where) {
    if (c.path("apply_residual_connection_post_layernorm").asBoolean(false)) {
      throw new ModelLoadException(
          where
              + ": apply_residual_connection_post_layernorm true (the residual taken after the"
              + " LayerNorm) is not supported; only false, as every released BLOOM has it");
    }
    int hidden = reqFirst(c, where, "hidden_size", "n_embed");
    int heads = reqFirst(c, where, "n_head", "num_attention_heads");
    if (hidden % heads != 0) {
      throw new ModelLoadException(
          where + ": hidden size " + hidden + " is not a multiple of n_head " + heads);
    }
    return new ModelConfig(
        type,
        ModelFamily.BLOOM,
        hidden,
        reqFirst(c, where, "n_layer", "num_hidden_layers"),
        heads,
        heads,
        hidden / heads,
        4 * hidden,
        req(c, "vocab_size", where),
        c.path("seq_length").asInt(2048),
        c.path("layer_norm_epsilon").asDouble(1e-5),
        0,
        RopeScaling.NONE,
        true,
        // Megatron's tanh GELU (bloom_gelu: √(2/π) written as 0.79788456, 8e-11 away)
        "gelu_pytorch_tanh",
        0,
        c.path("pad_token_id").asInt(-1),
        c.path("torch_dtype").asText("float32"),
        DecoderVariant.NONE);
  }

  /**
   * Variants of these families the runtime does not implement, refused with the key that asks for
   * them rather than run with wrong numbers.
   */
  private static void refuseUnsupported(JsonNode c, ModelFamily family, String where) {
    double partial = c.path("partial_rotary_factor").asDouble(1);
    if (partial != 1) {
      throw new ModelLoadException(
          where
              + ": partial_rotary_factor "
              + partial
              + " (rotary on part of each head, e.g. Phi-4-mini) is not supported; only 1.0");
    }
    if (family == ModelFamily.COHERE && c.path("use_qk_norm").asBoolean(false)) {
      throw new ModelLoadException(
          where
              + ": use_qk_norm true (Command R+'s per-head q/k LayerNorm) is not supported;"
              + " Command-R, Aya 23 and Aya Expanse (use_qk_norm false) are");
    }
  }

  private static final java.util.regex.Pattern LAYER =
      java.util.regex.Pattern.compile("(?:^|\\.)(?:h|layers|layer)\\.(\\d+)\\.");

  /**
   * The names the families give their token embedding ({@link WeightStore#resolve} adds the head
   * prefixes).
   */
  private static final java.util.List<String> EMBEDDINGS =
      java.util.List.of(
          "embed_tokens.weight",
          "wte.weight",
          "embeddings.word_embeddings.weight",
          "word_embeddings.weight");

  /**
   * Checks the numbers that size allocations against the stored tensors: every layer the config
   * names is stored (layer indices 0 .. n-1), and the token embedding is {@code vocab_size x hidden
   * size} or wider.
   */
  void checkAgainst(WeightStore weights, String where) {
    java.util.BitSet stored = new java.util.BitSet();
    for (String name : weights.all().keySet()) {
      java.util.regex.Matcher m = LAYER.matcher(name);
      if (m.find()) {
        try {
          int i = Integer.parseInt(m.group(1));
          stored.set(i);
        } catch (NumberFormatException e) {
          // an index beyond int: not a layer the config could name
        }
      }
    }
    int contiguous = stored.nextClearBit(0);
    if (layers > contiguous) {
      throw new ModelLoadException(
          where
              + ": "
              + layersKey()
              + " is "
              + layers
              + " but the weights hold "
              + (contiguous == 0 ? "no numbered layers" : "layers 0.." + (contiguous - 1))
              + "; fix config.json or the weights");
    }
    String embedding = EMBEDDINGS.stream().filter(weights::has).findFirst().orElse(null);
    if (embedding != null) {
      long[] shape = weights.info(embedding).shape();
      if (shape.length != 2 || shape[1] != hiddenSize || shape[0] < vocabSize) {
        throw new ModelLoadException(
            where
                + ": hidden size "
                + hiddenSize
                + " and vocab_size "
                + vocabSize
                + " do not fit the token embedding '"
                + weights.resolve(embedding)
                + "' of shape "
                + java.util.Arrays.toString(shape));
      }
    }
  }

  private String layersKey() {
    return switch (family) {
      case GPT2, BLOOM -> "n_layer";
      case XGLM -> "num_layers";
      default -> "num_hidden_layers";
    };
  }

  /** The first of {@code keys} the config has (a family's name, then its aliases). */
  private static int reqFirst(JsonNode c, String where, String... keys) {
    for (String key : keys) {
      if (c.has(key)) {
        return req(c, key, where);
      }
    }
    throw new ModelLoadException(where + ": missing '" + String.join("' or '", keys) + "'");
  }

  private static int req(JsonNode c, String key, String where) {
    JsonNode n = c.get(key);
    if (n == null || !n.canConvertToInt() || n.asInt() <= 0) {
      throw new ModelLoadException(where + ": missing or invalid '" + key + "'");
    }
    return n.asInt();
  }

  /** RoBERTa-style models number positions from padding_idx + 1. */
  public boolean robertaPositions() {
    return modelType.equals("xlm-roberta") || modelType.equals("roberta");
  }
}
