package dev.lingualens.common.corpus;

/** Receives what a reader reads: every input record ends in exactly one of the two calls. */
public interface RecordSink {
  void record(RawRecord record);

  void quarantine(Quarantined quarantined);
}
