package dev.lingualens.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * docs/verified-models.md, TransformerLens-style: every fixture of {@link ReferenceFixture} with
 * its family, model_type, dtype and the largest difference per hook that {@link GoldenForwardTest}
 * and {@link LogitLensReferenceTest} measured against the PyTorch reference. A fixture added to
 * ReferenceFixture's lists appears here with no other edit.
 *
 * <p>The differences are float32 rounding noise, which depends on the CPU's kernels, so exact
 * figures would change from machine to machine. The page prints each as the power of ten above it
 * and accepts a committed cell while the measured value stays within a factor of 3 of its printed
 * decade: a machine whose noise sits on a decade's edge does not fail it, while a fixture added, a
 * hook lost or a difference that moves by more than that does. {@code
 * -Dlingualens.regenerate-docs=true} rewrites the page from this run's numbers.
 */
final class VerifiedModelsPage {
  static final String FILE = "docs/verified-models.md";
  private static final String REGENERATE = "lingualens.regenerate-docs";

  /** fixture → column → largest |ours − reference|, filled by GoldenForwardTest. */
  static final Map<String, Map<String, Double>> FORWARD = new ConcurrentHashMap<>();

  /** decoder fixture → lens differences, filled by LogitLensReferenceTest. */
  static final Map<String, LensDiff> LENS = new ConcurrentHashMap<>();

  static final String INTERVENTION = "intervention";

  /** Columns in the order of a forward pass; hooks not listed here follow, sorted. */
  private static final List<String> HOOK_ORDER =
      List.of(
          "hook_embed",
          "hook_pos_embed",
          "attn.hook_pattern",
          "hook_attn_out",
          "hook_resid_mid",
          "mlp.hook_pre",
          "mlp.hook_pre_linear",
          "mlp.hook_post",
          "hook_mlp_out",
          "hook_resid_post",
          "hook_normalized_resid_post",
          "ln_final.hook_normalized",
          "last_hidden_state",
          "logits",
          "logprobs",
          INTERVENTION);

  /** A cell accepts a measured value up to this factor outside its printed decade. */
  static final double SLACK = 3;

  private static final String NONE = "–";

  record LensDiff(double prob, double entropy) {
    LensDiff max(LensDiff o) {
      return new LensDiff(Math.max(prob, o.prob), Math.max(entropy, o.entropy));
    }
  }

  private VerifiedModelsPage() {}

  /** The page column of a reference tensor: the hook without its layer, or the intervention. */
  static String column(String run, String hook) {
    if (run.startsWith("batch.intervention")) {
      return INTERVENTION;
    }
    return hook.replaceFirst("^blocks\\.\\d+\\.", "");
  }

  /** The power of ten above {@code v} ("< 1e-5"), or "0" when the two agree exactly. */
  static String label(double v) {
    if (v == 0) {
      return "0";
    }
    return "< 1e" + ((int) Math.floor(Math.log10(v)) + 1);
  }

  /** Whether a committed label still describes {@code v} (see the class comment). */
  static boolean accepts(String label, double v) {
    if (label.equals("0")) {
      return v == 0;
    }
    if (!label.startsWith("< 1e")) {
      return false;
    }
    int exponent;
    try {
      exponent = Integer.parseInt(label.substring(4));
    } catch (NumberFormatException e) {
      return false;
    }
    double upper = Math.pow(10, exponent);
    return v >= upper / 10 / SLACK && v < upper * SLACK;
  }

  /**
   * Measures what this JVM has not measured yet, renders the page, rewrites it when asked, and
   * fails when the committed page no longer describes the measurements.
   */
  static void check() throws Exception {
    for (String f : ReferenceFixture.families()) {
      if (!FORWARD.containsKey(f)) {
        FORWARD.put(f, GoldenForwardTest.measure(f));
      }
    }
    for (String f : ReferenceFixture.decoders()) {
      if (!LENS.containsKey(f)) {
        LENS.put(f, LogitLensReferenceTest.measure(f));
      }
    }
    Page page = render();
    Path file = repoRoot().resolve(FILE);
    if (Boolean.getBoolean(REGENERATE)) {
      Files.writeString(file, page.text(), StandardCharsets.UTF_8);
    }
    String committed =
        Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    assertThat(page.mismatch(committed))
        .as(
            FILE
                + " no longer describes the measured differences; regenerate it with: mvn -o -pl"
                + " common test -Dtest=GoldenForwardTest -D"
                + REGENERATE
                + "=true")
        .isNull();
  }

  static Page render() throws IOException {
    List<String> fixtures = ReferenceFixture.families();
    Map<String, ModelSummary> summaries = new LinkedHashMap<>();
    for (String f : fixtures) {
      try (ReferenceFixture ref = new ReferenceFixture(f)) {
        summaries.put(f, ModelSummary.of(ref.folder));
      }
    }
    Page page = new Page();
    page.text(
        """
        # Verified models

        <!-- Generated by GoldenForwardTest from the differences it and LogitLensReferenceTest measure; do not edit.
             Regenerate: mvn -o -pl common test -Dtest=GoldenForwardTest -Dlingualens.regenerate-docs=true -->

        Every family the runtime implements is checked hook by hook against an independent plain-PyTorch
        forward of a tiny random-weight checkpoint written from the architecture's description
        (`scripts/dev/reference/`; fixtures in `common/src/test/resources/fixtures/models/`), as
        TransformerLens publishes for the models it supports. Each fixture runs three sequences (7, 5
        and 3 tokens) right-padded in one batch, each sequence alone, and the batch with MLP neurons
        zeroed at `mlp.hook_post` (column `intervention`: its logits and log-probs); only real positions
        are compared. A cell is the largest |ours − reference| of that hook over those runs, their
        positions and every layer (`blocks.L.` dropped), printed as the power of ten above it (`< 1e-5`:
        below 10⁻⁵; `0`: identical); `–`: the family has no such hook. The tests fail beyond 1e-4
        (forward) and 1e-5 (logit lens: every vocabulary probability and the entropy of every lens
        layer at each sequence's last token).

        The differences are float32 rounding noise that depends on the CPU's kernels, so exact figures
        would differ from machine to machine: the test accepts this page while every measured value
        stays within a factor of 3 of its printed decade (`< 1e-5` holds from 3.3e-7 to 3e-5), and fails
        when a fixture or hook is added or lost or a difference moves further.

        ## Families and model types

        """);
    page.row("family", "`model_type`", "fixtures");
    page.row("---", "---", "---");
    Map<String, List<String>> byType = new LinkedHashMap<>();
    for (String type : ModelFamily.supportedModelTypes()) {
      byType.put(type, new ArrayList<>());
    }
    for (Map.Entry<String, ModelSummary> e : summaries.entrySet()) {
      byType
          .computeIfAbsent(
              e.getValue().modelType().toLowerCase(Locale.ROOT), t -> new ArrayList<>())
          .add(e.getKey());
    }
    for (Map.Entry<String, List<String>> e : byType.entrySet()) {
      page.row(
          ModelFamily.of(e.getKey(), FILE).name().toLowerCase(Locale.ROOT),
          "`" + e.getKey() + "`",
          e.getValue().isEmpty() ? "none" : String.join(", ", e.getValue()));
    }
    page.text(
        """

        ## Largest difference per hook

        Weights as stored in the checkpoint → the dtype the forward computes in (CPU, `model.dtype=auto`).

        """);
    List<String> columns = columns(fixtures);
    List<String> header = new ArrayList<>(List.of("fixture", "`model_type`", "dtype"));
    columns.forEach(c -> header.add("`" + c + "`"));
    header.add("lens p");
    header.add("lens entropy");
    page.row(header.toArray(String[]::new));
    page.row(header.stream().map(h -> "---").toArray(String[]::new));
    String compute = computeDtype();
    for (String f : fixtures) {
      ModelSummary s = summaries.get(f);
      List<Cell> row = new ArrayList<>();
      row.add(new Cell(f, null));
      row.add(new Cell("`" + s.modelType() + "`", null));
      row.add(new Cell(s.storedDtype() + " → " + compute, null));
      Map<String, Double> measured = FORWARD.get(f);
      for (String c : columns) {
        Double v = measured.get(c);
        row.add(v == null ? new Cell(NONE, null) : new Cell(label(v), v));
      }
      LensDiff lens = LENS.get(f);
      row.add(lens == null ? new Cell(NONE, null) : new Cell(label(lens.prob()), lens.prob()));
      row.add(
          lens == null ? new Cell(NONE, null) : new Cell(label(lens.entropy()), lens.entropy()));
      page.cells(row);
    }
    return page;
  }

  private static String computeDtype() {
    return switch (ModelOptions.cpu().dtype()) {
      case FLOAT32 -> "fp32";
      case FLOAT16 -> "fp16";
      default -> ModelOptions.cpu().dtype().toString().toLowerCase(Locale.ROOT);
    };
  }

  private static List<String> columns(List<String> fixtures) {
    Set<String> present = new TreeSet<>();
    fixtures.forEach(f -> present.addAll(FORWARD.get(f).keySet()));
    Set<String> ordered = new LinkedHashSet<>();
    HOOK_ORDER.stream().filter(present::contains).forEach(ordered::add);
    ordered.addAll(present);
    return new ArrayList<>(ordered);
  }

  /** One table cell: its text, and the measured value a committed label may describe. */
  record Cell(String text, Double value) {}

  /** The rendered page: lines of text and table rows whose measured cells compare tolerantly. */
  static final class Page {
    private final List<Object> lines = new ArrayList<>();

    void text(String block) {
      lines.addAll(List.of(block.split("\n", -1)));
      // the block's last line is completed by what follows
      lines.remove(lines.size() - 1);
    }

    void row(String... cells) {
      cells(java.util.Arrays.stream(cells).map(c -> new Cell(c, null)).toList());
    }

    void cells(List<Cell> cells) {
      lines.add(List.copyOf(cells));
    }

    String text() {
      StringBuilder out = new StringBuilder();
      for (Object line : lines) {
        out.append(line instanceof List<?> cells ? rowText(cells) : line).append('\n');
      }
      return out.toString();
    }

    private static String rowText(List<?> cells) {
      return "| " + String.join(" | ", cells.stream().map(c -> ((Cell) c).text()).toList()) + " |";
    }

    /** Null when {@code committed} describes this page, else the first line that does not. */
    String mismatch(String committed) {
      if (committed.equals(text())) {
        return null;
      }
      String[] theirs = committed.split("\n", -1);
      // text() ends every line with \n, so a matching file splits into one more, empty, string
      if (theirs.length != lines.size() + 1 || !theirs[lines.size()].isEmpty()) {
        return "the committed page has "
            + (theirs.length - 1)
            + " lines, this run renders "
            + lines.size();
      }
      for (int i = 0; i < lines.size(); i++) {
        Object ours = lines.get(i);
        String line = theirs[i];
        boolean same =
            ours instanceof List<?> cells
                ? rowDescribes(line, cells)
                : ((String) ours).equals(line);
        if (!same) {
          String rendered = ours instanceof List<?> cells ? rowText(cells) : (String) ours;
          return "line " + (i + 1) + ": committed '" + line + "', measured '" + rendered + "'";
        }
      }
      return null;
    }

    private static boolean rowDescribes(String line, List<?> cells) {
      if (!line.startsWith("| ") || !line.endsWith(" |")) {
        return false;
      }
      String[] theirs = line.substring(2, line.length() - 2).split(" \\| ", -1);
      if (theirs.length != cells.size()) {
        return false;
      }
      for (int c = 0; c < theirs.length; c++) {
        Cell ours = (Cell) cells.get(c);
        boolean ok =
            ours.text().equals(theirs[c])
                || ours.value() != null && accepts(theirs[c], ours.value());
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }

  private static Path repoRoot() {
    Path p = Paths.get("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("sample-data"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "cannot find the repository root (a folder holding sample-data/) above "
              + Paths.get("").toAbsolutePath());
    }
    return p;
  }
}
