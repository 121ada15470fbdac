package dev.lingualens.common.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test (class or method) needs files that {@code scripts/fetch-data.sh} puts into the cache
 * folder ({@code LINGUALENS_CACHE}, else {@code <repo>/.cache/lingualens}). Each value is a path
 * relative to that folder, e.g. {@code "tokenizers/gpt4o/tokenizer.json"}; a folder value needs
 * only to exist.
 *
 * <p>When one is absent the test is skipped with the missing path in the reason, except under the
 * environment variable {@code LINGUALENS_REQUIRE_FETCHED=1} (set by {@code .ci/run}), where it
 * fails. The decision is {@link FetchedData#require}, which parameterized tests call directly when
 * what they need depends on the parameter.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(FetchedDataExtension.class)
public @interface NeedsFetchedData {
  /** Paths relative to the cache folder. */
  String[] value();
}
