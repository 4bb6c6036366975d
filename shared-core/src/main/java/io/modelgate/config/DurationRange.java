package io.modelgate.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The sensible bounds of a duration key, declared once on the record component and enforced
 * while the file is read (exit 2 with file and line): {@code 0s} would mean "wait forever" to
 * most clients, and a huge value overflows the milliseconds they take. Keys without it are
 * bounded by {@link Durations#MAX}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface DurationRange {
    /** The shortest allowed, as users write it, e.g. {@code 1s}. */
    String min();

    /** The longest allowed, e.g. {@code 1h}. */
    String max();
}
