package dev.lingualens.jobs.lape;

import dev.lingualens.common.config.ConfigException;
import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * Which documents are held out from neuron counting (and used to evaluate ablations): by a hash of
 * the alignment id, so translations of one unit fall on the same side in every language, or by a
 * pattern.
 */
record HeldOutRule(int percent, String regex) implements Serializable {
  static HeldOutRule parse(String spec) {
    if (spec.startsWith("hash:")) {
      try {
        int p = Integer.parseInt(spec.substring(5).trim());
        if (p >= 0 && p < 100) {
          return new HeldOutRule(p, null);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    } else if (spec.startsWith("regex:")) {
      String r = spec.substring(6);
      Pattern.compile(r);
      return new HeldOutRule(-1, r);
    }
    throw new ConfigException(
        "Bad neurons.heldout '" + spec + "': expected hash:<0-99> or regex:<pattern>");
  }

  boolean heldOut(String alignId, String id) {
    String key = alignId != null ? alignId : id;
    if (regex != null) {
      return alignId != null && alignId.matches(regex);
    }
    return Math.floorMod(key.hashCode() * 0x9E3779B1, 100) < percent;
  }
}
