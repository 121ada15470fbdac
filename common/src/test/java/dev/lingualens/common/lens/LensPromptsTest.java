package dev.lingualens.common.lens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LensPromptsTest {
  static final String WENDLER = "{src}: \"{in}\" - {tgt}: \"{out}\"";

  @Test
  void theQueryLineStopsWhereTheAnswerStarts() {
    String prompt =
        LensPrompts.build(
            WENDLER,
            "\n",
            List.of(
                new LensPrompts.Line("Français", "montagne", "日本語", "山"),
                new LensPrompts.Line("Français", "livre", "日本語", "本")),
            new LensPrompts.Line("Français", "fleur", "日本語", "花"));
    assertThat(prompt)
        .isEqualTo(
            "Français: \"montagne\" - 日本語: \"山\"\n"
                + "Français: \"livre\" - 日本語: \"本\"\n"
                + "Français: \"fleur\" - 日本語: \"");
  }

  @Test
  void aClozeLineCarriesItsSentence() {
    String prompt =
        LensPrompts.build(
            "{cloze} Answer: \"{out}\".",
            " ",
            List.of(new LensPrompts.Line("", "A ___ grows in a garden.", "", "flower")),
            new LensPrompts.Line("", "You read a ___.", "", "book"));
    assertThat(prompt)
        .isEqualTo("A ___ grows in a garden. Answer: \"flower\". You read a ___. Answer: \"");
  }

  @Test
  void valuesAreNotReadAsPlaceholders() {
    String prompt =
        LensPrompts.build(
            WENDLER, "\n", List.of(), new LensPrompts.Line("{tgt}", "{out}", "X", "y"));
    assertThat(prompt).isEqualTo("{tgt}: \"{out}\" - X: \"");
  }

  @Test
  void languagesAreNamedInTheirOwnLanguage() {
    assertThat(LensPrompts.languageName("fra")).isEqualTo("Français");
    assertThat(LensPrompts.languageName("deu")).isEqualTo("Deutsch");
    assertThat(LensPrompts.languageName("rus")).isEqualTo("Русский");
    assertThat(LensPrompts.languageName("zho")).isEqualTo("中文");
    assertThat(LensPrompts.languageName("cmn")).isEqualTo("中文");
    assertThat(LensPrompts.languageName("jpn")).isEqualTo("日本語");
    assertThat(LensPrompts.languageName("eng")).isEqualTo("English");
    assertThat(LensPrompts.languageName("swh")).isEqualTo("Kiswahili");
  }

  @Test
  void aTemplateNeedsExactlyOneAnswerAndKnownPlaceholders() {
    assertThatThrownBy(() -> LensPrompts.validate("{src}: {in}", "k"))
        .hasMessageContaining("k must contain {out} exactly once");
    assertThatThrownBy(() -> LensPrompts.validate("{out} {out}", "k"))
        .hasMessageContaining("exactly once");
    assertThatThrownBy(() -> LensPrompts.validate("{lang}: {out}", "k"))
        .hasMessageContaining("unknown placeholder");
  }
}
