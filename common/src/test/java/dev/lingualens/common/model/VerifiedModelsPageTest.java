package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How docs/verified-models.md prints a difference and when a committed page still holds. */
class VerifiedModelsPageTest {
  @Test
  void aDifferenceIsPrintedAsThePowerOfTenAboveIt() {
    assertThat(VerifiedModelsPage.label(3.2e-6)).isEqualTo("< 1e-5");
    assertThat(VerifiedModelsPage.label(9.9e-6)).isEqualTo("< 1e-5");
    // 1e-5 is not below 1e-5
    assertThat(VerifiedModelsPage.label(1e-5)).isEqualTo("< 1e-4");
    assertThat(VerifiedModelsPage.label(4e-11)).isEqualTo("< 1e-10");
    assertThat(VerifiedModelsPage.label(0)).isEqualTo("0");
  }

  @Test
  void aLabelHoldsWithinAFactorOfThreeOfItsDecade() {
    // "< 1e-5" is the decade [1e-6, 1e-5): it holds for [3.33e-7, 3e-5)
    assertThat(VerifiedModelsPage.accepts("< 1e-5", 2.99e-5)).isTrue();
    assertThat(VerifiedModelsPage.accepts("< 1e-5", 3.01e-5)).isFalse();
    assertThat(VerifiedModelsPage.accepts("< 1e-5", 3.4e-7)).isTrue();
    assertThat(VerifiedModelsPage.accepts("< 1e-5", 3.3e-7)).isFalse();
    assertThat(VerifiedModelsPage.accepts("0", 0)).isTrue();
    assertThat(VerifiedModelsPage.accepts("0", 1e-9)).isFalse();
    assertThat(VerifiedModelsPage.accepts("< 1e-7", 0)).isFalse();
    assertThat(VerifiedModelsPage.accepts("pass", 1e-6)).isFalse();
  }

  @Test
  void aCommittedPageHoldsUntilAStructureOrAValueMovesTooFar() {
    VerifiedModelsPage.Page page = new VerifiedModelsPage.Page();
    page.text("# title\n\n");
    page.row("fixture", "`logits`");
    page.cells(
        List.of(
            new VerifiedModelsPage.Cell("llama", null),
            new VerifiedModelsPage.Cell("< 1e-5", 9.5e-6)));
    String rendered = page.text();
    assertThat(rendered).isEqualTo("# title\n\n| fixture | `logits` |\n| llama | < 1e-5 |\n");
    assertThat(page.mismatch(rendered)).isNull();
    // written on a machine that measured just above 1e-5, the page says < 1e-4: it still holds
    assertThat(page.mismatch(rendered.replace("< 1e-5", "< 1e-4"))).isNull();
    // a page two decades off does not
    assertThat(page.mismatch(rendered.replace("< 1e-5", "< 1e-3"))).contains("line 4");
    // nor one with a fixture the run did not measure, nor a changed name or text
    assertThat(page.mismatch(rendered + "| qwen2 | < 1e-5 |\n")).contains("lines");
    assertThat(page.mismatch(rendered.replace("llama |", "llama2 |"))).contains("line 4");
    assertThat(page.mismatch(rendered.replace("# title", "# Title"))).contains("line 1");
  }
}
