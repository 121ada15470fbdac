package dev.lingualens.jobs;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.Tables;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link Job} whose declaration (name, summary, tables, keys, settings parser) is given up front.
 */
public abstract class BaseJob<S, R> implements Job<S, R> {
  private final String name;
  private final String summary;
  private final List<Tables.Table> inputs;
  private final List<Tables.Table> outputs;
  private final List<Key<?>> keys;
  private final Function<LinguaConfig, S> settings;

  protected BaseJob(
      String name,
      String summary,
      List<Tables.Table> inputs,
      List<Tables.Table> outputs,
      List<Key<?>> keys,
      Function<LinguaConfig, S> settings) {
    this.name = name;
    this.summary = summary;
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.keys = List.copyOf(keys);
    this.settings = settings;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String summary() {
    return summary;
  }

  @Override
  public final List<Tables.Table> inputs() {
    return inputs;
  }

  @Override
  public final List<Tables.Table> outputs() {
    return outputs;
  }

  @Override
  public final List<Key<?>> keys() {
    return keys;
  }

  @Override
  public final S settings(LinguaConfig config) {
    return settings.apply(config);
  }
}
