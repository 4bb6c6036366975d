package io.modelgate.testbed;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Injects a real {@link MlflowServer} into test constructors, lifecycle and test methods.
 *
 * <p>The server starts on first use and is shared by the whole test class (and its
 * {@code @Nested} classes); it is closed after the class. A class annotated {@link MlflowAuth}
 * gets a basic-auth server of its own.
 */
public final class MlflowExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MlflowExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MlflowServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        boolean basicAuth = AnnotationSupport.findAnnotation(
                classContext.getRequiredTestClass(), MlflowAuth.class,
                classContext.getEnclosingTestClasses()).isPresent();
        // A class-level store closes AutoCloseable values when its class ends. Lookups fall
        // through to the enclosing classes' stores, so a @Nested class reuses its outer class's
        // server of the same kind rather than starting another.
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(
                basicAuth ? "basic-auth" : "plain",
                kind -> basicAuth ? MlflowServer.startWithBasicAuth() : MlflowServer.start(),
                MlflowServer.class);
    }

    /** The context of the innermost test class, from a class, method or constructor context. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}
