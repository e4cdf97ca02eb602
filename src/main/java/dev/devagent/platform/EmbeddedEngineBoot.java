package dev.devagent.platform;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * An embedded engine started on a thread of its own as soon as the application context exists, before its
 * bean definitions are even read. Started from their beans, they began only after the configuration classes
 * were loaded and processed, and blocked the main thread one after the other (Neo4j ~7 s, PostgreSQL 2–3 s with
 * initdb on a first start, on 2 CPUs). The engine's bean ({@link EmbeddedPostgresConfiguration},
 * {@link EmbeddedNeo4jConfiguration}) takes the running engine from here with {@link #claim()}; one nobody took
 * (the context failed first) is stopped with the context. Started by {@link EarlyEngineStart} under the same
 * conditions as those beans (their setting and class constants).
 */
public final class EmbeddedEngineBoot<T> implements DisposableBean {

    static final String POSTGRES = "embeddedPostgresBoot";
    static final String NEO4J = "embeddedNeo4jBoot";

    private final CompletableFuture<T> engine = new CompletableFuture<>();
    private final Consumer<T> stop;
    private final String name;
    private final AtomicBoolean claimed = new AtomicBoolean();

    EmbeddedEngineBoot(String name, Callable<T> start, Consumer<T> stop) {
        this.name = name;
        this.stop = stop;
        Thread boot = new Thread(() -> {
            try {
                engine.complete(start.call());
            } catch (Throwable failed) {
                engine.completeExceptionally(failed);
            }
        }, name);
        boot.setDaemon(true);
        boot.start();
    }

    /** Starts the engines a context will use and registers each one's boot under its bean name. */
    public static void start(ConfigurableApplicationContext context) {
        if (!(context.getBeanFactory() instanceof DefaultListableBeanFactory beans)) {
            return;
        }
        Environment environment = context.getEnvironment();
        ClassLoader classLoader = context.getClassLoader();
        AgentProperties properties = Binder.get(environment).bindOrCreate("agent", Bindable.of(AgentProperties.class));
        if (environment.getProperty(EmbeddedPostgresConfiguration.SERVER_SETTING, "").isBlank()
                && ClassUtils.isPresent(EmbeddedPostgresConfiguration.ENGINE_CLASS, classLoader)) {
            register(beans, new EmbeddedEngineBoot<>("postgres-boot", () -> EmbeddedPostgresConfiguration.start(properties),
                    EmbeddedPostgresConfiguration::stop), POSTGRES);
        }
        if (environment.getProperty(EmbeddedNeo4jConfiguration.SERVER_SETTING, "").isBlank()
                && ClassUtils.isPresent(EmbeddedNeo4jConfiguration.ENGINE_CLASS, classLoader)) {
            register(beans, new EmbeddedEngineBoot<>("neo4j-boot", () -> EmbeddedNeo4jConfiguration.start(properties),
                    org.neo4j.dbms.api.DatabaseManagementService::shutdown), NEO4J);
        }
    }

    private static void register(DefaultListableBeanFactory beans, EmbeddedEngineBoot<?> boot, String beanName) {
        beans.registerSingleton(beanName, boot);
        beans.registerDisposableBean(beanName, boot);
    }

    /** Waits for the engine and hands it over: from here the bean that took it stops it. */
    T claim() {
        claimed.set(true);
        try {
            return engine.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " was starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " failed", e.getCause());
        }
    }

    @Override
    public void destroy() {
        if (!claimed.getAndSet(true)) {
            engine.thenAccept(stop);
        }
    }
}
