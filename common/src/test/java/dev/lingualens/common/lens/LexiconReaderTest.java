package dev.lingualens.common.lens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LexiconReaderTest {
  @TempDir Path dir;

  private Path write(String text) throws IOException {
    return Files.write(dir.resolve("lexicon.tsv"), text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyMalformedRowIsCountedUnderItsReason() throws IOException {
    Path file =
        write(
            String.join(
                "\n",
                "concept\tlang\tword",
                "noun:flower\ten\tflower", // kept, en → eng
                "noun:flower\tfra\tfleur", // kept
                "noun:flower\tfr\tfleurs", // duplicate: fr is fra again
                "noun:flower\tzh-Hans\t 花 ", // kept, trimmed, zh-Hans → zho
                "noun:flower\tde", // two fields
                "noun:flower\tde\tBlume\textra", // four fields
                "noun:dog\tde\t   ", // empty word after trimming
                "  \tde\tHund", // blank concept
                "noun:dog\txx\tHund", // not an ISO 639 code
                "", // blank line: nothing to count
                "noun:dog\tdeu\tHund\r", // kept, CRLF tolerated
                ""));

    Lexicon lexicon = LexiconReader.read(file);

    assertThat(lexicon.entries())
        .containsExactly(
            new LexiconEntry("noun:flower", "eng", "flower"),
            new LexiconEntry("noun:flower", "fra", "fleur"),
            new LexiconEntry("noun:flower", "zho", "花"),
            new LexiconEntry("noun:dog", "deu", "Hund"));
    assertThat(lexicon.dropped())
        .isEqualTo(
            Map.of(
                "duplicate_concept_lang", 1L,
                "wrong_column_count", 2L,
                "empty_word", 1L,
                "blank_concept", 1L,
                "unknown_language", 1L));
    // 10 data rows besides the blank line: 4 kept + 6 dropped, none lost
    assertThat(lexicon.size() + lexicon.droppedTotal()).isEqualTo(10);
    assertThat(lexicon.word("noun:flower", "fra")).contains("fleur");
    assertThat(lexicon.languages()).containsExactly("deu", "eng", "fra", "zho");
  }

  @Test
  void invalidUtf8RowIsCountedNotFatal() throws IOException {
    byte[] head = "concept\tlang\tword\nnoun:a\tde\t".getBytes(StandardCharsets.UTF_8);
    byte[] bad = {(byte) 0xC3, (byte) 0x28, '\n'}; // 0xC3 must be followed by a continuation byte
    byte[] tail = "noun:b\tde\tBaum\n".getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("bad.tsv");
    Files.write(file, concat(head, bad, tail));

    Lexicon lexicon = LexiconReader.read(file);

    assertThat(lexicon.entries()).containsExactly(new LexiconEntry("noun:b", "deu", "Baum"));
    assertThat(lexicon.dropped()).isEqualTo(Map.of("invalid_utf8", 1L));
  }

  @Test
  void wordsAreNfcSoDecomposedInputMatchesTheTokenizerForm() throws IOException {
    // "café" written as e + U+0301 COMBINING ACUTE becomes the single code point U+00E9
    Lexicon lexicon = LexiconReader.read(write("concept\tlang\tword\nnoun:cafe\tfr\tcafe\u0301\n"));

    assertThat(lexicon.word("noun:cafe", "fra")).contains("caf\u00e9");
  }

  @Test
  void missingFileIsOneErrorNamingThePath() {
    Path missing = dir.resolve("nope.tsv");
    assertThatThrownBy(() -> LexiconReader.read(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toAbsolutePath().toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void wrongOrMissingHeaderIsOneErrorNamingThePath() throws IOException {
    Path noHeader = write("noun:flower\ten\tflower\n");
    assertThatThrownBy(() -> LexiconReader.read(noHeader))
        .hasMessageContaining(noHeader.toAbsolutePath().toString())
        .hasMessageContaining("found 'noun:flower\ten\tflower'");

    Path empty = write("");
    assertThatThrownBy(() -> LexiconReader.read(empty))
        .hasMessageContaining(empty.toAbsolutePath().toString())
        .hasMessageContaining("no header");
  }

  @Test
  void byteOrderMarkBeforeTheHeaderIsAccepted() throws IOException {
    Lexicon lexicon = LexiconReader.read(write("\uFEFFconcept\tlang\tword\nnoun:a\tru\tдом\n"));

    assertThat(lexicon.entries()).containsExactly(new LexiconEntry("noun:a", "rus", "дом"));
  }

  @Test
  void addAllKeepsTheFirstWordAndCarriesDropCounts() throws IOException {
    Lexicon a =
        LexiconReader.read(write("concept\tlang\tword\nnoun:a\tde\tHaus\nnoun:a\tde\tHeim\n"));
    Lexicon.Builder merged = Lexicon.builder().addAll(a);
    merged.add("noun:a", "deu", "Gebäude");
    merged.add("noun:a", "fra", "maison");

    Lexicon m = merged.build();

    assertThat(m.entries())
        .containsExactly(
            new LexiconEntry("noun:a", "deu", "Haus"), new LexiconEntry("noun:a", "fra", "maison"));
    // one duplicate inside a, one when Gebäude met Haus
    assertThat(m.dropped()).isEqualTo(Map.of("duplicate_concept_lang", 2L));
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
