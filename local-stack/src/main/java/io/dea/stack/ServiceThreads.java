package io.dea.stack;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Which service a thread of the one-JVM stack works for. Each service's context is started on a
 * thread of a group named after it, and a thread joins the group of the thread that makes it, so
 * every thread a service makes (listener containers, Kafka clients, stream threads, the web
 * server's pool) carries its name. The stack's log pattern prints it ({@code %service}, this class
 * as a logback converter); threads outside any service say {@code stack}.
 */
public final class ServiceThreads extends ClassicConverter {

    private static final ThreadGroup SERVICES = new ThreadGroup("dea-services");
    private static final Map<String, ThreadGroup> GROUPS = new ConcurrentHashMap<>();

    /** Starts a service's context (or anything) on a thread of {@code service}'s group and returns it. */
    static <T> T start(String service, Supplier<T> start) throws InterruptedException {
        try {
            return call(service, start::get);
        } catch (RuntimeException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code work} on a thread of {@code service}'s group and returns what it returned. */
    static <T> T call(String service, Callable<T> work) throws Exception {
        ThreadGroup group = GROUPS.computeIfAbsent(service, name -> new ThreadGroup(SERVICES, name));
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread starter = new Thread(group, () -> {
            try {
                result.set(work.call());
            } catch (Exception e) {
                failure.set(e);
            }
        }, service + "-start");
        starter.start();
        starter.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** The service of the current thread, or {@code stack}. */
    static String current() {
        for (ThreadGroup group = Thread.currentThread().getThreadGroup(); group != null; group = group.getParent()) {
            if (group.getParent() == SERVICES) {
                return group.getName();
            }
        }
        return "stack";
    }

    @Override
    public String convert(ILoggingEvent event) {
        return current();
    }
}
