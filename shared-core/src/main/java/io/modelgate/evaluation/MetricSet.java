package io.modelgate.evaluation;

import io.modelgate.config.EvaluationConfig.Task;

import java.util.List;

/**
 * The metrics of one task as sums over rows: each row adds its weight to one or two cells (binary:
 * label × candidate's prediction × champion's; multiclass: label × prediction, once per model) and
 * its weight times a few per-row values (log loss, squared error, ...). Every metric is then a
 * function of those sums, which is what makes them streamable and bootstrappable: a resample is
 * the same sums with Poisson weights. The ranking metrics (roc_auc, average_precision) are not
 * sums; {@link RankSweep} computes them.
 *
 * <p>Each definition follows scikit-learn 1.9 (sklearn.metrics), sample weights and edge cases
 * included: precision, recall and f1 are 0 when undefined (zero_division's default), log loss clips
 * probabilities to [eps, 1 - eps], r2 is 1 for a perfect fit of a constant target and 0 otherwise,
 * mape divides by max(|y|, eps). {@code MetricsAgainstScikitLearnTest} holds them to it.
 */
abstract class MetricSet {

    /** float64 machine epsilon, as numpy's finfo(float64).eps. */
    static final double EPS = Math.ulp(1.0);

    final List<String> metrics;

    MetricSet(List<String> metrics) {
        this.metrics = List.copyOf(metrics);
    }

    static MetricSet of(Task task, List<String> metrics, int classes) {
        return switch (task) {
            case BINARY -> new Binary(metrics);
            case MULTICLASS -> new Multiclass(metrics, classes);
            case REGRESSION -> new Regression(metrics);
        };
    }

    /** Number of cells rows add their weight to. */
    abstract int cells();

    /** How many cells each row adds to (one array of cell indices each). */
    abstract int cellsPerRow();

    /** Number of per-row values summed with the weights. */
    abstract int values();

    /** The ranking metrics among the requested ones (binary only). */
    boolean ranks() {
        return false;
    }

    /** Slots of the sums: cells, then values. */
    final int slots() {
        return cells() + values();
    }

    /**
     * A metric from sums laid out as {@code sums[slot * stride + lane]}.
     *
     * @param baseline the champion's side (else the candidate's)
     */
    abstract double metric(String name, boolean baseline, double[] sums, int lane, int stride);

    /** The weighted row count of a set of sums. */
    abstract double total(double[] sums, int lane, int stride);

    /** Whether a higher value of the metric is better (losses, errors and false-positive rates are not). */
    static boolean higherIsBetter(String metric) {
        return switch (metric) {
            case "log_loss", "brier", "rmse", "mae", "mape", "fpr" -> false;
            default -> true;
        };
    }

    static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0.0 : numerator / denominator;
    }

    /** Binary: cell = label·4 + candidate's prediction·2 + champion's; values: log loss and Brier term of each side. */
    static final class Binary extends MetricSet {
        static final int LOG_LOSS_C = 0, LOG_LOSS_B = 1, BRIER_C = 2, BRIER_B = 3;

        Binary(List<String> metrics) {
            super(metrics);
        }

        @Override int cells() { return 8; }

        @Override int cellsPerRow() { return 1; }

        @Override int values() { return 4; }

        @Override boolean ranks() {
            return metrics.contains("roc_auc") || metrics.contains("average_precision");
        }

        static int cell(int label, boolean candidatePositive, boolean baselinePositive) {
            return label * 4 + (candidatePositive ? 2 : 0) + (baselinePositive ? 1 : 0);
        }

        /** −[y log p + (1−y) log(1−p)] with p clipped to [eps, 1 − eps], as sklearn's log_loss. */
        static double logLoss(int label, double p) {
            return label == 1 ? -Math.log(clip(p)) : -Math.log(clip(1 - p));
        }

        static double brier(int label, double p) {
            double d = p - label;
            return d * d;
        }

        private static double clip(double p) {
            return Math.min(Math.max(p, EPS), 1 - EPS);
        }

        /** Weighted count of the cells where label and this side's prediction are as given. */
        private static double count(double[] sums, int lane, int stride, boolean baseline, int label, int predicted) {
            double total = 0;
            for (int other = 0; other < 2; other++) {
                int cell = baseline ? cell(label, other == 1, predicted == 1) : cell(label, predicted == 1, other == 1);
                total += sums[cell * stride + lane];
            }
            return total;
        }

        @Override
        double total(double[] sums, int lane, int stride) {
            double total = 0;
            for (int cell = 0; cell < 8; cell++) total += sums[cell * stride + lane];
            return total;
        }

        @Override
        double metric(String name, boolean baseline, double[] sums, int lane, int stride) {
            double tp = count(sums, lane, stride, baseline, 1, 1), fp = count(sums, lane, stride, baseline, 0, 1);
            double fn = count(sums, lane, stride, baseline, 1, 0), tn = count(sums, lane, stride, baseline, 0, 0);
            double total = tp + fp + fn + tn;
            return switch (name) {
                case "accuracy" -> (tp + tn) / total;
                case "precision" -> ratio(tp, tp + fp);
                case "recall", "tpr" -> ratio(tp, tp + fn);
                case "fpr" -> ratio(fp, fp + tn);
                case "selection_rate" -> (tp + fp) / total;
                case "f1" -> ratio(2 * tp, 2 * tp + fp + fn);
                case "log_loss" -> sums[(8 + (baseline ? LOG_LOSS_B : LOG_LOSS_C)) * stride + lane] / total;
                case "brier" -> sums[(8 + (baseline ? BRIER_B : BRIER_C)) * stride + lane] / total;
                default -> throw new IllegalArgumentException("not a summed binary metric: " + name);
            };
        }
    }

    /**
     * Multiclass with K classes: two K×K confusion matrices (candidate's, then champion's) as cells,
     * and each side's log loss of the probability of the true class when probabilities are scored.
     */
    static final class Multiclass extends MetricSet {
        final int k;

        Multiclass(List<String> metrics, int classes) {
            super(metrics);
            this.k = classes;
        }

        @Override int cells() { return 2 * k * k; }

        @Override int cellsPerRow() { return 2; }

        @Override int values() { return 2; }

        int cell(boolean baseline, int label, int predicted) {
            return (baseline ? k * k : 0) + label * k + predicted;
        }

        /** −log p(true class), p clipped to [eps, 1 − eps]. */
        static double logLoss(double probabilityOfLabel) {
            return -Math.log(Math.min(Math.max(probabilityOfLabel, EPS), 1 - EPS));
        }

        @Override
        double total(double[] sums, int lane, int stride) {
            double total = 0;
            for (int cell = 0; cell < k * k; cell++) total += sums[cell * stride + lane];
            return total;
        }

        @Override
        double metric(String name, boolean baseline, double[] sums, int lane, int stride) {
            double[] truth = new double[k], predicted = new double[k], hits = new double[k];
            double total = 0;
            for (int label = 0; label < k; label++) {
                for (int p = 0; p < k; p++) {
                    double v = sums[cell(baseline, label, p) * stride + lane];
                    truth[label] += v;
                    predicted[p] += v;
                    if (p == label) hits[label] += v;
                    total += v;
                }
            }
            switch (name) {
                case "accuracy": {
                    double correct = 0;
                    for (double h : hits) correct += h;
                    return correct / total;
                }
                case "log_loss":
                    return sums[(cells() + (baseline ? 1 : 0)) * stride + lane] / total;
                case "macro_f1": {
                    // sklearn averages over the labels present in y_true or y_pred.
                    double sum = 0;
                    int present = 0;
                    for (int c = 0; c < k; c++) {
                        if (truth[c] == 0 && predicted[c] == 0) continue;
                        present++;
                        sum += ratio(2 * hits[c], truth[c] + predicted[c]);
                    }
                    return present == 0 ? 0.0 : sum / present;
                }
                case "weighted_f1": {
                    double sum = 0, support = 0;
                    for (int c = 0; c < k; c++) {
                        sum += truth[c] * ratio(2 * hits[c], truth[c] + predicted[c]);
                        support += truth[c];
                    }
                    return ratio(sum, support);
                }
                default:
                    throw new IllegalArgumentException("not a multiclass metric: " + name);
            }
        }
    }

    /**
     * Regression: values are each side's squared error, absolute error and absolute percentage error,
     * then the target centred on its weighted mean and its square (for r2's total sum of squares).
     */
    static final class Regression extends MetricSet {
        static final int SQUARED = 0, ABSOLUTE = 2, PERCENTAGE = 4, CENTRED = 6, CENTRED_SQUARED = 7;

        Regression(List<String> metrics) {
            super(metrics);
        }

        /** One cell, the total weight: every row adds to it. */
        @Override int cells() { return 1; }

        @Override int cellsPerRow() { return 1; }

        @Override int values() { return 8; }

        /** |y − ŷ| / max(|y|, eps), as sklearn's mean_absolute_percentage_error. */
        static double percentageError(double y, double prediction) {
            return Math.abs(y - prediction) / Math.max(Math.abs(y), EPS);
        }

        @Override
        double total(double[] sums, int lane, int stride) {
            return sums[lane];
        }

        private double value(double[] sums, int lane, int stride, int index) {
            return sums[(1 + index) * stride + lane];
        }

        @Override
        double metric(String name, boolean baseline, double[] sums, int lane, int stride) {
            double weight = sums[lane];
            int side = baseline ? 1 : 0;
            return switch (name) {
                case "rmse" -> Math.sqrt(value(sums, lane, stride, SQUARED + side) / weight);
                case "mae" -> value(sums, lane, stride, ABSOLUTE + side) / weight;
                case "mape" -> value(sums, lane, stride, PERCENTAGE + side) / weight;
                case "r2" -> {
                    double residual = value(sums, lane, stride, SQUARED + side);
                    double centred = value(sums, lane, stride, CENTRED);
                    double total = value(sums, lane, stride, CENTRED_SQUARED) - centred * centred / weight;
                    // sklearn's force_finite: a constant target gives 1 for a perfect fit, else 0.
                    yield total <= 0 ? (residual == 0 ? 1.0 : 0.0) : 1 - residual / total;
                }
                default -> throw new IllegalArgumentException("not a regression metric: " + name);
            };
        }
    }
}
