package io.modelgate.datacheck.drift;

/**
 * The two-sample Kolmogorov-Smirnov test, two-sided, as scipy.stats.ks_2samp with its default
 * {@code method='auto'}: the exact p-value when both samples have at most 10,000 values, else
 * the asymptotic one. The exact p-value is the share of lattice paths from (0,0) to (n1,n2)
 * that leave the band |x/n1 - y/n2| < D (computed by dynamic programming over path
 * probabilities, O(n1*n2)); the asymptotic one is Kolmogorov's limiting distribution at
 * sqrt(n1*n2/(n1+n2))*D, where scipy uses the finite-n distribution kstwo at round(n1*n2/(n1+n2)):
 * the two differ by O(1/sqrt(n)), far below the resolution that matters for a 0.05 threshold.
 */
public final class KolmogorovSmirnov {

    /** scipy's MAX_AUTO_N. */
    public static final int MAX_EXACT_N = 10_000;

    public record Result(double statistic, double pValue, boolean exact) {
    }

    private KolmogorovSmirnov() {
    }

    public static Result test(double[] sorted1, double[] sorted2) {
        int n1 = sorted1.length;
        int n2 = sorted2.length;
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("both samples need values");
        }
        double d = statistic(sorted1, sorted2);
        if (Math.max(n1, n2) <= MAX_EXACT_N) {
            return new Result(d, exactPValue(n1, n2, d), true);
        }
        double en = (double) n1 * n2 / (n1 + n2);
        return new Result(d, Math.min(1, Math.max(0, kolmogorovSurvival(Math.sqrt(en) * d))), false);
    }

    /** The largest distance between the two empirical distribution functions. */
    static double statistic(double[] a, double[] b) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] <= x) i++;
            while (j < b.length && b[j] <= x) j++;
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    /** P(D >= d) under the null, with d rounded to the lattice as scipy does. */
    static double exactPValue(int m, int n, double d) {
        long g = gcd(m, n);
        long mg = m / g;
        long ng = n / g;
        long lcm = mg * n;
        long h = Math.round(d * lcm);
        if (h == 0) {
            return 1.0;
        }
        // inside[j] = probability that a uniformly random path reaches (i, j) staying inside the band
        // |i*ng - j*mg| < h (i.e. |i/m - j/n| < h/lcm); the p-value is 1 - inside at (m, n).
        double[] inside = new double[n + 1];
        inside[0] = 1;
        for (int j = 1; j <= n; j++) {
            inside[j] = Math.abs(-j * mg) < h ? inside[j - 1] * (n - j + 1) / (double) (m + n - j + 1) : 0;
        }
        for (int i = 1; i <= m; i++) {
            for (int j = 0; j <= n; j++) {
                if (Math.abs(i * ng - j * mg) >= h) {
                    inside[j] = 0;
                    continue;
                }
                double remaining = m + n - i - j + 1;
                double fromLeft = inside[j] * (m - i + 1) / remaining;
                double fromBelow = j > 0 ? inside[j - 1] * (n - j + 1) / remaining : 0;
                inside[j] = fromLeft + fromBelow;
            }
        }
        return Math.min(1, Math.max(0, 1 - inside[n]));
    }

    /** Kolmogorov's limiting distribution, P(K > z) (scipy's kstwobign.sf). */
    static double kolmogorovSurvival(double z) {
        if (z <= 0) return 1;
        if (z < 1.18) {
            // Small z: 1 - sqrt(2*pi)/z * sum exp(-(2k-1)^2 pi^2 / (8 z^2)) converges fast.
            double sum = 0;
            for (int k = 1; k <= 10; k++) {
                sum += Math.exp(-Math.pow(2 * k - 1, 2) * Math.PI * Math.PI / (8 * z * z));
            }
            return 1 - Math.sqrt(2 * Math.PI) / z * sum;
        }
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp(-2.0 * k * k * z * z);
            sum += (k % 2 == 1 ? term : -term);
            if (term < 1e-300) break;
        }
        return 2 * sum;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
