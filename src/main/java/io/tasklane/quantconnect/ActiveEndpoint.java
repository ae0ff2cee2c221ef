package io.tasklane.quantconnect;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@link QuantConnectApi} the lane calls, as {@link QuantConnectEndpoints} chose it. A
 * qualifier because the sandbox and its HTTP face implement the same interface.
 */
@jakarta.inject.Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface ActiveEndpoint {}
