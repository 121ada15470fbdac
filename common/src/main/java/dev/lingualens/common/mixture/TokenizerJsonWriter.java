package dev.lingualens.common.mixture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a trained byte-level merge list as a Hugging Face {@code tokenizer.json} with the paper's
 * pre-tokenisation (digit runs isolated, then the GPT-2 byte-level regex, no prefix space),
 * loadable by DJL / the Rust tokenizers library. Vocabulary: the 256 byte symbols, then each
 * merge's token in order.
 */
public final class TokenizerJsonWriter {
  private TokenizerJsonWriter() {}

  public static ObjectNode toJson(List<Merge> merges) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    root.putArray("added_tokens");
    root.putNull("normalizer");
    ObjectNode pre = root.putObject("pre_tokenizer");
    pre.put("type", "Sequence");
    ArrayNode steps = pre.putArray("pretokenizers");
    steps.addObject().put("type", "Digits").put("individual_digits", false);
    steps
        .addObject()
        .put("type", "ByteLevel")
        .put("add_prefix_space", false)
        .put("trim_offsets", true)
        .put("use_regex", true);
    root.putNull("post_processor");
    root.putObject("decoder")
        .put("type", "ByteLevel")
        .put("add_prefix_space", false)
        .put("trim_offsets", true)
        .put("use_regex", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("ignore_merges", false);
    Set<String> vocab = new LinkedHashSet<>();
    for (int b = 0; b < 256; b++) {
      vocab.add(String.valueOf(ByteAlphabet.charOf(b)));
    }
    ArrayNode mergeArray = mapper.createArrayNode();
    for (Merge m : merges) {
      if (!vocab.contains(m.left()) || !vocab.contains(m.right())) {
        throw new IllegalArgumentException(
            "merge " + m + " uses a symbol no earlier merge produced");
      }
      vocab.add(m.merged());
      mergeArray.add(m.left() + " " + m.right());
    }
    ObjectNode vocabNode = model.putObject("vocab");
    int id = 0;
    for (String token : vocab) {
      vocabNode.put(token, id++);
    }
    model.set("merges", mergeArray);
    return root;
  }

  public static void write(List<Merge> merges, Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      new ObjectMapper().writeValue(file.toFile(), toJson(merges));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write tokenizer " + file, e);
    }
  }
}
