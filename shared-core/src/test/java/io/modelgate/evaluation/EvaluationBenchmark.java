package io.modelgate.evaluation;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.modelgate.config.ConfigMapper;
import io.modelgate.config.EvaluationConfig;
import io.modelgate.delta.DeltaTable;
import org.apache.hadoop.conf.Configuration;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * bench/evaluation/run.sh's measure of ModelGate's computation, apart from scoring and MLflow: the
 * scored table read with Delta Kernel (one file per core) and every metric of both models, with the
 * paired bootstrap, on all rows and the groups of three slice columns — the code evaluate-model runs
 * between the scoring job and the recording. Prints one line of figures.
 *
 * <p>usage: EvaluationBenchmark SCORED_TABLE RESAMPLES
 */
public final class EvaluationBenchmark {

    private EvaluationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String path = args[0];
        int resamples = Integer.parseInt(args[1]);
        EvaluationConfig config = ConfigMapper.get().readValue("""
                table: scored
                label: label
                metrics: [roc_auc, average_precision, log_loss, brier, accuracy, f1]
                slices: [{by: [country]}, {by: [segment]}, {by: [device]}]
                resamples: %d
                seed: 7
                """.formatted(resamples), EvaluationConfig.class);
        int threads = Runtime.getRuntime().availableProcessors();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        DeltaTable table = DeltaTable.open(DefaultEngine.create(new Configuration()), "scored", path, null, null);
        var columns = new java.util.concurrent.atomic.AtomicReference<>(ScoredTable.read(table, config, "the candidate", "the champion", threads));
        int rows = columns.get().rows();
        long read = System.nanoTime();
        long cpuRead = os.getProcessCpuTime();
        List<String> slices = ScoredTable.slices(config).stream().map(by -> String.join(" × ", by)).toList();
        // As evaluate-model does: the evaluator alone holds the columns.
        Estimates estimates = Evaluator.evaluate(columns.getAndSet(null), MetricSet.of(config.task(), config.metrics(), 2), slices, config.threshold(),
                resamples, config.seed(), List.of(config.confidence()), threads);
        long done = System.nanoTime();
        long cpuDone = os.getProcessCpuTime();
        Estimates.Estimate auc = estimates.overall().metrics().get("roc_auc");
        int groups = estimates.slices().stream().mapToInt(s -> s.groups().size()).sum();
        System.out.printf(java.util.Locale.ROOT,
                "rows %d groups %d resamples %d cores %d read %.2f compute %.2f cpu_per_wall_read %.2f cpu_per_wall_compute %.2f "
                        + "roc_auc_candidate %.6f roc_auc_baseline %.6f delta_ci %.5f %.5f%n",
                rows, groups, resamples, threads, (read - start) / 1e9, (done - read) / 1e9,
                (cpuRead - cpuStart) / (double) (read - start), (cpuDone - cpuRead) / (double) (done - read),
                auc.candidate(), auc.baseline(), auc.deltaInterval(config.confidence()).lower(), auc.deltaInterval(config.confidence()).upper());
    }
}
