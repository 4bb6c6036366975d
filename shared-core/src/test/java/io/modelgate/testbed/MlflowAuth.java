package io.modelgate.testbed;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link MlflowExtension} for the basic-auth MLflow server instead of the plain one, for the
 * annotated test class and the classes nested in it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MlflowAuth {
}
