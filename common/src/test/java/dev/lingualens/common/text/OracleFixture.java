package dev.lingualens.common.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A token-count oracle file under src/test/resources/oracle (format: scripts/dev/oracle/README.md):
 * '#' comments, a header row, then id, lang, n_tokens, token_ids (space-separated), escaped text.
 */
record OracleFixture(List<Row> rows) {
  record Row(String id, String lang, int nTokens, int[] ids, String text) {}

  static OracleFixture load(String name) throws IOException {
    try (InputStream in = OracleFixture.class.getResourceAsStream("/oracle/" + name)) {
      if (in == null) {
        throw new IllegalStateException("oracle fixture missing: /oracle/" + name);
      }
      String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<Row> rows = new ArrayList<>();
      boolean header = true;
      for (String line : content.split("\n", -1)) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 5) {
          throw new IllegalStateException("expected 5 fields, got " + f.length + ": " + line);
        }
        if (header) {
          header = false;
          continue;
        }
        int[] ids =
            f[3].isEmpty()
                ? new int[0]
                : Arrays.stream(f[3].split(" ")).mapToInt(Integer::parseInt).toArray();
        rows.add(new Row(f[0], f[1], Integer.parseInt(f[2]), ids, unescape(f[4])));
      }
      return new OracleFixture(rows);
    }
  }

  /** backslash → \\, TAB → \t, LF → \n, CR → \r; nothing else; left to right. */
  static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i + 1 == s.length()) {
        throw new IllegalArgumentException("dangling backslash in " + s);
      }
      char e = s.charAt(++i);
      switch (e) {
        case '\\' -> out.append('\\');
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + s);
      }
    }
    return out.toString();
  }

  List<String> texts() {
    return rows.stream().map(Row::text).toList();
  }
}
