package dev.lingualens.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the decided behaviour for literal special-token text in a document (docs/running.md,
 * metric definitions). Token counts add no special tokens, but a document that contains the literal
 * text of one ({@code <|endoftext|>}) is counted as the tokenizer encodes it, which is as that one
 * special token, exactly as Hugging Face's {@code tokenizer(text)} hands it to the model. (A
 * leading U+FEFF never reaches the tokenizer: ingest removes it, see ReaderFaultsTest.)
 */
class TokenizerEdgeCasesTest {
  @Test
  void aLiteralSpecialTokenInADocumentIsThatOneToken() {
    // Mistral-7B: </s> is the special token id 2 (the case is GPT's <|endoftext|>, same
    // mechanism)
    HfTokenizer t = HfTokenizer.load(HfTokenizerMistralTest.MISTRAL);
    int[][] ids = t.encode(List.of("Hello world.", "Hello</s>world.", "</s>"));
    assertThat(ids[0]).doesNotContain(2); // nothing is added around ordinary text
    assertThat(ids[2]).containsExactly(2);
    assertThat(java.util.Arrays.stream(ids[1]).filter(i -> i == 2).count()).isOne();
  }
}
