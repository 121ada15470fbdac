package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rows in jobs/src/main are read and written by column name only. Checked on the compiled classes,
 * so a positional getter cannot hide behind a variable ({@code getLong(i)}), a method reference or
 * a lambda: no call to a {@code Row} method taking a column index ({@code getString(0)}, {@code
 * get(i)}, {@code isNullAt(3)}, {@code getAs(0)}, ...), no {@code RowFactory.create}, no {@code
 * Row.fromSeq}, and no generic row built from a bare array outside {@link TableRow}.
 */
class PositionalRowAccessTest {
  private static final Set<String> ROW_CLASSES =
      Set.of(
          "org/apache/spark/sql/Row",
          "org/apache/spark/sql/Row$",
          "org/apache/spark/sql/catalyst/expressions/GenericRow",
          "org/apache/spark/sql/catalyst/expressions/GenericRowWithSchema");
  private static final Set<String> ROW_FACTORIES = Set.of("fromSeq", "fromTuple", "apply", "merge");
  private static final Pattern LITERAL_INDEX =
      Pattern.compile(
          "\\.(getAs|isNullAt|getString|getLong|getInt|getDouble|getList|getBoolean|getFloat|getSeq|getStruct|getTimestamp)"
              + "\\(\\s*\\d+\\s*\\)");

  @Test
  void jobsMainReadsAndWritesRowsByNameOnly() throws IOException, URISyntaxException {
    Path classes =
        Paths.get(TableRow.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> violations = new ArrayList<>();
    int scanned = 0;
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String cls =
            classes.relativize(f).toString().replace('\\', '/').replaceAll("\\.class$", "");
        scanned++;
        for (String[] ref : methodRefs(f)) {
          String owner = ref[0];
          String name = ref[1];
          String desc = ref[2];
          boolean positional = ROW_CLASSES.contains(owner) && desc.startsWith("(I)");
          boolean factory =
              owner.equals("org/apache/spark/sql/RowFactory")
                  || (ROW_CLASSES.contains(owner)
                      && ROW_FACTORIES.contains(name)
                      && !desc.startsWith("(Ljava/lang/String;)"));
          boolean bareRow =
              ROW_CLASSES.contains(owner)
                  && name.equals("<init>")
                  && !cls.equals("dev/lingualens/jobs/TableRow");
          if (positional || factory || bareRow) {
            violations.add(
                cls.replace('/', '.') + " calls " + owner.replace('/', '.') + "." + name + desc);
          }
        }
      }
    }
    assertThat(scanned).as("classes scanned under " + classes).isGreaterThan(50);
    assertThat(violations)
        .as(
            "positional Row access in jobs/src/main: read with row.getAs(\"col\") / RowValues, build rows with TableRow")
        .isEmpty();
  }

  @Test
  void noRowFactoryInTheSources() throws IOException {
    Path main = Repo.root().resolve("jobs/src/main/java");
    try (Stream<Path> files = Files.walk(main)) {
      List<String> offenders = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String src = Files.readString(f);
        if (src.contains("RowFactory") || LITERAL_INDEX.matcher(src).find()) {
          offenders.add(main.relativize(f).toString());
        }
      }
      assertThat(offenders).as("positional row access in jobs/src/main").isEmpty();
    }
  }

  /** (owner, name, descriptor) of every method reference in a class file's constant pool. */
  private static List<String[]> methodRefs(Path classFile) throws IOException {
    try (InputStream in = Files.newInputStream(classFile);
        DataInputStream d = new DataInputStream(in)) {
      d.readInt();
      d.readUnsignedShort();
      d.readUnsignedShort();
      int n = d.readUnsignedShort();
      String[] utf8 = new String[n];
      int[] classNames = new int[n];
      int[][] nameAndTypes = new int[n][];
      List<int[]> refs = new ArrayList<>();
      for (int i = 1; i < n; i++) {
        int tag = d.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = d.readUTF();
          case 3, 4 -> d.readInt();
          case 5, 6 -> {
            d.readLong();
            i++;
          }
          case 7 -> classNames[i] = d.readUnsignedShort();
          case 8, 16, 19, 20 -> d.readUnsignedShort();
          case 9 -> d.readInt();
          case 10, 11 -> refs.add(new int[] {d.readUnsignedShort(), d.readUnsignedShort()});
          case 12 -> nameAndTypes[i] = new int[] {d.readUnsignedShort(), d.readUnsignedShort()};
          case 15 -> {
            d.readUnsignedByte();
            d.readUnsignedShort();
          }
          case 17, 18 -> d.readInt();
          default -> throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
        }
      }
      List<String[]> out = new ArrayList<>();
      for (int[] r : refs) {
        int[] nat = nameAndTypes[r[1]];
        out.add(new String[] {utf8[classNames[r[0]]], utf8[nat[0]], utf8[nat[1]]});
      }
      return out;
    }
  }
}
