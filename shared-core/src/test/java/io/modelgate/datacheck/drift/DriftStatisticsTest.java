package io.modelgate.datacheck.drift;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drift statistics against values printed by scipy 1.16.3 (stats.ks_2samp, stats.kstwobign,
 * stats.chi2, stats.chi2_contingency). The end-to-end test compares whole tables with scipy too.
 */
class DriftStatisticsTest {

    @Test
    void exactKsMatchesScipyForUnequalSamples() {
        double[] a = {0.1, 0.5, 0.9, 1.3, 2.0, 2.2, 3.1};
        double[] b = {0.4, 1.0, 1.1, 2.5, 2.6, 3.0, 3.5, 4.0, 4.1};
        KolmogorovSmirnov.Result result = KolmogorovSmirnov.test(a, b);
        assertEquals(0.5238095238095238, result.statistic(), 1e-12);
        assertEquals(0.1687062937062937, result.pValue(), 1e-12);
        assertTrue(result.exact());
    }

    @Test
    void exactKsMatchesScipyForEqualSamplesWithTies() {
        double[] c = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] d = {5, 6, 7, 8, 9, 10, 11, 12};
        KolmogorovSmirnov.Result result = KolmogorovSmirnov.test(c, d);
        assertEquals(0.5, result.statistic(), 1e-12);
        assertEquals(0.2826728826728826, result.pValue(), 1e-12);
    }

    @Test
    void asymptoticKsUsesKolmogorovsDistributionAboveTenThousandValues() {
        assertEquals(0.26999967167735456, KolmogorovSmirnov.kolmogorovSurvival(1.0), 1e-12);
        assertEquals(0.9639452436648751, KolmogorovSmirnov.kolmogorovSurvival(0.5), 1e-12);
        assertEquals(0.0006709252557796953, KolmogorovSmirnov.kolmogorovSurvival(2.0), 1e-15);
        double[] big = new double[20_000];
        for (int i = 0; i < big.length; i++) big[i] = i;
        assertFalse(KolmogorovSmirnov.test(big, big).exact());
        assertEquals(1.0, KolmogorovSmirnov.test(big, big).pValue(), 1e-12);
    }

    @Test
    void chiSquareSurvivalAndContingencyMatchScipy() {
        assertEquals(0.1737739434504451, ChiSquare.upperRegularizedGamma(1.0, 1.75), 1e-12);
        assertEquals(1.4748581038443073e-05, ChiSquare.upperRegularizedGamma(2.5, 15.0), 1e-15);
        assertEquals(0.47950012218695337, ChiSquare.upperRegularizedGamma(0.5, 0.25), 1e-12);
        ChiSquare.Result result = ChiSquare.test(Map.of("a", 10L, "b", 20L, "c", 30L), Map.of("a", 15L, "b", 25L, "c", 5L));
        assertEquals(17.629629629629633, result.statistic(), 1e-9);
        assertEquals(2, result.degreesOfFreedom());
        assertEquals(0.0001485164524699713, result.pValue(), 1e-13);
    }

    @Test
    void psiBinsOnReferenceDecilesWithEpsilonForEmptyBins() {
        double[] reference = new double[100];
        for (int i = 0; i < 100; i++) reference[i] = i;
        double[] edges = PopulationStability.edges(reference, 10);
        assertArrayEquals(new double[] {9.9, 19.8, 29.7, 39.6, 49.5, 59.4, 69.3, 79.2, 89.1}, edges, 1e-9);
        assertEquals(0, PopulationStability.bin(edges, 9.9), "a value on an edge falls in the bin below");
        assertEquals(9, PopulationStability.bin(edges, 1e9));
        long[] same = new long[10];
        Arrays.fill(same, 10);
        assertEquals(0.0, PopulationStability.index(same, same), 1e-15);
        long[] shifted = {0, 10, 10, 10, 10, 10, 10, 10, 10, 20};
        double expected = (1e-4 - 0.1) * Math.log(1e-4 / 0.1) + (0.2 - 0.1) * Math.log(0.2 / 0.1);
        assertEquals(expected, PopulationStability.index(same, shifted), 1e-12);
    }

    @Test
    void reservoirKeepsEverythingUpToItsCapacityThenAUniformSample() {
        Reservoir small = new Reservoir(10, 1);
        for (int i = 9; i >= 0; i--) small.add(i);
        assertTrue(small.exact());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, small.sorted());
        Reservoir sampled = new Reservoir(1000, 1);
        for (int i = 0; i < 100_000; i++) sampled.add(i);
        assertFalse(sampled.exact());
        double mean = Arrays.stream(sampled.sorted()).average().orElseThrow();
        assertEquals(50_000, mean, 3_000, "a uniform sample's mean is near the stream's");
    }
}
