package dev.lingualens.common.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps what a reader emits, in order. */
final class CollectingSink implements RecordSink {
  final List<RawRecord> records = new ArrayList<>();
  final List<Quarantined> quarantined = new ArrayList<>();

  @Override
  public void record(RawRecord record) {
    records.add(record);
  }

  @Override
  public void quarantine(Quarantined q) {
    quarantined.add(q);
  }

  /** reason → locations, e.g. {@code bad_json → [line 3]}. */
  static Map<String, List<String>> byReason(List<Quarantined> qs) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Quarantined q : qs) {
      out.computeIfAbsent(q.reason(), k -> new ArrayList<>()).add(q.location());
    }
    return out;
  }
}
