package dev.lingualens.jobs.lape;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import java.io.Serializable;
import java.util.List;

/** ablate builds its held-out windows with the {@code neurons.*} keys, plus a cap of its own. */
public record AblationSettings(NeuronSettings neurons, int maxWindowsPerLang)
    implements Serializable {
  public static final Key<Integer> MAX_WINDOWS_PER_LANG =
      Key.integer(
          "ablate.max-windows-per-lang",
          "0",
          0,
          "held-out windows per language used by ablate (0 = all)");
  public static final List<Key<?>> KEYS =
      Key.concat(NeuronSettings.KEYS, List.of(MAX_WINDOWS_PER_LANG));

  public static AblationSettings from(LinguaConfig c) {
    return new AblationSettings(NeuronSettings.from(c), c.get(MAX_WINDOWS_PER_LANG));
  }
}
