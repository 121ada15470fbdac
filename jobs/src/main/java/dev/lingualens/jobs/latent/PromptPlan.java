package dev.lingualens.jobs.latent;

import dev.lingualens.common.lens.LensPrompts;
import dev.lingualens.common.lens.Lexicon;
import dev.lingualens.jobs.TableRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The prompts of one run, made on the driver from the lexicon and shared by every model: for each
 * task and target language, a seeded sample of the concepts that have the words the prompt needs,
 * each with its demonstrations (the next concepts of the same shuffle) and the answer word in every
 * lens language the lexicon has it in.
 */
final class PromptPlan {
  static final String DDL =
      "task string, src string, tgt string, item string, prompt string, "
          + "langs array<string>, words array<string>";
  static final StructType SCHEMA = StructType.fromDDL(DDL);

  private PromptPlan() {}

  /** The translation pairs: each target with the first source language that differs from it. */
  static List<String[]> pairs(LatentSettings s, List<String> langs, String task) {
    List<String[]> out = new ArrayList<>();
    for (String tgt : langs) {
      if (task.equals("translation")) {
        s.sources().stream()
            .filter(src -> !src.equals(tgt))
            .findFirst()
            .ifPresent(src -> out.add(new String[] {src, tgt}));
      } else {
        out.add(new String[] {tgt, tgt});
      }
    }
    return out;
  }

  static List<Row> rows(LatentSettings s, Lexicon lexicon, Map<String, String> clozes) {
    List<String> runLangs = s.langsOf(lexicon);
    List<String> concepts = new ArrayList<>(lexicon.concepts());
    Collections.sort(concepts);
    Map<String, String> names = new HashMap<>();
    List<Row> out = new ArrayList<>();
    for (String task : s.tasks()) {
      String template = s.templates().get(task);
      for (String[] pair : pairs(s, runLangs, task)) {
        String src = pair[0];
        String tgt = pair[1];
        List<String> eligible = new ArrayList<>();
        for (String c : concepts) {
          Map<String, String> w = lexicon.words(c);
          boolean ok =
              w.containsKey(tgt)
                  && w.containsKey(src)
                  && (!task.equals("cloze") || clozes.containsKey(c + "\t" + tgt));
          if (ok) {
            eligible.add(c);
          }
        }
        if (eligible.size() < 2) {
          continue;
        }
        Collections.shuffle(eligible, new Random(s.seed() ^ (task + src + tgt).hashCode()));
        String srcName = names.computeIfAbsent(src, LensPrompts::languageName);
        String tgtName = names.computeIfAbsent(tgt, LensPrompts::languageName);
        int n = Math.min(s.maxItems(), eligible.size());
        for (int i = 0; i < n; i++) {
          List<LensPrompts.Line> shots = new ArrayList<>();
          for (int k = 1; k <= Math.min(s.shots(), eligible.size() - 1); k++) {
            shots.add(
                line(
                    task,
                    eligible.get((i + k) % eligible.size()),
                    lexicon,
                    clozes,
                    src,
                    tgt,
                    srcName,
                    tgtName));
          }
          String item = eligible.get(i);
          LensPrompts.Line query = line(task, item, lexicon, clozes, src, tgt, srcName, tgtName);
          List<String> langs = new ArrayList<>();
          List<String> words = new ArrayList<>();
          Map<String, String> w = lexicon.words(item);
          for (String lang : runLangs) {
            if (w.containsKey(lang)) {
              langs.add(lang);
              words.add(w.get(lang));
            }
          }
          out.add(
              TableRow.of(SCHEMA)
                  .set("task", task)
                  .set("src", src)
                  .set("tgt", tgt)
                  .set("item", item)
                  .set("prompt", LensPrompts.build(template, s.separator(), shots, query))
                  .set("langs", langs.toArray(String[]::new))
                  .set("words", words.toArray(String[]::new))
                  .build());
        }
      }
    }
    return out;
  }

  private static LensPrompts.Line line(
      String task,
      String concept,
      Lexicon lexicon,
      Map<String, String> clozes,
      String src,
      String tgt,
      String srcName,
      String tgtName) {
    Map<String, String> w = lexicon.words(concept);
    String in = task.equals("cloze") ? clozes.get(concept + "\t" + tgt) : w.get(src);
    return new LensPrompts.Line(srcName, in, tgtName, w.get(tgt));
  }
}
