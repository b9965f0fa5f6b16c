package io.portcullis.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link HeaderFilterCpuTime} for two builds at once: each benchmarks jar is loaded in its own
 * class loader (parent: the platform loader, so nothing is shared but the JDK), and the
 * contenders {@code jar=filter} take turns round by round in one JVM, timed by the thread's CPU
 * time. A before/after comparison then sees the same load in every round, and each copy of the
 * classes gets its own JIT profiles, as in a JVM of its own. Every contender pays the same
 * {@code MethodHandle} call per request. The order of loading shows too (identical code loaded
 * second measured up to 20 % slower on the shared 2-core machine), so compare each jar's contenders
 * with the same jar's {@code spring}, the paired ratios printed last.
 *
 * <pre>java -cp benchmarks.jar io.portcullis.benchmarks.HeaderFilterJarsCpuTime rounds requests exchange page \
 *      /tmp/before.jar=spring /tmp/before.jar=portcullis /tmp/after.jar=spring /tmp/after.jar=portcullis</pre>
 */
public final class HeaderFilterJarsCpuTime {

    private HeaderFilterJarsCpuTime() {
    }

    public static void main(String[] args) throws Throwable {
        int rounds = Integer.parseInt(args[0]);
        int perRound = Integer.parseInt(args[1]);
        String exchange = args[2];
        String page = args[3];
        List<String> specs = List.of(args).subList(4, args.length);
        Map<String, ClassLoader> loaders = new HashMap<>();
        List<MethodHandle> requests = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.lastIndexOf('=');
            String jar = spec.substring(0, eq);
            ClassLoader loader = loaders.computeIfAbsent(jar, HeaderFilterJarsCpuTime::loader);
            Class<?> c = Class.forName("io.portcullis.benchmarks.HeaderFilterComparisonBenchmark", true, loader);
            Object b = c.getConstructor().newInstance();
            c.getField("filter").set(b, spec.substring(eq + 1));
            c.getField("page").set(b, page);
            c.getField("exchange").set(b, exchange);
            Thread.currentThread().setContextClassLoader(loader);
            c.getMethod("setUp").invoke(b);
            MethodHandle request = MethodHandles.publicLookup()
                    .findVirtual(c, "request", MethodType.methodType(c.getMethod("request").getReturnType()))
                    .bindTo(b).asType(MethodType.methodType(Object.class));
            // warm-up as HeaderFilterCpuTime: at least perRound requests and 3 s
            long until = System.nanoTime() + 3_000_000_000L;
            for (int i = 0; i < perRound || System.nanoTime() < until; i++) {
                Object unused = request.invokeExact();
            }
            requests.add(request);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[][] ns = new double[requests.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < requests.size(); k++) {
                MethodHandle request = requests.get(k);
                long start = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < perRound; i++) {
                    Object unused = request.invokeExact();
                }
                ns[k][r] = (mx.getCurrentThreadCpuTime() - start) / (double) perRound;
            }
        }
        StringBuilder line = new StringBuilder(exchange + " " + page + ", median ns:");
        for (int k = 0; k < requests.size(); k++) {
            double[] s = ns[k].clone();
            Arrays.sort(s);
            line.append(String.format(Locale.ROOT, "  %s %.0f", specs.get(k), s[rounds / 2]));
        }
        System.out.println(line);
        for (int ref = 0; ref < requests.size(); ref++) {
            if (!specs.get(ref).endsWith("=spring")) {
                continue;
            }
            StringBuilder ratios = new StringBuilder("  ratio to " + specs.get(ref) + ", median of rounds:");
            for (int k = 0; k < requests.size(); k++) {
                ratios.append(String.format(Locale.ROOT, "  %s %.2f", specs.get(k),
                        HeaderFilterCpuTime.medianRatio(ns[k], ns[ref])));
            }
            System.out.println(ratios);
        }
    }

    private static ClassLoader loader(String jar) {
        try {
            return new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(jar, e);
        }
    }
}
