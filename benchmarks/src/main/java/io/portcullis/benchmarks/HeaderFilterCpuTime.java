package io.portcullis.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The contenders of {@link HeaderFilterComparisonBenchmark} timed by the CPU time of the running
 * thread ({@code ThreadMXBean.getCurrentThreadCpuTime}) rather than by the wall clock: on a
 * shared machine where other processes keep every core busy, wall-clock time mostly measures
 * the wait for a core, while CPU time counts only what this thread ran (cache and frequency
 * effects of the neighbours remain). Contenders take turns, round after round, so a change in
 * load hits them alike; the median round is printed. Not JMH: no forks, one JVM, same warm-up
 * for everyone; use it to compare, not for absolute numbers.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.portcullis.benchmarks.HeaderFilterCpuTime [rounds] [requests per round]
 *      [filters, default noop,tomcat,spring,portcullis] [exchanges, default recycled,mock] [pages, default plain,cookie]</pre>
 * One contender per JVM ({@code … 15 100000 spring recycled}) keeps the JIT's type profiles to
 * that contender alone, as JMH's forks do; several in one JVM share the call sites (as the filters
 * of a real chain do) and take turns round by round, and then each one's median ratio to
 * {@code tomcat} and {@code spring} over the rounds is printed too (the paired comparison, which
 * a change of load between rounds does not skew).
 */
public final class HeaderFilterCpuTime {

    private HeaderFilterCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        List<String> filters = args.length > 2 ? List.of(args[2].split(",")) : List.of("noop", "tomcat", "spring", "portcullis");
        List<String> exchanges = args.length > 3 ? List.of(args[3].split(",")) : List.of("recycled", "mock");
        List<String> pages = args.length > 4 ? List.of(args[4].split(",")) : List.of("plain", "cookie");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String exchange : exchanges) {
            for (String page : pages) {
                List<HeaderFilterComparisonBenchmark> states = new ArrayList<>();
                for (String f : filters) {
                    HeaderFilterComparisonBenchmark b = new HeaderFilterComparisonBenchmark();
                    b.filter = f;
                    b.page = page;
                    b.exchange = exchange;
                    b.setUp();
                    // warm-up: at least perRound requests and 3 s, so the JIT's compiler threads, which a
                    // loaded machine starves, have finished before anything is measured
                    long until = System.nanoTime() + 3_000_000_000L;
                    for (int i = 0; i < perRound || System.nanoTime() < until; i++) {
                        b.request();
                    }
                    states.add(b);
                }
                double[][] ns = new double[filters.size()][rounds];
                for (int r = 0; r < rounds; r++) {
                    for (int f = 0; f < filters.size(); f++) {
                        HeaderFilterComparisonBenchmark b = states.get(f);
                        long start = mx.getCurrentThreadCpuTime();
                        for (int i = 0; i < perRound; i++) {
                            b.request();
                        }
                        ns[f][r] = (mx.getCurrentThreadCpuTime() - start) / (double) perRound;
                    }
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s %-6s", exchange, page));
                for (int f = 0; f < filters.size(); f++) {
                    double[] s = ns[f].clone();
                    Arrays.sort(s);
                    line.append(String.format(Locale.ROOT, "  %s %.0f ns (%.0f–%.0f)", filters.get(f), s[rounds / 2], s[0], s[rounds - 1]));
                }
                System.out.println(line);
                // paired: each round's ratio to a reference measured in the same round, so a change in
                // load between rounds cancels out; the median ratio is printed
                for (String ref : List.of("tomcat", "spring")) {
                    int r0 = filters.indexOf(ref);
                    if (r0 < 0 || filters.size() < 2) {
                        continue;
                    }
                    StringBuilder ratios = new StringBuilder(String.format(Locale.ROOT, "%-8s %-6s  ratio to %s, median of rounds:",
                            exchange, page, ref));
                    for (int f = 0; f < filters.size(); f++) {
                        ratios.append(String.format(Locale.ROOT, "  %s %.2f", filters.get(f), medianRatio(ns[f], ns[r0])));
                    }
                    System.out.println(ratios);
                }
            }
        }
    }

    /** The median over rounds of {@code times[r] / reference[r]}: load that changes between rounds cancels out. */
    static double medianRatio(double[] times, double[] reference) {
        double[] q = new double[times.length];
        for (int r = 0; r < q.length; r++) {
            q[r] = times[r] / reference[r];
        }
        Arrays.sort(q);
        return q[q.length / 2];
    }
}
