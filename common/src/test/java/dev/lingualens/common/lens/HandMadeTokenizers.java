package dev.lingualens.common.lens;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two tiny {@code tokenizer.json} files small enough that every expected id is found by reading
 * them: a GPT-2-style byte-level BPE and a Mistral-style SentencePiece BPE with byte fallback.
 */
final class HandMadeTokenizers {
  private HandMadeTokenizers() {}

  /**
   * Byte-level (ids in brackets): Ċ=\n [0] f [1] l [2] o [3] w [4] e [5] r [6] Ġ=space [7] fl [8]
   * Ġf [9] Ġfl [10] ow [11] flow [12] è=0xE8 [13] Ĭ=0x8A [14] ±=0xB1 [15] èĬ [16] Ġè [17], and the
   * special {@code <|end|>} [18]. 花 is E8 8A B1 = èĬ±, which is not one token here.
   */
  static Path byteLevel(Path dir) throws IOException {
    String vocab =
        "{'Ċ': 0, 'f': 1, 'l': 2, 'o': 3, 'w': 4, 'e': 5, 'r': 6, 'Ġ': 7, 'fl': 8, 'Ġf': 9,"
            + " 'Ġfl': 10, 'ow': 11, 'flow': 12, 'è': 13, 'Ĭ': 14, '±': 15, 'èĬ': 16, 'Ġè': 17}";
    String merges = "['f l', 'o w', 'fl ow', 'Ġ f', 'Ġf l', 'è Ĭ', 'Ġ è']";
    return write(
        dir.resolve("byte-level.json"),
        "{'version': '1.0', 'truncation': null, 'padding': null,"
            + " 'added_tokens': [{'id': 18, 'content': '<|end|>', 'single_word': false,"
            + " 'lstrip': false, 'rstrip': false, 'normalized': false, 'special': true}],"
            + " 'normalizer': null,"
            + " 'pre_tokenizer': {'type': 'ByteLevel', 'add_prefix_space': false,"
            + " 'trim_offsets': true, 'use_regex': true},"
            + " 'post_processor': null,"
            + " 'decoder': {'type': 'ByteLevel', 'add_prefix_space': true, 'trim_offsets': true,"
            + " 'use_regex': true},"
            + " 'model': {'type': 'BPE', 'dropout': null, 'unk_token': null,"
            + " 'continuing_subword_prefix': null, 'end_of_word_suffix': null, 'fuse_unk': false,"
            + " 'byte_fallback': false, 'vocab': "
            + vocab
            + ", 'merges': "
            + merges
            + "}}");
  }

  /**
   * SentencePiece-style, normaliser prepends ▁ and turns spaces into ▁ (as Mistral's): {@code
   * <unk>} [0] {@code <s>} [1] {@code <0x0A>} [2] {@code <0x66>} [3] {@code <0xE7>} [4] {@code
   * <0x8A>} [5] {@code <0xAC>} [6] ▁ [7] f [8] l [9] e [10] u [11] r [12] fl [13] ▁f [14] ▁fl [15]
   * ur [16]. 犬 is E7 8A AC and has no token of its own: it falls back to three byte tokens.
   */
  static Path sentencePiece(Path dir) throws IOException {
    String vocab =
        "{'<unk>': 0, '<s>': 1, '<0x0A>': 2, '<0x66>': 3, '<0xE7>': 4, '<0x8A>': 5, '<0xAC>': 6,"
            + " '▁': 7, 'f': 8, 'l': 9, 'e': 10, 'u': 11, 'r': 12, 'fl': 13, '▁f': 14, '▁fl': 15,"
            + " 'ur': 16}";
    String merges = "['f l', 'u r', '▁ f', '▁f l']";
    return write(
        dir.resolve("sentencepiece.json"),
        "{'version': '1.0', 'truncation': null, 'padding': null,"
            + " 'added_tokens': ["
            + "{'id': 0, 'content': '<unk>', 'single_word': false, 'lstrip': false,"
            + " 'rstrip': false, 'normalized': false, 'special': true},"
            + "{'id': 1, 'content': '<s>', 'single_word': false, 'lstrip': false,"
            + " 'rstrip': false, 'normalized': false, 'special': true}],"
            + " 'normalizer': {'type': 'Sequence', 'normalizers': [{'type': 'Prepend',"
            + " 'prepend': '▁'}, {'type': 'Replace', 'pattern': {'String': ' '},"
            + " 'content': '▁'}]},"
            + " 'pre_tokenizer': null, 'post_processor': null,"
            + " 'decoder': {'type': 'Sequence', 'decoders': [{'type': 'Replace', 'pattern':"
            + " {'String': '▁'}, 'content': ' '}, {'type': 'ByteFallback'}, {'type': 'Fuse'},"
            + " {'type': 'Strip', 'content': ' ', 'start': 1, 'stop': 0}]},"
            + " 'model': {'type': 'BPE', 'dropout': null, 'unk_token': '<unk>',"
            + " 'continuing_subword_prefix': null, 'end_of_word_suffix': null, 'fuse_unk': true,"
            + " 'byte_fallback': true, 'vocab': "
            + vocab
            + ", 'merges': "
            + merges
            + "}}");
  }

  private static Path write(Path file, String singleQuoted) throws IOException {
    Files.write(file, singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    return file;
  }
}
