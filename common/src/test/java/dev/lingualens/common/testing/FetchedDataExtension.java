package dev.lingualens.common.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Backs {@link NeedsFetchedData}: on a class, evaluated once for the class (before its
 * {@code @BeforeAll} methods, so they may load the data); on a method, for that method. Absent data
 * disables the class or method with the reason (reported as skipped), or fails it under {@code
 * LINGUALENS_REQUIRE_FETCHED=1}: the decision is {@link FetchedData#require}.
 */
public final class FetchedDataExtension implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    // getElement() is the class for a class context and the method for a method context: each level
    // checks what is declared on it (a class's requirement disables all of its tests at once).
    return context
        .getElement()
        .flatMap(element -> AnnotationSupport.findAnnotation(element, NeedsFetchedData.class))
        .map(
            needs -> {
              try {
                FetchedData.require(needs.value());
                return ConditionEvaluationResult.enabled("fetched data present");
              } catch (TestAbortedException skip) {
                return ConditionEvaluationResult.disabled(skip.getMessage());
              }
            })
        .orElseGet(() -> ConditionEvaluationResult.enabled("no @NeedsFetchedData"));
  }
}
