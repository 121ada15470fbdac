package dev.lingualens.common.lens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class VocabularyStringsTest {
  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text.replace('\'', '"'));
  }

  @Test
  void byteLevelTokensMapThroughGpt2sByteTable() throws Exception {
    // Ġ = U+0120 = byte 0x20; è = 0xE8 (printable Latin-1 keeps its code point); Ĭ = U+012C is
    // byte 0x8A (the 44th non-printable byte, 256 + 44); ± = 0xB1. So "èĬ±" is 花 (E8 8A B1).
    VocabularyStrings v =
        VocabularyStrings.of(
            json(
                "{'model': {'type': 'BPE', 'vocab': {'Ġf': 0, 'è': 1, 'èĬ': 2, 'èĬ±': 3,"
                    + " '<|end|>': 4}},"
                    + " 'pre_tokenizer': {'type': 'ByteLevel'},"
                    + " 'added_tokens': [{'id': 4, 'content': '<|end|>', 'special': true}]}"),
            "hand.json");

    assertThat(v.spelling()).isEqualTo(VocabularyStrings.Spelling.BYTE_LEVEL);
    assertThat(v.bytes(0)).containsExactly(' ', 'f');
    assertThat(v.bytes(1)).containsExactly(0xE8);
    assertThat(v.bytes(2)).containsExactly(0xE8, 0x8A);
    assertThat(v.text(3)).isEqualTo("花");
    assertThat(v.text(2)).isEqualTo("\uFFFD"); // an incomplete sequence, kept as bytes
    assertThat(v.bytes(4)).isNull(); // added/special tokens have no surface
    assertThat(v.size()).isEqualTo(5);
  }

  @Test
  void metaspaceIsASpaceAndByteFallbackTokensAreOneByte() throws Exception {
    VocabularyStrings v =
        VocabularyStrings.of(
            json(
                "{'model': {'type': 'BPE', 'byte_fallback': true,"
                    + " 'vocab': {'<s>': 0, '<0xE7>': 1, '▁f': 2, 'f': 3, '<0x66>': 4, '▁': 5}},"
                    + " 'decoder': {'type': 'Sequence', 'decoders': [{'type': 'Replace',"
                    + " 'pattern': {'String': '▁'}, 'content': ' '}, {'type': 'ByteFallback'}]},"
                    + " 'added_tokens': [{'id': 0, 'content': '<s>', 'special': true}]}"),
            "sp.json");

    assertThat(v.spelling()).isEqualTo(VocabularyStrings.Spelling.METASPACE);
    assertThat(v.byteFallback()).isTrue();
    assertThat(v.bytes(0)).isNull();
    assertThat(v.bytes(1)).containsExactly(0xE7);
    assertThat(v.text(2)).isEqualTo(" f");
    assertThat(v.bytes(3)).isEqualTo(v.bytes(4)); // "f" and <0x66> spell the same byte
    assertThat(v.text(5)).isEqualTo(" ");
  }

  @Test
  void unigramVocabularyIsIndexedByPosition() throws Exception {
    VocabularyStrings v =
        VocabularyStrings.of(
            json(
                "{'model': {'type': 'Unigram', 'vocab': [['<unk>', 0.0], ['▁the', -1.5],"
                    + " ['花', -9.0]]}, 'pre_tokenizer': {'type': 'Metaspace'}}"),
            "uni.json");

    assertThat(v.text(1)).isEqualTo(" the");
    assertThat(v.text(2)).isEqualTo("花");
  }

  @Test
  void withoutByteFallbackAByteTokenNameIsLiteralText() throws Exception {
    VocabularyStrings v =
        VocabularyStrings.of(
            json("{'model': {'type': 'BPE', 'vocab': {'<0x66>': 0}}}"), "literal.json");

    assertThat(v.spelling()).isEqualTo(VocabularyStrings.Spelling.LITERAL);
    assertThat(v.text(0)).isEqualTo("<0x66>");
  }

  @Test
  void wordPieceAndUnmappableByteLevelTokensAreClearErrors() throws Exception {
    assertThatThrownBy(
            () ->
                VocabularyStrings.of(
                    json("{'model': {'type': 'WordPiece', 'vocab': {'##s': 0}}}"), "bert.json"))
        .hasMessageContaining("bert.json")
        .hasMessageContaining("WordPiece");
    assertThatThrownBy(
            () ->
                VocabularyStrings.of(
                    json(
                        "{'model': {'type': 'BPE', 'vocab': {'a': 0, 'a b': 1}},"
                            + " 'decoder': {'type': 'ByteLevel'}}"),
                    "odd.json"))
        .hasMessageContaining("odd.json: token 1")
        .hasMessageContaining("not a character of the GPT-2 byte alphabet");
  }
}
