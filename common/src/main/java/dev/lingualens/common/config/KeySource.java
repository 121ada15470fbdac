package dev.lingualens.common.config;

import java.util.List;

/**
 * Declares configuration keys to {@link LinguaConfig}, found with {@link java.util.ServiceLoader}:
 * the jobs module lists the keys of every registered job, so the config layer knows them without
 * depending on the jobs.
 */
public interface KeySource {
  List<Key<?>> keys();
}
