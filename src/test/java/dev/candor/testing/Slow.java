package dev.candor.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A slow test (JUnit tag "slow"): it starts an embedded PostgreSQL, a browser, a Python interpreter or child JVMs it
 * kills, trains the organism, or takes more than about 5 s on 2 cores. {@code bin/mvn test} and {@code .ci/run} run it;
 * the fast lane {@code bin/mvn test -DexcludedGroups=slow} leaves it out.
 */
@Tag("slow")
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Slow {}
