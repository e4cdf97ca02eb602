package dev.devagent.platform;

import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Starts the embedded engines ({@code EmbeddedEngineBoot}) when an application context is created. The
 * production build leaves the embedded engines and their classes out, so this listener (registered in
 * META-INF/spring.factories, which every build has) names that class instead of linking to it, and does nothing
 * where it is absent.
 */
public final class EarlyEngineStart implements ApplicationListener<ApplicationContextInitializedEvent> {

    static final String BOOT_CLASS = "dev.devagent.platform.EmbeddedEngineBoot";

    @Override
    public void onApplicationEvent(ApplicationContextInitializedEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        ClassLoader classLoader = context.getClassLoader() != null ? context.getClassLoader()
                : EarlyEngineStart.class.getClassLoader();
        if (!ClassUtils.isPresent(BOOT_CLASS, classLoader)) {
            return;
        }
        try {
            ClassUtils.forName(BOOT_CLASS, classLoader).getMethod("start", ConfigurableApplicationContext.class)
                    .invoke(null, context);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not start the embedded engines", e);
        }
    }
}
