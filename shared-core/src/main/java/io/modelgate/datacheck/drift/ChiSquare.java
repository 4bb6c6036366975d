package io.modelgate.datacheck.drift;

import java.util.Map;
import java.util.TreeSet;

/**
 * Pearson's chi-square test of homogeneity of two categorical samples (the 2 x k contingency
 * table of counts), without continuity correction: scipy.stats.chi2_contingency(..., correction=False).
 */
public final class ChiSquare {

    public record Result(double statistic, int degreesOfFreedom, double pValue) {
    }

    private ChiSquare() {
    }

    public static Result test(Map<String, Long> reference, Map<String, Long> current) {
        TreeSet<String> categories = new TreeSet<>(reference.keySet());
        categories.addAll(current.keySet());
        double refTotal = reference.values().stream().mapToLong(Long::longValue).sum();
        double curTotal = current.values().stream().mapToLong(Long::longValue).sum();
        double total = refTotal + curTotal;
        double statistic = 0;
        for (String category : categories) {
            double r = reference.getOrDefault(category, 0L);
            double c = current.getOrDefault(category, 0L);
            double column = r + c;
            double expectedRef = refTotal * column / total;
            double expectedCur = curTotal * column / total;
            statistic += (r - expectedRef) * (r - expectedRef) / expectedRef + (c - expectedCur) * (c - expectedCur) / expectedCur;
        }
        int dof = categories.size() - 1;
        double p = dof <= 0 ? 1.0 : upperRegularizedGamma(dof / 2.0, statistic / 2.0);
        return new Result(statistic, dof, p);
    }

    /** Q(a, x), the chi-square survival function at 2x with 2a degrees of freedom, a a multiple of 1/2 (Numerical Recipes' gammq). */
    static double upperRegularizedGamma(double a, double x) {
        if (x <= 0) return 1;
        if (x < a + 1) {
            double sum = 1 / a;
            double term = sum;
            for (int n = 1; n < 10_000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
            }
            return 1 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** ln Gamma(a) for a = k/2, as chi-square needs: by recurrence from Gamma(1) = 1 and Gamma(1/2) = sqrt(pi), exact to rounding. */
    static double logGamma(double a) {
        double log = 0;
        double x = a;
        while (x > 1.0) {
            x -= 1;
            log += Math.log(x);
        }
        return x == 1.0 ? log : log + 0.5 * Math.log(Math.PI);
    }
}
